import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { contextOf, errorResponses, principalOf, type RouteApp } from '../../platform/http/route-kit.js';
import { createApiKey, createUser, listUsers, login, logout } from './access-service.js';
import { apiKeyRoles, userRoles } from './permissions.js';

const tags = ['access'];

export interface AccessRouteDeps {
  db: Database;
  clock: Clock;
  sessionCookie: string;
  secureCookies: boolean;
}

const sessionSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  csrfToken: z.string(),
  workspace: z.object({ slug: z.string(), role: z.string() }),
  permissions: z.array(z.string()),
});

export function accessRoutes(app: RouteApp, deps: AccessRouteDeps) {
  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(deps.sessionCookie, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.secureCookies,
      maxAge: 14 * 86_400,
    });

  app.post(
    '/api/v1/auth/login',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Log in with e-mail and password; sets an HttpOnly session cookie',
        body: z.strictObject({
          email: z.string().trim().min(3).max(320),
          password: z.string().min(1).max(1_000),
        }),
        response: {
          200: z.object({ user: sessionSchema.shape.user, csrfToken: z.string() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const session = await login(deps, req.body.email, req.body.password);
      setCookie(reply, session.token);
      return { user: session.user, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { permission: 'public' }, schema: { tags, summary: 'End the session' } },
    async (req, reply) => {
      const token = req.cookies[deps.sessionCookie];
      if (token) await logout(deps, token);
      reply.clearCookie(deps.sessionCookie, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/auth/session',
    {
      config: { permission: 'tickets:read' },
      schema: {
        tags,
        summary: 'Who is logged in, their CSRF token and workspace',
        response: { 200: sessionSchema },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return {
        user: { id: p.userId ?? '', email: p.email ?? '', name: p.actor.type === 'user' ? p.actor.name : '' },
        csrfToken: p.csrfToken ?? '',
        workspace: { slug: p.workspaceSlug, role: p.role },
        permissions: [...p.permissions],
      };
    },
  );

  app.get(
    '/api/v1/users',
    {
      config: { permission: 'users:read' },
      schema: {
        tags,
        summary: "The workspace's people and their roles",
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                email: z.string(),
                name: z.string(),
                role: z.string(),
                createdAt: z.date(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await listUsers(deps, contextOf(req).workspaceId) }),
  );

  app.post(
    '/api/v1/users',
    {
      config: { permission: 'users:write' },
      schema: {
        tags,
        summary: 'Add a person to the workspace',
        body: z.strictObject({
          email: z.email(),
          name: z.string().trim().min(1).max(200),
          password: z.string().min(10).max(1_000),
          role: z.enum(userRoles),
        }),
        response: {
          201: z.object({ id: z.string(), email: z.string(), name: z.string() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      return reply
        .status(201)
        .send(await createUser(deps, { ...req.body, workspaceId: ctx.workspaceId }, ctx.actor));
    },
  );

  app.post(
    '/api/v1/api-keys',
    {
      config: { permission: 'keys:write' },
      schema: {
        tags,
        summary: 'Create an API key; the key is in this response only',
        body: z.strictObject({ name: z.string().trim().min(1).max(100), role: z.enum(apiKeyRoles) }),
        response: {
          201: z.object({ id: z.string(), key: z.string(), prefix: z.string() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      const created = await createApiKey(
        deps,
        { workspaceId: ctx.workspaceId, name: req.body.name, role: req.body.role, createdBy: ctx.userId },
        ctx.actor,
      );
      return reply.status(201).send(created);
    },
  );
}
