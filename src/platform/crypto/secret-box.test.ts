import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENCRYPTION_KEY_FILE, loadEncryptionKey } from './encryption-key.js';
import { keyIdOf, newEncryptionKey, parseEncryptionKey, sealedKeyId, secretBox } from './secret-box.js';

describe('secret box', () => {
  const key = parseEncryptionKey(newEncryptionKey());

  it('seals to a value without the plaintext, different every time, that opens again', () => {
    const box = secretBox(key);
    const a = box.seal('zendesk-api-token-123');
    const b = box.seal('zendesk-api-token-123');
    expect(a).not.toContain('zendesk-api-token');
    expect(a).not.toBe(b);
    expect(box.open(a)).toBe('zendesk-api-token-123');
    expect(sealedKeyId(a)).toBe(box.keyId);
  });

  it('names the key when a value was sealed under another one, and opens it once that key is given as previous', () => {
    const old = secretBox(key);
    const sealed = old.seal('secret');
    const rotated = secretBox(parseEncryptionKey(newEncryptionKey()));
    expect(() => rotated.open(sealed)).toThrow(new RegExp(`encrypted with key ${old.keyId}`));
    const withPrevious = secretBox(parseEncryptionKey(newEncryptionKey()), [key]);
    expect(withPrevious.open(sealed)).toBe('secret');
    expect(sealedKeyId(withPrevious.seal('secret'))).toBe(withPrevious.keyId);
  });

  it('refuses a changed value (the GCM tag) instead of returning garbage', () => {
    const box = secretBox(key);
    const parts = box.seal('secret').split('.');
    parts[4] = Buffer.from('SECRET').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow(/integrity check/);
  });

  it('reads 64 hex digits or base64, and refuses other lengths', () => {
    const hex = '00'.repeat(32);
    expect(keyIdOf(parseEncryptionKey(hex))).toBe(keyIdOf(Buffer.alloc(32)));
    expect(parseEncryptionKey(Buffer.alloc(32, 1).toString('base64'))).toEqual(Buffer.alloc(32, 1));
    expect(() => parseEncryptionKey('too short')).toThrow(/32 bytes/);
  });

  it('generates a key into the data folder once, with a warning, and reuses it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'triage-key-'));
    const warnings: string[] = [];
    const first = loadEncryptionKey(undefined, dir, (w) => warnings.push(w));
    const file = path.join(dir, ENCRYPTION_KEY_FILE);
    expect(warnings).toEqual([expect.stringMatching(/TRIAGE_ENCRYPTION_KEY is not set: generated a key/)]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseEncryptionKey(readFileSync(file, 'utf8'))).toEqual(first);
    expect(loadEncryptionKey(undefined, dir, (w) => warnings.push(w))).toEqual(first);
    expect(warnings).toHaveLength(1);
    const configured = newEncryptionKey();
    expect(loadEncryptionKey(configured, dir, () => undefined)).toEqual(parseEncryptionKey(configured));
  });
});
