import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('weekly report configuration', () => {
  it('sends no e-mail unless an SMTP server is configured, and then needs recipients', () => {
    expect(loadConfig({}).report).toEqual({
      weekday: 1,
      hour: 8,
      checkMinutes: 15,
      baseUrl: 'http://localhost:3000',
      email: null,
    });
    expect(() => loadConfig({ TRIAGE_SMTP_URL: 'smtp://mail.example:25' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRIAGE_SMTP_URL: 'http://mail.example' })).toThrow(/smtp:\/\/… or smtps:\/\/…/);
    expect(
      loadConfig({
        TRIAGE_SMTP_URL: 'smtps://u:p@mail.example',
        TRIAGE_REPORT_EMAIL_TO: 'a@example.com, b@example.com',
        TRIAGE_REPORT_BASE_URL: 'https://triage.example/',
      }).report,
    ).toMatchObject({
      baseUrl: 'https://triage.example',
      email: { smtpUrl: 'smtps://u:p@mail.example', to: ['a@example.com', 'b@example.com'] },
    });
    expect(() => loadConfig({ TRIAGE_REPORT_WEEKDAY: '8' })).toThrow(ConfigError);
  });
});
