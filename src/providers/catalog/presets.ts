import type { PresetSpec } from './preset-types.js';

/**
 * The provider catalog: one record per preset, data only. Adding an
 * OpenAI-compatible provider is one entry here (protocol 'openai-chat',
 * auth 'bearer', its base URL including the version segment). Base URLs
 * include the API version so codec paths stay relative (`/chat/completions`,
 * `/messages`, `/models/{model}:generateContent`).
 * Anthropic-compatible presets carry no anthropic-version header: the
 * Anthropic codec sends its default and a client's own header wins.
 *
 * Model lists are the models each provider published as of mid-2025 to our
 * knowledge; discovery (providers/discovery/) merges the live list in.
 * A data table is longer than the ~400-line rule of thumb: it is one concept.
 */
export const presetList = [
  // ── The big three and their cloud homes ─────────────────────────────────
  {
    id: 'openai', name: 'OpenAI', protocol: 'openai-chat', baseUrl: 'https://api.openai.com/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'OPENAI_API_KEY',
    models: ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4o', 'gpt-4o-mini', 'o3', 'o3-mini', 'o4-mini'],
    docs: 'https://platform.openai.com/docs/api-reference/chat',
  },
  {
    id: 'openai-responses', name: 'OpenAI (Responses API)', protocol: 'openai-responses', baseUrl: 'https://api.openai.com/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'OPENAI_API_KEY',
    models: ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4o', 'gpt-4o-mini', 'o3', 'o3-pro', 'o4-mini', 'codex-mini-latest'],
    docs: 'https://platform.openai.com/docs/api-reference/responses',
  },
  {
    id: 'anthropic', name: 'Anthropic', protocol: 'anthropic-messages', baseUrl: 'https://api.anthropic.com/v1', auth: 'x-api-key', discovery: 'anthropic', apiKeyEnv: 'ANTHROPIC_API_KEY',
    models: ['claude-opus-4-1-20250805', 'claude-opus-4-20250514', 'claude-sonnet-4-20250514', 'claude-3-7-sonnet-20250219', 'claude-3-5-haiku-20241022'],
    docs: 'https://docs.anthropic.com/en/api/messages',
  },
  {
    id: 'gemini', name: 'Google Gemini (AI Studio)', protocol: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com/v1beta', auth: 'x-goog-api-key', discovery: 'gemini', apiKeyEnv: 'GEMINI_API_KEY',
    models: ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-2.0-flash', 'gemini-2.0-flash-lite'],
    docs: 'https://ai.google.dev/api/generate-content',
  },
  {
    id: 'gemini-openai', name: 'Google Gemini (OpenAI-compatible)', protocol: 'openai-chat', baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'GEMINI_API_KEY',
    models: ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-2.0-flash'],
    docs: 'https://ai.google.dev/gemini-api/docs/openai',
  },
  {
    // {resource}.openai.azure.com; the adapter adds /openai/deployments/{deployment}/…?api-version=
    // (or /openai/v1/… when apiVersion is "v1").
    id: 'azure-openai', name: 'Azure OpenAI', protocol: 'openai-chat', baseUrl: 'https://{resource}.openai.azure.com', auth: 'api-key', discovery: 'none', adapter: 'azure', apiKeyEnv: 'AZURE_OPENAI_API_KEY',
    models: ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4o', 'gpt-4o-mini', 'o3', 'o4-mini'],
    docs: 'https://learn.microsoft.com/en-us/azure/ai-foundry/openai/reference',
  },
  {
    // The adapter maps Gemini paths onto projects/{project}/locations/{location}/publishers/google/models/….
    id: 'vertex', name: 'Google Vertex AI (Gemini)', protocol: 'gemini', baseUrl: 'https://{location}-aiplatform.googleapis.com/v1', auth: 'google-service-account', discovery: 'none', adapter: 'vertex',
    models: ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-2.0-flash'],
    docs: 'https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference',
  },
  {
    // Vertex's OpenAI-compatible endpoint: only the OAuth token needs code, the URL is plain data.
    id: 'vertex-openai', name: 'Google Vertex AI (OpenAI-compatible)', protocol: 'openai-chat',
    baseUrl: 'https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}/endpoints/openapi', auth: 'google-service-account', discovery: 'none', adapter: 'vertex',
    models: ['google/gemini-2.5-pro', 'google/gemini-2.5-flash', 'google/gemini-2.0-flash'],
    docs: 'https://cloud.google.com/vertex-ai/generative-ai/docs/migrate/openai/overview',
  },
  {
    // Converse / ConverseStream at /model/{modelId}/converse(-stream), SigV4-signed for service "bedrock".
    id: 'bedrock', name: 'AWS Bedrock (Converse)', protocol: 'bedrock-converse', baseUrl: 'https://bedrock-runtime.{region}.amazonaws.com', auth: 'sigv4', discovery: 'none', adapter: 'bedrock',
    models: [
      'anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic.claude-3-7-sonnet-20250219-v1:0', 'anthropic.claude-3-5-haiku-20241022-v1:0',
      'us.anthropic.claude-sonnet-4-20250514-v1:0', 'amazon.nova-pro-v1:0', 'amazon.nova-lite-v1:0', 'amazon.nova-micro-v1:0',
      'meta.llama3-3-70b-instruct-v1:0', 'mistral.mistral-large-2407-v1:0', 'deepseek.r1-v1:0',
    ],
    docs: 'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html',
  },

  // ── OpenAI-compatible clouds: one entry each, no code ───────────────────
  {
    id: 'mistral', name: 'Mistral AI', protocol: 'openai-chat', baseUrl: 'https://api.mistral.ai/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'MISTRAL_API_KEY',
    models: ['mistral-large-latest', 'mistral-medium-latest', 'mistral-small-latest', 'codestral-latest', 'devstral-small-latest', 'magistral-medium-latest'],
    docs: 'https://docs.mistral.ai/api/',
  },
  {
    id: 'groq', name: 'Groq', protocol: 'openai-chat', baseUrl: 'https://api.groq.com/openai/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'GROQ_API_KEY',
    models: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'meta-llama/llama-4-maverick-17b-128e-instruct', 'moonshotai/kimi-k2-instruct', 'qwen/qwen3-32b', 'deepseek-r1-distill-llama-70b'],
    docs: 'https://console.groq.com/docs/openai',
  },
  {
    id: 'deepseek', name: 'DeepSeek', protocol: 'openai-chat', baseUrl: 'https://api.deepseek.com/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'DEEPSEEK_API_KEY',
    models: ['deepseek-chat', 'deepseek-reasoner'],
    docs: 'https://api-docs.deepseek.com/',
  },
  {
    id: 'deepseek-anthropic', name: 'DeepSeek (Anthropic-compatible)', protocol: 'anthropic-messages', baseUrl: 'https://api.deepseek.com/anthropic/v1', auth: 'x-api-key', discovery: 'none', apiKeyEnv: 'DEEPSEEK_API_KEY',
    models: ['deepseek-chat', 'deepseek-reasoner'],
    docs: 'https://api-docs.deepseek.com/guides/anthropic_api',
  },
  {
    id: 'xai', name: 'xAI', protocol: 'openai-chat', baseUrl: 'https://api.x.ai/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'XAI_API_KEY',
    models: ['grok-4', 'grok-3', 'grok-3-mini'],
    docs: 'https://docs.x.ai/docs/api-reference',
  },
  {
    id: 'openrouter', name: 'OpenRouter', protocol: 'openai-chat', baseUrl: 'https://openrouter.ai/api/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'OPENROUTER_API_KEY',
    // OpenRouter's app attribution headers (optional, shown on its leaderboard).
    headers: { 'HTTP-Referer': 'https://github.com/switchyard', 'X-Title': 'Switchyard' },
    models: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4', 'google/gemini-2.5-flash', 'deepseek/deepseek-chat-v3-0324', 'meta-llama/llama-3.3-70b-instruct'],
    docs: 'https://openrouter.ai/docs/api-reference/overview',
  },
  {
    id: 'together', name: 'Together AI', protocol: 'openai-chat', baseUrl: 'https://api.together.xyz/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'TOGETHER_API_KEY',
    models: ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'deepseek-ai/DeepSeek-V3', 'deepseek-ai/DeepSeek-R1', 'Qwen/Qwen2.5-Coder-32B-Instruct', 'moonshotai/Kimi-K2-Instruct'],
    docs: 'https://docs.together.ai/docs/openai-api-compatibility',
  },
  {
    id: 'fireworks', name: 'Fireworks AI', protocol: 'openai-chat', baseUrl: 'https://api.fireworks.ai/inference/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'FIREWORKS_API_KEY',
    models: ['accounts/fireworks/models/llama-v3p3-70b-instruct', 'accounts/fireworks/models/deepseek-v3', 'accounts/fireworks/models/deepseek-r1', 'accounts/fireworks/models/qwen3-235b-a22b', 'accounts/fireworks/models/kimi-k2-instruct'],
    docs: 'https://docs.fireworks.ai/tools-sdks/openai-compatibility',
  },
  {
    id: 'cerebras', name: 'Cerebras', protocol: 'openai-chat', baseUrl: 'https://api.cerebras.ai/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'CEREBRAS_API_KEY',
    models: ['llama3.1-8b', 'llama-3.3-70b', 'qwen-3-32b', 'llama-4-scout-17b-16e-instruct'],
    docs: 'https://inference-docs.cerebras.ai/resources/openai',
  },
  {
    id: 'sambanova', name: 'SambaNova', protocol: 'openai-chat', baseUrl: 'https://api.sambanova.ai/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'SAMBANOVA_API_KEY',
    models: ['Meta-Llama-3.3-70B-Instruct', 'Meta-Llama-3.1-8B-Instruct', 'DeepSeek-R1', 'DeepSeek-V3-0324', 'Llama-4-Maverick-17B-128E-Instruct'],
    docs: 'https://docs.sambanova.ai/cloud/docs/capabilities/openai-compatibility',
  },
  {
    id: 'deepinfra', name: 'DeepInfra', protocol: 'openai-chat', baseUrl: 'https://api.deepinfra.com/v1/openai', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'DEEPINFRA_API_KEY',
    models: ['meta-llama/Llama-3.3-70B-Instruct', 'deepseek-ai/DeepSeek-V3', 'deepseek-ai/DeepSeek-R1', 'Qwen/Qwen2.5-72B-Instruct'],
    docs: 'https://deepinfra.com/docs/openai_api',
  },
  {
    // Chat Completions at the root, no /v1; no model-list endpoint.
    id: 'perplexity', name: 'Perplexity', protocol: 'openai-chat', baseUrl: 'https://api.perplexity.ai', auth: 'bearer', discovery: 'none', apiKeyEnv: 'PERPLEXITY_API_KEY',
    models: ['sonar', 'sonar-pro', 'sonar-reasoning', 'sonar-reasoning-pro', 'sonar-deep-research'],
    docs: 'https://docs.perplexity.ai/api-reference/chat-completions-post',
  },
  {
    // Cohere's Compatibility API (its native v2 chat has another shape).
    id: 'cohere', name: 'Cohere (OpenAI-compatible)', protocol: 'openai-chat', baseUrl: 'https://api.cohere.ai/compatibility/v1', auth: 'bearer', discovery: 'none', apiKeyEnv: 'COHERE_API_KEY',
    models: ['command-a-03-2025', 'command-r-plus-08-2024', 'command-r-08-2024', 'command-r7b-12-2024'],
    docs: 'https://docs.cohere.com/docs/compatibility-api',
  },
  {
    id: 'moonshot', name: 'Moonshot AI (Kimi)', protocol: 'openai-chat', baseUrl: 'https://api.moonshot.ai/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'MOONSHOT_API_KEY',
    models: ['kimi-k2-0711-preview', 'kimi-latest', 'moonshot-v1-8k', 'moonshot-v1-32k', 'moonshot-v1-128k'],
    docs: 'https://platform.moonshot.ai/docs/api/chat',
  },
  {
    id: 'moonshot-cn', name: 'Moonshot AI (Kimi, China)', protocol: 'openai-chat', baseUrl: 'https://api.moonshot.cn/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'MOONSHOT_API_KEY',
    models: ['kimi-k2-0711-preview', 'kimi-latest', 'moonshot-v1-8k', 'moonshot-v1-32k', 'moonshot-v1-128k'],
    docs: 'https://platform.moonshot.cn/docs/api/chat',
  },
  {
    id: 'moonshot-anthropic', name: 'Moonshot AI (Kimi, Anthropic-compatible)', protocol: 'anthropic-messages', baseUrl: 'https://api.moonshot.ai/anthropic/v1', auth: 'x-api-key', discovery: 'none', apiKeyEnv: 'MOONSHOT_API_KEY',
    models: ['kimi-k2-0711-preview'],
    docs: 'https://platform.moonshot.ai/docs/guide/agent-support',
  },
  {
    id: 'qwen', name: 'Qwen (Alibaba DashScope, international)', protocol: 'openai-chat', baseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'DASHSCOPE_API_KEY',
    models: ['qwen-max', 'qwen-plus', 'qwen-turbo', 'qwen3-coder-plus', 'qwq-plus'],
    docs: 'https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope',
  },
  {
    id: 'qwen-cn', name: 'Qwen (Alibaba DashScope, China)', protocol: 'openai-chat', baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'DASHSCOPE_API_KEY',
    models: ['qwen-max', 'qwen-plus', 'qwen-turbo', 'qwen3-coder-plus', 'qwq-plus'],
    docs: 'https://help.aliyun.com/zh/model-studio/compatibility-of-openai-with-dashscope',
  },
  {
    id: 'zhipu', name: 'Zhipu AI (GLM, BigModel)', protocol: 'openai-chat', baseUrl: 'https://open.bigmodel.cn/api/paas/v4', auth: 'bearer', discovery: 'none', apiKeyEnv: 'ZHIPU_API_KEY',
    models: ['glm-4.5', 'glm-4.5-air', 'glm-4-plus', 'glm-4-flash'],
    docs: 'https://docs.bigmodel.cn/api-reference',
  },
  {
    id: 'zai', name: 'Z.ai (GLM, international)', protocol: 'openai-chat', baseUrl: 'https://api.z.ai/api/paas/v4', auth: 'bearer', discovery: 'none', apiKeyEnv: 'ZAI_API_KEY',
    models: ['glm-4.5', 'glm-4.5-air', 'glm-4.5-flash'],
    docs: 'https://docs.z.ai/api-reference/introduction',
  },
  {
    id: 'zai-anthropic', name: 'Z.ai (GLM, Anthropic-compatible)', protocol: 'anthropic-messages', baseUrl: 'https://api.z.ai/api/anthropic/v1', auth: 'x-api-key', discovery: 'none', apiKeyEnv: 'ZAI_API_KEY',
    models: ['glm-4.5', 'glm-4.5-air'],
    docs: 'https://docs.z.ai/scenario-example/develop-tools/claude',
  },
  {
    id: 'minimax', name: 'MiniMax', protocol: 'openai-chat', baseUrl: 'https://api.minimax.io/v1', auth: 'bearer', discovery: 'none', apiKeyEnv: 'MINIMAX_API_KEY',
    models: ['MiniMax-M1', 'MiniMax-Text-01'],
    docs: 'https://www.minimax.io/platform/document/ChatCompletion',
  },
  {
    id: 'minimax-cn', name: 'MiniMax (China)', protocol: 'openai-chat', baseUrl: 'https://api.minimaxi.com/v1', auth: 'bearer', discovery: 'none', apiKeyEnv: 'MINIMAX_API_KEY',
    models: ['MiniMax-M1', 'MiniMax-Text-01'],
    docs: 'https://platform.minimaxi.com/document/ChatCompletion',
  },
  {
    id: 'siliconflow', name: 'SiliconFlow', protocol: 'openai-chat', baseUrl: 'https://api.siliconflow.com/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'SILICONFLOW_API_KEY',
    models: ['deepseek-ai/DeepSeek-V3', 'deepseek-ai/DeepSeek-R1', 'Qwen/Qwen3-235B-A22B', 'moonshotai/Kimi-K2-Instruct', 'THUDM/GLM-4.1V-9B-Thinking'],
    docs: 'https://docs.siliconflow.com/en/api-reference/chat-completions/chat-completions',
  },
  {
    id: 'siliconflow-cn', name: 'SiliconFlow (China)', protocol: 'openai-chat', baseUrl: 'https://api.siliconflow.cn/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'SILICONFLOW_API_KEY',
    models: ['deepseek-ai/DeepSeek-V3', 'deepseek-ai/DeepSeek-R1', 'Qwen/Qwen3-235B-A22B', 'moonshotai/Kimi-K2-Instruct'],
    docs: 'https://docs.siliconflow.cn/cn/api-reference/chat-completions/chat-completions',
  },
  {
    id: 'volcengine', name: 'Volcengine Ark (Doubao)', protocol: 'openai-chat', baseUrl: 'https://ark.cn-beijing.volces.com/api/v3', auth: 'bearer', discovery: 'none', apiKeyEnv: 'ARK_API_KEY',
    models: ['doubao-seed-1-6-250615', 'doubao-seed-1-6-thinking-250715', 'doubao-1-5-pro-32k-250115', 'deepseek-v3-250324', 'deepseek-r1-250528'],
    docs: 'https://www.volcengine.com/docs/82379/1330626',
  },
  {
    id: 'nvidia', name: 'NVIDIA NIM', protocol: 'openai-chat', baseUrl: 'https://integrate.api.nvidia.com/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'NVIDIA_API_KEY',
    models: ['meta/llama-3.3-70b-instruct', 'nvidia/llama-3.1-nemotron-ultra-253b-v1', 'deepseek-ai/deepseek-r1', 'qwen/qwen3-235b-a22b'],
    docs: 'https://docs.api.nvidia.com/nim/reference/llm-apis',
  },
  {
    // Account-scoped URL: set `accountId` on the provider.
    id: 'cloudflare', name: 'Cloudflare Workers AI', protocol: 'openai-chat', baseUrl: 'https://api.cloudflare.com/client/v4/accounts/{accountId}/ai/v1', auth: 'bearer', discovery: 'none', apiKeyEnv: 'CLOUDFLARE_API_TOKEN',
    models: ['@cf/meta/llama-3.3-70b-instruct-fp8-fast', '@cf/meta/llama-3.1-8b-instruct', '@cf/qwen/qwq-32b', '@cf/deepseek-ai/deepseek-r1-distill-qwen-32b'],
    docs: 'https://developers.cloudflare.com/workers-ai/configuration/open-ai-compatibility/',
  },
  {
    id: 'nebius', name: 'Nebius AI Studio', protocol: 'openai-chat', baseUrl: 'https://api.studio.nebius.com/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'NEBIUS_API_KEY',
    models: ['meta-llama/Llama-3.3-70B-Instruct', 'deepseek-ai/DeepSeek-V3', 'deepseek-ai/DeepSeek-R1', 'Qwen/Qwen3-235B-A22B'],
    docs: 'https://docs.nebius.com/studio/inference/api',
  },
  {
    id: 'hyperbolic', name: 'Hyperbolic', protocol: 'openai-chat', baseUrl: 'https://api.hyperbolic.xyz/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'HYPERBOLIC_API_KEY',
    models: ['meta-llama/Llama-3.3-70B-Instruct', 'deepseek-ai/DeepSeek-V3', 'deepseek-ai/DeepSeek-R1', 'Qwen/Qwen2.5-Coder-32B-Instruct'],
    docs: 'https://docs.hyperbolic.xyz/docs/rest-api',
  },
  {
    id: 'chutes', name: 'Chutes', protocol: 'openai-chat', baseUrl: 'https://llm.chutes.ai/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'CHUTES_API_KEY',
    models: ['deepseek-ai/DeepSeek-V3-0324', 'deepseek-ai/DeepSeek-R1', 'Qwen/Qwen3-235B-A22B', 'moonshotai/Kimi-K2-Instruct'],
    docs: 'https://chutes.ai/docs',
  },
  {
    id: 'scaleway', name: 'Scaleway Generative APIs', protocol: 'openai-chat', baseUrl: 'https://api.scaleway.ai/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'SCW_SECRET_KEY',
    models: ['llama-3.3-70b-instruct', 'mistral-small-3.1-24b-instruct-2503', 'deepseek-r1-distill-llama-70b', 'qwen2.5-coder-32b-instruct'],
    docs: 'https://www.scaleway.com/en/docs/generative-apis/',
  },
  {
    id: 'github-models', name: 'GitHub Models', protocol: 'openai-chat', baseUrl: 'https://models.github.ai/inference', auth: 'bearer', discovery: 'none', apiKeyEnv: 'GITHUB_TOKEN',
    models: ['openai/gpt-4.1', 'openai/gpt-4o-mini', 'meta/Llama-3.3-70B-Instruct', 'deepseek/DeepSeek-V3-0324'],
    docs: 'https://docs.github.com/en/rest/models/inference',
  },
  {
    id: 'huggingface', name: 'Hugging Face Inference Providers', protocol: 'openai-chat', baseUrl: 'https://router.huggingface.co/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'HF_TOKEN',
    models: ['meta-llama/Llama-3.3-70B-Instruct', 'deepseek-ai/DeepSeek-V3-0324', 'Qwen/Qwen3-235B-A22B'],
    docs: 'https://huggingface.co/docs/inference-providers/index',
  },
  {
    id: 'novita', name: 'Novita AI', protocol: 'openai-chat', baseUrl: 'https://api.novita.ai/v3/openai', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'NOVITA_API_KEY',
    models: ['deepseek/deepseek-v3-0324', 'deepseek/deepseek-r1', 'meta-llama/llama-3.3-70b-instruct', 'qwen/qwen3-235b-a22b-fp8'],
    docs: 'https://novita.ai/docs/guides/llm-api',
  },
  {
    id: 'lambda', name: 'Lambda Inference', protocol: 'openai-chat', baseUrl: 'https://api.lambda.ai/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'LAMBDA_API_KEY',
    models: ['llama3.3-70b-instruct-fp8', 'deepseek-v3-0324', 'deepseek-r1-0528', 'qwen3-32b-fp8'],
    docs: 'https://docs.lambda.ai/public-cloud/lambda-inference-api/',
  },
  {
    id: 'featherless', name: 'Featherless AI', protocol: 'openai-chat', baseUrl: 'https://api.featherless.ai/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'FEATHERLESS_API_KEY',
    models: ['meta-llama/Meta-Llama-3.1-8B-Instruct', 'Qwen/Qwen2.5-72B-Instruct'],
    docs: 'https://featherless.ai/docs/api-overview-and-common-options',
  },
  {
    id: 'stepfun', name: 'StepFun', protocol: 'openai-chat', baseUrl: 'https://api.stepfun.com/v1', auth: 'bearer', discovery: 'openai', apiKeyEnv: 'STEPFUN_API_KEY',
    models: ['step-2-16k', 'step-1-8k', 'step-1-32k'],
    docs: 'https://platform.stepfun.com/docs/llm/text',
  },

  // ── Local servers: OpenAI-compatible, no key ────────────────────────────
  {
    id: 'ollama', name: 'Ollama', protocol: 'openai-chat', baseUrl: 'http://127.0.0.1:11434/v1', auth: 'none', discovery: 'ollama',
    models: [],
    docs: 'https://github.com/ollama/ollama/blob/main/docs/openai.md',
  },
  {
    id: 'lmstudio', name: 'LM Studio', protocol: 'openai-chat', baseUrl: 'http://127.0.0.1:1234/v1', auth: 'none', discovery: 'openai',
    models: [],
    docs: 'https://lmstudio.ai/docs/app/api/endpoints/openai',
  },
  {
    // vLLM takes an optional --api-key; a configured key is sent as Bearer.
    id: 'vllm', name: 'vLLM', protocol: 'openai-chat', baseUrl: 'http://127.0.0.1:8000/v1', auth: 'bearer', discovery: 'openai',
    models: [],
    docs: 'https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html',
  },
  {
    id: 'llamacpp', name: 'llama.cpp server', protocol: 'openai-chat', baseUrl: 'http://127.0.0.1:8080/v1', auth: 'bearer', discovery: 'openai',
    models: [],
    docs: 'https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md',
  },

  // ── Custom endpoints: bring a base URL ───────────────────────────────────
  {
    id: 'openai-compatible', name: 'Custom OpenAI-compatible endpoint', protocol: 'openai-chat', baseUrl: null, auth: 'bearer', discovery: 'openai',
    models: [],
    docs: 'https://platform.openai.com/docs/api-reference/chat',
  },
  {
    id: 'anthropic-compatible', name: 'Custom Anthropic-compatible endpoint', protocol: 'anthropic-messages', baseUrl: null, auth: 'x-api-key', discovery: 'none',
    models: [],
    docs: 'https://docs.anthropic.com/en/api/messages',
  },
] as const satisfies readonly PresetSpec[];

export type PresetId = (typeof presetList)[number]['id'];

const byId = new Map<string, PresetSpec>(presetList.map((preset) => [preset.id, preset]));

export function findPreset(id: string): PresetSpec | undefined {
  return byId.get(id);
}

export function isPresetId(id: string): id is PresetId {
  return byId.has(id);
}
