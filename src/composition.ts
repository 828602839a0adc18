import type { DecisionHook } from './modules/decisions/index.js';
import { openDeadLetterEscalation } from './modules/escalations/index.js';
import {
  enqueueLabelWriteBack,
  enqueueWriteBack,
  HELPDESK_WRITEBACK,
  writeBackHandler,
} from './modules/integrations/index.js';
import { ChallengerCache, ChampionCache, type LabelHook } from './modules/learning/index.js';
import { WEBHOOK_NOTIFICATION, webhookNotificationHandler } from './modules/notifications/index.js';
import { WEEKLY_REPORT_EMAIL, weeklyReportEmailHandler } from './modules/reports/index.js';
import { OWNER_NOTICE_EMAIL } from './modules/rollout/index.js';
import { type Clock, systemClock } from './platform/clock.js';
import type { Config } from './platform/config/config.js';
import { loadEncryptionKey } from './platform/crypto/encryption-key.js';
import { type SecretBox, secretBox } from './platform/crypto/secret-box.js';
import { type Database, openDatabase } from './platform/db/database.js';
import { migrate } from './platform/db/migrate.js';
import { type AppMetrics, createMetrics } from './platform/observability/metrics.js';
import type { DeadLetterHook, EffectHandlers, OutboxPolicy } from './platform/outbox/index.js';

// The one place where services are built from configuration and a database. Server,
// worker, CLI and tests all start from here, so they run the same wiring.

export interface AppServices {
  config: Config;
  db: Database;
  clock: Clock;
  champions: ChampionCache;
  /** The challenger model of each workspace, predicting in shadow beside the champion. */
  challengers: ChallengerCache;
  metrics: AppMetrics;
  onDecision: (outcome: 'applied' | 'suggested' | 'needs_review') => void;
  outboxPolicy: OutboxPolicy;
  /** How each kind of outbox effect is delivered. */
  effectHandlers: EffectHandlers;
  /** Called in the transaction that makes an effect a dead letter: it opens an escalation. */
  onDeadLetter: DeadLetterHook | undefined;
  /** Encrypts helpdesk credentials at rest; built on first use (it may generate the key). */
  secrets: () => SecretBox;
  /** In the decision's transaction: enqueues the helpdesk write-back of tickets from a connection. */
  afterDecision: DecisionHook;
  /** In the transaction of a person's label in Triage: writes the category back to its helpdesk. */
  afterLabel: LabelHook;
}

export async function createServices(
  config: Config,
  options: { db?: Database; clock?: Clock } = {},
): Promise<AppServices> {
  const db = options.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await migrate(db);
  const metrics = createMetrics();
  const clock = options.clock ?? systemClock;
  let box: SecretBox | undefined;
  const secrets = () => {
    box ??= secretBox(
      loadEncryptionKey(config.encryptionKey, config.dataDir, (warning) =>
        process.stderr.write(`${warning}\n`),
      ),
    );
    return box;
  };
  const integrations = { db, clock, secrets, helpdeskTimeoutMs: config.webhookTimeoutMs };
  return {
    config,
    db,
    clock,
    // A full batch of labels to learn online means more are waiting (e.g. a big import): say so.
    champions: new ChampionCache({
      onBacklog: (b) =>
        process.stderr.write(
          `Learning online: workspace ${b.workspaceId} model v${b.version} has applied ${b.applied} labels and has more waiting; a retrain catches up at once.\n`,
        ),
    }),
    challengers: new ChallengerCache(),
    metrics,
    onDecision: (outcome) => metrics.decisions.inc({ outcome }),
    outboxPolicy: {
      leaseMs: config.outboxLeaseMs,
      backoff: { baseMs: config.outboxBackoffBaseMs, capMs: config.outboxBackoffCapMs },
      defaultMaxAttempts: config.outboxMaxAttempts,
    },
    effectHandlers: {
      [WEBHOOK_NOTIFICATION]: webhookNotificationHandler({ db, clock, timeoutMs: config.webhookTimeoutMs }),
      [HELPDESK_WRITEBACK]: writeBackHandler(integrations),
      // The weekly report by e-mail, only where an SMTP server is configured.
      ...(config.report.email
        ? {
            [WEEKLY_REPORT_EMAIL]: weeklyReportEmailHandler({
              smtpUrl: config.report.email.smtpUrl,
              from: config.report.email.from,
              timeoutMs: config.webhookTimeoutMs,
            }),
          }
        : {}),
      // A notice to one person (a rollback to its category's owner): the same SMTP delivery.
      ...(config.rollout.ownerEmail
        ? {
            [OWNER_NOTICE_EMAIL]: weeklyReportEmailHandler({
              smtpUrl: config.rollout.ownerEmail.smtpUrl,
              from: config.rollout.ownerEmail.from,
              timeoutMs: config.webhookTimeoutMs,
            }),
          }
        : {}),
    },
    onDeadLetter: openDeadLetterEscalation,
    secrets,
    afterDecision: enqueueWriteBack({ secrets, clock }),
    afterLabel: enqueueLabelWriteBack({ secrets, clock }),
  };
}
