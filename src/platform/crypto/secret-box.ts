import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error.js';

// Secrets at rest (helpdesk credentials, inbound webhook secrets): AES-256-GCM with a random
// 96-bit IV per value; the authentication tag makes any change to a stored value (or a wrong
// key) fail loudly instead of decrypting to garbage. Each sealed value names the key it is
// under (a short hash of the key, never the key), so keys can be rotated: values under the old
// key are opened with it and sealed again under the new one.

const VERSION = 'v1';
const KEY_BYTES = 32;

export interface SecretBox {
  /** Names the key without revealing it: the first 12 hex of its SHA-256. */
  keyId: string;
  seal(plaintext: string): string;
  open(sealed: string): string;
}

/** Reads a 32-byte key written as 64 hex digits or as base64 / base64url. */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new Error(`An encryption key must be ${KEY_BYTES} bytes (64 hex digits or 44 base64 characters).`);
  }
  return key;
}

export const newEncryptionKey = (): string => randomBytes(KEY_BYTES).toString('base64');

export const keyIdOf = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 12);

/** The key id a sealed value was made with, or null when it is not a sealed value. */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split('.');
  return parts.length === 5 && parts[0] === VERSION ? parts[1]! : null;
}

/** `previous`: older keys still accepted when opening (rotation); sealing always uses `key`. */
export function secretBox(key: Buffer, previous: readonly Buffer[] = []): SecretBox {
  const keys = new Map([key, ...previous].map((k) => [keyIdOf(k), k]));
  const keyId = keyIdOf(key);
  return {
    keyId,
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, keyId, iv, cipher.getAuthTag(), ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const [version, id, iv, tag, ciphertext] = sealed.split('.');
      if (version !== VERSION || !id || !iv || !tag || ciphertext === undefined) {
        throw new AppError(
          'encryption_key_mismatch',
          'A stored secret is not in the expected encrypted form.',
        );
      }
      const useKey = keys.get(id);
      if (!useKey) {
        throw new AppError(
          'encryption_key_mismatch',
          `A stored secret was encrypted with key ${id}, but TRIAGE_ENCRYPTION_KEY is key ${keyId}. Start Triage with the key that was in use when the secret was stored.`,
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', useKey, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([
          decipher.update(Buffer.from(ciphertext, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new AppError(
          'encryption_key_mismatch',
          `A stored secret under key ${id} failed its integrity check: it was changed, or the key is not the one it was sealed with.`,
        );
      }
    },
  };
}
