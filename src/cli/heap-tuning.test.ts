import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

/**
 * In a fresh process (V8 flags are process-wide): after importing
 * heap-tuning, a burst of long-lived allocations (what start-up does) leaves
 * the young generation at its initial size; after
 * allowYoungGenerationGrowth() the same burst grows it as V8 normally would.
 */
const script = `
import { getHeapSpaceStatistics } from 'node:v8';
const { allowYoungGenerationGrowth } = await import('./src/cli/heap-tuning.ts');
const newSpaceMb = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size / 1048576;
function burst() {
  // Objects that survive several scavenges: V8's signal to grow the nursery.
  const kept = [];
  for (let index = 0; index < 600000; index++) kept.push({ index, text: 'item ' + index });
  return kept.length;
}
const atImport = newSpaceMb();
burst();
const duringStart = newSpaceMb();
allowYoungGenerationGrowth();
burst();
burst();
console.log(JSON.stringify({ atImport, duringStart, afterStart: newSpaceMb() }));
`;

test('the young generation stays small during start and grows again afterwards', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const sizes = JSON.parse(result.stdout.trim()) as { atImport: number; duringStart: number; afterStart: number };
  // (Loading tsx itself may already have grown it a step before the import.)
  assert.equal(sizes.duringStart, sizes.atImport, `young generation grew during start: ${sizes.atImport} → ${sizes.duringStart} MB`);
  assert.ok(sizes.afterStart > sizes.duringStart, `young generation after start: ${sizes.afterStart} MB (was ${sizes.duringStart} MB)`);
});
