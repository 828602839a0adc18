import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import { BackfillSection } from './backfill-section.js';
import type { Connection, Delivery, WriteBack } from './connection-types.js';

const when = (iso: string) => new Date(iso).toLocaleString();

/** One connection: where its webhooks go, its recent deliveries and its write-backs with retries. */
export function ConnectionDetail(props: { connection: Connection; canReplay: boolean; canManage?: boolean }) {
  const { connection } = props;
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const [writeBacks, setWriteBacks] = useState<WriteBack[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [d, w] = await Promise.all([
        api.get<{ items: Delivery[] }>(`/api/v1/connections/${connection.id}/deliveries?limit=20`),
        api
          .get<{ items: WriteBack[] }>('/api/v1/outbox?kind=helpdesk.writeback&limit=200')
          .catch(() => ({ items: [] })),
      ]);
      setDeliveries(d.items);
      setWriteBacks(
        w.items.filter((e) => e.orderingKey.startsWith(`helpdesk:${connection.id}:`)).slice(0, 20),
      );
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [connection.id]);

  useEffect(() => {
    void load();
  }, [load]);

  const replay = async (id: string) => {
    try {
      await api.post(`/api/v1/outbox/${id}/replay`);
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="connection-detail" data-testid="connection-detail">
      <p>
        Webhooks to{' '}
        <code data-testid="inbound-url">{`${window.location.origin}${connection.inboundPath}`}</code>, signed
        with the connection's secret. {connection.categoryMapping.length} categories mapped; at most{' '}
        {connection.rateLimitPerMinute} writes a minute.
      </p>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      <BackfillSection connectionId={connection.id} canManage={props.canManage ?? false} />
      <h3>Recent deliveries</h3>
      {deliveries.length === 0 ? (
        <p className="muted">No webhook has arrived yet.</p>
      ) : (
        <table className="table" data-testid="deliveries">
          <thead>
            <tr>
              <th>Received</th>
              <th>Delivery</th>
              <th>Status</th>
              <th>What it became</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id} data-status={d.status}>
                <td>{when(d.receivedAt)}</td>
                <td>{d.deliveryId}</td>
                <td>{d.status}</td>
                <td title={d.rawBody ?? undefined}>
                  {d.reason ?? d.outcomes.map((o) => [o.result, o.why].filter(Boolean).join(': ')).join('; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Write-backs</h3>
      {writeBacks.length === 0 ? (
        <p className="muted">Nothing was written back yet.</p>
      ) : (
        <table className="table" data-testid="write-backs">
          <thead>
            <tr>
              <th>Enqueued</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Last error</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {writeBacks.map((w) => (
              <tr key={w.id} data-status={w.status}>
                <td>{when(w.createdAt)}</td>
                <td>{w.status === 'dead' ? 'dead letter' : w.status}</td>
                <td className="num">
                  {w.attempts} of {w.maxAttempts}
                </td>
                <td>{w.lastError ?? ''}</td>
                <td>
                  {w.status === 'dead' && props.canReplay && (
                    <button type="button" className="btn btn-small" onClick={() => void replay(w.id)}>
                      Replay
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
