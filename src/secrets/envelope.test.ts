import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { Secret } from '../core/secret.js';
import { createSecretBox } from './envelope.js';
import { loadMasterKey } from './master-key.js';

test('a sealed secret opens with the same master key', () => {
  const box = createSecretBox(randomBytes(32));
  const sealed = box.encrypt('sk-upstream-1234567890');
  assert.ok(!sealed.includes('sk-upstream'));
  assert.equal(box.decrypt(sealed).reveal(), 'sk-upstream-1234567890');
});

test('each sealing is different (fresh data key and IV)', () => {
  const box = createSecretBox(randomBytes(32));
  assert.notEqual(box.encrypt('same'), box.encrypt('same'));
});

test('another master key cannot open it, and tampering is detected', () => {
  const sealed = createSecretBox(randomBytes(32)).encrypt('secret');
  assert.throws(() => createSecretBox(randomBytes(32)).decrypt(sealed));
  const box = createSecretBox(randomBytes(32));
  const good = box.encrypt('secret');
  const parts = good.split('.');
  const body = Buffer.from(parts[3]!, 'base64url');
  body[0] = (body[0] ?? 0) ^ 1;
  parts[3] = body.toString('base64url');
  assert.throws(() => box.decrypt(parts.join('.')));
});

test('secrets never print', () => {
  const secret = new Secret('sk-live-abcdef123456');
  assert.equal(String(secret), '[secret]');
  assert.equal(JSON.stringify({ secret }), '{"secret":"[secret]"}');
  assert.equal(inspect(secret), '[secret]');
  assert.equal(secret.hint(), '…3456');
});

test('the master key file is created once with mode 0600', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sy-master-'));
  const first = loadMasterKey({ dataDir });
  assert.equal(first.created, true);
  assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o777, 0o600);
  const second = loadMasterKey({ dataDir });
  assert.equal(second.created, false);
  assert.deepEqual(second.key, first.key);
});
