import { z } from 'zod';
import { contextOf, errorResponses, type RouteApp, uuidParam } from '../../platform/http/route-kit.js';
import {
  createNotificationEndpoint,
  disableNotificationEndpoint,
  listNotificationEndpoints,
  type NotificationDeps,
} from './notification-endpoints.js';

const tags = ['notifications'];

const endpointSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    urlHint: z.string().describe('Scheme, host and the last characters of the path; the URL is a credential'),
    signed: z.boolean().describe('Requests carry an X-Triage-Signature'),
    enabled: z.boolean(),
    createdAt: z.date(),
  })
  .describe('NotificationEndpoint');

export function notificationsRoutes(app: RouteApp, deps: NotificationDeps) {
  app.get(
    '/api/v1/notification-endpoints',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags,
        summary: 'Webhooks that receive notifications of escalations and failures',
        response: { 200: z.object({ items: z.array(endpointSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listNotificationEndpoints(deps.db, contextOf(req).workspaceId) }),
  );

  app.post(
    '/api/v1/notification-endpoints',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags,
        summary: 'Add a webhook (Slack incoming webhook or any receiver of the same JSON)',
        body: z.strictObject({
          name: z.string().trim().min(1).max(120),
          url: z.url({ protocol: /^https?$/ }).max(2_000),
          secret: z.string().min(16).max(256).optional().describe('Signs each request (HMAC-SHA256)'),
        }),
        response: { 201: endpointSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createNotificationEndpoint(deps, contextOf(req), req.body)),
  );

  app.post(
    '/api/v1/notification-endpoints/:id/disable',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags,
        summary: 'Stop sending to a webhook; what is still queued for it becomes dead letters',
        params: uuidParam,
        response: { 200: endpointSchema, ...errorResponses },
      },
    },
    async (req) => disableNotificationEndpoint(deps, contextOf(req), req.params.id),
  );
}
