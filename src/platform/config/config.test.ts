import { describe, expect, it } from 'vitest';
import { backoffCeilingMs } from '../outbox/index.js';
import { ConfigError, loadConfig } from './config.js';

describe('configuration of the outbox', () => {
  it('has defaults that keep retrying through an outage of about an hour before a dead letter', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      outboxPollMs: 1_000,
      outboxMaxAttempts: 12,
      outboxBackoffBaseMs: 5_000,
      outboxBackoffCapMs: 1_800_000,
      outboxLeaseMs: 60_000,
      webhookTimeoutMs: 10_000,
    });
    const policy = { baseMs: config.outboxBackoffBaseMs, capMs: config.outboxBackoffCapMs };
    const retries = Array.from({ length: config.outboxMaxAttempts - 1 }, (_, i) => i + 1);
    const ceilings = retries.map((attempt) => backoffCeilingMs(attempt, policy));
    // Full jitter waits half the ceiling on average.
    const expectedMinutes = ceilings.reduce((a, b) => a + b, 0) / 2 / 60_000;
    expect(expectedMinutes).toBeGreaterThan(45);
    expect(expectedMinutes).toBeLessThan(60);
  });

  it('stops with every problem listed, including rules that tie variables together', () => {
    const attempt = () =>
      loadConfig({
        TRIAGE_OUTBOX_BACKOFF_BASE_MS: '5000',
        TRIAGE_OUTBOX_BACKOFF_CAP_MS: '1000',
        TRIAGE_OUTBOX_LEASE_MS: '15000',
        TRIAGE_WEBHOOK_TIMEOUT_MS: '10000',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'TRIAGE_OUTBOX_BACKOFF_CAP_MS: must not be below TRIAGE_OUTBOX_BACKOFF_BASE_MS',
        'TRIAGE_OUTBOX_LEASE_MS: must be at least twice TRIAGE_WEBHOOK_TIMEOUT_MS',
      ]);
    }
  });

  it('refuses a poll interval that would spin the database', () => {
    expect(() => loadConfig({ TRIAGE_OUTBOX_POLL_MS: '5' })).toThrow(/TRIAGE_OUTBOX_POLL_MS/);
  });
});

describe('configuration of the embedding provider', () => {
  it('leaves the embedding provider off by default', () => {
    const { embeddings } = loadConfig({});
    expect(embeddings).toEqual({
      url: undefined,
      model: undefined,
      apiKey: undefined,
      dimensions: undefined,
      batchSize: 64,
      timeoutMs: 30_000,
      maxRetries: 4,
    });
  });

  it('reads the provider settings', () => {
    const { embeddings } = loadConfig({
      TRIAGE_EMBEDDINGS_URL: 'http://127.0.0.1:8080',
      TRIAGE_EMBEDDINGS_MODEL: 'text-embedding-3-small',
      TRIAGE_EMBEDDINGS_API_KEY: 'sk-test',
      TRIAGE_EMBEDDINGS_DIMENSIONS: '256',
      TRIAGE_EMBEDDINGS_BATCH_SIZE: '100',
    });
    expect(embeddings).toMatchObject({
      url: 'http://127.0.0.1:8080',
      model: 'text-embedding-3-small',
      apiKey: 'sk-test',
      dimensions: 256,
      batchSize: 100,
    });
  });

  it('refuses a URL without a model, and bad numbers, listing each problem', () => {
    expect(() => loadConfig({ TRIAGE_EMBEDDINGS_URL: 'http://127.0.0.1:8080' })).toThrow(
      /TRIAGE_EMBEDDINGS_MODEL: required when TRIAGE_EMBEDDINGS_URL is set/,
    );
    try {
      loadConfig({ TRIAGE_EMBEDDINGS_URL: 'not a url', TRIAGE_EMBEDDINGS_BATCH_SIZE: '5000' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/TRIAGE_EMBEDDINGS_URL/);
      expect(problems).toMatch(/TRIAGE_EMBEDDINGS_BATCH_SIZE/);
    }
  });
});

describe('configuration of escalations', () => {
  it('sweeps every minute by default, can be turned off, and refuses a sweep that would spin', () => {
    expect(loadConfig({}).escalationSweepSeconds).toBe(60);
    expect(loadConfig({ TRIAGE_ESCALATION_SWEEP_SECONDS: '0' }).escalationSweepSeconds).toBe(0);
    expect(loadConfig({ TRIAGE_ESCALATION_SWEEP_SECONDS: '15' }).escalationSweepSeconds).toBe(15);
    expect(() => loadConfig({ TRIAGE_ESCALATION_SWEEP_SECONDS: '0.1' })).toThrow(
      /TRIAGE_ESCALATION_SWEEP_SECONDS: must be 0 \(off\) or at least 1/,
    );
    expect(() => loadConfig({ TRIAGE_ESCALATION_SWEEP_SECONDS: 'often' })).toThrow(
      /TRIAGE_ESCALATION_SWEEP_SECONDS/,
    );
  });
});

describe('configuration of retraining and the promotion gate', () => {
  it('retrains daily and checks the gate every minute by default; 0 turns either off', () => {
    const defaults = loadConfig({});
    expect(defaults.retrainIntervalMinutes).toBe(1_440);
    expect(defaults.promotionGateSeconds).toBe(60);
    const off = loadConfig({ TRIAGE_RETRAIN_INTERVAL_MINUTES: '0', TRIAGE_PROMOTION_GATE_SECONDS: '0' });
    expect([off.retrainIntervalMinutes, off.promotionGateSeconds]).toEqual([0, 0]);
    expect(() => loadConfig({ TRIAGE_PROMOTION_GATE_SECONDS: '0.5' })).toThrow(
      /TRIAGE_PROMOTION_GATE_SECONDS: must be 0 \(off\) or at least 1/,
    );
    expect(() => loadConfig({ TRIAGE_RETRAIN_INTERVAL_MINUTES: '-5' })).toThrow(
      /TRIAGE_RETRAIN_INTERVAL_MINUTES/,
    );
  });
});

describe('configuration of the drift watch', () => {
  it('checks hourly over a day against a week by default; can be turned off; refuses what would spin', () => {
    const config = loadConfig({});
    expect(config.driftCheckMinutes).toBe(60);
    expect(config.drift).toEqual({ windowHours: 24, windows: 8, minClusterSize: 5, maxUnmatched: 400 });
    expect(loadConfig({ TRIAGE_DRIFT_CHECK_MINUTES: '0' }).driftCheckMinutes).toBe(0);
    expect(loadConfig({ TRIAGE_DRIFT_WINDOW_HOURS: '6', TRIAGE_DRIFT_MIN_CLUSTER: '8' }).drift).toMatchObject(
      {
        windowHours: 6,
        minClusterSize: 8,
      },
    );
    expect(() => loadConfig({ TRIAGE_DRIFT_CHECK_MINUTES: '0.2' })).toThrow(
      /TRIAGE_DRIFT_CHECK_MINUTES: must be 0 \(off\) or at least 1/,
    );
    expect(() => loadConfig({ TRIAGE_DRIFT_MIN_CLUSTER: '1' })).toThrow(/TRIAGE_DRIFT_MIN_CLUSTER/);
  });
});
