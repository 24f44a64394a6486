import { emptyUsage } from '../../src/core/usage.js';
import type { UsageRecord } from '../../src/pipeline/usage-record.js';

/** A usage record for queue and writer tests: only the id varies. */
export function record(requestId: string): UsageRecord {
  return {
    requestId,
    at: 0,
    keyId: null,
    provider: 'p',
    model: 'm',
    requestedModel: 'm',
    credentialId: null,
    clientProtocol: 'openai-chat',
    upstreamProtocol: 'openai-chat',
    stream: false,
    usage: emptyUsage(),
    costMicros: 0,
    latencyMs: 1,
    ttftMs: null,
    status: 200,
    errorCode: null,
  };
}
