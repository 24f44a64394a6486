import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countTokens } from 'gpt-tokenizer';
import type { ChatRequest } from '../core/request.js';
import { estimateInputTokens } from './estimate-tokens.js';

const base: ChatRequest = { model: 'm', system: [], messages: [], tools: [], sampling: {}, stream: false, extensions: {} };

test('the estimate counts system, messages, tool calls, results and tool definitions with o200k_base', async () => {
  const text = await estimateInputTokens({ ...base, system: [{ type: 'text', text: 'Be brief.' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'hello there' }] }] });
  assert.equal(text, countTokens('Be brief.\nhello there') + 3);
  const withTools = await estimateInputTokens({
    ...base,
    tools: [{ kind: 'function', name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
  });
  assert.ok(withTools > 10, `tool definitions count (${withTools})`);
  const withImage = await estimateInputTokens({
    ...base,
    messages: [
      { role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://x/y.png' } }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c', content: [{ type: 'text', text: 'result text' }] }] },
    ],
  });
  assert.equal(withImage, 1600 + 3 + 3 + countTokens('\n\nresult text'));
});
