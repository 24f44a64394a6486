import { mkdirSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config/load.js';
import { probeProvider, probeRoutes, type ProbeResult } from '../pipeline/probe.js';
import type { ProxyDependencies } from '../pipeline/proxy.js';
import { protocols } from '../protocols/registry.js';
import { createUpstreamClient } from '../providers/upstream-client.js';
import { createSecretBox } from '../secrets/envelope.js';
import { loadMasterKey } from '../secrets/master-key.js';
import { createRouting } from '../server/routing.js';
import { buildSnapshot } from '../server/state.js';
import { openDatabase } from '../store/database.js';

function line(result: ProbeResult): string {
  const who = result.provider === undefined ? '' : ` via ${result.provider}/${result.model ?? ''}${result.credential ? ` (${result.credential})` : ''}`;
  if (result.ok) return `ok    ${result.target}${who}  ${result.status}  ${result.latencyMs} ms`;
  const attempts = (result.error?.attempts ?? []).map((attempt) => `\n        - ${attempt.provider}/${attempt.model}${attempt.credential ? ` (${attempt.credential})` : ''}: ${attempt.message}`).join('');
  return `FAIL  ${result.target}${who}  ${result.status}  ${result.latencyMs} ms  ${result.error?.code ?? ''}: ${result.error?.message ?? ''}${attempts}`;
}

/**
 * `switchyard probe [provider] [--model M]`: runs the probes in this process
 * against the configured providers (configuration file and store), prints
 * one line per probe, and exits non-zero when any failed. Health learned
 * here stays in this process; a running server learns its own.
 */
export async function runProbeCommand(options: { file?: string; dataDir?: string; provider?: string; model?: string }): Promise<boolean> {
  const config = loadConfig({ ...(options.file === undefined ? {} : { file: options.file }), ...(options.dataDir === undefined ? {} : { overrides: { dataDir: options.dataDir } }) });
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const master = loadMasterKey({ dataDir: config.dataDir, ...(config.masterKey === undefined ? {} : { configured: config.masterKey }) });
  const db = await openDatabase({ dataDir: config.dataDir, ...(config.databaseUrl === undefined ? {} : { url: config.databaseUrl }) });
  const upstream = createUpstreamClient({ connectMs: config.upstreamConnectTimeoutMs, headersMs: config.upstreamHeadersTimeoutMs, bodyMs: config.upstreamBodyTimeoutMs });
  try {
    const snapshot = await buildSnapshot({ config, db, box: createSecretBox(master.key) });
    const deps: ProxyDependencies = {
      snapshot: { current: () => snapshot },
      protocols,
      upstream,
      // Probes from the CLI are not metered: there is no running queue to flush into.
      usage: { record: () => undefined },
      ...createRouting(config.routing),
    };
    let results: ProbeResult[];
    if (options.provider !== undefined) {
      const provider = snapshot.providers.get(options.provider);
      if (provider === undefined) throw new ConfigError(`no provider "${options.provider}" (known: ${[...snapshot.providers.keys()].join(', ') || 'none'})`);
      results = await probeProvider(deps, provider, options.model);
    } else {
      results = await probeRoutes(deps);
    }
    for (const result of results) process.stdout.write(`${line(result)}\n`);
    if (results.length === 0) process.stdout.write('nothing to probe: no enabled provider, alias or chain\n');
    return results.every((result) => result.ok);
  } finally {
    await upstream.close();
    await db.destroy();
  }
}
