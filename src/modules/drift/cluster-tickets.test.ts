import { describe, expect, it } from 'vitest';
import { matchClusterToAlert } from './cluster-alert-key.js';
import {
  clusterTickets,
  explainingCategory,
  suggestedName,
  type UnmatchedTicket,
} from './cluster-tickets.js';
import { driftOwner } from './drift-owner.js';

const t = (id: string, subject: string, body: string): UnmatchedTicket => ({ id, subject, body });

const solar = [
  t(
    's1',
    'Solar panel export tariff',
    'How do I register my solar panel export meter for the feed-in tariff?',
  ),
  t(
    's2',
    'Feed-in tariff for solar panels',
    'We installed solar panels; the export tariff payment is missing.',
  ),
  t('s3', 'Solar export meter reading', 'My solar export meter reading was not counted for the tariff.'),
  t('s4', 'Question about solar tariff', 'Which tariff applies to solar panel export in winter?'),
  t(
    's5',
    'Solar panels and export payments',
    'The feed-in tariff for my solar panel export has not been paid.',
  ),
  t('s6', 'Export tariff solar', 'Solar export tariff statement shows zero kWh exported.'),
];
const assorted = [
  t('a1', 'Cannot log in', 'The password reset link has expired twice now.'),
  t('a2', 'Invoice address wrong', 'Please change the company address printed on our invoice.'),
  t('a3', 'App crashes on start', 'Since the update the mobile app closes right after the splash screen.'),
  t('a4', 'Add a colleague', 'How do I invite a colleague to our team workspace?'),
  t('a5', 'Refund for double charge', 'We were charged twice for the March subscription.'),
  t('a6', 'Export to CSV broken', 'The report CSV download returns an empty file.'),
];

describe('clusterTickets', () => {
  it('finds the group of similar tickets, names it by its top terms, and leaves the assorted ones out', () => {
    const clusters = clusterTickets([...assorted, ...solar], { similarity: 0.2, minSize: 5 });
    expect(clusters).toHaveLength(1);
    expect([...clusters[0]!.memberIds].sort()).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
    expect(clusters[0]!.topTerms).toContain('solar');
    expect(suggestedName(clusters[0]!.topTerms)).toMatch(/^[A-Z]/);
  });

  it('does not depend on the order of its input', () => {
    const all = [...assorted, ...solar];
    const forward = clusterTickets(all, { similarity: 0.2, minSize: 5 });
    const backward = clusterTickets([...all].reverse(), { similarity: 0.2, minSize: 5 });
    expect(backward).toEqual(forward);
  });

  it('reports nothing when no group reaches the minimum size', () => {
    expect(clusterTickets([...assorted, ...solar.slice(0, 4)], { similarity: 0.2, minSize: 5 })).toEqual([]);
    expect(clusterTickets(assorted, { similarity: 0.2, minSize: 2 })).toEqual([]);
  });
});

describe('explainingCategory', () => {
  const v = (predictedCategoryId: string, confidence: number, noneFits = false) => ({
    predictedCategoryId,
    confidence,
    noneFits,
  });

  it('names the category most of a cluster is predicted as with a fair confidence: the model knows that topic', () => {
    expect(
      explainingCategory([v('bill', 0.8), v('bill', 0.7), v('bill', 0.6), v('bill', 0.9), v('bugs', 0.3)]),
    ).toBe('bill');
  });

  it('names none for tickets scattered over categories, unsure guesses, or what reviewers said fits nothing', () => {
    expect(explainingCategory([v('a', 0.2), v('b', 0.3), v('c', 0.25), v('a', 0.2), v('d', 0.1)])).toBeNull();
    expect(explainingCategory([v('a', 0.3), v('a', 0.3), v('a', 0.4), v('a', 0.3), v('a', 0.2)])).toBeNull();
    expect(
      explainingCategory([v('a', 0.9, true), v('a', 0.9, true), v('a', 0.9, true), v('a', 0.9), v('b', 0.2)]),
    ).toBeNull();
  });
});

describe('matchClusterToAlert', () => {
  const cluster = { memberIds: ['s1', 's2', 's3', 's4', 's5'], topTerms: ['solar', 'tariff'] };

  it('updates the live alert that shares most tickets; a new key otherwise', () => {
    const live = {
      id: 'A',
      key: 'cluster:solar',
      memberIds: ['s1', 's2', 's3', 'x'],
      status: 'open' as const,
    };
    const other = { id: 'B', key: 'cluster:vpn', memberIds: ['v1', 'v2', 'v3'], status: 'open' as const };
    expect(matchClusterToAlert(cluster, [other, live], new Set())).toEqual({ kind: 'update', alert: live });
    expect(matchClusterToAlert(cluster, [other], new Set())).toEqual({
      kind: 'new',
      key: 'cluster:solar-tariff:s1',
    });
    // An alert another cluster took in this check is not taken twice.
    expect(matchClusterToAlert(cluster, [live], new Set(['A'])).kind).toBe('new');
  });

  it('keeps a topic a person resolved from coming back with the same tickets', () => {
    const closed = {
      id: 'C',
      key: 'cluster:solar',
      memberIds: ['s1', 's2', 's3', 's4'],
      status: 'resolved' as const,
    };
    expect(matchClusterToAlert(cluster, [closed], new Set())).toEqual({ kind: 'dismissed', alert: closed });
  });
});

describe('driftOwner', () => {
  const olga = { id: 'u1', name: 'Olga' };
  const ada = { id: 'u2', name: 'Ada' };
  const admin = { id: 'u3', name: 'Admin' };

  it('is the drift owner, else the category owner, else an admin, else nobody with the reason', () => {
    expect(driftOwner({ driftOwner: olga, category: { name: 'Billing', owner: ada }, admin })).toEqual({
      owner: olga,
      reason: 'drift owner of the workspace',
    });
    expect(driftOwner({ driftOwner: null, category: { name: 'Billing', owner: ada }, admin })).toEqual({
      owner: ada,
      reason: 'owner of category Billing',
    });
    expect(driftOwner({ driftOwner: null, category: { name: 'Billing', owner: null }, admin }).owner).toEqual(
      admin,
    );
    expect(driftOwner({ driftOwner: null, category: null, admin: null })).toMatchObject({ owner: null });
  });
});
