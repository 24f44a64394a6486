import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isProtocolId } from '../../core/protocol.js';
import { adapterKinds, discoveryKinds, isAuthScheme } from './preset-types.js';
import { presetList } from './presets.js';
import { presetPrices, pricesTakenOn } from './prices.js';

const requiredPresets = [
  'openai', 'anthropic', 'gemini', 'azure-openai', 'vertex', 'bedrock', 'mistral', 'groq', 'deepseek', 'xai', 'openrouter', 'together',
  'fireworks', 'cerebras', 'sambanova', 'deepinfra', 'perplexity', 'cohere', 'moonshot', 'qwen', 'zhipu', 'minimax', 'siliconflow',
  'volcengine', 'nvidia', 'cloudflare', 'nebius', 'hyperbolic', 'chutes', 'scaleway', 'ollama', 'lmstudio', 'vllm', 'llamacpp',
  'openai-compatible', 'anthropic-compatible',
];

test('the catalog has at least 40 presets, every one the issue names among them', () => {
  assert.ok(presetList.length >= 40, `${presetList.length} presets`);
  const ids = new Set<string>(presetList.map((preset) => preset.id));
  for (const id of requiredPresets) assert.ok(ids.has(id), `missing preset ${id}`);
});

test('every preset is well-formed: unique id, known protocol, auth, discovery and adapter, valid URL', () => {
  const seen = new Set<string>();
  for (const preset of presetList) {
    assert.match(preset.id, /^[a-z0-9][a-z0-9._-]*$/, preset.id);
    assert.ok(!seen.has(preset.id), `duplicate id ${preset.id}`);
    seen.add(preset.id);
    assert.ok(preset.name.length > 0, `${preset.id} has a name`);
    assert.ok(isProtocolId(preset.protocol), `${preset.id}: protocol ${preset.protocol}`);
    assert.ok(isAuthScheme(preset.auth), `${preset.id}: auth ${preset.auth}`);
    assert.ok((discoveryKinds as readonly string[]).includes(preset.discovery), `${preset.id}: discovery`);
    const adapter: string | undefined = 'adapter' in preset ? preset.adapter : undefined;
    if (adapter !== undefined) assert.ok((adapterKinds as readonly string[]).includes(adapter), `${preset.id}: adapter ${adapter}`);
    new URL(preset.docs);
    if (preset.baseUrl === null) {
      assert.match(preset.id, /-compatible$/, `${preset.id}: only custom endpoints may leave the base URL to the operator`);
      continue;
    }
    // Placeholders filled with a sample value must give a valid http(s) URL with no trailing slash.
    const filled = preset.baseUrl.replace(/\{[a-zA-Z]+\}/g, 'sample');
    const url = new URL(filled);
    assert.ok(url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === '127.0.0.1'), `${preset.id}: https unless local`);
    assert.ok(!preset.baseUrl.endsWith('/'), `${preset.id}: no trailing slash`);
    assert.equal(new Set(preset.models).size, preset.models.length, `${preset.id}: duplicate models`);
  }
});

test('schemes that need code have their adapter, and only those', () => {
  for (const preset of presetList) {
    const adapter: string | undefined = 'adapter' in preset ? preset.adapter : undefined;
    if (preset.auth === 'sigv4') assert.equal(adapter, 'bedrock', preset.id);
    if (preset.auth === 'google-service-account') assert.equal(adapter, 'vertex', preset.id);
    if (preset.protocol === 'bedrock-converse') assert.equal(preset.auth, 'sigv4', preset.id);
    if (preset.baseUrl?.includes('{resource}') === true) assert.equal(adapter, 'azure', preset.id);
  }
});

test('every price names a preset and one of its known models, with sane numbers', () => {
  assert.match(pricesTakenOn, /^\d{4}-\d{2}-\d{2}$/);
  const byId = new Map<string, readonly string[]>(presetList.map((preset) => [preset.id, preset.models]));
  for (const [presetId, table] of Object.entries(presetPrices)) {
    const models = byId.get(presetId);
    assert.ok(models !== undefined, `prices for unknown preset ${presetId}`);
    for (const [model, price] of Object.entries(table)) {
      assert.ok(models.includes(model), `${presetId}: priced model ${model} is not among its known models`);
      const values: Array<number | undefined> = [price.input, price.output, 'cacheRead' in price ? price.cacheRead : undefined, 'cacheWrite' in price ? price.cacheWrite : undefined];
      for (const value of values) if (value !== undefined) assert.ok(value >= 0 && value < 1000, `${presetId}/${model}: ${value}`);
      if ('cacheRead' in price && price.cacheRead !== undefined) assert.ok(price.cacheRead <= price.input, `${presetId}/${model}: cache reads cost less than input`);
    }
  }
});
