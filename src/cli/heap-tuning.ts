import { setFlagsFromString } from 'node:v8';

/**
 * V8's young generation while the process starts.
 *
 * Loading the modules, parsing the configuration and migrating the store
 * allocate ~100 MB in a burst, most of it long-lived (code, schemas, the
 * snapshot). V8 reads that survival rate as "the nursery is too small" and
 * doubles the semi-spaces up to their maximum (16 MB each on 64-bit): a
 * freshly started gateway kept 32 MB of young generation, resident and
 * empty, for a steady state that allocates almost nothing (measured: RSS
 * 2 s after start 123-127 MB with, 97-99 MB without the growth).
 *
 * So this module, imported first by the CLI, stops the growth during start
 * (`--semi-space-growth-factor=1`: the nursery stays at its initial 1 MB
 * semi-spaces), and `allowYoungGenerationGrowth()` restores V8's default
 * factor once the gateway listens. Under load the nursery then grows as
 * before: keeping it at 1 MB for good doubled the scavenge time of 200 KB
 * requests (bench/README.md, "Memory"). Only the growth flag can be
 * changed at run time (V8 reads --max-semi-space-size once, when the heap
 * is made), which is why this is set here rather than in a launcher, and
 * applies however the CLI is started (`npm start`, the bin, `node
 * dist/cli/main.js serve`).
 */
const startupGrowthFactor = 1;
/** V8's own default for --semi-space-growth-factor (Node 20-24). */
const defaultGrowthFactor = 2;

setFlagsFromString(`--semi-space-growth-factor=${startupGrowthFactor}`);

/** Back to V8's default once start-up is over. */
export function allowYoungGenerationGrowth(): void {
  setFlagsFromString(`--semi-space-growth-factor=${defaultGrowthFactor}`);
}
