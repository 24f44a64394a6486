import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret } from '../core/secret.js';
import type { ProtocolDefinition } from '../protocols/codec.js';
import { openAIChatProtocol } from '../protocols/openai-chat/definition.js';
import type { Provider } from '../providers/provider.js';
import { isStreamContentType, upstreamHeaders } from './upstream-attempt.js';

function provider(fields: Partial<Provider>): Provider {
  return { id: 'p', name: 'p', protocol: 'anthropic-messages', baseUrl: 'https://x.test/v1', headers: {}, models: [], enabled: true, credentials: [], prices: {}, groupId: null, ...fields };
}

const anthropicLike: ProtocolDefinition = { ...openAIChatProtocol, forwardHeaders: ['anthropic-version', 'anthropic-beta'] };
const credential = { id: 'c', secret: new Secret('sk-1') };

test('auth headers follow the provider\'s auth scheme, not its protocol', () => {
  const headers = (fields: Partial<Provider>) =>
    upstreamHeaders({ candidate: { provider: provider(fields), model: 'm', credential }, protocol: 'anthropic-messages', definition: anthropicLike, clientHeaders: {}, forwardClientHeaders: false, request: { path: '/messages', body: {} }, stream: false });
  assert.equal(headers({})['x-api-key'], 'sk-1');
  assert.equal(headers({ auth: 'bearer' }).authorization, 'Bearer sk-1');
  assert.equal(headers({ auth: 'bearer' })['x-api-key'], undefined);
  assert.deepEqual(Object.keys(headers({ auth: 'none' })).sort(), ['accept', 'content-type']);
});

test('header precedence: codec default < forwarded client header < provider header', () => {
  const base = {
    candidate: { provider: provider({}), model: 'm', credential },
    protocol: 'anthropic-messages' as const,
    definition: anthropicLike,
    forwardClientHeaders: true,
    request: { path: '/messages', body: {}, headers: { 'anthropic-version': '2023-06-01' } },
    stream: true,
  };
  assert.equal(upstreamHeaders({ ...base, clientHeaders: {} })['anthropic-version'], '2023-06-01');
  assert.equal(upstreamHeaders({ ...base, clientHeaders: { 'anthropic-version': '2026-10-21' } })['anthropic-version'], '2026-10-21');
  const pinned = { ...base, candidate: { ...base.candidate, provider: provider({ headers: { 'anthropic-version': '2024-01-01' } }) } };
  assert.equal(upstreamHeaders({ ...pinned, clientHeaders: { 'anthropic-version': '2026-10-21' } })['anthropic-version'], '2024-01-01');
});

test('both SSE and the AWS event stream count as streamed answers', () => {
  assert.ok(isStreamContentType('text/event-stream; charset=utf-8'));
  assert.ok(isStreamContentType('application/vnd.amazon.eventstream'));
  assert.ok(!isStreamContentType('application/json'));
  assert.ok(!isStreamContentType(undefined));
});
