import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A webhook receiver for tests: a real HTTP server that answers from a script and, like a
// well-behaved receiver, applies each Idempotency-Key at most once.

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/** An answer, or 'hold': apply the effect, then never answer (a slow receiver, a lost reply). */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hold';

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** The effects applied, by Idempotency-Key: a repeat delivery does not apply again. */
  applied: Map<string, string>;
  /** Answers for the next requests, in order; after them `otherwise` (200 unless set). */
  answer(...answers: Answer[]): void;
  otherwise(answer: Answer): void;
  /** Resolves with the next request that arrives. */
  nextRequest(): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const script: Answer[] = [];
  let fallback: Answer = { status: 200, body: 'ok' };
  const requests: ReceivedRequest[] = [];
  const applied = new Map<string, string>();
  const held: ServerResponse[] = [];
  let waiters: ((request: ReceivedRequest) => void)[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      const answer = script.shift() ?? fallback;
      const key = req.headers['idempotency-key'];
      const succeeds = answer === 'hold' || (answer.status >= 200 && answer.status < 300);
      if (succeeds && typeof key === 'string' && !applied.has(key)) applied.set(key, request.body);
      for (const wake of waiters) wake(request);
      waiters = [];
      if (answer === 'hold') {
        held.push(res);
        return;
      }
      res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hooks/triage`,
    requests,
    applied,
    answer: (...answers) => void script.push(...answers),
    otherwise: (answer) => {
      fallback = answer;
    },
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
