#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load.js';
import { presetList } from '../providers/catalog/presets.js';
import { runProbeCommand } from './probe.js';
import { startGateway } from '../server/start.js';
import { announceStateChange } from '../server/state.js';
import { openDatabase } from '../store/database.js';
import { createGatewayKey, listGatewayKeys } from '../store/repositories/gateway-keys.js';

const usage = `switchyard — a self-hosted AI gateway

Usage:
  switchyard serve [--config FILE]            start the gateway
  switchyard keys create [--name NAME]        create a gateway key (printed once)
  switchyard keys list                        list gateway keys
  switchyard presets                          list the provider presets (use one with \`preset: ID\`)
  switchyard probe [PROVIDER] [--model M]     probe every enabled route, or each key of one provider

Options:
  --config FILE   YAML configuration (default: $SWITCHYARD_CONFIG, then ./switchyard.yaml)
  --data-dir DIR  where state lives (default: ~/.switchyard)
  --help          this text

Environment: every configuration key can be set as SWITCHYARD_<KEY>, e.g.
SWITCHYARD_PORT=8787, SWITCHYARD_DATA_DIR=/var/lib/switchyard.
`;

async function serve(file: string | undefined, dataDir: string | undefined): Promise<void> {
  const gateway = await startGateway({ ...(file === undefined ? {} : { file }), ...(dataDir === undefined ? {} : { overrides: { dataDir } }) });
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

async function keys(action: string | undefined, options: { file?: string; dataDir?: string; name?: string }): Promise<void> {
  const config = loadConfig({ ...(options.file === undefined ? {} : { file: options.file }), ...(options.dataDir === undefined ? {} : { overrides: { dataDir: options.dataDir } }) });
  const db = await openDatabase({ dataDir: config.dataDir, ...(config.databaseUrl === undefined ? {} : { url: config.databaseUrl }) });
  try {
    if (action === 'create') {
      const created = await createGatewayKey(db, options.name === undefined ? {} : { name: options.name });
      await announceStateChange(db);
      process.stdout.write(`Created key ${created.id} (${created.name}). It is shown once; store it now:\n${created.key}\n`);
    } else if (action === 'list') {
      for (const row of await listGatewayKeys(db)) {
        process.stdout.write(`${row.id}\t${row.name}\t${row.prefix}…\t${row.enabled === 1 ? 'enabled' : 'disabled'}\n`);
      }
    } else {
      throw new ConfigError(`unknown keys action "${action ?? ''}"; use "create" or "list"`);
    }
  } finally {
    await db.destroy();
  }
}

function presets(): void {
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
      name: { type: 'string' },
      model: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const [command, action] = positionals;
  if (values.help === true || command === undefined || command === 'help') {
    process.stdout.write(usage);
    return;
  }
  const file = values.config;
  const dataDir = values['data-dir'];
  switch (command) {
    case 'serve':
      await serve(file, dataDir);
      return;
    case 'presets':
      presets();
      return;
    case 'keys':
      await keys(action, { ...(file === undefined ? {} : { file }), ...(dataDir === undefined ? {} : { dataDir }), ...(values.name === undefined ? {} : { name: values.name }) });
      return;
    case 'probe': {
      const passed = await runProbeCommand({
        ...(file === undefined ? {} : { file }),
        ...(dataDir === undefined ? {} : { dataDir }),
        ...(action === undefined ? {} : { provider: action }),
        ...(values.model === undefined ? {} : { model: values.model }),
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
