import type { GatewayError } from '../../core/errors.js';
import type { Usage } from '../../core/usage.js';
import type { PassthroughAdapter, StreamObserver } from '../codec.js';
import type { SseEvent } from '../sse/decode.js';
import { failedResponseError, streamErrorEvent } from './errors.js';
import { asObject } from '../../core/json.js';
import { readResponseObjectUsage } from './read-usage.js';

const terminalTypes = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);

/** The event type: from the `event:` line when the upstream names events, else a cheap look into data. */
function eventType(event: SseEvent): string | undefined {
  if (event.event !== undefined) return event.event;
  for (const type of terminalTypes) if (event.data.includes(`"${type}"`)) return type;
  return undefined;
}

/**
 * Responses passthrough: the body goes upstream with only `model`
 * rewritten. Usage needs no extra request: it is on the response object and
 * on the response.completed (or .incomplete / .failed) event, the only
 * events the observer parses.
 */
export const openAIResponsesPassthrough: PassthroughAdapter = {
  prepare(_body, { model }) {
    return { path: '/responses', edits: [['model', model]] };
  },
  usageMember: 'usage',
  readUsage: readResponseObjectUsage,
  createStreamObserver(): StreamObserver {
    let usage: Usage | undefined;
    let streamError: GatewayError | undefined;
    return {
      observe(event) {
        const type = eventType(event);
        if (type === undefined || !terminalTypes.has(type)) return true;
        let parsed: unknown;
        try {
          parsed = JSON.parse(event.data);
        } catch {
          return true;
        }
        const record = asObject(parsed);
        if (record === undefined) return true;
        if (type === 'error') {
          streamError = streamErrorEvent(record);
          return true;
        }
        usage = readResponseObjectUsage(record.response) ?? usage;
        if (type === 'response.failed') streamError = failedResponseError(record.response);
        return true;
      },
      usage: () => usage,
      error: () => streamError,
    };
  },
};
