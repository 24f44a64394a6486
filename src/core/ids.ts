import { randomBytes } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random id of letters and digits, valid in every protocol's id syntax. */
export function randomId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (let index = 0; index < length; index += 1) {
    id += alphabet[(bytes[index] ?? 0) % alphabet.length];
  }
  return id;
}
