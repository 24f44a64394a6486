import { randomId } from '../../core/ids.js';
import type { Usage } from '../../core/usage.js';
import type { OutputItem, ResponseObject, ResponseStatus, ResponseUsage } from './types.js';

/**
 * A response id the client can use as previous_response_id: upstream resp_
 * ids kept, others prefixed, and a random one when the upstream gave none
 * (it keys the gateway's response store, so it must not collide).
 */
export function responseIdFor(id: string | undefined): string {
  if (id?.startsWith('resp_') === true) return id;
  const clean = (id ?? '').replace(/[^a-zA-Z0-9]/g, '');
  return clean === '' ? randomId('resp_') : `resp_${clean}`;
}

function encodeUsage(usage: Usage): ResponseUsage {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cacheReadTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/**
 * A whole response object. The fields that echo request settings (tools,
 * temperature, …) are required by the API reference and the SDK types; a
 * translated answer does not see the request, so they carry the API's
 * defaults rather than the client's values.
 */
export function responseObject(options: {
  id: string;
  model: string;
  createdAt: number;
  status: ResponseStatus;
  output: OutputItem[];
  usage: Usage | undefined;
  incompleteReason?: string;
  error?: { code: string; message: string };
}): ResponseObject {
  return {
    id: options.id,
    object: 'response',
    created_at: options.createdAt,
    status: options.status,
    background: false,
    error: options.error ?? null,
    incomplete_details: options.incompleteReason === undefined ? null : { reason: options.incompleteReason },
    instructions: null,
    max_output_tokens: null,
    model: options.model,
    output: options.output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: true,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage: options.usage === undefined ? null : encodeUsage(options.usage),
    user: null,
    metadata: {},
  };
}
