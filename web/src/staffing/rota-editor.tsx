import { type FormEvent, useEffect, useId, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import { formatDateTime } from '../lib/format.js';
import type { Named, StaffingPlan } from './staffing-types.js';

interface RotaEditorProps {
  plan: StaffingPlan;
  canManage: boolean;
  onSaved: (message: string) => Promise<void>;
  onError: (message: string) => void;
}

/** `<input type="datetime-local">` speaks local time without a zone; the API wants an instant. */
const toInstant = (local: string) => new Date(local).toISOString();
const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/**
 * The on-call rota: the rotation (people in order, a shift length, when it starts) and the
 * overrides, each editable by leads and admins; everyone sees the shifts ahead.
 */
export function RotaEditor({ plan, canManage, onSaved, onError }: RotaEditorProps) {
  const id = useId();
  const { rotation, overrides, shifts } = plan.rota;
  const nameOf = (userId: string) => plan.people.find((p) => p.id === userId)?.name ?? 'someone';
  const [order, setOrder] = useState<string[]>(rotation?.userIds ?? []);
  const [shiftHours, setShiftHours] = useState(String(rotation?.shiftHours ?? 168));
  const [startsAt, setStartsAt] = useState(
    toLocalInput(
      rotation?.startsAt ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString(),
    ),
  );
  const [adding, setAdding] = useState('');
  const [cover, setCover] = useState({ userId: '', from: '', to: '', note: '' });

  useEffect(() => setOrder(rotation?.userIds ?? []), [rotation]);

  const move = (index: number, by: number) => {
    const next = [...order];
    const [who] = next.splice(index, 1);
    next.splice(Math.max(0, Math.min(next.length, index + by)), 0, who!);
    setOrder(next);
  };
  const saveRotation = async (e: FormEvent) => {
    e.preventDefault();
    const hours = Number(shiftHours);
    if (!Number.isInteger(hours) || hours < 1 || hours > 2688) {
      onError('Shift length: a whole number of hours from 1 to 2688 (16 weeks).');
      return;
    }
    try {
      await api.put('/api/v1/staffing/rota', {
        userIds: order,
        shiftHours: hours,
        startsAt: toInstant(startsAt),
      });
      await onSaved(order.length === 0 ? 'Rotation removed' : 'Rotation saved');
    } catch (err) {
      onError(errorMessage(err));
    }
  };
  const addOverride = async (e: FormEvent) => {
    e.preventDefault();
    if (!cover.userId || !cover.from || !cover.to) {
      onError('An override needs a person, a start and an end.');
      return;
    }
    try {
      await api.post('/api/v1/staffing/rota/overrides', {
        userId: cover.userId,
        startsAt: toInstant(cover.from),
        endsAt: toInstant(cover.to),
        note: cover.note,
      });
      setCover({ userId: '', from: '', to: '', note: '' });
      await onSaved('Override added');
    } catch (err) {
      onError(errorMessage(err));
    }
  };
  const removeOverride = async (overrideId: string) => {
    try {
      await api.delete(`/api/v1/staffing/rota/overrides/${overrideId}`);
      await onSaved('Override removed');
    } catch (err) {
      onError(errorMessage(err));
    }
  };
  const notInRotation: Named[] = plan.people.filter((p) => !order.includes(p.id));

  return (
    <section className="staffing-card" aria-labelledby={`${id}-title`} data-testid="rota">
      <h2 className="section-title" id={`${id}-title`}>
        On-call rota for exceptions
      </h2>
      <p data-testid="on-call-now">
        {plan.onCallNow
          ? `On call now: ${plan.onCallNow.name} (${plan.onCallNow.source}) until ${formatDateTime(plan.onCallNow.until)}.`
          : 'Nobody is on call now: escalations without a fallback owner stay with the queue owner.'}
      </p>
      {shifts.length > 0 && (
        <table className="table" aria-label="Shifts ahead">
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col">From</th>
              <th scope="col">Until</th>
            </tr>
          </thead>
          <tbody>
            {shifts.map((s) => (
              <tr key={`${s.userId}-${s.from}`}>
                <td>
                  {nameOf(s.userId)} {s.source === 'override' && <span className="muted">(override)</span>}
                </td>
                <td>{formatDateTime(s.from)}</td>
                <td>{formatDateTime(s.until)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canManage && (
        <form className="staffing-form" onSubmit={saveRotation} aria-label="Rotation">
          <ol className="rota-list" aria-label="Rotation order" style={{ width: '100%' }}>
            {order.map((userId, i) => (
              <li key={userId}>
                <span>
                  {i + 1}. {nameOf(userId)}
                </span>
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  aria-label={`Move ${nameOf(userId)} up`}
                  onClick={() => move(i, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  aria-label={`Move ${nameOf(userId)} down`}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  onClick={() => setOrder(order.filter((x) => x !== userId))}
                >
                  Remove
                </button>
              </li>
            ))}
          </ol>
          <label className="field">
            <span className="field-label">Add to the rotation</span>
            <select
              id={`${id}-add`}
              data-testid="rota-add"
              value={adding}
              onChange={(e) => {
                if (e.target.value) setOrder([...order, e.target.value]);
                setAdding('');
              }}
            >
              <option value="">Choose a person…</option>
              {notInRotation.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Shift (hours)</span>
            <input
              data-testid="rota-shift"
              inputMode="numeric"
              value={shiftHours}
              onChange={(e) => setShiftHours(e.target.value)}
              size={5}
            />
          </label>
          <label className="field">
            <span className="field-label">First shift starts</span>
            <input type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
          </label>
          <button type="submit" className="btn btn-primary btn-small" data-testid="rota-save">
            Save rotation
          </button>
        </form>
      )}
      <h3 className="label">Overrides</h3>
      {overrides.length === 0 ? (
        <p className="muted">No overrides ahead.</p>
      ) : (
        <ul className="rota-list">
          {overrides.map((o) => (
            <li key={o.id}>
              <span>
                {nameOf(o.userId)} · {formatDateTime(o.startsAt)} → {formatDateTime(o.endsAt)}
              </span>
              {canManage && (
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  onClick={() => void removeOverride(o.id)}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <form className="staffing-form" onSubmit={addOverride} aria-label="Add an override">
          <label className="field">
            <span className="field-label">Who covers</span>
            <select
              data-testid="override-person"
              value={cover.userId}
              onChange={(e) => setCover({ ...cover, userId: e.target.value })}
            >
              <option value="">Choose a person…</option>
              {plan.people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">From</span>
            <input
              type="datetime-local"
              data-testid="override-from"
              value={cover.from}
              onChange={(e) => setCover({ ...cover, from: e.target.value })}
            />
          </label>
          <label className="field">
            <span className="field-label">Until</span>
            <input
              type="datetime-local"
              data-testid="override-to"
              value={cover.to}
              onChange={(e) => setCover({ ...cover, to: e.target.value })}
            />
          </label>
          <label className="field">
            <span className="field-label">Note</span>
            <input
              value={cover.note}
              maxLength={500}
              onChange={(e) => setCover({ ...cover, note: e.target.value })}
            />
          </label>
          <button type="submit" className="btn btn-small" data-testid="override-add">
            Add override
          </button>
        </form>
      )}
    </section>
  );
}
