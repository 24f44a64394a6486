// Registered with `node --import`: appends the URL of every module the
// process loads through the ESM loader (its own files and packages, CommonJS
// ones imported from ESM included) to the file named by
// MODULE_RECORDER_LOG. Used to check what `switchyard serve` loads.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (process.env.MODULE_RECORDER_LOG) appendFileSync(process.env.MODULE_RECORDER_LOG, url + '\\n');
  return next(url, context);
}`)}`,
);
