import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// Passwords: Argon2id (the OWASP-recommended default parameters of @node-rs/argon2).
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// API keys and session tokens are 192-bit random secrets, so SHA-256 is enough to make a
// stolen table useless; a slow hash would only slow every request down.
export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

export const newSecret = (prefix: string): string => `${prefix}${randomBytes(24).toString('base64url')}`;

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
