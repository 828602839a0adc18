import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

// One registry per running app (tests start several apps in one process).
export interface AppMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  decisions: Counter<'outcome'>;
  outboxResults: Counter<'result'>;
}

export function createMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: 'triage_http_requests_total',
      help: 'HTTP requests by method, route and status code.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'triage_http_request_duration_seconds',
      help: 'HTTP request latency in seconds.',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    decisions: new Counter({
      name: 'triage_decisions_total',
      help: 'Decisions made on tickets, by outcome (applied, suggested, needs_review).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    outboxResults: new Counter({
      name: 'triage_outbox_results_total',
      help: 'Outbox delivery attempts by result (delivered, retried, dead, lost_lease).',
      labelNames: ['result'],
      registers: [registry],
    }),
  };
}
