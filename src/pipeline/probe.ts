import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Cancellation } from '../core/cancellation.js';
import type { AttemptFailure, GatewayError } from '../core/errors.js';
import type { Provider } from '../providers/provider.js';
import { resolveRoute, type RoutedCandidate } from '../routing/resolve.js';
import { CapturedResponse } from './captured-response.js';
import { probeBody } from './probe-body.js';
import { proxyRequest, type ProxyDependencies } from './proxy.js';
import type { UsageRecord } from './usage-record.js';

/**
 * Probes: a minimal real request through the real pipeline (the same
 * candidate loop, timeouts, health reporting and metering as client
 * traffic), answering "does this work right now, and how fast".
 * - A credential probe tries one provider/model/credential, ignoring its
 *   circuit (that is what a probe is for) but reporting into it, so a
 *   passing probe closes an open circuit.
 * - A route probe asks for a route name (alias, chain, provider/model) as a
 *   client would, failover included.
 */
export interface ProbeResult {
  /** The model name probed ("provider/model", an alias or a chain). */
  target: string;
  ok: boolean;
  status: number;
  latencyMs: number;
  /** Who answered (or, on failure, the last candidate tried). */
  provider?: string;
  model?: string;
  credential?: string | null;
  error?: { code: string; message: string; attempts: AttemptFailure[] };
}

async function run(deps: ProxyDependencies, options: { target: string; candidates: RoutedCandidate[]; pinned: boolean }): Promise<ProbeResult> {
  const first = options.candidates[0];
  if (first === undefined) return { target: options.target, ok: false, status: 404, latencyMs: 0, error: { code: 'SY_MODEL_NOT_FOUND', message: 'nothing to probe', attempts: [] } };
  const response = new CapturedResponse();
  let record: UsageRecord | undefined;
  let failure: GatewayError | undefined;
  const startedAt = performance.now();
  await proxyRequest(
    { ...deps, usage: { record: (usage) => ((record = usage), deps.usage.record(usage)) } },
    {
      requestId: `probe-${randomUUID()}`,
      clientProtocol: first.provider.protocol,
      body: probeBody(first.provider.protocol, first.model),
      requestedModel: options.target,
      stream: false,
      keyId: null,
      clientHeaders: {},
      response: response.asServerResponse(),
      signal: new Cancellation(),
      startedAt,
      ...(options.pinned ? { pinned: { candidates: options.candidates, ignoreCircuit: true, retries: 0 } } : {}),
      onFailure: (error) => (failure = error),
    },
  );
  const status = response.statusCode;
  const result: ProbeResult = { target: options.target, ok: status >= 200 && status < 300, status, latencyMs: Math.round(performance.now() - startedAt) };
  if (record !== undefined && record.provider !== '') {
    result.provider = record.provider;
    result.model = record.model;
    result.credential = record.credentialId;
  }
  if (!result.ok) {
    result.error = failure === undefined
      ? { code: 'SY_UPSTREAM_ERROR', message: response.text().slice(0, 500), attempts: [] }
      : { code: failure.code, message: failure.message, attempts: failure.attempts };
  }
  return result;
}

/** One probe per credential of a provider (on `model`, default its first listed model). */
export async function probeProvider(deps: ProxyDependencies, provider: Provider, model?: string): Promise<ProbeResult[]> {
  const probedModel = model ?? provider.models[0];
  const target = `${provider.id}/${probedModel ?? ''}`;
  if (probedModel === undefined) {
    return [{ target, ok: false, status: 400, latencyMs: 0, error: { code: 'SY_BAD_REQUEST', message: `provider ${provider.id} lists no model; name one to probe`, attempts: [] } }];
  }
  const credentials = provider.credentials.length === 0 ? [undefined] : provider.credentials;
  const results: ProbeResult[] = [];
  for (const credential of credentials) {
    results.push(await run(deps, { target, pinned: true, candidates: [{ provider, model: probedModel, credential, step: 0, tier: 0, weight: 1 }] }));
  }
  return results;
}

/** Every enabled route a client can name: aliases, chains, and each enabled provider's first model. */
export function enabledRoutes(deps: ProxyDependencies): string[] {
  const table = deps.snapshot.current();
  const routes = [...table.aliases.keys(), ...[...table.chains.keys()].map((name) => `chain:${name}`)];
  for (const provider of table.providers.values()) {
    if (provider.enabled && provider.models[0] !== undefined) routes.push(`${provider.id}/${provider.models[0]}`);
  }
  return routes;
}

/** Probes each route end to end as a client would (routing, strategy, failover), a few at a time. */
export async function probeRoutes(deps: ProxyDependencies, options: { concurrency?: number } = {}): Promise<ProbeResult[]> {
  const routes = enabledRoutes(deps);
  const results: ProbeResult[] = new Array<ProbeResult>(routes.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < routes.length) {
      const index = next;
      next += 1;
      const target = routes[index] ?? '';
      let candidates: RoutedCandidate[];
      try {
        candidates = [...resolveRoute(deps.snapshot.current(), target).candidates];
      } catch (error) {
        results[index] = { target, ok: false, status: 404, latencyMs: 0, error: { code: 'SY_MODEL_NOT_FOUND', message: (error as Error).message, attempts: [] } };
        continue;
      }
      results[index] = await run(deps, { target, candidates, pinned: false });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return results;
}
