import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

/** Runs `switchyard …` as its own process (through tsx) against a data directory. */
export function runCli(dataDir: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args, '--data-dir', dataDir], { encoding: 'utf8', env: { ...process.env, SWITCHYARD_CONFIG: '' } });
}

/** Runs it and expects success: its standard output. */
export function cli(dataDir: string, ...args: string[]): string {
  const result = runCli(dataDir, ...args);
  assert.equal(result.status, 0, `switchyard ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** A running gateway polls the store's state version once a second. */
export const pickedUp = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1300));
