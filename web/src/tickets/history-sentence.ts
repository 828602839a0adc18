import type { HistoryEntry } from '../api/types.js';
import { humanise, percent } from '../lib/format.js';

type NameOf = (idOrKey: string | null | undefined) => string;

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const reviewReasons: Record<string, string> = {
  suggestion: 'a person confirms the suggestion',
  low_confidence: 'the confidence was too low to suggest',
  model_unavailable: 'no model could predict',
  out_of_scope: 'the text looks out of scope',
  human_only: 'the category is for people only',
  taxonomy_split: 'its category was split, a person chooses the new one',
};

const taxonomyReasons: Record<string, string> = { category_merged: 'merged', category_split: 'split' };

/** One plain sentence per event, written from the point of view of the ticket. */
export function historySentence(entry: HistoryEntry, nameOf: NameOf): string {
  const p = entry.payload;
  const who = entry.actorName || humanise(entry.actorType);
  const category = nameOf(str(p.categoryId));
  const confidence = num(p.confidence);
  const withConfidence = confidence == null ? category : `${category} (${percent(confidence)})`;

  switch (entry.action) {
    case 'ticket.received': {
      const channel = str(p.channel);
      return `Received from ${str(p.source) ?? 'the helpdesk'}${channel ? ` via ${channel}` : ''}`;
    }
    case 'ticket.imported':
      return `Imported from ${str(p.source) ?? 'history'} by ${who}`;
    case 'ticket.updated': {
      const after = p.after && typeof p.after === 'object' ? Object.keys(p.after) : [];
      return after.length
        ? `${who} updated ${after.map(humanise).join(', ').toLowerCase()}`
        : `${who} updated the ticket`;
    }
    case 'ticket.commented':
      return `${str(p.author) ?? who} commented`;
    case 'ticket.event':
      return `Helpdesk event: ${humanise(str(p.type) ?? 'update')}`;
    case 'prediction.made':
      return `${who} predicted ${withConfidence}`;
    case 'decision.made': {
      const outcome = str(p.outcome);
      if (outcome === 'applied') return `${who} applied ${withConfidence} automatically`;
      if (outcome === 'suggested') return `${who} suggested ${withConfidence}`;
      if (outcome === 'needs_review') {
        return str(p.categoryId)
          ? `${who} sent it to review, leaning to ${withConfidence}`
          : `${who} sent it to review for a person to decide`;
      }
      if (outcome === 'escalated') {
        return `Outcome now escalated: ${str(p.reason) === 'overdue' ? 'the review is overdue' : 'a delivery about it keeps failing'}`;
      }
      return `${who} decided: ${humanise(outcome ?? 'unknown')}`;
    }
    case 'review.opened': {
      const reason = str(p.reason);
      return `Review opened: ${reason ? (reviewReasons[reason] ?? humanise(reason).toLowerCase()) : 'a person decides'}`;
    }
    case 'label.recorded': {
      const kind = str(p.kind);
      if (kind === 'import') return `Labelled ${category} in the imported history`;
      if (kind === 'dispute') return `${who}'s ruling recorded ${category} as a label for training`;
      if (kind === 'taxonomy') {
        const how = taxonomyReasons[str(p.reasonCode) ?? ''] ?? 'changed';
        return `Moved from ${nameOf(str(p.previousCategoryId))} to ${category} when ${who} ${how} categories (taxonomy v${num(p.taxonomyVersion) ?? '?'})`;
      }
      return `${who} recorded ${category} as a label for training`;
    }
    case 'ticket.category_remapped':
      return `Category moved from ${nameOf(str(p.previousCategoryId))} to ${category} (taxonomy v${num(p.taxonomyVersion) ?? '?'})`;
    case 'decision.kept':
      return `Not decided again after ${str(p.trigger) === 'customer_reply' ? 'the customer’s reply' : 'the change'}: a person set the category`;
    case 'review.superseded':
      return 'Review closed: a newer decision replaced it';
    case 'decision_policy.updated':
      return `${who} changed the decision policy`;
    case 'review.claimed':
      return `${who} claimed the review`;
    case 'review.released':
      return `${who} released the review`;
    case 'second_review.opened':
      return 'Sampled for a blind second review';
    case 'second_review.resolved': {
      if (str(p.resolution) === 'none_fits') return `${who}, second reviewer, found that no category fits`;
      return `${who}, second reviewer, chose ${category}`;
    }
    case 'review.resolved': {
      const proposed = str(p.proposedCategoryId);
      if (str(p.resolution) === 'none_fits') {
        return `${who} found that no category fits and proposed “${str(p.suggestedCategory) ?? 'a new one'}”`;
      }
      if (str(p.resolution) === 'corrected') {
        return `${who} corrected to ${category}${proposed ? ` (the AI proposed ${nameOf(proposed)})` : ''}`;
      }
      return `${who} accepted ${category}`;
    }
    case 'dispute.raised': {
      const proposed = str(p.proposedCategoryId);
      const reason = str(p.reason);
      return `${who} disputed ${category}${proposed ? `, proposing ${nameOf(proposed)}` : ''}${reason ? `: “${reason}”` : ''}`;
    }
    case 'dispute.ruled': {
      const note = str(p.note);
      const ruling =
        str(p.outcome) === 'upheld'
          ? `${who} upheld ${category} on the dispute`
          : `${who} overturned ${nameOf(str(p.disputedCategoryId))} to ${category} on the dispute`;
      return note ? `${ruling}: “${note}”` : ruling;
    }
    case 'dispute.withdrawn':
      return `${who} withdrew the dispute`;
    case 'escalation.opened': {
      const why =
        str(p.kind) === 'dead_letter'
          ? `${str(p.effectKind) ?? 'a delivery'} kept failing`
          : 'review overdue';
      return `Escalated (${why}) to ${str(p.ownerName) ?? 'nobody'}, ${str(p.ownerReason) ?? 'the owner'}`;
    }
    case 'escalation.raised':
      return `Escalation raised to ${str(p.ownerName) ?? 'nobody'}, ${str(p.ownerReason) ?? 'the fallback owner'}`;
    case 'escalation.resolved':
      return p.automatic === true
        ? `Escalation closed: ${str(p.note) ?? 'its cause went away'}`
        : `${who} resolved the escalation: “${str(p.note) ?? ''}”`;
    case 'model.trained': {
      const version = num(p.version);
      return `Model ${version == null ? '' : `v${version} `}trained — learned from this ticket`;
    }
    default:
      return `${who}: ${humanise(entry.action)}`;
  }
}
