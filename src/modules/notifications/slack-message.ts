// A notification rendered as a Slack incoming-webhook body: `text` (the fallback shown in
// notifications and by clients without Block Kit) and `blocks` (header, section, fields,
// context). Other chat tools that accept "Slack-compatible" webhooks read the same shape.

export interface Notification {
  /**
   * What the notification is about, unique per workspace (e.g. `escalation:<id>:opened`).
   * Notifying again with the same key is a no-op, so a retried decision notifies once.
   */
  key: string;
  /** One key's notifications arrive in order at each endpoint (e.g. an escalation id). */
  orderingKey: string;
  title: string;
  text: string;
  fields?: { label: string; value: string }[];
  link?: { url: string; label: string };
  occurredAt: Date;
}

export interface SlackText {
  type: 'plain_text' | 'mrkdwn';
  text: string;
}

export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text: SlackText }
  | { type: 'section'; fields: SlackText[] }
  | { type: 'context'; elements: SlackText[] };

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

// Slack's documented limits: a header's text 150 characters, a section's text 3000, at
// most 10 fields of 2000 each. Longer content is cut, never rejected.
const HEADER_CHARS = 150;
const SECTION_CHARS = 3_000;
const FIELD_CHARS = 2_000;
const MAX_FIELDS = 10;

/** Slack reads &, < and > as markup (`<!channel>` would ping everyone), so content is escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  // Never end inside an escape such as "&am".
  return `${text.slice(0, limit - 1).replace(/&[a-z]{0,3}$/, '')}…`;
}

const mrkdwn = (text: string, limit: number): SlackText => ({
  type: 'mrkdwn',
  text: cut(escapeMrkdwn(text), limit),
});

function linkOf(link: { url: string; label: string }): string {
  // Inside <url|label>, "|" and ">" would end the link early.
  const url = link.url.replace(/[|<>]/g, (c) => encodeURIComponent(c));
  return `<${url}|${escapeMrkdwn(link.label).replace(/\|/g, '/')}>`;
}

export function slackMessageOf(notification: Notification): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(notification.title, HEADER_CHARS) } },
    { type: 'section', text: mrkdwn(notification.text, SECTION_CHARS) },
  ];
  const fields = (notification.fields ?? []).slice(0, MAX_FIELDS).map((f) => ({
    type: 'mrkdwn' as const,
    text: cut(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, FIELD_CHARS),
  }));
  if (fields.length > 0) blocks.push({ type: 'section', fields });
  if (notification.link) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: linkOf(notification.link) } });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Triage · ${notification.occurredAt.toISOString()}` }],
  });
  return { text: mrkdwn(`${notification.title}: ${notification.text}`, SECTION_CHARS).text, blocks };
}
