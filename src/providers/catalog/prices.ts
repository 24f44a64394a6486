import type { ModelPrice } from '../pricing.js';
import type { PresetId } from './presets.js';

/**
 * The price catalog: USD per million tokens (input, output, cache read,
 * cache write) for the common models of the presets, as each provider
 * published them on its pricing page to our knowledge on the date below.
 * Prices change: a provider's `prices` in the configuration wins over this
 * table, model by model. Tiered prices (Gemini 2.5 Pro above 200k tokens,
 * MiniMax above 200k) are the first tier; per-request fees (Perplexity
 * search) are not included. Where a provider bills cache reads as a
 * discounted input rate, cacheRead is that rate; cacheWrite is set only
 * where writes cost more than plain input (Anthropic and Claude on Bedrock).
 */
export const pricesTakenOn = '2025-07-15';

const openai = {
  'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cacheRead: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gpt-4o': { input: 2.5, output: 10, cacheRead: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cacheRead: 0.075 },
  o3: { input: 2, output: 8, cacheRead: 0.5 },
  'o3-mini': { input: 1.1, output: 4.4, cacheRead: 0.55 },
  'o4-mini': { input: 1.1, output: 4.4, cacheRead: 0.275 },
} as const satisfies Record<string, ModelPrice>;

/** Models served only by the Responses API. */
const openaiResponsesOnly = {
  'o3-pro': { input: 20, output: 80 },
  'codex-mini-latest': { input: 1.5, output: 6, cacheRead: 0.375 },
} as const satisfies Record<string, ModelPrice>;

// Anthropic: cache writes (5-minute TTL) at 1.25× input, reads at 0.1×.
const opus = { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 } as const;
const sonnet = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } as const;
const haiku35 = { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 } as const;

const gemini = {
  'gemini-2.5-pro': { input: 1.25, output: 10, cacheRead: 0.31 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cacheRead: 0.075 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gemini-2.0-flash': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
} as const satisfies Record<string, ModelPrice>;

const deepseek = {
  'deepseek-chat': { input: 0.27, output: 1.1, cacheRead: 0.07 },
  'deepseek-reasoner': { input: 0.55, output: 2.19, cacheRead: 0.14 },
} as const satisfies Record<string, ModelPrice>;

const moonshot = {
  'kimi-k2-0711-preview': { input: 0.6, output: 2.5, cacheRead: 0.15 },
  'moonshot-v1-8k': { input: 0.2, output: 2 },
  'moonshot-v1-32k': { input: 1, output: 3 },
  'moonshot-v1-128k': { input: 2, output: 5 },
} as const satisfies Record<string, ModelPrice>;

const qwen = {
  'qwen-max': { input: 1.6, output: 6.4 },
  'qwen-plus': { input: 0.4, output: 1.2 },
  'qwen-turbo': { input: 0.05, output: 0.2 },
  'qwen3-coder-plus': { input: 1, output: 5 },
  'qwq-plus': { input: 0.8, output: 2.4 },
} as const satisfies Record<string, ModelPrice>;

const glm = {
  'glm-4.5': { input: 0.6, output: 2.2, cacheRead: 0.11 },
  'glm-4.5-air': { input: 0.2, output: 1.1, cacheRead: 0.03 },
} as const satisfies Record<string, ModelPrice>;

const minimax = {
  'MiniMax-M1': { input: 0.4, output: 2.2 },
  'MiniMax-Text-01': { input: 0.2, output: 1.1 },
} as const satisfies Record<string, ModelPrice>;

export const presetPrices = {
  openai,
  'openai-responses': {
    'gpt-4.1': openai['gpt-4.1'],
    'gpt-4.1-mini': openai['gpt-4.1-mini'],
    'gpt-4o': openai['gpt-4o'],
    'gpt-4o-mini': openai['gpt-4o-mini'],
    o3: openai.o3,
    'o4-mini': openai['o4-mini'],
    ...openaiResponsesOnly,
  },
  'azure-openai': {
    'gpt-4.1': openai['gpt-4.1'],
    'gpt-4.1-mini': openai['gpt-4.1-mini'],
    'gpt-4o': openai['gpt-4o'],
    'gpt-4o-mini': openai['gpt-4o-mini'],
    o3: openai.o3,
    'o4-mini': openai['o4-mini'],
  },
  anthropic: {
    'claude-opus-4-1-20250805': opus,
    'claude-opus-4-20250514': opus,
    'claude-sonnet-4-20250514': sonnet,
    'claude-3-7-sonnet-20250219': sonnet,
    'claude-3-5-haiku-20241022': haiku35,
  },
  gemini,
  'gemini-openai': {
    'gemini-2.5-pro': gemini['gemini-2.5-pro'],
    'gemini-2.5-flash': gemini['gemini-2.5-flash'],
    'gemini-2.5-flash-lite': gemini['gemini-2.5-flash-lite'],
    'gemini-2.0-flash': gemini['gemini-2.0-flash'],
  },
  vertex: {
    'gemini-2.5-pro': gemini['gemini-2.5-pro'],
    'gemini-2.5-flash': gemini['gemini-2.5-flash'],
    'gemini-2.5-flash-lite': gemini['gemini-2.5-flash-lite'],
    'gemini-2.0-flash': gemini['gemini-2.0-flash'],
  },
  bedrock: {
    'anthropic.claude-sonnet-4-20250514-v1:0': sonnet,
    'us.anthropic.claude-sonnet-4-20250514-v1:0': sonnet,
    'anthropic.claude-3-7-sonnet-20250219-v1:0': sonnet,
    'anthropic.claude-3-5-haiku-20241022-v1:0': haiku35,
    'amazon.nova-pro-v1:0': { input: 0.8, output: 3.2, cacheRead: 0.2 },
    'amazon.nova-lite-v1:0': { input: 0.06, output: 0.24, cacheRead: 0.015 },
    'amazon.nova-micro-v1:0': { input: 0.035, output: 0.14, cacheRead: 0.00875 },
    'meta.llama3-3-70b-instruct-v1:0': { input: 0.72, output: 0.72 },
    'mistral.mistral-large-2407-v1:0': { input: 2, output: 6 },
    'deepseek.r1-v1:0': { input: 1.35, output: 5.4 },
  },
  mistral: {
    'mistral-large-latest': { input: 2, output: 6 },
    'mistral-medium-latest': { input: 0.4, output: 2 },
    'mistral-small-latest': { input: 0.1, output: 0.3 },
    'codestral-latest': { input: 0.3, output: 0.9 },
    'devstral-small-latest': { input: 0.1, output: 0.3 },
    'magistral-medium-latest': { input: 2, output: 5 },
  },
  groq: {
    'llama-3.3-70b-versatile': { input: 0.59, output: 0.79 },
    'llama-3.1-8b-instant': { input: 0.05, output: 0.08 },
    'meta-llama/llama-4-maverick-17b-128e-instruct': { input: 0.2, output: 0.6 },
    'moonshotai/kimi-k2-instruct': { input: 1, output: 3 },
    'qwen/qwen3-32b': { input: 0.29, output: 0.59 },
    'deepseek-r1-distill-llama-70b': { input: 0.75, output: 0.99 },
  },
  deepseek,
  'deepseek-anthropic': deepseek,
  xai: {
    'grok-4': { input: 3, output: 15, cacheRead: 0.75 },
    'grok-3': { input: 3, output: 15, cacheRead: 0.75 },
    'grok-3-mini': { input: 0.3, output: 0.5, cacheRead: 0.075 },
  },
  openrouter: {
    'openai/gpt-4o-mini': openai['gpt-4o-mini'],
    'anthropic/claude-sonnet-4': sonnet,
    'google/gemini-2.5-flash': gemini['gemini-2.5-flash'],
  },
  together: {
    'meta-llama/Llama-3.3-70B-Instruct-Turbo': { input: 0.88, output: 0.88 },
    'deepseek-ai/DeepSeek-V3': { input: 1.25, output: 1.25 },
    'deepseek-ai/DeepSeek-R1': { input: 3, output: 7 },
    'Qwen/Qwen2.5-Coder-32B-Instruct': { input: 0.8, output: 0.8 },
    'moonshotai/Kimi-K2-Instruct': { input: 1, output: 3 },
  },
  fireworks: {
    'accounts/fireworks/models/llama-v3p3-70b-instruct': { input: 0.9, output: 0.9 },
    'accounts/fireworks/models/deepseek-v3': { input: 0.9, output: 0.9 },
    'accounts/fireworks/models/deepseek-r1': { input: 3, output: 8 },
    'accounts/fireworks/models/qwen3-235b-a22b': { input: 0.22, output: 0.88 },
    'accounts/fireworks/models/kimi-k2-instruct': { input: 0.6, output: 2.5 },
  },
  cerebras: {
    'llama3.1-8b': { input: 0.1, output: 0.1 },
    'llama-3.3-70b': { input: 0.85, output: 1.2 },
    'qwen-3-32b': { input: 0.4, output: 0.8 },
    'llama-4-scout-17b-16e-instruct': { input: 0.65, output: 0.85 },
  },
  sambanova: {
    'Meta-Llama-3.3-70B-Instruct': { input: 0.6, output: 1.2 },
    'Meta-Llama-3.1-8B-Instruct': { input: 0.1, output: 0.2 },
    'DeepSeek-R1': { input: 5, output: 7 },
    'DeepSeek-V3-0324': { input: 3, output: 4.5 },
    'Llama-4-Maverick-17B-128E-Instruct': { input: 0.63, output: 1.8 },
  },
  deepinfra: {
    'meta-llama/Llama-3.3-70B-Instruct': { input: 0.23, output: 0.4 },
    'deepseek-ai/DeepSeek-V3': { input: 0.38, output: 0.89 },
    'deepseek-ai/DeepSeek-R1': { input: 0.45, output: 2.15 },
  },
  perplexity: {
    sonar: { input: 1, output: 1 },
    'sonar-pro': { input: 3, output: 15 },
    'sonar-reasoning': { input: 1, output: 5 },
    'sonar-reasoning-pro': { input: 2, output: 8 },
    'sonar-deep-research': { input: 2, output: 8 },
  },
  cohere: {
    'command-a-03-2025': { input: 2.5, output: 10 },
    'command-r-plus-08-2024': { input: 2.5, output: 10 },
    'command-r-08-2024': { input: 0.15, output: 0.6 },
    'command-r7b-12-2024': { input: 0.0375, output: 0.15 },
  },
  moonshot,
  'moonshot-cn': moonshot,
  'moonshot-anthropic': { 'kimi-k2-0711-preview': moonshot['kimi-k2-0711-preview'] },
  qwen,
  zai: glm,
  'zai-anthropic': glm,
  zhipu: { 'glm-4.5': glm['glm-4.5'], 'glm-4.5-air': glm['glm-4.5-air'] },
  minimax,
  nebius: {
    'meta-llama/Llama-3.3-70B-Instruct': { input: 0.13, output: 0.4 },
    'deepseek-ai/DeepSeek-V3': { input: 0.5, output: 1.5 },
    'deepseek-ai/DeepSeek-R1': { input: 0.8, output: 2.4 },
    'Qwen/Qwen3-235B-A22B': { input: 0.2, output: 0.6 },
  },
} as const satisfies Partial<Record<PresetId, Record<string, ModelPrice>>>;

/** The catalog's prices for one preset (a copy: callers may add to it). */
export function catalogPrices(presetId: string): Record<string, ModelPrice> {
  const table = (presetPrices as Partial<Record<string, Record<string, ModelPrice>>>)[presetId];
  return table === undefined ? {} : { ...table };
}
