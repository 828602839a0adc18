import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, type Notification, slackMessageOf } from './slack-message.js';

const notification: Notification = {
  key: 'escalation:e1:opened',
  orderingKey: 'e1',
  title: 'Escalation: ticket ZD-4711 needs an owner',
  text: 'The write-back to the helpdesk failed 10 times.',
  fields: [
    { label: 'Owner', value: 'Dana Lee' },
    { label: 'Due', value: 'in 4 hours' },
  ],
  link: { url: 'https://triage.example/tickets/t1', label: 'Open the ticket' },
  occurredAt: new Date('2026-03-01T12:00:00Z'),
};

describe('slackMessageOf', () => {
  it('renders a fallback text and Block Kit blocks as Slack incoming webhooks expect', () => {
    expect(slackMessageOf(notification)).toEqual({
      text: 'Escalation: ticket ZD-4711 needs an owner: The write-back to the helpdesk failed 10 times.',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Escalation: ticket ZD-4711 needs an owner' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'The write-back to the helpdesk failed 10 times.' },
        },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Owner*\nDana Lee' },
            { type: 'mrkdwn', text: '*Due*\nin 4 hours' },
          ],
        },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '<https://triage.example/tickets/t1|Open the ticket>' },
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Triage · 2026-03-01T12:00:00.000Z' }] },
      ],
    });
  });

  it('escapes markup so ticket text cannot ping a channel or forge a link', () => {
    expect(escapeMrkdwn('<!channel> & <https://evil|click>')).toBe(
      '&lt;!channel&gt; &amp; &lt;https://evil|click&gt;',
    );
    const message = slackMessageOf({ ...notification, text: 'Hi <!here>' });
    expect(message.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: 'Hi &lt;!here&gt;' },
    });
    expect(message.text).not.toContain('<!here>');
  });

  it("keeps within Slack's limits: 150-character header, 3000-character section, 10 fields", () => {
    const message = slackMessageOf({
      ...notification,
      title: 'T'.repeat(400),
      text: '&'.repeat(5_000),
      fields: Array.from({ length: 14 }, (_, i) => ({ label: `f${i}`, value: 'v' })),
    });
    const [header, section, fields] = message.blocks as any[];
    expect(header.text.text).toHaveLength(150);
    expect(section.text.text.length).toBeLessThanOrEqual(3_000);
    expect(section.text.text).toMatch(/(&amp;)+…$/);
    expect(fields.fields).toHaveLength(10);
  });

  it('leaves out the fields and link sections when there are none', () => {
    const message = slackMessageOf({ ...notification, fields: undefined, link: undefined });
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
  });
});
