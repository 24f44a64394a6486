import type { ChatRequest } from '../core/request.js';
import type { ChatResponse } from '../core/response.js';
import type { StreamEvent } from '../core/stream.js';
import { createInputFieldReader, type InputFieldReader } from './input-field-reader.js';

/**
 * Freeform (`custom`) tools, like Codex's apply_patch, exist only in the
 * OpenAI protocols. Encoders for the others offer them as a function with
 * one string parameter `input` (CODECS.md), so the upstream answers
 * {"input": "<raw text>"}. Only the request knows which tools were custom,
 * so the pipeline turns those calls back into custom calls with the raw
 * text before the client's encoder sees them. Calls an upstream already
 * marked custom are left alone.
 */
export function customToolNames(request: ChatRequest): Set<string> {
  return new Set(request.tools.filter((tool) => tool.kind === 'custom').map((tool) => tool.name));
}

/** The raw text inside {"input": "…"}, or the arguments unchanged when they are not that. */
function unwrapInput(argumentsText: string): string {
  try {
    const parsed: unknown = JSON.parse(argumentsText);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { input?: unknown }).input === 'string') return (parsed as { input: string }).input;
  } catch {
    // Not JSON: already raw.
  }
  return argumentsText;
}

export function restoreCustomToolCalls(response: ChatResponse, names: Set<string>): ChatResponse {
  if (names.size === 0) return response;
  return {
    ...response,
    content: response.content.map((part) =>
      part.type === 'tool-call' && part.kind !== 'custom' && names.has(part.name) ? { ...part, kind: 'custom', arguments: unwrapInput(part.arguments) } : part,
    ),
  };
}

/**
 * The same for a stream, without holding the call: its argument deltas are
 * pieces of {"input": "…"}, and the raw text inside goes out as it is
 * decoded (input-field-reader.ts), so a long apply_patch streams to the
 * client like any tool call. Arguments of another shape wait for the end
 * and are unwrapped whole.
 */
export function createCustomToolCallRestorer(names: Set<string>): (events: StreamEvent[]) => StreamEvent[] {
  const readers = new Map<number, InputFieldReader>();
  return (events) => {
    if (names.size === 0) return events;
    const out: StreamEvent[] = [];
    for (const event of events) {
      if (event.type === 'tool-call-start' && event.kind !== 'custom' && names.has(event.name)) {
        readers.set(event.index, createInputFieldReader(unwrapInput));
        out.push({ ...event, kind: 'custom' });
        continue;
      }
      if (event.type !== 'tool-call-delta' && event.type !== 'tool-call-end') {
        out.push(event);
        continue;
      }
      const reader = readers.get(event.index);
      if (reader === undefined) {
        out.push(event);
      } else if (event.type === 'tool-call-delta') {
        const text = reader.push(event.argumentsDelta);
        if (text !== '') out.push({ ...event, argumentsDelta: text });
      } else {
        const text = reader.end();
        readers.delete(event.index);
        if (text !== '') out.push({ type: 'tool-call-delta', index: event.index, argumentsDelta: text });
        out.push(event);
      }
    }
    return out;
  };
}
