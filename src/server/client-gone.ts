import type { ServerResponse } from 'node:http';
import { Cancellation } from '../core/cancellation.js';

/**
 * Aborted when the client goes away before its answer is finished: the
 * response's close, not the request's (a request emits close as soon as its
 * body is read). The upstream call is given it as its signal.
 */
export function cancelledWhenClientLeaves(response: ServerResponse): Cancellation {
  const cancellation = new Cancellation();
  response.on('close', () => {
    if (!response.writableFinished) cancellation.abort();
  });
  return cancellation;
}
