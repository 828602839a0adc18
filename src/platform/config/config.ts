import path from 'node:path';
import { z } from 'zod';

// Every environment variable Triage reads is declared here and parsed once at start.
// Nothing else in the codebase reads process.env.

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const serverSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  TRIAGE_SECURE_COOKIES: booleanFlag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

const storageSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  TRIAGE_DATA_DIR: z.string().min(1).default('./data'),
});

const bootstrapSchema = z.object({
  TRIAGE_ADMIN_EMAIL: z.string().email().default('admin@triage.local'),
  TRIAGE_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  TRIAGE_ADMIN_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  TRIAGE_DEMO: booleanFlag.default(true),
  TRIAGE_DEMO_FEED_SECONDS: z.coerce.number().min(0).default(30),
});

const clientSchema = z.object({
  TRIAGE_URL: z.string().url().optional(),
  TRIAGE_API_KEY: z.string().min(16).optional(),
});

const milliseconds = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);

const outboxSchema = z.object({
  TRIAGE_OUTBOX_POLL_MS: milliseconds(50, 1_000),
  TRIAGE_OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  TRIAGE_OUTBOX_BACKOFF_BASE_MS: milliseconds(1, 5_000),
  TRIAGE_OUTBOX_BACKOFF_CAP_MS: milliseconds(1, 1_800_000),
  TRIAGE_OUTBOX_LEASE_MS: milliseconds(1_000, 60_000),
  TRIAGE_WEBHOOK_TIMEOUT_MS: milliseconds(100, 10_000),
});

// Optional embedding provider (an OpenAI-compatible /v1/embeddings endpoint); off unless the URL is set.
const embeddingsSchema = z.object({
  TRIAGE_EMBEDDINGS_URL: z.string().url().optional(),
  TRIAGE_EMBEDDINGS_MODEL: z.string().min(1).optional(),
  TRIAGE_EMBEDDINGS_API_KEY: z.string().min(1).optional(),
  TRIAGE_EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(1).max(65_536).optional(),
  TRIAGE_EMBEDDINGS_BATCH_SIZE: z.coerce.number().int().min(1).max(2048).default(64),
  TRIAGE_EMBEDDINGS_TIMEOUT_MS: milliseconds(1, 30_000),
  TRIAGE_EMBEDDINGS_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
});

const escalationSchema = z.object({
  // How often a worker escalates overdue review items; 0 turns the sweep off in this process
  // (another worker must run it). Below a second it would only load the database.
  TRIAGE_ESCALATION_SWEEP_SECONDS: z.coerce
    .number()
    .max(86_400)
    .refine((s) => s === 0 || s >= 1, 'must be 0 (off) or at least 1')
    .default(60),
});

const learningSchema = z.object({
  // How often a worker retrains workspaces whose labels arrived after their newest model; 0 = off.
  TRIAGE_RETRAIN_INTERVAL_MINUTES: z.coerce.number().min(0).max(525_600).default(1_440),
  // How often a worker scores challengers against champions and applies the promotion gate; 0 = off.
  TRIAGE_PROMOTION_GATE_SECONDS: z.coerce
    .number()
    .max(86_400)
    .refine((s) => s === 0 || s >= 1, 'must be 0 (off) or at least 1')
    .default(60),
});

const taxonomySchema = z.object({
  // How many tickets of a split category reviewers are asked to relabel (all of them if fewer);
  // a split may name its own size.
  TRIAGE_TAXONOMY_SPLIT_SAMPLE: z.coerce.number().int().min(0).max(1_000).default(20),
});

const driftSchema = z.object({
  // How often a worker checks every workspace for drift; 0 turns the check off in this process.
  // Below a minute it would only load the database: the windows are hours long.
  TRIAGE_DRIFT_CHECK_MINUTES: z.coerce
    .number()
    .max(10_080)
    .refine((m) => m === 0 || m >= 1, 'must be 0 (off) or at least 1')
    .default(60),
  // The window a check compares with the ones before it (and with the training labels).
  TRIAGE_DRIFT_WINDOW_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 90)
    .default(24),
  // Fewest similar unmatched tickets that make a candidate new category.
  TRIAGE_DRIFT_MIN_CLUSTER: z.coerce.number().int().min(2).max(1_000).default(5),
});

const rolloutSchema = z.object({
  // How often a worker evaluates every rollout stage's gates (and rolls breached ones back); 0: off.
  // How often a worker looks for due backfill pages (a run then reads page after page); 0: off.
  TRIAGE_BACKFILL_POLL_SECONDS: z.coerce.number().int().min(0).max(3_600).default(5),
  TRIAGE_ROLLOUT_CHECK_MINUTES: z.coerce.number().int().min(0).max(10_080).default(15),
  // The window gate metrics are measured over.
  TRIAGE_ROLLOUT_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(28),
  // How many people (none of them the requester) must approve a step up to auto.
  TRIAGE_ROLLOUT_AUTO_APPROVERS: z.coerce.number().int().min(1).max(5).default(2),
});

// Staffing plan and weekly stakeholder report (src/modules/staffing, src/modules/reports).
const staffingReportSchema = z.object({
  // One person-week of exception work: hours a week × the share of them spent focused.
  TRIAGE_STAFFING_HOURS_PER_WEEK: z.coerce.number().min(1).max(80).default(40),
  TRIAGE_STAFFING_FOCUS_SHARE: z.coerce.number().gt(0).max(1).default(0.8),
  // Minutes a review item takes while too few were timed from claim to resolution (an assumption).
  TRIAGE_STAFFING_MINUTES_PER_ITEM: z.coerce.number().gt(0).max(240).default(4),
  // When the weekly report is sent (UTC): ISO weekday 1 (Monday) to 7, hour 0–23; it covers the
  // week before. TRIAGE_REPORT_CHECK_MINUTES: how often a worker looks whether it is due (0: off).
  TRIAGE_REPORT_WEEKDAY: z.coerce.number().int().min(1).max(7).default(1),
  TRIAGE_REPORT_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  TRIAGE_REPORT_CHECK_MINUTES: z.coerce.number().int().min(0).max(1_440).default(15),
  // The address people open the report at, for the link in the message.
  TRIAGE_REPORT_BASE_URL: z.string().url().default('http://localhost:3000'),
  // E-mail for the weekly report, off unless an SMTP server is given (smtp:// or smtps://, with
  // user:password@ when it needs a login); then the recipients (comma-separated) are required.
  TRIAGE_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be smtp://… or smtps://…')
    .optional(),
  TRIAGE_REPORT_EMAIL_TO: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.email()).min(1).max(50))
    .optional(),
  TRIAGE_REPORT_EMAIL_FROM: z.string().min(3).default('Triage <triage@localhost>'),
});

const metricsSchema = z.object({
  // How often a worker refreshes the daily metrics rollups; 0: off.
  TRIAGE_METRICS_ROLLUP_MINUTES: z.coerce.number().int().min(0).max(1_440).default(10),
  // How many recent days each refresh recomputes (labels arrive days after the decisions they judge).
  TRIAGE_METRICS_WINDOW_DAYS: z.coerce.number().int().min(1).max(366).default(14),
});

const integrationsSchema = z.object({
  // 32 bytes (64 hex digits or base64) encrypting helpdesk credentials at rest; generated into
  // the data folder when unset (see src/platform/crypto/encryption-key.ts).
  TRIAGE_ENCRYPTION_KEY: z
    .string()
    .refine(
      (v) => /^[0-9a-f]{64}$/i.test(v.trim()) || Buffer.from(v.trim(), 'base64').length === 32,
      'must be 32 bytes: 64 hex digits or base64',
    )
    .optional(),
});

const envSchema = serverSchema
  .merge(storageSchema)
  .merge(bootstrapSchema)
  .merge(clientSchema)
  .merge(outboxSchema)
  .merge(embeddingsSchema)
  .merge(escalationSchema)
  .merge(learningSchema)
  .merge(driftSchema)
  .merge(rolloutSchema)
  .merge(staffingReportSchema)
  .merge(metricsSchema)
  .merge(taxonomySchema)
  .merge(integrationsSchema);

export type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  secureCookies: boolean;
  logLevel: Env['LOG_LEVEL'];
  databaseUrl: string | undefined;
  dataDir: string;
  adminEmail: string;
  adminPassword: string | undefined;
  adminApiKey: string | undefined;
  demo: boolean;
  demoFeedSeconds: number;
  serverUrl: string | undefined;
  apiKey: string | undefined;
  outboxPollMs: number;
  outboxMaxAttempts: number;
  outboxBackoffBaseMs: number;
  outboxBackoffCapMs: number;
  outboxLeaseMs: number;
  webhookTimeoutMs: number;
  escalationSweepSeconds: number;
  retrainIntervalMinutes: number;
  promotionGateSeconds: number;
  taxonomySplitSample: number;
  embeddings: EmbeddingsConfig;
  driftCheckMinutes: number;
  /** Drift watch: window length, windows compared, cluster size, tickets clustered per check. */
  drift: { windowHours: number; windows: number; minClusterSize: number; maxUnmatched: number };
  rolloutCheckMinutes: number;
  backfillPollSeconds: number;
  rollout: {
    windowDays: number;
    autoApprovers: number;
    /** E-mail for notices to one person (a rollback to the category's owner): where SMTP is set. */
    ownerEmail: { smtpUrl: string; from: string } | null;
  };
  /** One person-week (hours, focus share) and the assumed minutes per review item. */
  staffing: { hoursPerWeek: number; focusShare: number; defaultMinutesPerItem: number };
  /** The weekly report: when it is sent (UTC, ISO weekday and hour), how often that is checked, its link. */
  report: {
    weekday: number;
    hour: number;
    checkMinutes: number;
    baseUrl: string;
    /** Off (null) unless TRIAGE_SMTP_URL is set. */
    email: { smtpUrl: string; from: string; to: string[] } | null;
  };
  /** Metrics rollups: refresh interval (0: off) and the recent days each refresh recomputes. */
  metrics: { rollupMinutes: number; windowDays: number };
  /** TRIAGE_ENCRYPTION_KEY as given; undefined: the data folder's generated key. */
  encryptionKey: string | undefined;
}

/**
 * An OpenAI-compatible embedding provider (see src/modules/embeddings): off while `url` is undefined;
 * `model` is then required. `triage eval --embeddings-url` uses the rest with its own URL.
 */
export interface EmbeddingsConfig {
  url: string | undefined;
  model: string | undefined;
  apiKey: string | undefined;
  dimensions: number | undefined;
  batchSize: number;
  timeoutMs: number;
  maxRetries: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings are treated as unset so `FOO= npm start` behaves like no FOO.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems = crossChecks(e);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: e.PORT,
    host: e.HOST,
    secureCookies: e.TRIAGE_SECURE_COOKIES,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.TRIAGE_DATA_DIR),
    adminEmail: e.TRIAGE_ADMIN_EMAIL,
    adminPassword: e.TRIAGE_ADMIN_PASSWORD,
    adminApiKey: e.TRIAGE_ADMIN_API_KEY,
    demo: e.TRIAGE_DEMO,
    demoFeedSeconds: e.TRIAGE_DEMO_FEED_SECONDS,
    serverUrl: e.TRIAGE_URL,
    apiKey: e.TRIAGE_API_KEY,
    outboxPollMs: e.TRIAGE_OUTBOX_POLL_MS,
    outboxMaxAttempts: e.TRIAGE_OUTBOX_MAX_ATTEMPTS,
    outboxBackoffBaseMs: e.TRIAGE_OUTBOX_BACKOFF_BASE_MS,
    outboxBackoffCapMs: e.TRIAGE_OUTBOX_BACKOFF_CAP_MS,
    outboxLeaseMs: e.TRIAGE_OUTBOX_LEASE_MS,
    webhookTimeoutMs: e.TRIAGE_WEBHOOK_TIMEOUT_MS,
    escalationSweepSeconds: e.TRIAGE_ESCALATION_SWEEP_SECONDS,
    retrainIntervalMinutes: e.TRIAGE_RETRAIN_INTERVAL_MINUTES,
    promotionGateSeconds: e.TRIAGE_PROMOTION_GATE_SECONDS,
    taxonomySplitSample: e.TRIAGE_TAXONOMY_SPLIT_SAMPLE,
    embeddings: {
      url: e.TRIAGE_EMBEDDINGS_URL,
      model: e.TRIAGE_EMBEDDINGS_MODEL,
      apiKey: e.TRIAGE_EMBEDDINGS_API_KEY,
      dimensions: e.TRIAGE_EMBEDDINGS_DIMENSIONS,
      batchSize: e.TRIAGE_EMBEDDINGS_BATCH_SIZE,
      timeoutMs: e.TRIAGE_EMBEDDINGS_TIMEOUT_MS,
      maxRetries: e.TRIAGE_EMBEDDINGS_MAX_RETRIES,
    },
    driftCheckMinutes: e.TRIAGE_DRIFT_CHECK_MINUTES,
    // Eight windows: the current one against a week of earlier ones at the default 24 hours.
    drift: {
      windowHours: e.TRIAGE_DRIFT_WINDOW_HOURS,
      windows: 8,
      minClusterSize: e.TRIAGE_DRIFT_MIN_CLUSTER,
      maxUnmatched: 400,
    },
    rolloutCheckMinutes: e.TRIAGE_ROLLOUT_CHECK_MINUTES,
    backfillPollSeconds: e.TRIAGE_BACKFILL_POLL_SECONDS,
    rollout: {
      windowDays: e.TRIAGE_ROLLOUT_WINDOW_DAYS,
      autoApprovers: e.TRIAGE_ROLLOUT_AUTO_APPROVERS,
      ownerEmail: e.TRIAGE_SMTP_URL ? { smtpUrl: e.TRIAGE_SMTP_URL, from: e.TRIAGE_REPORT_EMAIL_FROM } : null,
    },
    staffing: {
      hoursPerWeek: e.TRIAGE_STAFFING_HOURS_PER_WEEK,
      focusShare: e.TRIAGE_STAFFING_FOCUS_SHARE,
      defaultMinutesPerItem: e.TRIAGE_STAFFING_MINUTES_PER_ITEM,
    },
    report: {
      weekday: e.TRIAGE_REPORT_WEEKDAY,
      hour: e.TRIAGE_REPORT_HOUR,
      checkMinutes: e.TRIAGE_REPORT_CHECK_MINUTES,
      baseUrl: e.TRIAGE_REPORT_BASE_URL.replace(/\/+$/, ''),
      email:
        e.TRIAGE_SMTP_URL && e.TRIAGE_REPORT_EMAIL_TO
          ? { smtpUrl: e.TRIAGE_SMTP_URL, from: e.TRIAGE_REPORT_EMAIL_FROM, to: e.TRIAGE_REPORT_EMAIL_TO }
          : null,
    },
    metrics: { rollupMinutes: e.TRIAGE_METRICS_ROLLUP_MINUTES, windowDays: e.TRIAGE_METRICS_WINDOW_DAYS },
    encryptionKey: e.TRIAGE_ENCRYPTION_KEY,
  };
}

/** Rules that tie several variables together. */
function crossChecks(e: Env): string[] {
  const problems: string[] = [];
  if (e.TRIAGE_EMBEDDINGS_URL !== undefined && e.TRIAGE_EMBEDDINGS_MODEL === undefined) {
    problems.push('TRIAGE_EMBEDDINGS_MODEL: required when TRIAGE_EMBEDDINGS_URL is set');
  }
  if (e.TRIAGE_SMTP_URL !== undefined && e.TRIAGE_REPORT_EMAIL_TO === undefined) {
    problems.push(
      'TRIAGE_REPORT_EMAIL_TO: required when TRIAGE_SMTP_URL is set (who gets the weekly report)',
    );
  }
  if (e.TRIAGE_OUTBOX_BACKOFF_CAP_MS < e.TRIAGE_OUTBOX_BACKOFF_BASE_MS) {
    problems.push('TRIAGE_OUTBOX_BACKOFF_CAP_MS: must not be below TRIAGE_OUTBOX_BACKOFF_BASE_MS');
  }
  // A delivery must end well inside its lease, or a second worker takes the effect over
  // while the first is still sending it.
  if (e.TRIAGE_OUTBOX_LEASE_MS < 2 * e.TRIAGE_WEBHOOK_TIMEOUT_MS) {
    problems.push('TRIAGE_OUTBOX_LEASE_MS: must be at least twice TRIAGE_WEBHOOK_TIMEOUT_MS');
  }
  return problems;
}
