/** One SSE event as text. `data` must not contain a newline (JSON.stringify output never does). */
export function encodeSseEvent(data: string, event?: string): string {
  return event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
}
