import { follow, type CancelSignal } from '../core/cancellation.js';
import { GatewayError } from '../core/errors.js';

/**
 * A precise deadline for the phases of one attempt before the client has
 * seen anything: waiting for the response headers, then for the first
 * stream event. undici's own headers/body timeouts run on a coarse timer
 * (about half a second of slack, measured), which is fine for a stall after
 * the stream started but too slow for failover, where every millisecond
 * before the next candidate is the client's. Firing aborts the upstream
 * call; the client going away aborts it too.
 */
export interface AttemptDeadline {
  /** Given to the upstream call: aborts with the client or when the deadline fires. */
  readonly signal: CancelSignal;
  arm(phase: 'headers' | 'first event', ms: number): void;
  disarm(): void;
  /** The timeout error when the deadline fired, else undefined. */
  timedOut(): GatewayError | undefined;
  /** Stops following the client's signal (call when the attempt is over). */
  dispose(): void;
}

/**
 * A child of the request's cancellation (core/cancellation.ts), not an
 * AbortController: per attempt that saves the controller and two AbortSignal
 * listeners (ours on the client's signal, undici's on this one).
 */
export function createAttemptDeadline(clientSignal: CancelSignal): AttemptDeadline {
  const { cancellation, detach } = follow(clientSignal);
  let timer: NodeJS.Timeout | undefined;
  let fired: GatewayError | undefined;
  const disarm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    signal: cancellation,
    arm(phase, ms) {
      disarm();
      timer = setTimeout(() => {
        fired = new GatewayError({ code: 'SY_UPSTREAM_TIMEOUT', status: 504, retryable: true, message: `upstream timed out waiting for the ${phase} (${ms} ms)` });
        cancellation.abort(fired);
      }, ms);
    },
    disarm,
    timedOut: () => fired,
    dispose() {
      disarm();
      detach();
    },
  };
}
