import { createHash } from 'node:crypto';
import type { ConnectionView, PlannedEffect, WriteBackAction, WriteBackInput } from './connector.js';

// The write-back most helpdesks want: an applied category sets the category value (field,
// tag or label, as the connector carries it out) followed by an internal note that explains
// it; a suggestion is written only as a note, and only when the connection asks for it.

/**
 * A marker is deterministic: the same decision on the same ticket through the same
 * connection always plans the same markers, so enqueuing twice is a no-op and a retry
 * finds what an earlier attempt wrote.
 */
export function effectMarker(
  connectionId: string,
  ticketId: string,
  decisionId: string,
  index: number,
  action: WriteBackAction['type'],
): string {
  const digest = createHash('sha256')
    .update(`${connectionId}:${ticketId}:${decisionId}:${index}:${action}`)
    .digest('hex')
    .slice(0, 20);
  return `triage-${digest}`;
}

/** Appended to a note so `inspect` can find it again; also readable by people. */
export const noteMarkerLine = (marker: string) => `[${marker}]`;

/** The helpdesk value a Triage category maps to, if the connection maps it. */
export function helpdeskValueOf(connection: ConnectionView, categoryId: string | null): string | null {
  if (!categoryId) return null;
  return connection.categoryMapping.find((m) => m.categoryId === categoryId)?.value ?? null;
}

/** The Triage category a helpdesk value stands for (case-insensitive), if any. */
export function categoryOfValue(connection: ConnectionView, value: string | null): string | null {
  if (value === null) return null;
  const wanted = value.trim().toLowerCase();
  return connection.categoryMapping.find((m) => m.value.trim().toLowerCase() === wanted)?.categoryId ?? null;
}

export function explanationNote(input: WriteBackInput, verb: 'set' | 'suggests'): string {
  const { decision } = input;
  if (decision.setBy) {
    return `${decision.setBy.name} set the category to "${decision.categoryName}" in Triage (${decision.setBy.how}).`;
  }
  const confidence =
    decision.confidence === null ? '' : ` (confidence ${Math.round(decision.confidence * 100)}%)`;
  const model = decision.modelVersion === null ? '' : `, model v${decision.modelVersion}`;
  const terms =
    input.explanationTerms.length > 0
      ? `\nWords that drove it: ${input.explanationTerms.slice(0, 8).join(', ')}.`
      : '';
  const what =
    verb === 'set'
      ? `Triage set the category to "${decision.categoryName}"${confidence}.`
      : `Triage suggests the category "${decision.categoryName}"${confidence}; please confirm or correct it.`;
  return `${what}\nRule: ${decision.rule}${model}.${terms}`;
}

export function planStandardWriteBack(input: WriteBackInput, connection: ConnectionView): PlannedEffect[] {
  const { decision, ticket } = input;
  const actions: WriteBackAction[] = [];
  const value = helpdeskValueOf(connection, decision.categoryId);
  if (decision.outcome === 'applied' && value !== null) {
    actions.push({ type: 'set_category', value });
    actions.push({ type: 'add_note', body: explanationNote(input, 'set') });
  } else if (decision.outcome === 'suggested' && decision.categoryName && connection.writeSuggestionsAsNote) {
    actions.push({ type: 'add_note', body: explanationNote(input, 'suggests') });
  }
  return actions.map((action, index) => {
    const marker = effectMarker(connection.id, ticket.id, decision.id, index, action.type);
    return {
      marker,
      action:
        action.type === 'add_note'
          ? { ...action, body: `${action.body}\n${noteMarkerLine(marker)}` }
          : action,
    };
  });
}
