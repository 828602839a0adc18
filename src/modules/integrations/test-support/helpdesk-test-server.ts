/**
 * The plumbing shared by the local helpdesk servers that connector tests start (GitHub Issues,
 * Zendesk, ...): a node:http server on port 0 that answers JSON through a small route table, records
 * every request so a test can assert what was written, can be told to fail the next N requests (an
 * outage, a rate limit) in the product's own words, and sends signed webhooks one after another the
 * way the product delivers them, recording each delivery and its answer.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
}

export interface JsonReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteRequest extends RecordedRequest {
  /** The route pattern's capture groups, URL-decoded. */
  params: string[];
}

export interface Route {
  method: string;
  pattern: RegExp;
  handle(request: RouteRequest): JsonReply;
}

/** A route whose first capture is a record's number; an unknown record gets the product's 404. */
export function recordRoute<T>(
  method: string,
  pattern: RegExp,
  find: (id: number) => T | undefined,
  missing: () => JsonReply,
  handle: (record: T, request: RouteRequest) => JsonReply,
): Route {
  return {
    method,
    pattern,
    handle(request) {
      const record = find(Number(request.params[0]));
      return record === undefined ? missing() : handle(record, request);
    },
  };
}

/** A test's JSON call: status, headers and the parsed body (undefined when empty). */
export async function callJson<T = unknown>(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; headers: Headers; body: T }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

export interface WebhookDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The receiver's status, or null when it could not be reached. */
  status: number | null;
  /** The receiver's answer (text), for tests that check what it said. */
  answer: string;
}

export interface HelpdeskTestServerCore<F> {
  readonly url: string;
  /** Every request that reached the server, in arrival order (failed ones included). */
  readonly requests: RecordedRequest[];
  /** Every webhook sent, in order, with the receiver's answer. */
  readonly deliveries: WebhookDelivery[];
  /** The next `times` requests get `failure` instead of an answer. */
  failNext(failure: F, times?: number): void;
  /** Resolves when every queued webhook has been delivered (or failed to be). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface CoreOptions<F> {
  routes: Route[];
  /** The answer for an injected failure, worded as the product words it. */
  failureReply(failure: F): JsonReply;
  /** Checks credentials before routing: a reply to send instead, or null to go on. */
  authenticate(request: RecordedRequest): JsonReply | null;
  /** The product's 404 for a path it does not know. */
  notFound(request: RecordedRequest): JsonReply;
  /** Headers every answer carries (rate-limit counters and the like). */
  commonHeaders?(): Record<string, string>;
}

export interface Core<F> extends HelpdeskTestServerCore<F> {
  /** Queues a webhook; deliveries go out one at a time, in the order queued. */
  sendWebhook(url: string, headers: Record<string, string>, body: string): void;
}

export async function startHelpdeskTestServer<F>(options: CoreOptions<F>): Promise<Core<F>> {
  const requests: RecordedRequest[] = [];
  const deliveries: WebhookDelivery[] = [];
  const failures: F[] = [];
  let webhookChain: Promise<void> = Promise.resolve();

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      send(response, { status: 500, body: { message: String(error) } }, {});
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: request.headers,
      body: parseBody(raw),
    };
    requests.push(recorded);
    const common = options.commonHeaders?.() ?? {};
    const failure = failures.shift();
    if (failure !== undefined) return send(response, options.failureReply(failure), common);
    const denied = options.authenticate(recorded);
    if (denied !== null) return send(response, denied, common);
    for (const route of options.routes) {
      if (route.method !== recorded.method) continue;
      const match = route.pattern.exec(url.pathname);
      if (match === null) continue;
      const params = match.slice(1).map((part) => decodeURIComponent(part));
      return send(response, route.handle({ ...recorded, params }), common);
    }
    send(response, options.notFound(recorded), common);
  }

  function sendWebhook(url: string, headers: Record<string, string>, body: string): void {
    webhookChain = webhookChain.then(async () => {
      const delivery: WebhookDelivery = { url, headers, body, status: null, answer: '' };
      deliveries.push(delivery);
      try {
        const answer = await fetch(url, { method: 'POST', headers, body });
        delivery.status = answer.status;
        delivery.answer = await answer.text();
      } catch (error) {
        delivery.answer = String(error);
      }
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    deliveries,
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i++) failures.push(failure);
    },
    settle: () => webhookChain,
    sendWebhook,
    close: async () => {
      await webhookChain;
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}

function send(response: ServerResponse, reply: JsonReply, common: Record<string, string>): void {
  const headers: Record<string, string> = { ...common, ...reply.headers };
  if (reply.body === undefined) {
    response.writeHead(reply.status, headers);
    response.end();
    return;
  }
  response.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(reply.body));
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
