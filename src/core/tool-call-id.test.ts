import assert from 'node:assert/strict';
import { test } from 'node:test';
import { embedThoughtSignature, extractThoughtSignature, generatedToolCallId, sanitizeToolCallId } from './tool-call-id.js';

test('a thought signature rides in the id and comes back byte-exact', () => {
  const signature = 'CiQB0e2Kb+/abc==';
  const id = embedThoughtSignature('call_1', signature);
  assert.match(id, /^[a-zA-Z0-9_-]+$/);
  assert.deepEqual(extractThoughtSignature(id), { id: 'call_1', thoughtSignature: signature });
  assert.deepEqual(extractThoughtSignature('call_2'), { id: 'call_2' });
});

test('ids are sanitised the same way every time', () => {
  assert.equal(sanitizeToolCallId('fc.1:2'), 'fc_1_2');
  assert.equal(sanitizeToolCallId('fc.1:2'), sanitizeToolCallId('fc.1:2'));
  assert.equal(sanitizeToolCallId('toolu_01ABC-x'), 'toolu_01ABC-x');
});

test('generated ids are deterministic and differ by position', () => {
  assert.equal(generatedToolCallId('f', '{}', 0), generatedToolCallId('f', '{}', 0));
  assert.notEqual(generatedToolCallId('f', '{}', 0), generatedToolCallId('f', '{}', 1));
  assert.match(generatedToolCallId('f', '{"a":1}', 3), /^[a-zA-Z0-9_-]+$/);
});
