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

  function drain(final: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    for (;;) {
      const match = /\r\n\r\n|\n\n|\r\r/.exec(buffer);
      if (!match) break;
      const end = match.index + match[0].length;
      const raw = buffer.slice(0, end);
      buffer = buffer.slice(end);
      const parsed = parseEvent(raw.slice(0, match.index).replace(/\r\n?/g, '\n'), raw);
      if (parsed) events.push(parsed);
    }
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
