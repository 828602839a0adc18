import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppServices } from '../composition.js';
import { accessRoutes } from '../modules/access/index.js';
import { categoriesRoutes } from '../modules/categories/index.js';
import { decisionPolicyRoutes } from '../modules/decisions/index.js';
import { disputesRoutes } from '../modules/disputes/index.js';
import { driftRoutes } from '../modules/drift/index.js';
import { rolloutRoutes } from '../modules/rollout/index.js';
import { staffingRoutes } from '../modules/staffing/index.js';
import { reportsRoutes } from '../modules/reports/index.js';
import { metricsRoutes } from '../modules/metrics/index.js';
import { escalationsRoutes } from '../modules/escalations/index.js';
import { importsRoutes } from '../modules/imports/index.js';
import { integrationsRoutes } from '../modules/integrations/index.js';
import { learningRoutes, modelRegistryRoutes } from '../modules/learning/index.js';
import { notificationsRoutes } from '../modules/notifications/index.js';
import { reviewQueueRoutes, reviewRoutes } from '../modules/review/index.js';
import { taxonomyRoutes } from '../modules/taxonomy/index.js';
import { ticketsRoutes } from '../modules/tickets/index.js';
import { AppError } from '../platform/errors/app-error.js';
import type { RouteApp } from '../platform/http/route-kit.js';
import { outboxRoutes } from '../platform/outbox/index.js';
import { authenticate, SESSION_COOKIE } from './authenticate.js';
import { handleError } from './error-handler.js';
import { opsRoutes } from './ops-routes.js';

export const webDistDir = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const ONE_MEGABYTE = 1024 * 1024;

/** Builds the HTTP server: every route declares its permission; the hook below enforces it. */
export async function createServer(services: AppServices): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: services.config.logLevel },
    bodyLimit: ONE_MEGABYTE,
    genReqId: () => randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.decorateRequest('principal', null);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Triage API', version: '1.0.0', description: 'Tickets in, decisions out, labels back.' },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer <key>' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('onRoute', (route) => {
    const url = route.url;
    if ((url.startsWith('/api/') || url === '/metrics') && !route.config?.permission) {
      throw new Error(`Route ${route.method} ${url} declares no permission`);
    }
    // Signature-authenticated routes exist only where a connector verifies every request.
    if (route.config?.permission === 'signed_webhook' && !url.startsWith('/api/v1/integrations/')) {
      throw new Error(`Route ${route.method} ${url} may not be a signed webhook`);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    const permission = req.routeOptions.config?.permission;
    if (!permission || permission === 'public' || permission === 'signed_webhook') return;
    const principal = await authenticate(services, req);
    if (!principal.permissions.has(permission)) {
      throw new AppError('forbidden', `Your role (${principal.role}) lacks the permission ${permission}.`);
    }
    req.principal = principal;
  });

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    services.metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    services.metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  const routeApp = app as unknown as RouteApp;
  opsRoutes(routeApp, services);
  accessRoutes(routeApp, {
    ...services,
    sessionCookie: SESSION_COOKIE,
    secureCookies: services.config.secureCookies,
  });
  ticketsRoutes(routeApp, services);
  categoriesRoutes(routeApp, services);
  decisionPolicyRoutes(routeApp, services);
  reviewRoutes(routeApp, services);
  reviewQueueRoutes(routeApp, services);
  disputesRoutes(routeApp, services);
  learningRoutes(routeApp, services);
  modelRegistryRoutes(routeApp, services);
  importsRoutes(routeApp, services);
  notificationsRoutes(routeApp, services);
  outboxRoutes(routeApp, services);
  escalationsRoutes(routeApp, services);
  driftRoutes(routeApp, services);
  rolloutRoutes(routeApp, services);
  staffingRoutes(routeApp, services);
  reportsRoutes(routeApp, services);
  metricsRoutes(routeApp, services);
  taxonomyRoutes(routeApp, { ...services, splitSampleSize: services.config.taxonomySplitSample });
  integrationsRoutes(routeApp, { ...services, helpdeskTimeoutMs: services.config.webhookTimeoutMs });

  app.get(
    '/api/v1/openapi.json',
    { config: { permission: 'tickets:read' }, schema: { hide: true } },
    async () => app.swagger(),
  );

  const hasWeb = existsSync(`${webDistDir}/index.html`);
  if (hasWeb) await app.register(fastifyStatic, { root: webDistDir, wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    if (hasWeb && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.status(404).send({
      code: 'not_found',
      message: `No route ${req.method} ${req.url.split('?')[0]}.`,
      requestId: req.id,
    });
  });
  return app;
}
