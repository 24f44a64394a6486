import type { UsageRecord } from '../pipeline/usage-record.js';
import type { Db } from '../store/database.js';
import { insertUsageBatch, type UsageRow } from '../store/repositories/usage.js';

function toRow(record: UsageRecord): UsageRow {
  return {
    id: record.requestId,
    created_at: record.at,
    key_id: record.keyId,
    provider: record.provider,
    model: record.model,
    requested_model: record.requestedModel,
    credential_id: record.credentialId,
    client_protocol: record.clientProtocol,
    upstream_protocol: record.upstreamProtocol,
    stream: record.stream ? 1 : 0,
    input_tokens: record.usage.inputTokens,
    cache_read_tokens: record.usage.cacheReadTokens,
    cache_write_tokens: record.usage.cacheWriteTokens,
    output_tokens: record.usage.outputTokens,
    reasoning_tokens: record.usage.reasoningTokens,
    cost_micros: record.costMicros,
    latency_ms: Math.round(record.latencyMs),
    ttft_ms: record.ttftMs === null ? null : Math.round(record.ttftMs),
    status: record.status,
    error_code: record.errorCode,
    group_id: record.groupId ?? null,
  };
}

export function writeUsageRecords(db: Db, records: UsageRecord[]): Promise<void> {
  return insertUsageBatch(db, records.map(toRow));
}
