import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

// The base of every fake helpdesk in the connector tests: a real HTTP server on 127.0.0.1
// that routes to the product's documented endpoints (each fake declares its routes), logs
// every request, and can be told to answer with an outage (e.g. 503 with Retry-After, or
// 429 as a rate limit) for the next N requests before it recovers.

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  rawBody: string;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A route: method + a path pattern with :params, answered by `handle`. */
export interface FakeRoute {
  method: string;
  path: string;
  handle(request: FakeRequest, params: Record<string, string>): FakeAnswer;
}

export interface FakeHelpdeskServer {
  /** e.g. http://127.0.0.1:PORT — the connection's base URL. */
  url: string;
  requests: FakeRequest[];
  /** The next `count` requests get `answer` instead of reaching the routes (nothing is applied). */
  outage(count: number, answer: FakeAnswer): void;
  close(): Promise<void>;
}

function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(got[i]!);
    else if (w !== got[i]) return null;
  }
  return params;
}

export async function startFakeHelpdeskServer(routes: readonly FakeRoute[]): Promise<FakeHelpdeskServer> {
  const requests: FakeRequest[] = [];
  let outageLeft = 0;
  let outageAnswer: FakeAnswer = { status: 503 };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://fake');
      let body: unknown = rawBody;
      try {
        body = rawBody ? JSON.parse(rawBody) : undefined;
      } catch {
        // Left as text; a route that needs JSON answers 400.
      }
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        rawBody,
      };
      requests.push(request);
      let answer: FakeAnswer;
      if (outageLeft > 0) {
        outageLeft--;
        answer = outageAnswer;
      } else {
        answer = { status: 404, body: { error: 'not_found' } };
        for (const route of routes) {
          const params = route.method === request.method ? match(route.path, request.path) : null;
          if (params) {
            answer = route.handle(request, params);
            break;
          }
        }
      }
      const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
      res
        .writeHead(answer.status, {
          ...(text ? { 'content-type': 'application/json' } : {}),
          ...answer.headers,
        })
        .end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    outage(count, answer) {
      outageLeft = count;
      outageAnswer = answer;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
