import { describe, expect, it } from 'vitest';
import { describeModel, deserializeModel, learnOne, predict, serializeModel, trainModel } from './index.js';
import { syntheticTickets } from './test-support/synthetic-tickets.js';

const model = trainModel(syntheticTickets(30, 5));
const bytes = serializeModel(model);
const inputs = [
  { body: 'refund for the duplicate payment' },
  { subject: 'cannot log in', body: 'password reset link is broken' },
  { body: 'the parcel is delayed' },
  {},
];

describe('serializeModel / deserializeModel', () => {
  it('round-trips to identical predictions and bytes', () => {
    const restored = deserializeModel(bytes);
    for (const input of inputs) expect(predict(restored, input)).toEqual(predict(model, input));
    expect(describeModel(restored)).toEqual(describeModel(model));
    expect(Buffer.from(serializeModel(restored)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('reads from a Uint8Array that is a view into a larger, unaligned buffer', () => {
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 1);
    const restored = deserializeModel(padded.subarray(1, 1 + bytes.length));
    expect(predict(restored, inputs[0]!)).toEqual(predict(model, inputs[0]!));
  });

  it('keeps categories added by learnOne', () => {
    const copy = deserializeModel(bytes);
    learnOne(copy, { body: 'the printer is on fire', category: 'hardware' });
    const restored = deserializeModel(serializeModel(copy));
    expect(describeModel(restored).categories).toContain('hardware');
    expect(predict(restored, { body: 'printer fire' })).toEqual(predict(copy, { body: 'printer fire' }));
  });

  it('rejects data that is not a model', () => {
    expect(() => deserializeModel(new Uint8Array(0))).toThrow(
      /Cannot read classifier model: the data is too short/,
    );
    expect(() => deserializeModel(new TextEncoder().encode('{"hello": "world"}'))).toThrow(/signature/);
    const random = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251);
    expect(() => deserializeModel(random)).toThrow(/Cannot read classifier model/);
  });

  it('rejects truncated models', () => {
    expect(() => deserializeModel(bytes.subarray(0, 20))).toThrow(/header is truncated/);
    expect(() => deserializeModel(bytes.subarray(0, bytes.length - 10))).toThrow(/truncated/);
  });

  it('rejects unknown format versions', () => {
    expect(() => deserializeModel(withHeader((header) => ({ ...header, formatVersion: 99 })))).toThrow(
      /format version 99 is not supported/,
    );
    expect(() => deserializeModel(withHeader((header) => ({ ...header, format: 'other' })))).toThrow(
      /unknown format/,
    );
  });

  it('rejects a model saved in an older format version with a clear error', () => {
    expect(() => deserializeModel(withHeader((header) => ({ ...header, formatVersion: 1 })))).toThrow(
      /format version 1 is not supported \(expected 3\); it was saved by an older version of Triage, retrain the model/,
    );
  });

  it('rejects inconsistent section sizes', () => {
    const broken = withHeader((header) => ({
      ...header,
      categories: [...(header.categories as string[]), 'extra'],
    }));
    expect(() => deserializeModel(broken)).toThrow(/do not match/);
  });
});

/** Re-encodes the model with an edited header, keeping the sections. */
function withHeader(edit: (header: Record<string, unknown>) => Record<string, unknown>): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<
    string,
    unknown
  >;
  const sections = bytes.subarray(8 + ((headerLength + 3) & ~3));
  const newHeader = new TextEncoder().encode(JSON.stringify(edit(header)));
  const padded = (newHeader.length + 3) & ~3;
  const out = new Uint8Array(8 + padded + sections.length);
  out.set(bytes.subarray(0, 4));
  new DataView(out.buffer).setUint32(4, newHeader.length, true);
  out.set(newHeader, 8);
  out.set(sections, 8 + padded);
  return out;
}
