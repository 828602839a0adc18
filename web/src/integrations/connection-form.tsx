import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { Connection } from './connection-types.js';
import { useKindFields } from './kind-fields.js';

interface Category {
  id: string;
  name: string;
  key?: string;
}

/** A random inbound secret the admin copies into the helpdesk's webhook settings. */
function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The guided form: which helpdesk, where its API is, the token Triage writes with, the secret
 * the helpdesk signs webhooks with, and who Triage is there (so its own changes are not labels).
 */
export function ConnectionForm(props: {
  kinds: string[];
  onCreated: (c: Connection) => void;
  onCancel: () => void;
}) {
  const [kind, setKind] = useState(props.kinds[0] ?? 'generic');
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [token, setToken] = useState('');
  const [secret, setSecret] = useState(newSecret);
  const [userEmail, setUserEmail] = useState('');
  const [rate, setRate] = useState(60);
  const [mapByName, setMapByName] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { extras, fields } = useKindFields(kind);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const categories = mapByName ? (await api.get<{ items: Category[] }>('/api/v1/categories')).items : [];
      const created = await api.post<Connection>('/api/v1/connections', {
        kind,
        name,
        baseUrl,
        credentials: extras.credentials(token),
        inboundSecret: secret,
        ...(extras.integrationUser
          ? { integrationUser: extras.integrationUser }
          : userEmail
            ? { integrationUser: { email: userEmail } }
            : {}),
        rateLimitPerMinute: rate,
        categoryMapping: categories.map((c) => ({ categoryId: c.id, value: extras.mappedValue(c) })),
        settings: extras.settings,
      });
      props.onCreated(created);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card connection-form" onSubmit={(e) => void submit(e)} data-testid="connection-form">
      <h2>Add a connection</h2>
      <label className="field">
        <span className="field-label">1. Helpdesk</span>
        <select value={kind} onChange={(e) => setKind(e.target.value)} aria-label="Helpdesk kind">
          {props.kinds.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      {fields}
      <label className="field">
        <span className="field-label">2. Name</span>
        <input required value={name} onChange={(e) => setName(e.target.value)} aria-label="Name" />
      </label>
      <label className="field">
        <span className="field-label">3. API base URL</span>
        <input
          required
          type="url"
          placeholder="https://desk.example.com/api"
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.target.value)}
          aria-label="API base URL"
        />
      </label>
      <label className="field">
        <span className="field-label">
          4. API token Triage writes with (stored encrypted, never shown again)
        </span>
        <input
          required
          type="password"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-label="API token"
        />
      </label>
      <label className="field">
        <span className="field-label">5. Webhook secret: copy it into the helpdesk's webhook settings</span>
        <input
          required
          minLength={16}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          aria-label="Webhook secret"
        />
      </label>
      <label className="field">
        <span className="field-label">
          6. E-mail of the helpdesk user the token belongs to (its changes are Triage's own)
        </span>
        <input
          type="email"
          value={userEmail}
          onChange={(e) => setUserEmail(e.target.value)}
          aria-label="Integration user e-mail"
        />
      </label>
      <label className="field">
        <span className="field-label">7. Writes per minute at most</span>
        <input
          type="number"
          min={1}
          max={6000}
          value={rate}
          onChange={(e) => setRate(Number(e.target.value))}
          aria-label="Writes per minute"
        />
      </label>
      <label className="field field-inline">
        <input type="checkbox" checked={mapByName} onChange={(e) => setMapByName(e.target.checked)} />
        <span>Map each Triage category to the helpdesk value of the same name</span>
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Connect
        </button>
        <button type="button" className="btn btn-ghost" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
