import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';
import { apiClient } from './api-client.js';

const { targets } = await databaseTargets();

type Json = Record<string, any>;

describe.each(targets)('people, sessions and CSRF on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    handle = await target.open();
    app = await startTestApp({ db: handle.db });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.dispose();
  });

  async function logIn(email: string, password: string) {
    const res = await apiClient(app.url)<Json>('POST', '/api/v1/auth/login', { email, password });
    const cookie = res.headers.get('set-cookie') ?? '';
    return { res, cookie: cookie.split(';')[0]!, setCookie: cookie };
  }

  it('rejects a wrong password with 401 invalid_credentials', async () => {
    const { res } = await logIn(app.adminEmail, 'wrong password');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_credentials');
  });

  it('logs in into an HttpOnly, SameSite=Strict session cookie', async () => {
    const { res, setCookie, cookie } = await logIn(app.adminEmail, app.adminPassword);
    expect(res.status).toBe(200);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const session = await apiClient(app.url, { cookie })<Json>('GET', '/api/v1/auth/session');
    expect(session.body.user.email).toBe(app.adminEmail);
    expect(session.body.csrfToken).toBe(res.body.csrfToken);
  });

  it('refuses a cookie-authenticated change without the CSRF token', async () => {
    const { res, cookie } = await logIn(app.adminEmail, app.adminPassword);
    const body = { name: 'Billing' };
    const withoutToken = await apiClient(app.url, { cookie })<Json>('POST', '/api/v1/categories', body);
    expect(withoutToken.status).toBe(403);
    expect(withoutToken.body.code).toBe('csrf_failed');
    const withToken = await apiClient(app.url, { cookie, csrf: res.body.csrfToken })<Json>(
      'POST',
      '/api/v1/categories',
      body,
    );
    expect(withToken.status).toBe(201);
  });

  it('stores passwords and keys only as hashes', async () => {
    const users = await handle.db.query<{ passwordHash: string }>(
      'SELECT password_hash AS "passwordHash" FROM users',
    );
    expect(users.every((u) => u.passwordHash.startsWith('$argon2id$'))).toBe(true);
    const keys = await handle.db.query<{ secretHash: string }>(
      'SELECT secret_hash AS "secretHash" FROM api_keys',
    );
    expect(keys.some((k) => k.secretHash === app.apiKey)).toBe(false);
    expect(keys.every((k) => /^[0-9a-f]{64}$/.test(k.secretHash))).toBe(true);
  });

  it('gives a reviewer review rights but not administration', async () => {
    const admin = apiClient(app.url, { apiKey: app.apiKey });
    const created = await admin<Json>('POST', '/api/v1/users', {
      email: 'rita@example.com',
      name: 'Rita Reviewer',
      password: 'a long enough password',
      role: 'reviewer',
    });
    expect(created.status).toBe(201);
    const { res, cookie } = await logIn('RITA@example.com', 'a long enough password');
    const rita = apiClient(app.url, { cookie, csrf: res.body.csrfToken });
    expect((await rita('GET', '/api/v1/review')).status).toBe(200);
    const denied = await rita<Json>('POST', '/api/v1/users', {
      email: 'x@example.com',
      name: 'X',
      password: 'a long enough password',
      role: 'admin',
    });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('forbidden');
    const dup = await admin<Json>('POST', '/api/v1/users', {
      email: 'rita@example.com',
      name: 'Again',
      password: 'a long enough password',
      role: 'agent',
    });
    expect(dup.status).toBe(409);
  });

  it('ends the session on logout', async () => {
    const { res, cookie } = await logIn(app.adminEmail, app.adminPassword);
    const client = apiClient(app.url, { cookie, csrf: res.body.csrfToken });
    expect((await client('POST', '/api/v1/auth/logout')).status).toBe(204);
    expect((await client('GET', '/api/v1/auth/session')).status).toBe(401);
  });
});
