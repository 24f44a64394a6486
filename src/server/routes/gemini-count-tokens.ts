import type { CancelSignal } from '../../core/cancellation.js';
import { GatewayError } from '../../core/errors.js';
import { estimateGeminiPromptTokens } from '../../protocols/gemini/count-tokens.js';
import { isRetryableStatus, upstreamUrl } from '../../pipeline/upstream-attempt.js';
import { authHeaders, authSchemeOf } from '../../providers/auth.js';
import { resolveModel } from '../../routing/resolve.js';
import type { AppDependencies } from '../app.js';
import { asObject } from '../../core/json.js';

export interface CountTokensAnswer {
  status: number;
  /** JSON text, passed through as the upstream wrote it. */
  body: string;
}


/**
 * models/{model}:countTokens. When the model routes to a Gemini provider the
 * request is forwarded there (Google counts exactly, images and all); a
 * model served by another protocol, or Gemini providers that are all down
 * or rate-limited, get an o200k estimate. The body is {contents} or
 * {generateContentRequest: {model, contents, …}}.
 */
export async function countGeminiTokens(options: {
  deps: AppDependencies;
  model: string;
  body: Record<string, unknown>;
  signal: CancelSignal;
}): Promise<CountTokensAnswer> {
  const { deps, model, body } = options;
  const candidates = resolveModel(deps.state.current(), model);
  const nested = asObject(body.generateContentRequest);
  for (const candidate of candidates.filter((entry) => entry.provider.protocol === 'gemini')) {
    const upstreamBody = nested === undefined ? body : { ...body, generateContentRequest: { ...nested, model: `models/${candidate.model}` } };
    const url = upstreamUrl(candidate.provider.baseUrl, { path: `/models/${candidate.model}:countTokens`, body: upstreamBody });
    const headers: Record<string, string> = { 'content-type': 'application/json', ...candidate.provider.headers, ...authHeaders(authSchemeOf(candidate.provider), candidate.credential) };
    try {
      const response = await options.deps.upstream.request({ url, headers, body: JSON.stringify(upstreamBody), signal: options.signal });
      const text = await response.body.text();
      // Rate-limited or down: the next Gemini candidate, and in the end the estimate.
      if (isRetryableStatus(response.statusCode)) continue;
      return { status: response.statusCode, body: text };
    } catch {
      if (options.signal.aborted) throw new GatewayError({ code: 'SY_BAD_REQUEST', status: 499, message: 'client closed the request' });
    }
  }
  const codec = options.deps.protocols.gemini?.codec;
  if (codec === undefined) throw new GatewayError({ code: 'SY_UNSUPPORTED', status: 501, message: 'The Gemini codec is not available.' });
  const request = codec.decodeRequest(nested ?? body, { model });
  return { status: 200, body: JSON.stringify({ totalTokens: await estimateGeminiPromptTokens(request) }) };
}
