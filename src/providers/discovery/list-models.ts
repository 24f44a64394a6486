import { request as undiciRequest } from 'undici';
import { assertNever } from '../../core/assert-never.js';
import { GatewayError } from '../../core/errors.js';
import { authHeaders, authSchemeOf } from '../auth.js';
import type { DiscoveryKind } from '../catalog/preset-types.js';
import type { Provider } from '../provider.js';

/**
 * A provider's live model list, from its own listing endpoint:
 * - openai:    GET {base}/models → {data: [{id}]} (OpenAI and compatibles, LM Studio, vLLM, llama.cpp)
 * - anthropic: GET {base}/models → {data: [{id}], has_more, last_id}, paged with after_id
 *              (https://docs.anthropic.com/en/api/models-list)
 * - gemini:    GET {base}/models → {models: [{name: "models/…", supportedGenerationMethods}], nextPageToken}
 *              (https://ai.google.dev/api/models#method:-models.list); only models that generateContent
 * - ollama:    GET {host}/api/tags → {models: [{name}]} (https://github.com/ollama/ollama/blob/main/docs/api.md#list-local-models)
 */
const maximumPages = 20;

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** The array a listing must hold; a body without it is a bad answer, not an empty list. */
function list(value: unknown, what: string): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw new GatewayError({ code: 'SY_UPSTREAM_BAD_RESPONSE', status: 502, message: `the model listing has no ${what} array` });
  return value.map(record);
}

async function getJson(url: string, headers: Record<string, string>, timeoutMs: number): Promise<unknown> {
  const response = await undiciRequest(url, { method: 'GET', headers, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const text = await response.body.text();
  if (response.statusCode !== 200) {
    throw new GatewayError({ code: 'SY_UPSTREAM_ERROR', status: 502, message: `listing models at ${url} answered ${response.statusCode}: ${text.slice(0, 200)}` });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GatewayError({ code: 'SY_UPSTREAM_BAD_RESPONSE', status: 502, message: `listing models at ${url} answered with a body that is not JSON` });
  }
}

function requestHeaders(provider: Provider): Record<string, string> {
  return { accept: 'application/json', ...provider.headers, ...authHeaders(authSchemeOf(provider), provider.credentials[0]) };
}

function withQuery(url: string, provider: Provider, query: Record<string, string>): string {
  const target = new URL(url);
  for (const [name, value] of Object.entries(query)) target.searchParams.set(name, value);
  const credential = provider.credentials[0];
  if (authSchemeOf(provider) === 'query-key' && credential !== undefined) target.searchParams.set('key', credential.secret.reveal());
  return target.toString();
}

export async function listProviderModels(provider: Provider, options: { timeoutMs?: number } = {}): Promise<string[]> {
  const kind: DiscoveryKind = provider.discovery ?? 'none';
  const base = provider.baseUrl.replace(/\/+$/, '');
  const headers = requestHeaders(provider);
  const timeoutMs = options.timeoutMs ?? 15_000;
  switch (kind) {
    case 'none':
      return [];
    case 'openai': {
      const body = await getJson(withQuery(`${base}/models`, provider, {}), headers, timeoutMs);
      return list(record(body).data, 'data').flatMap((model) => (typeof model.id === 'string' ? [model.id] : []));
    }
    case 'anthropic': {
      // The listing, like every Anthropic endpoint, wants an API version; the provider's own wins.
      headers['anthropic-version'] ??= '2023-06-01';
      const models: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < maximumPages; page += 1) {
        const body = record(await getJson(withQuery(`${base}/models`, provider, { limit: '1000', ...(after === undefined ? {} : { after_id: after }) }), headers, timeoutMs));
        models.push(...list(body.data, 'data').flatMap((model) => (typeof model.id === 'string' ? [model.id] : [])));
        if (body.has_more !== true || typeof body.last_id !== 'string') break;
        after = body.last_id;
      }
      return models;
    }
    case 'gemini': {
      const models: string[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < maximumPages; page += 1) {
        const body = record(await getJson(withQuery(`${base}/models`, provider, { pageSize: '1000', ...(pageToken === undefined ? {} : { pageToken }) }), headers, timeoutMs));
        for (const model of list(body.models, 'models')) {
          const methods = Array.isArray(model.supportedGenerationMethods) ? model.supportedGenerationMethods : ['generateContent'];
          if (typeof model.name === 'string' && methods.includes('generateContent')) models.push(model.name.replace(/^models\//, ''));
        }
        if (typeof body.nextPageToken !== 'string' || body.nextPageToken === '') break;
        pageToken = body.nextPageToken;
      }
      return models;
    }
    case 'ollama': {
      // Ollama's native API sits at the host root; the preset's base URL is its OpenAI-compatible /v1.
      const root = base.replace(/\/v1$/, '');
      const body = await getJson(`${root}/api/tags`, headers, timeoutMs);
      return list(record(body).models, 'models').flatMap((model) => (typeof model.name === 'string' ? [model.name] : []));
    }
    default:
      return assertNever(kind);
  }
}
