import { z } from 'zod';
import { notFound } from '../../platform/errors/app-error.js';
import { contextOf, errorResponses, type RouteApp, uuidParam } from '../../platform/http/route-kit.js';
import { backfillRoutes } from './backfill/backfill-routes.js';
import {
  connectionTestSchema,
  connectionUpdateSchema,
  connectionViewSchema,
  inboundEventViewSchema,
  newConnectionSchema,
} from './connection-schemas.js';
import { getConnection, listConnections } from './connection-store.js';
import {
  createConnection,
  deleteConnection,
  testConnection,
  updateConnection,
} from './connections-service.js';
import { connectorKinds } from './connector-registry.js';
import { recentInboundEvents } from './integrations-read-model.js';
import { type InboundDeps, receiveDelivery } from './receive-delivery.js';

const tags = ['integrations'];

export function integrationsRoutes(app: RouteApp, deps: InboundDeps) {
  app.get(
    '/api/v1/connections',
    {
      config: { permission: 'integrations:read' },
      schema: {
        tags,
        summary: 'Helpdesk connections (secrets are never returned)',
        response: {
          200: z.object({ items: z.array(connectionViewSchema), kinds: z.array(z.string()) }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({
      items: await listConnections(deps.db, deps.secrets(), contextOf(req).workspaceId),
      kinds: connectorKinds(),
    }),
  );

  app.post(
    '/api/v1/connections',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags,
        summary: 'Connect a helpdesk',
        body: newConnectionSchema,
        response: { 201: connectionViewSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createConnection(deps, contextOf(req), req.body)),
  );

  app.get(
    '/api/v1/connections/:id',
    {
      config: { permission: 'integrations:read' },
      schema: {
        tags,
        summary: 'One connection',
        params: uuidParam,
        response: { 200: connectionViewSchema, ...errorResponses },
      },
    },
    async (req) => {
      const connection = await getConnection(
        deps.db,
        deps.secrets(),
        contextOf(req).workspaceId,
        req.params.id,
      );
      if (!connection) throw notFound('Connection', req.params.id);
      return connection;
    },
  );

  app.patch(
    '/api/v1/connections/:id',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags,
        summary: 'Change a connection (credentials given replace the stored ones)',
        params: uuidParam,
        body: connectionUpdateSchema,
        response: { 200: connectionViewSchema, ...errorResponses },
      },
    },
    async (req) => updateConnection(deps, contextOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/v1/connections/:id',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags,
        summary: 'Remove a connection',
        params: uuidParam,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteConnection(deps, contextOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/connections/:id/test',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags,
        summary: 'Call the helpdesk with the stored credentials and report what happened',
        params: uuidParam,
        response: { 200: connectionTestSchema, ...errorResponses },
      },
    },
    async (req) => testConnection(deps, contextOf(req), req.params.id),
  );

  app.get(
    '/api/v1/connections/:id/deliveries',
    {
      config: { permission: 'integrations:read' },
      schema: {
        tags,
        summary: 'Recent inbound deliveries of a connection, rejected ones with their raw body',
        params: uuidParam,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: {
          200: z.object({
            items: z.array(inboundEventViewSchema.extend({ rawBody: z.string().nullable() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({
      items: await recentInboundEvents(deps.db, contextOf(req).workspaceId, req.params.id, req.query.limit),
    }),
  );

  backfillRoutes(app, deps);

  // The inbound webhook: no session or API key; the connector's signature check authenticates
  // it. Its body is kept as raw bytes, because the signature is over exactly those bytes.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    (scope as unknown as RouteApp).post(
      '/api/v1/integrations/:connectionId/events',
      {
        config: { permission: 'signed_webhook' },
        schema: {
          tags,
          summary: 'Where a helpdesk delivers its webhooks (authenticated by signature)',
          params: z.object({ connectionId: z.uuid() }),
          response: {
            202: z.object({
              inboundEventId: z.string(),
              status: z.enum(['processed', 'ignored']),
              duplicate: z.boolean(),
              outcomes: z.array(z.record(z.string(), z.unknown())),
            }),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([name, value]) => [
            name,
            Array.isArray(value) ? value.join(', ') : value,
          ]),
        );
        const receipt = await receiveDelivery(
          deps,
          req.params.connectionId,
          { rawBody, headers, receivedAt: deps.clock.now() },
          req.log,
        );
        return reply.status(202).send(receipt);
      },
    );
  });
}
