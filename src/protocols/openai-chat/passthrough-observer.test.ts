import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openAIChatPassthrough } from './passthrough.js';

// Chunks as https://platform.openai.com/docs/api-reference/chat-streaming describes them
// with stream_options.include_usage: usage null on every chunk, the object on the last (empty choices).
const event = (data: string): { data: string; raw: string } => ({ data, raw: `data: ${data}\n\n` });
const contentChunk = (content: string): string =>
  JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }], usage: null });
const usageChunk = JSON.stringify({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [],
  usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 1 } },
});

test('usage: null chunks are forwarded; the usage chunk is read and hidden unless the client asked for it', () => {
  const observer = openAIChatPassthrough.createStreamObserver({ body: { model: 'x', stream: true } });
  assert.equal(observer.observe(event(contentChunk('Hello'))), true);
  assert.equal(observer.observe(event(contentChunk('He said "usage": {not json}'))), true);
  assert.equal(observer.usage(), undefined);
  assert.equal(observer.observe(event(usageChunk)), false);
  assert.equal(observer.observe(event('[DONE]')), true);
  assert.deepEqual(observer.usage(), { inputTokens: 9, cacheReadTokens: 4, cacheWriteTokens: 0, outputTokens: 3, reasoningTokens: 1 });
  assert.equal(observer.error(), undefined);
});

test('the usage chunk is forwarded when the client asked for it, whatever the spacing of the JSON', () => {
  const observer = openAIChatPassthrough.createStreamObserver({ body: { model: 'x', stream: true, stream_options: { include_usage: true } } });
  const spaced = '{"id": "c", "choices": [], "usage" :  {"prompt_tokens": 2, "completion_tokens": 5}}';
  assert.equal(observer.observe(event(spaced)), true);
  assert.equal(observer.usage()?.outputTokens, 5);
});

test('usage riding on the last content chunk (some compatible providers) is read and the chunk forwarded', () => {
  const observer = openAIChatPassthrough.createStreamObserver({ body: { model: 'x', stream: true } });
  const chunk = JSON.stringify({ id: 'c', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 2 } });
  assert.equal(observer.observe(event(chunk)), true);
  assert.equal(observer.usage()?.inputTokens, 1);
});

test('an error object inside the stream is reported', () => {
  const observer = openAIChatPassthrough.createStreamObserver({ body: { model: 'x', stream: true } });
  assert.equal(observer.observe(event('{"error":{"message":"overloaded","type":"server_error"}}')), true);
  assert.equal(observer.error()?.message, 'overloaded');
});
