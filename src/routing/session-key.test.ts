import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sessionKey } from './session-key.js';

const chat = (turns: Array<{ role: string; content: string }>): Record<string, unknown> => ({ model: 'x', messages: turns });

test('the same conversation gives the same key turn after turn; another key id or opening gives another', () => {
  const opening = [
    { role: 'system', content: 'be brief' },
    { role: 'user', content: 'first' },
  ];
  const first = sessionKey({ keyId: 'k1', headers: {}, body: chat(opening) });
  const later = sessionKey({ keyId: 'k1', headers: {}, body: chat([...opening, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'second' }]) });
  assert.equal(first, later);
  assert.notEqual(first, sessionKey({ keyId: 'k2', headers: {}, body: chat(opening) }));
  assert.notEqual(first, sessionKey({ keyId: 'k1', headers: {}, body: chat([{ role: 'system', content: 'be brief' }, { role: 'user', content: 'other' }]) }));
});

test('explicit ids win: session headers, prompt_cache_key, metadata.user_id', () => {
  const body = chat([{ role: 'user', content: 'hi' }]);
  assert.equal(sessionKey({ keyId: 'k', headers: { 'x-claude-code-session-id': 's1' }, body }), 'k:header:s1');
  assert.equal(sessionKey({ keyId: 'k', headers: { 'session-id': 's2' }, body }), 'k:header:s2');
  assert.equal(sessionKey({ keyId: 'k', headers: {}, body: { ...body, prompt_cache_key: 'pc' } }), 'k:cache-key:pc');
  assert.equal(sessionKey({ keyId: 'k', headers: {}, body: { ...body, metadata: { user_id: 'u_1_session_9' } } }), 'k:user:u_1_session_9');
});

test('other protocols: Anthropic system + messages, Responses instructions + input, Gemini systemInstruction + contents', () => {
  const anthropic = { system: 'sys', messages: [{ role: 'user', content: 'q' }] };
  assert.equal(sessionKey({ keyId: 'k', headers: {}, body: anthropic }), sessionKey({ keyId: 'k', headers: {}, body: { ...anthropic, messages: [...anthropic.messages, { role: 'assistant', content: 'a' }] } }));
  const responses = { instructions: 'sys', input: 'q' };
  assert.match(sessionKey({ keyId: 'k', headers: {}, body: responses }), /^k:prompt:/);
  const gemini = { systemInstruction: { parts: [{ text: 'sys' }] }, contents: [{ role: 'user', parts: [{ text: 'q' }] }] };
  assert.notEqual(sessionKey({ keyId: 'k', headers: {}, body: gemini }), sessionKey({ keyId: 'k', headers: {}, body: { ...gemini, contents: [{ role: 'user', parts: [{ text: 'r' }] }] } }));
});
