import type { AdapterSettings } from './adapter-settings.js';
import type { OutgoingRequest } from './outgoing-request.js';

type VertexSettings = Extract<AdapterSettings, { kind: 'vertex' }>;

/**
 * Vertex AI serves Gemini at
 * https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference);
 * the `global` location has no prefix on the host. The Gemini codec writes
 * AI Studio paths (…/models/{model}:{method}), so the path is re-rooted
 * under the project and location; the query (alt=sse) is kept.
 */
export function vertexUrl(options: { url: string; settings: VertexSettings; gemini: boolean }): string {
  const url = new URL(options.url);
  if (url.hostname.startsWith('global-aiplatform.')) url.hostname = url.hostname.slice('global-'.length);
  if (!options.gemini) return url.toString();
  const at = url.pathname.indexOf('/models/');
  if (at === -1) return url.toString();
  const version = /^\/(v1(?:beta1)?)\//.exec(url.pathname)?.[1] ?? 'v1';
  const { project, location } = options.settings;
  url.pathname = `/${version}/projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(location)}/publishers/google${url.pathname.slice(at)}`;
  return url.toString();
}

export function withBearer(request: OutgoingRequest, token: string): OutgoingRequest {
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
}
