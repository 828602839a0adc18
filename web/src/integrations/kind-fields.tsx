import { useState } from 'react';

/**
 * What a helpdesk kind needs beyond the common fields of the connection form: GitHub the
 * repository and the bot's login, Zendesk the API user's e-mail and the category field, Freshdesk
 * the agent's e-mail and the category field's name (docs/integrations/github.md, zendesk.md, freshdesk.md). `toRequest` turns them into the
 * connection's credentials, settings and integration user.
 */
export interface KindExtras {
  credentials(token: string): Record<string, string>;
  settings: Record<string, unknown>;
  integrationUser: { id?: string; email?: string } | null;
  /** The helpdesk value a Triage category maps to, when mapping by name. */
  mappedValue(category: { name: string; key?: string }): string;
}

const plain: KindExtras = {
  credentials: (token) => ({ token }),
  settings: {},
  integrationUser: null,
  mappedValue: (c) => c.name,
};

export function useKindFields(kind: string): { extras: KindExtras; fields: React.ReactNode } {
  const [owner, setOwner] = useState('');
  const [repo, setRepo] = useState('');
  const [login, setLogin] = useState('');
  const [apiUser, setApiUser] = useState('');
  const [fieldId, setFieldId] = useState('');

  if (kind === 'github') {
    return {
      extras: {
        credentials: (token) => ({ token }),
        settings: { owner, repo },
        integrationUser: login ? { id: login } : null,
        mappedValue: (c) => `category:${c.key ?? c.name}`,
      },
      fields: (
        <>
          <label className="field">
            <span className="field-label">GitHub repository owner and name</span>
            <input
              required
              value={owner}
              onChange={(e) => setOwner(e.target.value)}
              aria-label="Repository owner"
            />
            <input
              required
              value={repo}
              onChange={(e) => setRepo(e.target.value)}
              aria-label="Repository name"
            />
          </label>
          <label className="field">
            <span className="field-label">
              Login of the bot the token belongs to (its labels are Triage's own)
            </span>
            <input value={login} onChange={(e) => setLogin(e.target.value)} aria-label="Bot login" />
          </label>
        </>
      ),
    };
  }
  if (kind === 'zendesk') {
    return {
      extras: {
        credentials: (token) => ({ email: apiUser, apiToken: token }),
        settings: { categoryFieldId: Number(fieldId) },
        integrationUser: apiUser ? { email: apiUser } : null,
        mappedValue: (c) => c.key ?? c.name,
      },
      fields: (
        <>
          <label className="field">
            <span className="field-label">E-mail of the Zendesk API user (sent as e-mail/token)</span>
            <input
              required
              type="email"
              value={apiUser}
              onChange={(e) => setApiUser(e.target.value)}
              aria-label="Zendesk API user e-mail"
            />
          </label>
          <label className="field">
            <span className="field-label">Id of the category custom field (a drop-down)</span>
            <input
              required
              inputMode="numeric"
              pattern="[0-9]+"
              value={fieldId}
              onChange={(e) => setFieldId(e.target.value)}
              aria-label="Category field id"
            />
          </label>
        </>
      ),
    };
  }
  if (kind === 'jira_sm') {
    // docs/integrations/jira.md: basic auth of the Atlassian e-mail and API token; a single-select custom field.
    return {
      extras: {
        credentials: (token) => ({ email: apiUser, apiToken: token }),
        settings: { categoryFieldId: fieldId },
        integrationUser: apiUser ? { email: apiUser } : null,
        mappedValue: (c) => c.key ?? c.name,
      },
      fields: (
        <>
          <label className="field">
            <span className="field-label">E-mail of the Atlassian account that owns the API token</span>
            <input
              required
              type="email"
              value={apiUser}
              onChange={(e) => setApiUser(e.target.value)}
              aria-label="Jira account e-mail"
            />
          </label>
          <label className="field">
            <span className="field-label">
              Category custom field (customfield_NNNNN, single select) or labels
            </span>
            <input
              required
              pattern="customfield_[0-9]+|labels"
              value={fieldId}
              onChange={(e) => setFieldId(e.target.value)}
              aria-label="Jira category field"
            />
          </label>
        </>
      ),
    };
  }
  if (kind === 'freshdesk') {
    // docs/integrations/freshdesk.md: the base URL is https://<domain>.freshdesk.com and the token the
    // API key of Triage's agent (basic auth apikey:X); the category is a drop-down custom field (cf_...).
    return {
      extras: {
        credentials: (token) => ({ apiKey: token }),
        settings: { categoryField: fieldId },
        integrationUser: apiUser ? { email: apiUser } : null,
        mappedValue: (c) => c.key ?? c.name,
      },
      fields: (
        <>
          <p className="muted small">
            Base URL: your Freshdesk domain, e.g. https://acme.freshdesk.com. Token: the API key of the agent
            Triage writes as (Profile settings → View API key).
          </p>
          <label className="field">
            <span className="field-label">E-mail of the agent whose API key Triage uses</span>
            <input
              required
              type="email"
              value={apiUser}
              onChange={(e) => setApiUser(e.target.value)}
              aria-label="Freshdesk agent e-mail"
            />
          </label>
          <label className="field">
            <span className="field-label">
              Name of the category custom field as the API shows it (cf_...)
            </span>
            <input
              required
              pattern="cf_[A-Za-z0-9_]+"
              value={fieldId}
              onChange={(e) => setFieldId(e.target.value)}
              aria-label="Freshdesk category field"
            />
          </label>
        </>
      ),
    };
  }
  return { extras: plain, fields: null };
}
