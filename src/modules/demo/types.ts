/** Public and internal types of the demo-data generator. */

export interface DemoCategory {
  /** kebab-case key, e.g. 'billing'. */
  key: string;
  name: string;
  description: string;
  examples: string[];
  /** Texts that look similar but belong elsewhere (the text says where). */
  counterExamples: string[];
}

export type DemoChannel = 'email' | 'web' | 'chat' | 'api';

export interface DemoTicket {
  externalId: string;
  subject: string;
  body: string;
  /** "Full Name <email>" */
  requester: string;
  channel: DemoChannel;
  /** ISO 8601, within the 180 days before the history's startDate. */
  createdAt: string;
  /** A DemoCategory key. */
  category: string;
}

export type LiveDemoTicket = Omit<DemoTicket, 'createdAt' | 'category'> & { category: string };

export interface GenerateDemoHistoryOptions {
  seed?: number;
  count?: number;
  startDate?: string;
}

/** One way a customer expresses an intent: a subject line and the matching problem statement. */
export type PhraseIntent = readonly [subject: string, problem: string];

/**
 * Phrase bank of one category. Templates may contain `{slot}` placeholders
 * (see vocab.ts) and `[a|b|c]` alternations (one option is chosen, options
 * may be empty).
 */
export interface PhraseBank {
  /** Distinct intents (15+), each a subject template and a problem template. */
  intents: readonly PhraseIntent[];
  /** Context sentences (plan, product area, ids...). */
  contexts: readonly string[];
  /** Extra detail sentences used in longer tickets. */
  details: readonly string[];
  /** Explicit asks. */
  asks: readonly string[];
}

export interface DemoCompany {
  name: string;
  domain: string;
  plan: string;
  workspace: string;
  industry: string;
}

export interface DemoRequester {
  firstName: string;
  lastName: string;
  email: string;
  title: string;
  company: DemoCompany;
}

/** Everything placeholders may depend on while filling one ticket. */
export interface FillContext {
  createdAt: Date;
  requester: DemoRequester;
  /** Per-ticket memo so a placeholder has one value within a ticket. */
  cache: Map<string, string>;
}
