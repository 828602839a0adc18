import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DetailedDemoTicket, generateDemoHistoryDetailed } from './generate-demo-history.js';
import {
  type DetailedLiveTicket,
  generateLiveDemoTicketDetailed,
  LIVE_FRESH_INTENT_SHARE,
  LIVE_TWO_TOPIC_SHARE,
  LIVE_VAGUE_SHARE,
} from './generate-live-ticket.js';
import { generateLiveDemoTicket } from './index.js';
import { buildCompanies, makeRequester } from './people.js';
import {
  CATEGORY_PROFILES,
  freshIntentsOf,
  HOLD_OUT_EVERY,
  heldOutIntentsOf,
  historyIntentsOf,
  LIVE_ONLY_INTENTS,
  profileOf,
} from './phrase-banks.js';
import { createRng, hashSeed } from './prng.js';
import { fillTemplate } from './template.js';
import type { FillContext } from './types.js';
import { GENERIC_VAGUE_TEMPLATES, VAGUE_TEMPLATES } from './vague.js';

const LIVE_COUNT = 2000;
const KEYS = Object.keys(CATEGORY_PROFILES);
const LEFTOVER_TEMPLATE = /\{(?!id\})[a-zA-Z0-9]+\}|[[\]|]|\s{2,}|undefined/;

/** The longest text of a template outside `[a|b]` alternations and `{slot}`s, lower-cased. */
const longestLiteral = (template: string): string =>
  (
    template
      .split(/\[[^\]]*\]|\{[^}]*\}/)
      .map((part) => part.trim())
      .sort((a, b) => b.length - a.length)[0] ?? ''
  ).toLowerCase();

let live: DetailedLiveTicket[];
let history: DetailedDemoTicket[];

const liveShare = (predicate: (entry: DetailedLiveTicket) => boolean): number =>
  live.filter(predicate).length / live.length;
const historyShare = (predicate: (entry: DetailedDemoTicket) => boolean): number =>
  history.filter(predicate).length / history.length;

beforeAll(() => {
  history = generateDemoHistoryDetailed();
  live = Array.from({ length: LIVE_COUNT }, (_, i) => generateLiveDemoTicketDetailed(42, i + 1));
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('live tickets – determinism', () => {
  it('gives the same ticket for the same (seed, sequence), in any call order', () => {
    const sequences = [5, 1, 977, 42, 3];
    const first = sequences.map((n) => generateLiveDemoTicketDetailed(42, n));
    const again = [...sequences].reverse().map((n) => generateLiveDemoTicketDetailed(42, n));
    expect(again.reverse()).toEqual(first);
    expect(first.map((entry) => entry.ticket)).toEqual(sequences.map((n) => generateLiveDemoTicket(42, n)));
    expect(first[0]).toEqual(live[4]);
    expect(generateLiveDemoTicket(7, 5)).not.toEqual(generateLiveDemoTicket(42, 5));
  });

  it('uses neither Math.random nor the clock', () => {
    const random = vi.spyOn(Math, 'random');
    const now = vi.spyOn(Date, 'now');
    for (let sequence = 0; sequence < 50; sequence += 1) generateLiveDemoTicket(3, sequence);
    expect(random).not.toHaveBeenCalled();
    expect(now).not.toHaveBeenCalled();
  });
});

describe('held-out and live-only phrasings', () => {
  it('holds every 4th bank intent out of the history (about a quarter per category)', () => {
    expect(HOLD_OUT_EVERY).toBe(4);
    for (const key of KEYS) {
      const bank = profileOf(key).bank.intents;
      const heldOut = heldOutIntentsOf(key);
      expect(heldOut.length, key).toBe(Math.floor(bank.length / 4));
      expect(heldOut, key).toEqual(bank.filter((_, i) => i % 4 === 3));
      expect([...historyIntentsOf(key), ...heldOut].length, key).toBe(bank.length);
      for (const intent of heldOut) expect(historyIntentsOf(key), key).not.toContain(intent);
    }
  });

  it('adds at least 5 new, differently worded intents per category for the live feed', () => {
    for (const key of KEYS) {
      const extra = LIVE_ONLY_INTENTS[key] ?? [];
      expect(extra.length, key).toBeGreaterThanOrEqual(5);
      const bankSubjects = new Set(profileOf(key).bank.intents.map((intent) => intent[0]));
      const bankProblems = new Set(profileOf(key).bank.intents.map((intent) => intent[1]));
      for (const [subject, problem] of extra) {
        expect(bankSubjects.has(subject), subject).toBe(false);
        expect(bankProblems.has(problem), problem).toBe(false);
      }
    }
  });

  it('never shows a few held-out subject templates in the history, but does in the live feed', () => {
    const samples: ReadonlyArray<readonly [string, string]> = [
      ['login-and-access', 'magic link'],
      ['bug-report', 'recurring tasks not'],
      ['integrations', 'github prs not linking to tasks'],
      ['notifications', 'daily digest'],
      ['api-and-webhooks', 'webhook payload'],
      ['refunds', 'after downgrading'],
    ];
    const historySubjects = history.map((entry) => entry.ticket.subject.toLowerCase());
    const liveSubjects = live.map((entry) => entry.ticket.subject.toLowerCase());
    for (const [key, fragment] of samples) {
      const template = heldOutIntentsOf(key).find((intent) => intent[0].toLowerCase().includes(fragment));
      expect(template, `${key}: ${fragment} is held out`).toBeDefined();
      expect(
        historySubjects.filter((subject) => subject.includes(fragment)),
        fragment,
      ).toEqual([]);
      expect(
        liveSubjects.some((subject) => subject.includes(fragment)),
        fragment,
      ).toBe(true);
    }
  });

  it('never uses a held-out or live-only problem statement in a history body', () => {
    const bodies = history.map((entry) => entry.ticket.body.toLowerCase());
    let checked = 0;
    for (const key of KEYS) {
      for (const [, problem] of freshIntentsOf(key)) {
        const literal = longestLiteral(problem);
        if (literal.length < 20) continue;
        checked += 1;
        expect(
          bodies.find((body) => body.includes(literal)),
          literal,
        ).toBeUndefined();
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('phrases most live problems in ways the history never uses', () => {
    const composed = live.filter((entry) => entry.intent !== null);
    const fresh = composed.filter(
      (entry) => entry.intent !== null && freshIntentsOf(entry.ticket.category).includes(entry.intent),
    );
    expect(fresh.length / composed.length).toBeGreaterThan(LIVE_FRESH_INTENT_SHARE - 0.05);
    expect(fresh.length / composed.length).toBeLessThan(LIVE_FRESH_INTENT_SHARE + 0.05);
  });

  it('expands every live-only and vague template without leftover syntax', () => {
    const templates = [
      ...Object.values(LIVE_ONLY_INTENTS).flatMap((intents) => intents.flat()),
      ...[...Object.values(VAGUE_TEMPLATES).flat(), ...GENERIC_VAGUE_TEMPLATES].flatMap((t) => [t[0], t[1]]),
    ];
    const companies = buildCompanies(1);
    for (let round = 0; round < 4; round += 1) {
      const rng = createRng(hashSeed(round, 77));
      for (const template of templates) {
        const ctx: FillContext = {
          createdAt: new Date('2026-01-05T10:00:00Z'),
          requester: makeRequester(rng, companies),
          cache: new Map(),
        };
        expect(fillTemplate(template, rng, ctx), template).not.toMatch(LEFTOVER_TEMPLATE);
      }
    }
  });
});

describe('live ticket mix', () => {
  it('has ~15% two-topic tickets, labelled with the topic they raise first', () => {
    const twoTopic = live.filter((entry) => entry.kind === 'two-topic');
    expect(twoTopic.length / LIVE_COUNT).toBeGreaterThan(LIVE_TWO_TOPIC_SHARE - 0.03);
    expect(twoTopic.length / LIVE_COUNT).toBeLessThan(LIVE_TWO_TOPIC_SHARE + 0.03);
    for (const { ticket, features } of twoTopic) {
      expect(features.secondaryCategory).not.toBe(ticket.category);
      expect(profileOf(ticket.category).related).toContain(features.secondaryCategory);
    }
  });

  it('has ~8% vague tickets with a plausible label and hardly any text', () => {
    const vague = live.filter((entry) => entry.kind === 'vague');
    expect(vague.length / LIVE_COUNT).toBeGreaterThan(LIVE_VAGUE_SHARE - 0.025);
    expect(vague.length / LIVE_COUNT).toBeLessThan(LIVE_VAGUE_SHARE + 0.025);
    for (const { ticket, vague: template, intent } of vague) {
      expect(intent).toBeNull();
      const allowed = [...(VAGUE_TEMPLATES[ticket.category] ?? []), ...GENERIC_VAGUE_TEMPLATES];
      expect(allowed).toContain(template);
      const firstBlock = ticket.body.split(/\n\n(?:On |-----Original)/)[0] ?? '';
      expect(firstBlock.length).toBeLessThan(400);
    }
    expect(new Set(vague.map((entry) => entry.ticket.category)).size).toBeGreaterThanOrEqual(10);
  });

  it('is noisier than the history: more typos and forwarded mail', () => {
    const liveTypos = liveShare((entry) => entry.features.typo);
    expect(liveTypos).toBeGreaterThan(1.8 * historyShare((entry) => entry.features.typo));
    expect(liveTypos).toBeLessThan(0.35);
    const liveForwarded = liveShare((entry) => entry.features.forwarded);
    expect(liveForwarded).toBeGreaterThan(2 * historyShare((entry) => entry.features.forwarded));
    expect(live.filter((entry) => /^(Fwd|FW): /.test(entry.ticket.subject)).length).toBeGreaterThan(40);
  });
});

describe('vague tickets in the history', () => {
  it('are rare and only use the generic, hint-free messages', () => {
    const vague = history.filter((entry) => entry.features.vague);
    expect(vague.length / history.length).toBeGreaterThan(0.01);
    expect(vague.length / history.length).toBeLessThan(0.035);
    expect(new Set(vague.map((entry) => entry.ticket.category)).size).toBeGreaterThanOrEqual(10);
    const bodies = history.map((entry) => entry.ticket.body.toLowerCase());
    for (const [, body] of Object.values(VAGUE_TEMPLATES).flat()) {
      const literal = longestLiteral(body);
      expect(
        bodies.find((text) => text.includes(literal)),
        literal,
      ).toBeUndefined();
    }
  });
});
