import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../../core/errors.js';
import { estimateGeminiPromptTokens } from '../../protocols/gemini/count-tokens.js';
import { transportError, upstreamUrl } from '../../pipeline/upstream-attempt.js';
import { authHeaders } from '../../providers/auth.js';
import { resolveModel } from '../../routing/resolve.js';
import type { AppDependencies } from '../app.js';

export interface CountTokensAnswer {
  status: number;
  /** JSON text, passed through as the upstream wrote it. */
  body: string;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * models/{model}:countTokens. When the model routes to a Gemini provider the
 * request is forwarded there (Google counts exactly, images and all); a
 * model served by another protocol gets an o200k estimate, since there is
 * no Gemini countTokens to ask. The body is {contents} or
 * {generateContentRequest: {model, contents, …}}.
 */
export async function countGeminiTokens(options: {
  deps: AppDependencies;
  model: string;
  body: Record<string, unknown>;
  signal: AbortSignal;
  clientHeaders: IncomingHttpHeaders;
}): Promise<CountTokensAnswer> {
  const { deps, model, body } = options;
  const candidates = resolveModel(deps.state.current(), model);
  const nested = asRecord(body.generateContentRequest);
  const geminiCandidate = candidates.find((candidate) => candidate.provider.protocol === 'gemini');
  if (geminiCandidate !== undefined) {
    const upstreamBody = nested === undefined ? body : { ...body, generateContentRequest: { ...nested, model: `models/${geminiCandidate.model}` } };
    const url = upstreamUrl(geminiCandidate.provider.baseUrl, { path: `/models/${geminiCandidate.model}:countTokens`, body: upstreamBody });
    const headers: Record<string, string> = { 'content-type': 'application/json', ...geminiCandidate.provider.headers, ...authHeaders('gemini', geminiCandidate.credential) };
    try {
      const response = await options.deps.upstream.request({ url, headers, body: JSON.stringify(upstreamBody), signal: options.signal });
      return { status: response.statusCode, body: await response.body.text() };
    } catch (thrown) {
      throw transportError(thrown);
    }
  }
  const codec = options.deps.protocols.gemini?.codec;
  if (codec === undefined) throw new GatewayError({ code: 'SY_UNSUPPORTED', status: 501, message: 'The Gemini codec is not available.' });
  const request = codec.decodeRequest(nested ?? body, { model });
  return { status: 200, body: JSON.stringify({ totalTokens: estimateGeminiPromptTokens(request) }) };
}
