import { parseRetryAfter } from '../../platform/outbox/index.js';

// The one way a connector talks to its helpdesk: JSON over fetch, with the platform's time
// limit, abort signal and idempotency key. Any non-2xx answer throws a HelpdeskHttpError that
// says whether a retry may help and how long the helpdesk asked us to wait (Retry-After), so
// connectors never classify status codes themselves.

export interface HelpdeskResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface HelpdeskRequest {
  /** Joined to the connection's base URL unless it is absolute. */
  path: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  json?: unknown;
  /** The connector's authentication and any product-specific headers. */
  headers?: Record<string, string>;
}

export interface HelpdeskHttp {
  request<T = unknown>(request: HelpdeskRequest): Promise<HelpdeskResponse<T>>;
}

const ERROR_BODY_CHARS = 300;

export class HelpdeskHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Milliseconds the helpdesk asked us to wait (Retry-After on 429 or 503). */
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
    this.name = 'HelpdeskHttpError';
  }

  /** 408, 429 and 5xx may pass; any other answer will not change by asking again. */
  get retryable(): boolean {
    return this.status === 408 || this.status === 429 || this.status >= 500;
  }

  /** The helpdesk throttles us (not a failure of the effect): 429, or 503 with Retry-After. */
  get rateLimited(): boolean {
    return this.status === 429 || (this.status === 503 && this.retryAfterMs !== undefined);
  }
}

export function helpdeskHttp(options: {
  baseUrl: string;
  signal: AbortSignal;
  timeoutMs: number;
  now: () => Date;
  /** Sent as Idempotency-Key on writes, for helpdesks that honour it. */
  idempotencyKey?: string;
}): HelpdeskHttp {
  return {
    async request<T>(req: HelpdeskRequest): Promise<HelpdeskResponse<T>> {
      const method = req.method ?? 'GET';
      const url = /^https?:\/\//.test(req.path) ? req.path : `${options.baseUrl}${req.path}`;
      const headers: Record<string, string> = {
        accept: 'application/json',
        'user-agent': 'Triage-Connector/1',
        ...(req.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method !== 'GET' && options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
        ...req.headers,
      };
      const response = await fetch(url, {
        method,
        headers,
        body: req.json === undefined ? undefined : JSON.stringify(req.json),
        redirect: 'manual',
        signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
      });
      const text = await response.text();
      if (response.status < 200 || response.status >= 300) {
        const detail = text.replace(/\s+/g, ' ').trim().slice(0, ERROR_BODY_CHARS);
        throw new HelpdeskHttpError(
          response.status,
          `HTTP ${response.status} from ${method} ${new URL(url).pathname}${detail ? `: ${detail}` : ''}`,
          parseRetryAfter(response.headers.get('retry-after'), options.now()),
        );
      }
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // A non-JSON success body stays text.
      }
      return { status: response.status, body: body as T, headers: response.headers };
    },
  };
}
