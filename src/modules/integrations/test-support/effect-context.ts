/** An EffectContext for connector tests: one effect on one ticket, over real HTTP to a local server. */
import type { Clock } from '../../../platform/clock.js';
import type { ConnectionView, EffectContext, PlannedEffect } from '../connector.js';
import { helpdeskHttp } from '../helpdesk-http.js';

export function effectContext(
  connection: ConnectionView,
  externalId: string | number,
  effect: Omit<PlannedEffect, 'marker'> & { marker?: string },
  clock: Clock,
): EffectContext {
  return {
    connection,
    externalId: String(externalId),
    effect: { marker: effect.marker ?? 'triage-00000000000000000000', action: effect.action },
    http: helpdeskHttp({
      baseUrl: connection.baseUrl,
      signal: new AbortController().signal,
      timeoutMs: 5_000,
      now: () => clock.now(),
      idempotencyKey: effect.marker,
    }),
  };
}
