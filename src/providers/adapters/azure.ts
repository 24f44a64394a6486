import type { AdapterSettings } from './adapter-settings.js';
import type { OutgoingRequest } from './outgoing-request.js';

type AzureSettings = Extract<AdapterSettings, { kind: 'azure' }>;

/**
 * Azure OpenAI's URL schemes
 * (https://learn.microsoft.com/en-us/azure/ai-foundry/openai/reference and
 * …/api-version-lifecycle):
 * - dated api-versions: {resource}.openai.azure.com/openai/deployments/{deployment}/chat/completions?api-version=2024-10-21
 *   (the Responses API is not deployment-scoped: /openai/responses?api-version=…);
 * - the v1 API: {resource}.openai.azure.com/openai/v1/chat/completions, no api-version.
 * The key goes in the `api-key` header (auth scheme 'api-key').
 */
export function azureUrl(options: { url: string; baseUrl: string; settings: AzureSettings; model: string }): string {
  const base = options.baseUrl.replace(/\/+$/, '');
  const rest = options.url.startsWith(base) ? options.url.slice(base.length) : new URL(options.url).pathname;
  if (options.settings.apiVersion === 'v1') {
    return /\/openai\/v1$/.test(base) ? `${base}${rest}` : `${base}/openai/v1${rest}`;
  }
  const root = /\/openai$/.test(base) ? base : `${base}/openai`;
  const isResponses = rest.startsWith('/responses');
  const target = new URL(isResponses ? `${root}${rest}` : `${root}/deployments/${encodeURIComponent(options.settings.deployment ?? options.model)}${rest}`);
  target.searchParams.set('api-version', options.settings.apiVersion);
  return target.toString();
}

export function adaptAzure(request: OutgoingRequest, options: { baseUrl: string; settings: AzureSettings; model: string }): OutgoingRequest {
  return { ...request, url: azureUrl({ url: request.url, ...options }) };
}
