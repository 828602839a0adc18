/** Category key → phrase bank, frequency weight and easily-confused neighbours. */

import { loginPhrases, securityPhrases } from './phrases-access.js';
import { cancellationPhrases, userManagementPhrases } from './phrases-account.js';
import { billingPhrases, refundsPhrases } from './phrases-billing.js';
import { integrationPhrases, notificationPhrases } from './phrases-connected.js';
import { bugPhrases, performancePhrases } from './phrases-defects.js';
import { apiPhrases, dataExportPhrases } from './phrases-developer.js';
import { featureRequestPhrases, onboardingPhrases } from './phrases-product.js';
import { LIVE_ACCOUNT_INTENTS } from './live-phrases-account.js';
import { LIVE_CONNECTED_INTENTS } from './live-phrases-connected.js';
import { LIVE_PRODUCT_INTENTS } from './live-phrases-product.js';
import type { PhraseBank, PhraseIntent } from './types.js';

export interface CategoryProfile {
  bank: PhraseBank;
  /** Relative ticket frequency (largest : smallest is 4 : 1). */
  weight: number;
  /** Categories a two-topic ticket of this category most often also mentions. */
  related: readonly string[];
  /** Whether pasted stack traces / logs are plausible. */
  artifacts: boolean;
}

export const CATEGORY_PROFILES: Readonly<Record<string, CategoryProfile>> = {
  'bug-report': { bank: bugPhrases, weight: 12, related: ['performance', 'notifications'], artifacts: true },
  'login-and-access': {
    bank: loginPhrases,
    weight: 11,
    related: ['security-and-privacy', 'user-management'],
    artifacts: false,
  },
  billing: { bank: billingPhrases, weight: 10, related: ['refunds', 'user-management'], artifacts: false },
  'feature-request': {
    bank: featureRequestPhrases,
    weight: 9,
    related: ['bug-report', 'integrations'],
    artifacts: false,
  },
  integrations: {
    bank: integrationPhrases,
    weight: 7.5,
    related: ['api-and-webhooks', 'notifications'],
    artifacts: false,
  },
  refunds: {
    bank: refundsPhrases,
    weight: 7,
    related: ['account-cancellation', 'billing'],
    artifacts: false,
  },
  performance: {
    bank: performancePhrases,
    weight: 6.5,
    related: ['bug-report', 'api-and-webhooks'],
    artifacts: true,
  },
  notifications: {
    bank: notificationPhrases,
    weight: 6,
    related: ['integrations', 'bug-report'],
    artifacts: false,
  },
  'user-management': {
    bank: userManagementPhrases,
    weight: 6,
    related: ['billing', 'login-and-access'],
    artifacts: false,
  },
  'data-export': {
    bank: dataExportPhrases,
    weight: 5,
    related: ['account-cancellation', 'api-and-webhooks'],
    artifacts: false,
  },
  'onboarding-help': {
    bank: onboardingPhrases,
    weight: 5,
    related: ['user-management', 'feature-request'],
    artifacts: false,
  },
  'api-and-webhooks': {
    bank: apiPhrases,
    weight: 4.5,
    related: ['integrations', 'performance'],
    artifacts: true,
  },
  'account-cancellation': {
    bank: cancellationPhrases,
    weight: 3.5,
    related: ['refunds', 'data-export'],
    artifacts: false,
  },
  'security-and-privacy': {
    bank: securityPhrases,
    weight: 3,
    related: ['login-and-access', 'data-export'],
    artifacts: false,
  },
};

export function profileOf(key: string): CategoryProfile {
  const profile = CATEGORY_PROFILES[key];
  if (profile === undefined) throw new Error(`Unknown demo category '${key}'`);
  return profile;
}

/**
 * Every HOLD_OUT_EVERY-th intent of a bank (indexes 3, 7, 11, ...) never appears in the history:
 * the live feed keeps it, so a model trained on the history meets phrasings it has not seen.
 */
export const HOLD_OUT_EVERY = 4;

export const isHeldOut = (index: number): boolean => index % HOLD_OUT_EVERY === HOLD_OUT_EVERY - 1;

/** Intents written only for the live feed (plain customer wording, never in the history). */
export const LIVE_ONLY_INTENTS: Readonly<Record<string, readonly PhraseIntent[]>> = {
  ...LIVE_ACCOUNT_INTENTS,
  ...LIVE_CONNECTED_INTENTS,
  ...LIVE_PRODUCT_INTENTS,
};

const historyCache = new Map<string, readonly PhraseIntent[]>();
const heldOutCache = new Map<string, readonly PhraseIntent[]>();

/** The intents the history may use (the bank minus the held-out ones). */
export function historyIntentsOf(key: string): readonly PhraseIntent[] {
  let intents = historyCache.get(key);
  if (intents === undefined) {
    intents = profileOf(key).bank.intents.filter((_, i) => !isHeldOut(i));
    historyCache.set(key, intents);
  }
  return intents;
}

/** The bank intents kept out of the history. */
export function heldOutIntentsOf(key: string): readonly PhraseIntent[] {
  let intents = heldOutCache.get(key);
  if (intents === undefined) {
    intents = profileOf(key).bank.intents.filter((_, i) => isHeldOut(i));
    heldOutCache.set(key, intents);
  }
  return intents;
}

const freshCache = new Map<string, readonly PhraseIntent[]>();

/** Intents that only live tickets use: the held-out bank intents plus the live-only ones. */
export function freshIntentsOf(key: string): readonly PhraseIntent[] {
  let intents = freshCache.get(key);
  if (intents === undefined) {
    intents = [...heldOutIntentsOf(key), ...(LIVE_ONLY_INTENTS[key] ?? [])];
    freshCache.set(key, intents);
  }
  return intents;
}
