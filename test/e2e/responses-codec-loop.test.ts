import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { openAIResponsesCodec } from '../../src/protocols/openai-responses/definition.js';
import { createSseDecoder } from '../../src/protocols/sse/decode.js';
import { codexRequest } from '../fixtures/openai-responses.js';
import { mockSignature } from '../mock-upstream/scenario.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/server.js';

/**
 * The translation path of the Responses codec against the Responses mock:
 * a client body decoded to canonical and encoded again must be accepted by
 * the (strict) upstream, and the upstream's answer decoded and re-encoded
 * must keep every item. Cross-protocol tests reuse the same pieces.
 */
let mock: MockUpstream;
before(async () => {
  mock = await startMockUpstream();
});
after(() => mock.close());

function codexTurn(lastText: string, stream: boolean): Record<string, unknown> {
  const body = structuredClone(codexRequest) as typeof codexRequest & { input: Array<Record<string, unknown>> };
  for (const item of body.input) if (item.type === 'reasoning') item.encrypted_content = mockSignature(String(item.id));
  body.input.push({ type: 'message', role: 'user', content: [{ type: 'input_text', text: lastText }] });
  return { ...body, stream, reasoning: { effort: 'medium', summary: 'auto' } };
}

async function post(body: unknown): Promise<{ status: number; text: string }> {
  const response = await request(`${mock.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.statusCode, text: await response.body.text() };
}

test('a Codex turn re-encoded from canonical is accepted upstream; the answer survives decode ∘ encode', async () => {
  const canonical = openAIResponsesCodec.decodeRequest(codexTurn('[reasoning] [tool:apply_patch] patch it', false), {});
  const encoded = openAIResponsesCodec.encodeRequest(canonical, { model: 'mock-small', provider: 'mock' });
  assert.equal(encoded.path, '/responses');
  const answer = await post(encoded.body);
  assert.equal(answer.status, 200, answer.text);
  const upstream = JSON.parse(answer.text) as { id: string; output: Array<Record<string, unknown>> };
  const decoded = openAIResponsesCodec.decodeResponse(upstream, { provider: 'mock' });
  assert.equal(decoded.finishReason, 'tool-calls');
  const reencoded = openAIResponsesCodec.encodeResponse(decoded, { model: 'mock-small' }) as { id: string; output: unknown[] };
  assert.equal(reencoded.id, upstream.id);
  assert.deepEqual(reencoded.output, upstream.output);
});

test('the upstream stream decoded and re-encoded gives a valid Responses stream with the same items', async () => {
  const canonical = openAIResponsesCodec.decodeRequest(codexTurn('[reasoning] [tool:apply_patch] patch it', true), {});
  const answer = await post(openAIResponsesCodec.encodeRequest(canonical, { model: 'mock-small' }).body);
  assert.equal(answer.status, 200, answer.text);
  const sse = createSseDecoder();
  const upstreamEvents = [...sse.push(answer.text), ...sse.flush()];
  const upstreamFinal = (JSON.parse(upstreamEvents.at(-1)?.data ?? '{}') as { response: { id: string; output: Array<Record<string, unknown>> } }).response;

  const decoder = openAIResponsesCodec.createStreamDecoder({ provider: 'mock' });
  const encoder = openAIResponsesCodec.createStreamEncoder({ model: 'mock-small' });
  let text = '';
  for (const event of upstreamEvents) for (const canonicalEvent of decoder.decode(event)) text += encoder.encode(canonicalEvent);
  for (const canonicalEvent of decoder.end()) text += encoder.encode(canonicalEvent);
  text += encoder.end();
  const again = createSseDecoder();
  const events = [...again.push(text), ...again.flush()].map((event) => JSON.parse(event.data) as { type: string; sequence_number: number; response?: { id: string; output: unknown[]; usage: unknown } });
  assert.deepEqual(
    events.map((event) => event.sequence_number),
    events.map((_event, index) => index),
  );
  // Same event types in the same order as the upstream sent them.
  assert.deepEqual(
    events.map((event) => event.type),
    upstreamEvents.map((event) => event.event),
  );
  const final = events.at(-1)?.response;
  assert.equal(final?.id, upstreamFinal.id);
  // Item ids of the upstream message are not kept by canonical text; everything else is.
  const withoutMessageIds = (output: unknown[]): unknown[] => output.map((item) => ((item as { type: string }).type === 'message' ? { ...(item as object), id: 'msg' } : item));
  assert.deepEqual(withoutMessageIds(final?.output ?? []), withoutMessageIds(upstreamFinal.output));
  assert.deepEqual(final?.usage, (upstreamFinal as unknown as { usage: unknown }).usage);
});
