// The shapes the HTTP API returns (camelCase JSON). Dates arrive as ISO strings. Ticket
// shapes come from the server's response schemas (type-only imports vanish from the bundle).
import type { Category as ServerCategory } from '../../../src/modules/categories/index.js';
import type { EscalationCounts, EscalationView } from '../../../src/modules/escalations/index.js';
import type { TicketLabelView } from '../../../src/modules/learning/index.js';
import type { AgreementReport, QueueSummary } from '../../../src/modules/review/index.js';
import type { CategoryRef, HistoryEntry, TicketView } from '../../../src/modules/tickets/index.js';

export type { CategoryRef, HistoryEntry };
export type Ticket = TicketView;

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface Session {
  user: User;
  csrfToken: string;
  workspace: { slug: string; role: string };
  permissions: string[];
}

export type RankedCategory = NonNullable<TicketView['prediction']>['ranked'][number];
export type Explanation = NonNullable<TicketView['prediction']>['explanation'];
export type ExplanationTerm = Explanation['terms'][number];
export type SimilarTicket = Explanation['similar'][number];

export type ReviewReason =
  | 'suggestion'
  | 'low_confidence'
  | 'model_unavailable'
  | 'out_of_scope'
  | 'second_review'
  | (string & {});
export type Outcome = 'applied' | 'suggested' | 'needs_review' | (string & {});

export interface ReviewItem {
  id: string;
  ticketId: string;
  queueId: string;
  queueName: string;
  /** 'second': a blind second review; the first reviewer's answer is never sent. */
  kind: 'first' | 'second';
  reason: ReviewReason;
  createdAt: string;
  dueAt: string;
  overdue: boolean;
  claimedBy: string | null;
  claimedByName: string | null;
  claimedAt: string | null;
  subject: string;
  body: string;
  requester: string | null;
  outcome: Outcome;
  suggestedCategoryId: string | null;
  suggestedCategoryName: string | null;
  confidence: number | null;
  modelVersion: number | null;
  rule: string;
  ranked: RankedCategory[] | null;
  explanation: Explanation | null;
}

export interface ReviewQueue {
  total: number;
  items: ReviewItem[];
}

export interface ResolveResult {
  itemId: string;
  ticketId: string;
  kind: 'first' | 'second';
  resolution: 'accepted' | 'corrected' | 'none_fits';
  categoryId: string | null;
  label: { id: string; ticketId: string; categoryId: string; kind: string; reasonCode: string | null } | null;
  secondReviewItemId: string | null;
  /** learned: the champion vN applied it online and holds k corrections ("vN+k online"). */
  learning: {
    state: 'learned' | 'in_model' | 'pending';
    modelVersion: number | null;
    onlineCorrections: number;
  } | null;
}

export interface ItemClaim {
  id: string;
  claimedBy: string | null;
  claimedAt: string | null;
}

export type QueueFilter = 'all' | 'mine' | 'unclaimed' | 'overdue';
export type ReviewQueueSummary = QueueSummary;
export type ReviewAgreement = AgreementReport;

/** A server type as it arrives over JSON: dates become ISO strings. */
type Jsonified<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

export type Category = Jsonified<ServerCategory>;

/** Like Jsonified, also for dates inside nested objects. */
type DeepJsonified<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? DeepJsonified<U>[]
    : T extends object
      ? { [K in keyof T]: DeepJsonified<T[K]> }
      : T;

export type Escalation = DeepJsonified<EscalationView>;

export interface EscalationList {
  items: Escalation[];
  counts: EscalationCounts;
}

export type TicketLabel = TicketLabelView;

export interface TicketWithHistory extends Ticket {
  labels: TicketLabel[];
  history: HistoryEntry[];
}

export interface TicketPage {
  items: Ticket[];
  nextCursor: string | null;
}

export interface TrainResult {
  version: number;
  /** The first model is champion at once; a later one shadows it as challenger. */
  status: 'champion' | 'challenger';
  exampleCount: number;
  categoryCount: number;
  trainSeconds: number;
}
