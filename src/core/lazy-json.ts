import { GatewayError } from './errors.js';
import { objectLayout } from './json-members.js';

/**
 * A large JSON request body parsed as far as the gateway needs it.
 *
 * A coding agent's request is mostly one member (messages, input,
 * contents) that a same-protocol request forwards untouched. Decoding and
 * parsing 200 KB of it cost ~0.4 ms of CPU per request, more than all the
 * rest of the gateway's own work. So bodies from `lazyBodyMinBytes` up are
 * parsed member by member: small members at once, each large one the first
 * time something reads it (a getter that parses its bytes and replaces
 * itself with the value). Code that reads a member, copies the object or
 * serialises it sees a plain object, at the old cost; the same-protocol
 * path reads only the small members and forwards the client's bytes
 * (core/json-members.ts).
 *
 * Trade-off: a large member is checked only when read, so a body that is
 * malformed inside one (not at the top level) may reach a same-protocol
 * upstream, which then refuses it in the client's own protocol. A member
 * that is read and malformed throws the same invalid-JSON error a whole
 * parse would.
 */
export const lazyBodyMinBytes = 32 * 1024;
/** Members whose value takes at least this many bytes are parsed on first read. */
export const lazyMemberMinBytes = 4 * 1024;

interface LazyMember {
  bytes: Buffer;
  start: number;
  end: number;
}

/** Objects made here, with the members not parsed yet. */
const pendingMembers = new WeakMap<object, Map<string, LazyMember>>();

/** Parses a JSON body; large object bodies are parsed lazily (see above). Throws what JSON.parse throws. */
export function parseJsonBody(bytes: Buffer): unknown {
  if (bytes.length < lazyBodyMinBytes) return JSON.parse(bytes.toString('utf8')) as unknown;
  const layout = objectLayout(bytes);
  // Not one object (or malformed at the top): the whole parse gives the value or the precise error.
  if (layout === undefined) return JSON.parse(bytes.toString('utf8')) as unknown;
  const object: Record<string, unknown> = {};
  const pending = new Map<string, LazyMember>();
  for (const [key, span] of layout.members) {
    if (span.valueEnd - span.valueStart < lazyMemberMinBytes) {
      // defineProperty, not assignment: a "__proto__" member is data, as with JSON.parse.
      Object.defineProperty(object, key, { value: JSON.parse(bytes.toString('utf8', span.valueStart, span.valueEnd)), writable: true, enumerable: true, configurable: true });
      continue;
    }
    const member: LazyMember = { bytes, start: span.valueStart, end: span.valueEnd };
    pending.set(key, member);
    Object.defineProperty(object, key, {
      enumerable: true,
      configurable: true,
      get() {
        let value: unknown;
        try {
          value = JSON.parse(member.bytes.toString('utf8', member.start, member.end));
        } catch (error) {
          throw new GatewayError({ code: 'SY_INVALID_JSON', status: 400, message: `The request body is not valid JSON (in "${key}"): ${(error as Error).message}`, param: key, cause: error });
        }
        settle(object, key, value);
        return value;
      },
      set(value: unknown) {
        settle(object, key, value);
      },
    });
  }
  if (pending.size > 0) pendingMembers.set(object, pending);
  return object;
}

function settle(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  pendingMembers.get(object)?.delete(key);
}

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'absent';

/** The JSON type of a member, without parsing it if it is still pending. */
export function memberKind(object: Record<string, unknown>, key: string): JsonKind {
  const member = pendingMembers.get(object)?.get(key);
  if (member !== undefined) {
    const first = member.bytes[member.start];
    return first === 0x5b ? 'array' : first === 0x7b ? 'object' : first === 0x22 ? 'string' : 'number';
  }
  if (!Object.hasOwn(object, key)) return 'absent';
  const value = object[key];
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'object':
      return 'object';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'absent';
  }
}

/** Whether the member is a non-empty array, reading at most its first bytes if it is still pending. */
export function isNonEmptyArrayMember(object: Record<string, unknown>, key: string): boolean {
  const member = pendingMembers.get(object)?.get(key);
  if (member === undefined) {
    const value = object[key];
    return Array.isArray(value) && value.length > 0;
  }
  if (member.bytes[member.start] !== 0x5b) return false;
  let index = member.start + 1;
  while (index < member.end && (member.bytes[index] === 0x20 || member.bytes[index] === 0x0a || member.bytes[index] === 0x0d || member.bytes[index] === 0x09)) index += 1;
  return member.bytes[index] !== 0x5d;
}
