#!/usr/bin/env node
// First, before any other module loads: the V8 heap settings (heap-tuning.ts says why).
import { allowYoungGenerationGrowth } from './heap-tuning.js';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/load.js';
import type { CliFlags } from './admin-commands.js';

// Each command loads only what it needs (dynamic imports below): `serve`
// never loads the CLI's admin commands, the prober or the preset table, and
// the admin commands never load the server.

const usage = `switchyard — a self-hosted AI gateway

Usage:
  switchyard serve [--config FILE]                 start the gateway

  switchyard keys create [--name N] [--group G] [--plan P] [--default-model M]
                         [--allow PATTERN]... [--system-prompt TEXT] [--tag T]... [--expires ISO]
  switchyard keys list | update ID [flags as create] | disable ID | enable ID | rotate ID | delete ID

  switchyard plans create --name N [--spend-usd X] [--tokens N] [--rpm N] [--tpm N]
                          [--concurrency N] [--per-hour N] [--per-day N] [--max-input N]
                          [--max-output N] [--period daily|weekly|monthly|total]
                          [--allow PATTERN]... [--alert-percent N] [--soft]
  switchyard plans list | delete ID

  switchyard groups create ID [--name N] [--default-plan P] | groups list
  switchyard providers add ID --base-url URL [--protocol P] [--model M]... [--group G] [--api-key K]
  switchyard providers list
  switchyard usage [--by day|key|model|provider|group] [--key ID] [--since ISO]
  switchyard admin password --password TEXT       set the dashboard password
  switchyard presets                               list the provider presets (use one with \`preset: ID\`)
  switchyard probe [PROVIDER] [--model M]          probe every enabled route, or each key of one provider

Options:
  --config FILE   YAML configuration (default: $SWITCHYARD_CONFIG, then ./switchyard.yaml)
  --data-dir DIR  where state lives (default: ~/.switchyard)
  --json          machine-readable output
  --help          this text

Environment: every configuration key can be set as SWITCHYARD_<KEY>, e.g.
SWITCHYARD_PORT=8787, SWITCHYARD_DATA_DIR=/var/lib/switchyard.
`;

async function serve(file: string | undefined, dataDir: string | undefined): Promise<void> {
  const { startGateway } = await import('../server/start.js');
  const gateway = await startGateway({ ...(file === undefined ? {} : { file }), ...(dataDir === undefined ? {} : { overrides: { dataDir } }) });
  allowYoungGenerationGrowth();
  process.stdout.write(`switchyard listening on ${gateway.url} (data in ${gateway.config.dataDir})\n`);
  if (gateway.adminToken !== undefined) {
    process.stdout.write(`\nAdmin token (shown once, keep it safe):\n  ${gateway.adminToken}\n\n`);
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    gateway.app.log.info({ signal }, 'shutting down: draining in-flight requests and flushing usage');
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        gateway.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function admin(command: string, action: string | undefined, target: string | undefined, options: { file?: string; dataDir?: string; flags: CliFlags }): Promise<void> {
  const [{ loadConfig }, { loadMasterKey }, { openDatabase }, { createSecretBox }, { runAdminCommand }] = await Promise.all([
    import('../config/load.js'),
    import('../secrets/master-key.js'),
    import('../store/database.js'),
    import('../secrets/envelope.js'),
    import('./admin-commands.js'),
  ]);
  const config = loadConfig({ ...(options.file === undefined ? {} : { file: options.file }), ...(options.dataDir === undefined ? {} : { overrides: { dataDir: options.dataDir } }) });
  const master = loadMasterKey({ dataDir: config.dataDir, ...(config.masterKey === undefined ? {} : { configured: config.masterKey }) });
  const db = await openDatabase({ dataDir: config.dataDir, ...(config.databaseUrl === undefined ? {} : { url: config.databaseUrl }) });
  try {
    await runAdminCommand({ context: { db, box: createSecretBox(master.key) }, command, action, target, flags: options.flags, print: (text) => process.stdout.write(`${text}\n`) });
  } finally {
    await db.destroy();
  }
}

async function presets(): Promise<void> {
  const { presetList } = await import('../providers/catalog/presets.js');
  for (const preset of presetList) {
    process.stdout.write(`${preset.id.padEnd(22)}${preset.protocol.padEnd(20)}${preset.auth.padEnd(24)}${preset.baseUrl ?? '(your base URL)'}\n`);
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean' },
      json: { type: 'boolean' },
      name: { type: 'string' },
      group: { type: 'string' },
      plan: { type: 'string' },
      'default-model': { type: 'string' },
      allow: { type: 'string', multiple: true },
      'system-prompt': { type: 'string' },
      tag: { type: 'string', multiple: true },
      expires: { type: 'string' },
      'spend-usd': { type: 'string' },
      tokens: { type: 'string' },
      rpm: { type: 'string' },
      tpm: { type: 'string' },
      concurrency: { type: 'string' },
      'per-hour': { type: 'string' },
      'per-day': { type: 'string' },
      'max-input': { type: 'string' },
      'max-output': { type: 'string' },
      period: { type: 'string' },
      'alert-percent': { type: 'string' },
      soft: { type: 'boolean' },
      'default-plan': { type: 'string' },
      id: { type: 'string' },
      'base-url': { type: 'string' },
      protocol: { type: 'string' },
      model: { type: 'string', multiple: true },
      'api-key': { type: 'string' },
      by: { type: 'string' },
      key: { type: 'string' },
      since: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const [command, action, target] = positionals;
  if (values.help === true || command === undefined || command === 'help') {
    process.stdout.write(usage);
    return;
  }
  const file = values.config;
  const dataDir = values['data-dir'];
  // Only a long-running server gains from a small nursery at start.
  if (command !== 'serve') allowYoungGenerationGrowth();
  switch (command) {
    case 'serve':
      await serve(file, dataDir);
      return;
    case 'presets':
      await presets();
      return;
    case 'keys':
    case 'plans':
    case 'groups':
    case 'providers':
    case 'usage':
    case 'admin': {
      await admin(command, action, target, { ...(file === undefined ? {} : { file }), ...(dataDir === undefined ? {} : { dataDir }), flags: values });
      return;
    }
    case 'probe': {
      const { runProbeCommand } = await import('./probe.js');
      const passed = await runProbeCommand({
        ...(file === undefined ? {} : { file }),
        ...(dataDir === undefined ? {} : { dataDir }),
        ...(action === undefined ? {} : { provider: action }),
        ...(values.model?.[0] === undefined ? {} : { model: values.model[0] }),
      });
      if (!passed) process.exitCode = 1;
      return;
    }
    default:
      throw new ConfigError(`unknown command "${command}"\n\n${usage}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    process.stderr.write(`switchyard: ${(error as Error).message}\n`);
  } else {
    process.stderr.write(`switchyard: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
