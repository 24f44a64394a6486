import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promptText, requestedMaxOutputTokens, withMaxOutputTokens, withSystemPrompt } from './request-shape.js';

test('the system prompt goes before the client\'s own, in each protocol\'s body shape', () => {
  assert.deepEqual(withSystemPrompt('openai-chat', { messages: [{ role: 'user', content: 'hi' }] }, 'Be terse.').messages, [
    { role: 'system', content: 'Be terse.' },
    { role: 'user', content: 'hi' },
  ]);
  assert.equal(withSystemPrompt('openai-responses', { input: 'hi', instructions: 'Use French.' }, 'Be terse.').instructions, 'Be terse.\n\nUse French.');
  assert.equal(withSystemPrompt('openai-responses', { input: 'hi' }, 'Be terse.').instructions, 'Be terse.');
  assert.equal(withSystemPrompt('anthropic-messages', { system: 'Use French.' }, 'Be terse.').system, 'Be terse.\n\nUse French.');
  assert.deepEqual(withSystemPrompt('anthropic-messages', { system: [{ type: 'text', text: 'Use French.', cache_control: { type: 'ephemeral' } }] }, 'Be terse.').system, [
    { type: 'text', text: 'Be terse.' },
    { type: 'text', text: 'Use French.', cache_control: { type: 'ephemeral' } },
  ]);
  assert.equal(withSystemPrompt('anthropic-messages', {}, 'Be terse.').system, 'Be terse.');
  const gemini = withSystemPrompt('gemini', { system_instruction: { parts: [{ text: 'Use French.' }] }, contents: [] }, 'Be terse.');
  assert.deepEqual(gemini.systemInstruction, { parts: [{ text: 'Be terse.' }, { text: 'Use French.' }] });
  assert.equal(gemini.system_instruction, undefined);
});

test('output caps are read and written per protocol', () => {
  assert.equal(requestedMaxOutputTokens('openai-chat', { max_completion_tokens: 30, max_tokens: 10 }), 30);
  assert.equal(requestedMaxOutputTokens('openai-responses', { max_output_tokens: 40 }), 40);
  assert.equal(requestedMaxOutputTokens('anthropic-messages', { max_tokens: 50 }), 50);
  assert.equal(requestedMaxOutputTokens('gemini', { generationConfig: { maxOutputTokens: 60 } }), 60);
  assert.equal(requestedMaxOutputTokens('openai-chat', {}), undefined);
  assert.deepEqual(withMaxOutputTokens('gemini', { generationConfig: { temperature: 0 } }, 99).generationConfig, { temperature: 0, maxOutputTokens: 99 });
  assert.equal(withMaxOutputTokens('openai-responses', {}, 99).max_output_tokens, 99);
});

test('prompt text leaves out images and structure', () => {
  const text = promptText({
    model: 'x',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'describe' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }],
  });
  assert.equal(text, 'describe');
});
