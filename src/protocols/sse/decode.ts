/**
 * Server-Sent Events framing (https://html.spec.whatwg.org/multipage/server-sent-events.html):
 * bytes in, whole events out. Mapping events to meaning is the codecs' job.
 */
export interface SseEvent {
  /** The `event:` field, if the stream names its events (Anthropic, Responses). */
  event?: string;
  data: string;
  /** The raw text of the whole event including its blank-line terminator, for byte passthrough. */
  raw: string;
}

export interface SseDecoder {
  push(chunk: string): SseEvent[];
  /** Whatever the stream left unterminated at its end. */
  flush(): SseEvent[];
}

export function createSseDecoder(): SseDecoder {
  let buffer = '';

  function parseEvent(block: string, raw: string): SseEvent | undefined {
    // The common shape, one `data:` line (every Chat Completions chunk), without splitting into lines.
    if (block.startsWith('data:') && !block.includes('\n')) {
      return { data: block.charCodeAt(5) === 32 ? block.slice(6) : block.slice(5), raw };
    }
    let event: string | undefined;
    let data: string | undefined;
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
      else if (field === 'event') event = value;
    }
    if (data === undefined && event === undefined) return undefined;
    return event === undefined ? { data: data ?? '', raw } : { event, data: data ?? '', raw };
  }

  const terminator = /\r\n\r\n|\n\n|\r\r/g;

  /**
   * The end of the first event at or after `start`: [index of its blank
   * line, terminator length], or undefined. Without a carriage return
   * before it, a plain indexOf finds it; otherwise the regex does.
   */
  function nextTerminator(start: number): [number, number] | undefined {
    const newlines = buffer.indexOf('\n\n', start);
    const carriage = buffer.indexOf('\r', start);
    if (carriage === -1 || (newlines !== -1 && carriage > newlines)) return newlines === -1 ? undefined : [newlines, 2];
    terminator.lastIndex = start;
    const match = terminator.exec(buffer);
    return match === null ? undefined : [match.index, match[0].length];
  }

  function drain(final: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    let start = 0;
    for (let found = nextTerminator(start); found !== undefined; found = nextTerminator(start)) {
      const [at, length] = found;
      const raw = buffer.slice(start, at + length);
      const block = buffer.slice(start, at);
      start = at + length;
      const parsed = parseEvent(block.includes('\r') ? block.replace(/\r\n?/g, '\n') : block, raw);
      if (parsed) events.push(parsed);
    }
    if (start > 0) buffer = buffer.slice(start);
    if (final && buffer.trim() !== '') {
      const raw = buffer;
      buffer = '';
      const parsed = parseEvent(raw.replace(/\r\n?/g, '\n'), raw);
      if (parsed) events.push(parsed);
    }
    return events;
  }

  return {
    push(chunk) {
      buffer += chunk;
      return drain(false);
    },
    flush() {
      return drain(true);
    },
  };
}
