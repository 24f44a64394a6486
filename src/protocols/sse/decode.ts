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
  /** Length of the terminator nextTerminator found last (2 or 4). */
  let terminatorLength = 2;
  /** The first carriage return at or after the scan position, or -1 when the buffer has none left: found once per drain, not once per event. */
  let carriage = -1;

  /**
   * The index of the blank line ending the first event at or after
   * `start` (its length in terminatorLength), or -1. Without a carriage
   * return before it, a plain indexOf finds it; otherwise the regex does.
   */
  function nextTerminator(start: number): number {
    const newlines = buffer.indexOf('\n\n', start);
    if (carriage !== -1 && carriage < start) carriage = buffer.indexOf('\r', start);
    if (carriage === -1 || (newlines !== -1 && carriage > newlines)) {
      terminatorLength = 2;
      return newlines;
    }
    terminator.lastIndex = start;
    const match = terminator.exec(buffer);
    if (match === null) return -1;
    terminatorLength = match[0].length;
    return match.index;
  }

  function drain(final: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    let start = 0;
    carriage = buffer.indexOf('\r');
    for (let at = nextTerminator(start); at !== -1; at = nextTerminator(start)) {
      const end = at + terminatorLength;
      const raw = buffer.slice(start, end);
      const block = raw.slice(0, at - start);
      const hasCarriage = carriage !== -1 && carriage < at;
      start = end;
      const parsed = parseEvent(hasCarriage ? block.replace(/\r\n?/g, '\n') : block, raw);
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
