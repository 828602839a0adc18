import { describe, expect, it } from 'vitest';
import { slackMessageOf } from '../notifications/index.js';
import { driftNotification, driftTitle } from './drift-messages.js';

describe('drift messages', () => {
  const figures = {
    metric: 'mean confidence',
    current: 0.55,
    baseline: 0.85,
    threshold: 0.1,
    windowStart: '2026-03-09T12:00:00.000Z',
    windowEnd: '2026-03-10T12:00:00.000Z',
    sample: 40,
    baselineSample: 112,
    series: [],
  };

  it('titles say what drifts and by how much', () => {
    expect(driftTitle('confidence_drop', figures)).toBe(
      'Confidence sliding down: mean 55.0 % vs 85.0 % before',
    );
    expect(driftTitle('new_cluster', null, { clusterName: 'Conference booth', clusterSize: 8 })).toBe(
      'Candidate new category “Conference booth”: 8 similar unmatched tickets',
    );
  });

  it('the webhook names the owner, the figures and the examples, keyed once per alert', () => {
    const n = driftNotification({
      alertId: 'a1',
      kind: 'new_cluster',
      severity: 'warning',
      title: 'Candidate new category “Conference booth”: 8 similar unmatched tickets',
      figures,
      ownership: { owner: { id: 'u1', name: 'Olga' }, reason: 'drift owner of the workspace' },
      examples: [{ subject: 'Sponsor <booth> pricing' }],
      occurredAt: new Date('2026-03-10T12:00:00Z'),
    });
    expect(n.key).toBe('drift:a1:opened');
    const message = slackMessageOf(n);
    const body = JSON.stringify(message);
    expect(message.text).toContain('Olga owns this alert');
    expect(body).toContain('Olga (drift owner of the workspace)');
    expect(body).toContain('0.55 now, 0.85 baseline, threshold 0.1');
    expect(body).toContain('2026-03-09 12:00 UTC');
    // Ticket text is escaped: a subject cannot inject Slack markup.
    expect(body).toContain('Sponsor &lt;booth&gt; pricing');
  });
});
