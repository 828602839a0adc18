import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weeklyReportJob } from '../../src/modules/reports/index.js';
import { deliverDueEffects } from '../../src/platform/outbox/index.js';
import { manualClock } from '../../src/platform/testing/manual-clock.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

interface Mail {
  from: string;
  to: string[];
  data: string;
}

// With an SMTP server configured, the weekly job also sends the report by e-mail through the
// outbox — once per week — to a real SMTP server started by the test.
describe.each(targets)('weekly report by e-mail on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;
  let smtp: SMTPServer;
  const mails: Mail[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    handle = await target.open();
    app = await startTestApp({
      db: handle.db,
      clock: manualClock(new Date('2026-11-23T09:00:00Z')),
      env: {
        TRIAGE_SMTP_URL: `smtp://127.0.0.1:${port}`,
        TRIAGE_REPORT_EMAIL_TO: 'ops@example.com, cto@example.com',
        TRIAGE_REPORT_EMAIL_FROM: 'Triage <reports@example.com>',
        TRIAGE_REPORT_BASE_URL: 'https://triage.example',
      },
    });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.dispose();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  it('mails the report of the week once to the configured recipients', async () => {
    expect(await weeklyReportJob.run(app.services)).toEqual({ week: '2026-W47', sent: 1 });
    expect(await weeklyReportJob.run(app.services)).toEqual({ week: '2026-W47', sent: 0 });
    const deliver = () =>
      deliverDueEffects(app.services.db, app.services.effectHandlers, {
        workerId: 'weekly-report-email-test',
        clock: app.services.clock,
        policy: app.services.outboxPolicy,
        onDeadLetter: app.services.onDeadLetter,
      });
    expect((await deliver()).delivered).toBe(1);
    expect((await deliver()).claimed).toBe(0);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.from).toBe('reports@example.com');
    expect(mail.to).toEqual(['ops@example.com', 'cto@example.com']);
    expect(mail.data).toMatch(/Subject: Weekly report 2026-W47: /);
    expect(mail.data).toContain('Message-ID: <weekly-report:2026-W47.email@triage>');
    // The bodies are quoted-printable: undo the soft line breaks to read the link.
    const body = mail.data
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    expect(body).toContain('https://triage.example/reports/weekly/2026-W47');
    expect(body).toContain('1. Are people using it?');
    expect(mail.data).toContain('Content-Type: text/html');
  });
});
