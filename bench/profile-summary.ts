/**
 * Top functions of a V8 .cpuprofile by self time (and by inclusive time for
 * our own code): `node --import tsx bench/profile-summary.ts FILE [N]`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, limitText] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: profile-summary FILE [N]');
const limit = Number(limitText ?? '40');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const selfTime = new Map<number, number>();
profile.samples.forEach((id, index) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
// Percentages of busy time: the idle node (waiting in the event loop) is left out.
const idleIds = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
for (const id of idleIds) selfTime.delete(id);
const total = [...selfTime.values()].reduce((sum, value) => sum + value, 0);
process.stdout.write(`busy time in profile: ${(total / 1e6).toFixed(2)} s\n`);

const label = (node: ProfileNode): string => {
  const url = node.callFrame.url.replace(/^file:\/\/.*?node_modules\//, '~/').replace(/^file:\/\/.*?\/dist\//, 'dist/');
  return `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`;
};
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, time] of selfTime) {
  const node = byId.get(id);
  if (node === undefined) continue;
  self.set(label(node), (self.get(label(node)) ?? 0) + time);
  const seen = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
    const ancestor = byId.get(current);
    if (ancestor === undefined) break;
    const name = label(ancestor);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + time);
  }
}
const print = (title: string, map: Map<string, number>, filter: (name: string) => boolean): void => {
  process.stdout.write(`\n${title}\n`);
  for (const [name, time] of [...map].filter(([name]) => filter(name)).sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    process.stdout.write(`${((time / total) * 100).toFixed(1).padStart(5)} %  ${name}\n`);
  }
};
print('Self time', self, () => true);
print('Inclusive time (gateway code)', inclusive, (name) => name.includes('dist/'));
print('Inclusive time (dependencies)', inclusive, (name) => name.includes('~/'));
