import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Permission, Principal, RequestContext } from '../../modules/access/index.js';

// Shared vocabulary for the routes every module declares: the typed app, the permission
// each route must name, and the caller's context.

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /**
     * The permission the caller needs; 'public' for the few routes anyone may call;
     * 'signed_webhook' for inbound helpdesk webhooks, which carry no session or API key and
     * are authenticated by their handler's signature check before anything is stored.
     */
    permission?: Permission | 'public' | 'signed_webhook';
  }
}

export type RouteApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** The caller of a route that declared a permission (the auth hook guarantees one). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new Error('route without authentication reached its handler');
  return req.principal;
}

export function contextOf(req: FastifyRequest): RequestContext & { userId: string | null } {
  const p = principalOf(req);
  return { workspaceId: p.workspaceId, actor: p.actor, userId: p.userId };
}

export const errorBodySchema = z
  .object({
    code: z.string().describe('Stable machine-readable error code'),
    message: z.string().describe('A sentence for people'),
    requestId: z.string(),
    details: z.unknown().optional(),
  })
  .describe('Error');

export const uuidParam = z.object({ id: z.uuid() });

/** Standard error responses for OpenAPI, merged into each route's response map. */
export const errorResponses = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
} as const;
