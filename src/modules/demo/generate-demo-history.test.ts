import { beforeAll, describe, expect, it } from 'vitest';
import { type DetailedDemoTicket, generateDemoHistoryDetailed } from './generate-demo-history.js';
import { demoCategories, generateDemoHistory, generateLiveDemoTicket } from './index.js';
import type { DemoTicket } from './types.js';

const DAY_MS = 86_400_000;
const START = '2026-01-01T00:00:00Z';
const CATEGORY_KEYS = new Set(demoCategories.map((c) => c.key));
const CHANNELS = new Set(['email', 'web', 'chat', 'api']);
const REQUESTER = /^[A-Z][A-Za-z' -]+ <[a-z0-9._]+@(?:[a-z0-9-]+\.)*(?:example|example\.com)>$/;
const LEFTOVER_TEMPLATE = /\{(?!id\})[a-zA-Z0-9]+\}|\[[^\]\n]*\|[^\]\n]*\]/;

let detailed: DetailedDemoTicket[];
let tickets: DemoTicket[];

const share = (predicate: (entry: DetailedDemoTicket) => boolean): number =>
  detailed.filter(predicate).length / detailed.length;

beforeAll(() => {
  detailed = generateDemoHistoryDetailed();
  tickets = detailed.map((entry) => entry.ticket);
});

describe('generateDemoHistory – determinism and shape', () => {
  it('is deterministic for the same seed and differs for another seed', () => {
    expect(generateDemoHistory()).toEqual(tickets);
    expect(generateDemoHistory({ seed: 42 })).toEqual(tickets);
    const other = generateDemoHistory({ seed: 7 });
    expect(other).toHaveLength(3600);
    const sameBodies = other.filter((t, i) => t.body === tickets[i]?.body).length;
    expect(sameBodies).toBeLessThan(10);
  });

  it('produces the default count with sequential, unique external ids', () => {
    expect(tickets).toHaveLength(3600);
    expect(new Set(tickets.map((t) => t.externalId)).size).toBe(3600);
    expect(tickets.map((t) => t.externalId)).toEqual(
      tickets.map((_, i) => `DEMO-${String(i + 1).padStart(6, '0')}`),
    );
  });

  it('honours count and startDate options', () => {
    const small = generateDemoHistory({ count: 120, seed: 3, startDate: '2025-06-01T00:00:00Z' });
    expect(small).toHaveLength(120);
    const end = Date.parse('2025-06-01T00:00:00Z');
    for (const t of small) {
      const at = Date.parse(t.createdAt);
      expect(at).toBeLessThan(end);
      expect(at).toBeGreaterThanOrEqual(end - 180 * DAY_MS);
    }
    expect(generateDemoHistory({ count: 0 })).toEqual([]);
    expect(() => generateDemoHistory({ count: -1 })).toThrow(RangeError);
    expect(() => generateDemoHistory({ startDate: 'not a date' })).toThrow(RangeError);
  });

  it('spreads createdAt over the 180 days before startDate, sorted ascending', () => {
    const end = Date.parse(START);
    let previous = Number.NEGATIVE_INFINITY;
    for (const t of tickets) {
      expect(t.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const at = Date.parse(t.createdAt);
      expect(at).toBeGreaterThanOrEqual(end - 180 * DAY_MS);
      expect(at).toBeLessThan(end);
      expect(at).toBeGreaterThanOrEqual(previous);
      previous = at;
    }
    const first = Date.parse(tickets[0]?.createdAt ?? '');
    const last = Date.parse(tickets[tickets.length - 1]?.createdAt ?? '');
    expect(last - first).toBeGreaterThan(170 * DAY_MS);
  });

  it('fills every field with valid values and leaves no template syntax behind', () => {
    for (const t of tickets) {
      expect(CATEGORY_KEYS.has(t.category)).toBe(true);
      expect(CHANNELS.has(t.channel)).toBe(true);
      expect(t.requester).toMatch(REQUESTER);
      expect(t.subject.trim().length).toBeGreaterThan(3);
      expect(t.body.trim().length).toBeGreaterThan(15);
      expect(t.subject + t.body).not.toMatch(LEFTOVER_TEMPLATE);
      expect(t.subject + t.body).not.toMatch(/(?<!properties of )undefined|\bNaN\b|\[object /);
    }
    for (const channel of CHANNELS) expect(tickets.some((t) => t.channel === channel)).toBe(true);
  });
});

describe('generateDemoHistory – realism', () => {
  it('covers every category with at least 60 tickets and imbalanced frequencies', () => {
    const counts = new Map<string, number>();
    for (const t of tickets) counts.set(t.category, (counts.get(t.category) ?? 0) + 1);
    expect(counts.size).toBe(demoCategories.length);
    const values = [...counts.values()];
    expect(Math.min(...values)).toBeGreaterThanOrEqual(60);
    const ratio = Math.max(...values) / Math.min(...values);
    expect(ratio).toBeGreaterThanOrEqual(2);
    expect(ratio).toBeLessThanOrEqual(6);
  });

  it('keeps at least 85% of subjects distinct (and almost all bodies)', () => {
    expect(new Set(tickets.map((t) => t.subject)).size / tickets.length).toBeGreaterThanOrEqual(0.85);
    expect(new Set(tickets.map((t) => t.body)).size / tickets.length).toBeGreaterThanOrEqual(0.98);
  });

  it('varies length from one-liners to multi-paragraph tickets', () => {
    const lengths = tickets.map((t) => t.body.length);
    expect(lengths.filter((n) => n < 120).length / lengths.length).toBeGreaterThan(0.1);
    expect(lengths.filter((n) => n > 600).length / lengths.length).toBeGreaterThan(0.03);
    expect(tickets.filter((t) => t.body.split('\n\n').length >= 4).length).toBeGreaterThan(300);
  });

  it('adds signatures, quoted replies and typos in plausible shares', () => {
    const signatures = share((e) => e.features.signature);
    expect(signatures).toBeGreaterThan(0.1);
    expect(signatures).toBeLessThan(0.2);
    const quoted = share((e) => e.features.quoted);
    expect(quoted).toBeGreaterThan(0.06);
    expect(quoted).toBeLessThan(0.14);
    const typos = share((e) => e.features.typo);
    expect(typos).toBeGreaterThan(0.05);
    expect(typos).toBeLessThan(0.11);
  });

  it('shows the noise in the text itself', () => {
    const quotedHeader = /^(On .+ wrote:|-----Original Message-----)$/m;
    for (const { ticket, features } of detailed) {
      expect(quotedHeader.test(ticket.body)).toBe(features.quoted);
      if (features.quoted) expect(ticket.subject).toMatch(/^(Re|RE): /);
      if (features.signature) {
        const name = ticket.requester.replace(/ <.*$/, '');
        expect(ticket.body).toContain(`\n${name}\n`);
      }
      if (features.forwarded) expect(ticket.body).toContain('---------- Forwarded message ---------');
    }
    expect(tickets.filter((t) => /^Sent from my iPhone$/m.test(t.body)).length).toBeGreaterThan(10);
    expect(tickets.filter((t) => /^Best regards,\n/m.test(t.body)).length).toBeGreaterThan(30);
    expect(share((e) => e.features.lowercase)).toBeGreaterThan(0.02);
    expect(tickets.filter((t) => t.subject === t.subject.toLowerCase()).length).toBeGreaterThan(50);
    expect(share((e) => e.features.hurried)).toBeGreaterThan(0.04);
  });

  it('pastes stack traces and logs only into technical categories', () => {
    const technical = tickets.filter((t) => /^ {4}at |^HTTP\/1\.1 \d{3}|\(\d+ ms\)$/m.test(t.body));
    expect(technical.length).toBeGreaterThan(50);
    for (const t of technical)
      expect(['bug-report', 'performance', 'api-and-webhooks']).toContain(t.category);
  });

  it('has ~7% two-topic tickets labelled with their primary category', () => {
    const ambiguous = detailed.filter((e) => e.features.ambiguous);
    expect(ambiguous.length / detailed.length).toBeGreaterThan(0.04);
    expect(ambiguous.length / detailed.length).toBeLessThan(0.1);
    for (const e of ambiguous) {
      expect(e.features.secondaryCategory).not.toBeNull();
      expect(e.features.secondaryCategory).not.toBe(e.ticket.category);
    }
  });

  it('uses recurring fictional requesters at reserved domains', () => {
    const requesters = new Set(tickets.map((t) => t.requester));
    expect(requesters.size).toBeGreaterThan(400);
    expect(requesters.size).toBeLessThan(tickets.length);
    for (const r of requesters) expect(r).toMatch(/@(?:[a-z0-9-]+\.example|example\.com)>$/);
  });
});

describe('generateLiveDemoTicket', () => {
  it('is deterministic per (seed, sequence) and varies with the sequence', () => {
    expect(generateLiveDemoTicket(42, 1)).toEqual(generateLiveDemoTicket(42, 1));
    const batch = Array.from({ length: 200 }, (_, i) => generateLiveDemoTicket(42, i));
    expect(new Set(batch.map((t) => t.body)).size).toBeGreaterThan(195);
    expect(generateLiveDemoTicket(43, 1)).not.toEqual(generateLiveDemoTicket(42, 1));
    expect(new Set(batch.map((t) => t.category)).size).toBeGreaterThanOrEqual(12);
  });

  it('returns a valid ticket without createdAt', () => {
    for (let sequence = 0; sequence < 300; sequence += 1) {
      const t = generateLiveDemoTicket(7, sequence);
      expect(t.externalId).toBe(`LIVE-7-${sequence}`);
      expect(CATEGORY_KEYS.has(t.category)).toBe(true);
      expect(CHANNELS.has(t.channel)).toBe(true);
      expect(t.requester).toMatch(REQUESTER);
      expect(t.subject.length).toBeGreaterThan(3);
      expect(t.subject + t.body).not.toMatch(LEFTOVER_TEMPLATE);
      expect(Object.keys(t).sort()).toEqual([
        'body',
        'category',
        'channel',
        'externalId',
        'requester',
        'subject',
      ]);
    }
  });
});
