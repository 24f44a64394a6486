import type { IncomingHttpHeaders } from 'node:http';
import type { CancelSignal } from '../core/cancellation.js';
import type { ProtocolId } from '../core/protocol.js';
import type { ChatRequest } from '../core/request.js';
import type { ProtocolDefinition } from '../protocols/codec.js';
import type { UpstreamClient } from '../providers/upstream-client.js';
import { resolveModel } from '../routing/resolve.js';
import { estimateInputTokens, estimateTokenizer } from './estimate-tokens.js';
import type { SnapshotSource } from './snapshot.js';
import { isRetryableStatus, upstreamHeaders, upstreamUrl } from './upstream-attempt.js';

export interface CountTokensDependencies {
  snapshot: SnapshotSource;
  protocols: Partial<Record<ProtocolId, ProtocolDefinition>>;
  upstream: UpstreamClient;
}

export interface CountTokensInput {
  protocol: ProtocolId;
  body: Record<string, unknown>;
  requestedModel: string;
  clientHeaders: IncomingHttpHeaders;
  /** The decoded request, for the estimate when no upstream can count. */
  canonical(): ChatRequest;
  /** The upstream path of the protocol's own counting endpoint, relative to the base URL. */
  upstreamPath: string;
  signal?: CancelSignal;
}

export interface CountTokensResult {
  status: number;
  /** The upstream's JSON text, or undefined when the gateway estimated. */
  upstreamText?: string;
  inputTokens?: number;
  /** Set when the count is the gateway's own estimate, naming the tokenizer. */
  estimatedWith?: string;
}

/**
 * Token counting (Anthropic /v1/messages/count_tokens, which Claude Code
 * calls): when the model routes to a provider of the same protocol, its own
 * counting endpoint answers (model rewritten, nothing else touched);
 * otherwise — or when every such provider failed to answer — the gateway
 * estimates with gpt-tokenizer over the decoded request.
 */
export async function countTokens(deps: CountTokensDependencies, input: CountTokensInput): Promise<CountTokensResult> {
  const candidates = resolveModel(deps.snapshot.current(), input.requestedModel).filter((candidate) => candidate.provider.protocol === input.protocol);
  for (const candidate of candidates) {
    const definition = deps.protocols[candidate.provider.protocol];
    if (definition === undefined) continue;
    const request = { path: input.upstreamPath, body: { ...input.body, model: candidate.model } };
    try {
      const response = await deps.upstream.request({
        url: upstreamUrl(candidate.provider.baseUrl, request),
        headers: upstreamHeaders({
          candidate,
          protocol: candidate.provider.protocol,
          definition,
          clientHeaders: input.clientHeaders,
          forwardClientHeaders: true,
          // The protocol's default headers (anthropic-version) as its passthrough would send them.
          request: { ...request, headers: definition.passthrough.prepare({}, { model: candidate.model, stream: false }).headers ?? {} },
          stream: false,
        }),
        body: JSON.stringify(request.body),
        ...(input.signal === undefined ? {} : { signal: input.signal }),
      });
      const text = await response.body.text();
      if (isRetryableStatus(response.statusCode)) continue;
      return { status: response.statusCode, upstreamText: text };
    } catch {
      // Unreachable or timed out: the next candidate, and in the end the estimate.
    }
  }
  return { status: 200, inputTokens: await estimateInputTokens(input.canonical()), estimatedWith: estimateTokenizer };
}
