import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, errorCodes } from '../platform/errors/app-error.js';

function send(reply: FastifyReply, req: FastifyRequest, code: ErrorCode, message: string, details?: unknown) {
  return reply
    .status(errorCodes[code].status)
    .send({ code, message, requestId: req.id, ...(details === undefined ? {} : { details }) });
}

/** Turns every failure into `{ code, message, requestId }`; unexpected ones are logged with the id. */
export function handleError(error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return send(reply, req, error.code, error.message, error.details);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      path: `${error.validationContext ?? ''}${v.instancePath}`.replace(/\//g, '.'),
      message: v.message ?? 'is invalid',
    }));
    const first = issues[0];
    return send(
      reply,
      req,
      'validation_failed',
      `Invalid request: ${first?.path || 'body'} ${first?.message ?? ''}`.trim(),
      {
        issues,
      },
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return send(reply, req, 'payload_too_large', 'The request body is larger than the 1 MB limit.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return send(reply, req, 'unsupported_media_type', 'Send the body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return send(reply, req, 'invalid_json', 'The request body is not valid JSON.');
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
    return send(reply, req, 'invalid_json', 'The request body is not valid JSON.');
  }
  if (error.statusCode === 429) return send(reply, req, 'rate_limited', 'Too many requests.');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return send(reply, req, 'validation_failed', error.message);
  }
  req.log.error({ err: error }, 'unexpected error');
  return send(reply, req, 'internal_error', `Something went wrong on our side; quote request id ${req.id}.`);
}
