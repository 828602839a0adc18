import { describe, expect, it } from 'vitest';
import { demoCategories } from './index.js';
import { GENERIC_ASKS, GENERIC_CONTEXTS, GREETINGS, OPENERS } from './parts.js';
import { buildCompanies, makeRequester } from './people.js';
import { CATEGORY_PROFILES } from './phrase-banks.js';
import { createRng, hashSeed } from './prng.js';
import { fillTemplate } from './template.js';
import type { FillContext } from './types.js';

const KEYS = [
  'billing',
  'refunds',
  'login-and-access',
  'bug-report',
  'feature-request',
  'data-export',
  'account-cancellation',
  'integrations',
  'performance',
  'notifications',
  'user-management',
  'security-and-privacy',
  'onboarding-help',
  'api-and-webhooks',
];

describe('demoCategories', () => {
  it('defines the 14 expected categories with kebab-case keys and Title Case names', () => {
    expect(demoCategories.map((c) => c.key).sort()).toEqual([...KEYS].sort());
    for (const c of demoCategories) {
      expect(c.key).toMatch(/^[a-z]+(-[a-z]+)*$/);
      for (const word of c.name.split(' ')) expect(word).toMatch(/^(?:[A-Z][A-Za-z]*|and|API)$/);
      expect(c.description.length).toBeGreaterThan(40);
      expect(c.description.split(/[.!?](?:\s|$)/).filter((s) => s.trim() !== '').length).toBeLessThanOrEqual(
        2,
      );
    }
  });

  it('gives 3 examples and 2 counter-examples that name the category they belong to', () => {
    const names = new Map(demoCategories.map((c) => [c.name, c.key]));
    for (const c of demoCategories) {
      expect(c.examples).toHaveLength(3);
      expect(c.counterExamples).toHaveLength(2);
      for (const text of c.counterExamples) {
        const target = /\(that is ([A-Za-z ]+)\)$/.exec(text)?.[1] ?? '';
        expect(names.has(target)).toBe(true);
        expect(names.get(target)).not.toBe(c.key);
      }
    }
  });
});

describe('phrase banks', () => {
  const companies = buildCompanies(1);

  it('has a profile with 15+ intents for every category', () => {
    expect(Object.keys(CATEGORY_PROFILES).sort()).toEqual([...KEYS].sort());
    for (const [key, profile] of Object.entries(CATEGORY_PROFILES)) {
      expect(profile.bank.intents.length, key).toBeGreaterThanOrEqual(15);
      expect(new Set(profile.bank.intents.map((i) => i[0])).size, key).toBe(profile.bank.intents.length);
      expect(new Set(profile.bank.intents.map((i) => i[1])).size, key).toBe(profile.bank.intents.length);
      for (const related of profile.related) expect(KEYS).toContain(related);
    }
  });

  it('expands every template without unknown slots or leftover syntax', () => {
    const templates = [
      ...Object.values(CATEGORY_PROFILES).flatMap(({ bank }) => [
        ...bank.intents.flat(),
        ...bank.contexts,
        ...bank.details,
        ...bank.asks,
      ]),
      ...GREETINGS,
      ...OPENERS,
      ...GENERIC_CONTEXTS,
      ...GENERIC_ASKS,
    ];
    for (let round = 0; round < 8; round += 1) {
      const rng = createRng(hashSeed(round, 99));
      for (const template of templates) {
        const ctx: FillContext = {
          createdAt: new Date('2025-10-15T10:00:00Z'),
          requester: makeRequester(rng, companies),
          cache: new Map(),
        };
        const text = fillTemplate(template, rng, ctx);
        expect(text, template).not.toMatch(/\{(?!id\})[a-zA-Z0-9]+\}|[[\]|]|\s{2,}|undefined/);
        expect(text.length, template).toBeGreaterThan(2);
      }
    }
  });

  it('rejects unknown slots loudly', () => {
    const rng = createRng(1);
    const ctx: FillContext = {
      createdAt: new Date(0),
      requester: makeRequester(rng, companies),
      cache: new Map(),
    };
    expect(() => fillTemplate('Hello {noSuchSlot}', rng, ctx)).toThrow(/noSuchSlot/);
  });
});
