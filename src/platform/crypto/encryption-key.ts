import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newEncryptionKey, parseEncryptionKey } from './secret-box.js';

export const ENCRYPTION_KEY_FILE = 'encryption.key';

/**
 * The key secrets at rest are encrypted with: TRIAGE_ENCRYPTION_KEY when set; otherwise the
 * key in `<data folder>/encryption.key`, generated there (readable by its owner only) on the
 * first start, with a warning — losing that file makes the stored credentials unreadable, and
 * several processes on one PostgreSQL must share the key, so production sets the variable.
 */
export function loadEncryptionKey(
  configured: string | undefined,
  dataDir: string,
  warn: (message: string) => void,
): Buffer {
  if (configured) return parseEncryptionKey(configured);
  const file = path.join(dataDir, ENCRYPTION_KEY_FILE);
  if (existsSync(file)) return parseEncryptionKey(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const key = newEncryptionKey();
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  warn(
    `TRIAGE_ENCRYPTION_KEY is not set: generated a key for helpdesk credentials in ${file}. Back it up, and set TRIAGE_ENCRYPTION_KEY to it when running several processes or in production.`,
  );
  return parseEncryptionKey(key);
}
