import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateAnthropicRequest } from './anthropic-messages.js';
import { mockSignature } from './scenario.js';

// The mock must refuse what Anthropic refuses (messages from Anthropic's own
// 400s as users report them), or translation tests could not fail.
const check = (body: Record<string, unknown>): string | undefined => validateAnthropicRequest(body, { requireMaxTokens: true });
const base = { model: 'claude', max_tokens: 10 };

test('the mock refuses what Anthropic refuses, in its words', () => {
  assert.equal(check({ model: 'c', messages: [] }), 'max_tokens: Field required');
  assert.equal(check({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }), 'messages: text content blocks must be non-empty');
  assert.equal(check({ ...base, messages: [{ role: 'user', content: '' }] }), 'messages: text content blocks must be non-empty');
  assert.equal(check({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: ' \n' }] }] }), 'messages: text content blocks must contain non-whitespace text');
  assert.equal(check({ ...base, system: [{ type: 'text', text: '' }], messages: [] }), 'system: text content blocks must be non-empty');
  const thinking = (block: Record<string, unknown>): Record<string, unknown> => ({
    ...base,
    messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: [block, { type: 'text', text: 'a' }] }, { role: 'user', content: 'r' }],
  });
  assert.equal(check(thinking({ type: 'thinking', thinking: 'hm' })), 'messages.1.content.0.thinking.signature: Field required');
  assert.equal(check(thinking({ type: 'thinking', thinking: 'hm', signature: 'forged' })), 'messages.1.content.0: Invalid `signature` in `thinking` block');
  assert.equal(check(thinking({ type: 'thinking', thinking: 'hm', signature: mockSignature('hm') })), undefined);
  assert.match(
    check({ ...base, messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: {} }] }, { role: 'user', content: 'no result' }] }) ?? '',
    /^messages\.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_1\. Each `tool_use` block must have a corresponding `tool_result` block in the next message\.$/,
  );
  assert.equal(validateAnthropicRequest({ model: 'c', messages: [] }, { requireMaxTokens: false }), undefined, 'count_tokens needs no max_tokens');
});
