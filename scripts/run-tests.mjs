// Runs every *.test.ts under src/ and test/ with Node's own test runner
// (TypeScript through tsx). Node 20 has no glob support in --test, so the
// files are listed here. Pass paths or name fragments to run fewer.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

function find(directory) {
  const found = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') found.push(...find(path));
    } else if (entry.name.endsWith('.test.ts')) {
      found.push(path);
    }
  }
  return found;
}

const filters = process.argv.slice(2);
const files = ['src', 'test']
  .flatMap((directory) => find(directory))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${Math.max(2, availableParallelism())}`, '--test-timeout=60000', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
