import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../core/errors.js';
import type { GatewayKeyRecord, Snapshot } from '../pipeline/snapshot.js';
import { hashGatewayKey } from '../policy/gateway-key.js';
import { authenticate, extractKey } from './authenticate.js';

function keyRecord(id: string, overrides: Partial<GatewayKeyRecord> = {}): GatewayKeyRecord {
  return { id, name: id, enabled: true, expiresAt: null, groupId: null, plan: null, defaultModel: null, allowsModel: () => true, systemPrompt: null, metadata: {}, tags: [], ...overrides };
}

function snapshotWith(keys: Record<string, GatewayKeyRecord>): Snapshot {
  return {
    providers: new Map(),
    aliases: new Map(),
    chains: new Map(),
    keysByHash: new Map(Object.entries(keys).map(([secret, record]) => [hashGatewayKey(secret), record])),
  };
}

const refused = (pattern: RegExp) => (error: unknown): boolean => error instanceof GatewayError && error.status === 401 && pattern.test(error.message);

test('a key remembered for one snapshot is looked up afresh in the next: revoked, disabled and rotated keys are refused at once', () => {
  const first = snapshotWith({ 'sk-sy-alice': keyRecord('alice') });
  assert.equal(authenticate(first, 'sk-sy-alice').id, 'alice');
  assert.equal(authenticate(first, 'sk-sy-alice').id, 'alice', 'twice on the same snapshot');
  assert.throws(() => authenticate(first, 'sk-sy-wrong'), refused(/Incorrect/));

  const revoked = snapshotWith({});
  assert.throws(() => authenticate(revoked, 'sk-sy-alice'), refused(/Incorrect/));
  const disabled = snapshotWith({ 'sk-sy-alice': keyRecord('alice', { enabled: false }) });
  assert.throws(() => authenticate(disabled, 'sk-sy-alice'), refused(/disabled/));
  const rotated = snapshotWith({ 'sk-sy-alice-2': keyRecord('alice') });
  assert.throws(() => authenticate(rotated, 'sk-sy-alice'), refused(/Incorrect/));
  assert.equal(authenticate(rotated, 'sk-sy-alice-2').id, 'alice');

  // Expiry is checked on every request, cached or not.
  const expiring = snapshotWith({ 'sk-sy-bob': keyRecord('bob', { expiresAt: 1000 }) });
  assert.equal(authenticate(expiring, 'sk-sy-bob', 999).id, 'bob');
  assert.throws(() => authenticate(expiring, 'sk-sy-bob', 1000), refused(/expired/));
});

test('the key is read from Bearer (fast path and odd spellings alike), x-api-key, x-goog-api-key and ?key=', () => {
  assert.equal(extractKey({ authorization: 'Bearer sk-sy-a' }, undefined), 'sk-sy-a');
  assert.equal(extractKey({ authorization: 'bearer   sk-sy-a  ' }, undefined), 'sk-sy-a');
  assert.equal(extractKey({ authorization: 'Bearer \tsk-sy-a' }, undefined), 'sk-sy-a');
  assert.equal(extractKey({ authorization: 'Bearer sk-sy-a\u00a0' }, undefined), 'sk-sy-a');
  assert.equal(extractKey({ authorization: 'Bearer ' }, undefined), undefined);
  assert.equal(extractKey({ 'x-api-key': ' sk-sy-b ' }, undefined), 'sk-sy-b');
  assert.equal(extractKey({ 'x-goog-api-key': 'sk-sy-c' }, undefined), 'sk-sy-c');
  assert.equal(extractKey({}, { key: 'sk-sy-d' }), 'sk-sy-d');
});
