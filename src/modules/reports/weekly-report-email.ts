import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { DeliveryResult, EffectHandler } from '../../platform/outbox/index.js';

/** The outbox kind of the weekly report sent by e-mail (only when TRIAGE_SMTP_URL is set). */
export const WEEKLY_REPORT_EMAIL = 'email.weekly_report';

export const weeklyReportEmailPayload = z.object({
  to: z.array(z.string()).min(1),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
});
export type WeeklyReportEmailPayload = z.infer<typeof weeklyReportEmailPayload>;

/**
 * Sends the weekly report through the configured SMTP server. The Message-ID is derived from the
 * effect's idempotency key, the same on every attempt, so a mail system that saw it already can
 * drop a repeat. SMTP's permanent answers (5xx) are permanent failures; anything else is retried.
 */
export function weeklyReportEmailHandler(deps: {
  smtpUrl: string;
  from: string;
  timeoutMs: number;
}): EffectHandler {
  const url = new URL(deps.smtpUrl);
  const secure = url.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    connectionTimeout: deps.timeoutMs,
    greetingTimeout: deps.timeoutMs,
    socketTimeout: deps.timeoutMs,
  });
  return async (effect): Promise<DeliveryResult> => {
    const payload = weeklyReportEmailPayload.safeParse(effect.payload);
    if (!payload.success) return { outcome: 'failed', error: 'The payload is not a weekly report e-mail.' };
    try {
      await transport.sendMail({
        from: deps.from,
        to: payload.data.to,
        subject: payload.data.subject,
        text: payload.data.text,
        html: payload.data.html,
        messageId: `<${effect.idempotencyKey.replace(/[^A-Za-z0-9.:-]/g, '.')}@triage>`,
      });
      return { outcome: 'delivered' };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      const message = `SMTP: ${error instanceof Error ? error.message : String(error)}`;
      return code !== undefined && code >= 500 && code < 600
        ? { outcome: 'failed', error: message }
        : { outcome: 'retry', error: message };
    }
  };
}
