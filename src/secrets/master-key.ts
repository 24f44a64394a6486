import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`the master key from ${where} must be 32 bytes in base64 (got ${key.length} bytes)`);
  return key;
}

/**
 * The master key: given in configuration, or read from dataDir/master.key,
 * which is created (mode 0600) with a random key on first start.
 */
export function loadMasterKey(options: { configured?: string; dataDir: string }): { key: Buffer; created: boolean; path?: string } {
  if (options.configured !== undefined) return { key: decodeKey(options.configured, 'configuration'), created: false };
  const path = join(options.dataDir, 'master.key');
  if (existsSync(path)) {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) chmodSync(path, 0o600);
    return { key: decodeKey(readFileSync(path, 'utf8'), path), created: false, path };
  }
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, created: true, path };
}
