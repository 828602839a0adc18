// A tiny fetch wrapper for HTTP tests: real requests against the real server.
export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export function apiClient(baseUrl: string, auth: { apiKey?: string; cookie?: string; csrf?: string } = {}) {
  return async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (auth.apiKey) headers.authorization = `Bearer ${auth.apiKey}`;
    if (auth.cookie) headers.cookie = auth.cookie;
    if (auth.csrf) headers['x-csrf-token'] = auth.csrf;
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Non-JSON bodies (metrics, HTML) stay text.
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/**
 * Creates a workspace member through the API (with an admin client) and logs them in: their id
 * and a client that acts as them (session cookie and CSRF token).
 */
export async function addPerson(
  baseUrl: string,
  admin: ApiClient,
  person: { email: string; name: string; role: string },
): Promise<{ id: string; client: ApiClient }> {
  const password = 'a long enough password';
  const created = await admin<{ id: string }>('POST', '/api/v1/users', { ...person, password });
  if (created.status !== 201) throw new Error(`creating ${person.email} answered ${created.status}`);
  const login = await apiClient(baseUrl)<{ csrfToken: string }>('POST', '/api/v1/auth/login', {
    email: person.email,
    password,
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { id: created.body.id, client: apiClient(baseUrl, { cookie, csrf: login.body.csrfToken }) };
}
