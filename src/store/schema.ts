import type { Generated } from 'kysely';

/**
 * Table types for Kysely. Times are epoch milliseconds; booleans are 0/1
 * integers so the same queries run on SQLite and PostgreSQL.
 */
export interface ProvidersTable {
  id: string;
  name: string;
  protocol: string;
  base_url: string;
  headers_json: string;
  models_json: string;
  enabled: number;
  created_at: number;
  updated_at: number;
  group_id: string | null;
  /** JSON: model → { input, output, cacheRead?, cacheWrite? } in USD per million tokens. */
  prices_json: string | null;
}

export interface CredentialsTable {
  id: string;
  provider_id: string;
  label: string;
  /** Envelope-encrypted secret (secrets/envelope.ts). */
  secret: string;
  /** Last characters of the secret, for listings. */
  hint: string;
  enabled: number;
  created_at: number;
  group_id: string | null;
}

export interface ModelAliasesTable {
  name: string;
  target: string;
  created_at: number;
  group_id: string | null;
}

export interface GatewayKeysTable {
  id: string;
  name: string;
  /** SHA-256 of the key, hex. The key itself is never stored. */
  key_hash: string;
  /** The first characters of the key, for listings. */
  prefix: string;
  enabled: number;
  created_at: number;
  expires_at: number | null;
  group_id: string | null;
  plan_id: string | null;
  default_model: string | null;
  /** JSON array of model patterns ("claude-*"); null or [] allows every model. */
  allowed_models_json: string | null;
  system_prompt: string | null;
  /** JSON object of free-form metadata. */
  metadata_json: string | null;
  /** JSON array of tags. */
  tags_json: string | null;
  updated_at: number | null;
}

export interface GroupsTable {
  id: string;
  name: string;
  default_plan_id: string | null;
  created_at: number;
}

export interface PlansTable {
  id: string;
  name: string;
  spend_limit_micros: number | null;
  token_limit: number | null;
  rpm: number | null;
  tpm: number | null;
  concurrency: number | null;
  requests_per_hour: number | null;
  requests_per_day: number | null;
  max_input_tokens: number | null;
  max_output_tokens: number | null;
  /** daily | weekly | monthly | total */
  reset_period: string;
  allowed_models_json: string;
  alert_threshold_percent: number | null;
  hard_cutoff: number;
  created_at: number;
  updated_at: number;
}

export interface ChainsTable {
  name: string;
  group_id: string | null;
  strategy: string;
  steps_json: string;
  affinity: number;
  created_at: number;
}

export interface UsageTable {
  id: string;
  created_at: number;
  key_id: string | null;
  provider: string;
  model: string;
  requested_model: string;
  credential_id: string | null;
  client_protocol: string;
  upstream_protocol: string;
  stream: number;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cost_micros: number;
  latency_ms: number;
  ttft_ms: number | null;
  status: number;
  error_code: string | null;
  group_id: string | null;
}

export interface SettingsTable {
  name: string;
  value: string;
}

export interface KyselyMigrationRow {
  name: Generated<string>;
}

export interface Database {
  providers: ProvidersTable;
  credentials: CredentialsTable;
  model_aliases: ModelAliasesTable;
  gateway_keys: GatewayKeysTable;
  usage: UsageTable;
  settings: SettingsTable;
  groups: GroupsTable;
  plans: PlansTable;
  chains: ChainsTable;
}
