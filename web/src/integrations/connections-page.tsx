import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import { useSession } from '../lib/session-context.js';
import { ConnectionDetail } from './connection-detail.js';
import { ConnectionForm } from './connection-form.js';
import type { Connection, ConnectionList, ConnectionTest } from './connection-types.js';

const typing = (target: EventTarget | null) =>
  target instanceof HTMLInputElement ||
  target instanceof HTMLSelectElement ||
  target instanceof HTMLTextAreaElement;

/** Helpdesk connections: add one with a guided form, test it, watch its deliveries and write-backs. */
export function ConnectionsPage() {
  const session = useSession();
  const canManage = session.permissions.includes('integrations:manage');
  const canReplay = session.permissions.includes('ops:write');
  const [list, setList] = useState<ConnectionList | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [tests, setTests] = useState<Record<string, ConnectionTest>>({});
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);

  const load = useCallback(async () => {
    try {
      const next = await api.get<ConnectionList>('/api/v1/connections');
      setList(next);
      setSelectedId((current) => current ?? next.items[0]?.id ?? null);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const items = list?.items ?? [];
  const index = items.findIndex((c) => c.id === selectedId);
  const selected: Connection | undefined = items[index];

  const test = useCallback(async (connection: Connection) => {
    try {
      const result = await api.post<ConnectionTest>(`/api/v1/connections/${connection.id}/test`);
      setTests((t) => ({ ...t, [connection.id]: result }));
    } catch (err) {
      setTests((t) => ({
        ...t,
        [connection.id]: { ok: false, message: errorMessage(err), httpStatus: null },
      }));
    }
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (adding || typing(event.target) || event.metaKey || event.ctrlKey || event.altKey) return;
      const move = (delta: number) => {
        const next = items[Math.min(items.length - 1, Math.max(0, index + delta))];
        if (next) setSelectedId(next.id);
      };
      if (event.key === 'j') move(1);
      else if (event.key === 'k') move(-1);
      else if (event.key === 't' && selected && canManage) void test(selected);
      else if (event.key === 'a' && canManage) setAdding(true);
      else if (event.key === 'r') setReloadKey((k) => k + 1);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [adding, items, index, selected, canManage, test]);

  return (
    <div className="page connections">
      <div className="page-head">
        <h1 className="page-title">Connections</h1>
        {canManage && !adding && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setAdding(true)}
            data-testid="add-connection"
          >
            Add a connection <kbd>a</kbd>
          </button>
        )}
      </div>
      <p className="keys-help">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>t</kbd> test · <kbd>a</kbd> add · <kbd>r</kbd> refresh
        deliveries
      </p>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {adding && list && (
        <ConnectionForm
          kinds={list.kinds}
          onCancel={() => setAdding(false)}
          onCreated={(created) => {
            setAdding(false);
            setSelectedId(created.id);
            void load();
          }}
        />
      )}
      {list && items.length === 0 && !adding && (
        <div className="empty" data-testid="connections-empty">
          <p className="empty-title">No helpdesk is connected.</p>
          <p className="muted">
            Connect one so tickets arrive by themselves and decisions are written back where agents work.
          </p>
        </div>
      )}
      <ul className="connection-list" aria-label="Connections (j/k to move, t to test)">
        {items.map((c) => {
          const result = tests[c.id];
          return (
            <li
              key={c.id}
              className={`card connection ${c.id === selectedId ? 'is-selected' : ''}`}
              aria-current={c.id === selectedId ? 'true' : undefined}
              data-testid="connection"
              onPointerDown={() => setSelectedId(c.id)}
            >
              <div className="connection-head">
                <strong>{c.name}</strong> <span className="muted">{c.kind}</span>{' '}
                <span className="muted">{c.baseUrl}</span>
                {canManage && (
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => void test(c)}
                    data-testid="test-connection"
                  >
                    Test
                  </button>
                )}
              </div>
              {result && (
                <p
                  className={`banner ${result.ok ? 'banner-info' : 'banner-error'}`}
                  data-testid="test-result"
                >
                  {result.message}
                </p>
              )}
              {c.id === selectedId && (
                // A new key remounts the detail: r reloads its deliveries and write-backs.
                <ConnectionDetail
                  key={`${c.id}:${reloadKey}`}
                  connection={c}
                  canReplay={canReplay}
                  canManage={canManage}
                />
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
