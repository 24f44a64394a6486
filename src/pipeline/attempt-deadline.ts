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
  readonly signal: AbortSignal;
  arm(phase: 'headers' | 'first event', ms: number): void;
  disarm(): void;
  /** The timeout error when the deadline fired, else undefined. */
  timedOut(): GatewayError | undefined;
  /** Stops following the client's signal (call when the attempt is over). */
  dispose(): void;
}

export function createAttemptDeadline(clientSignal: AbortSignal): AttemptDeadline {
  const controller = new AbortController();
  const onClientAbort = (): void => controller.abort(clientSignal.reason);
  if (clientSignal.aborted) onClientAbort();
  else clientSignal.addEventListener('abort', onClientAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  let fired: GatewayError | undefined;
  const disarm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    signal: controller.signal,
    arm(phase, ms) {
      disarm();
      timer = setTimeout(() => {
        fired = new GatewayError({ code: 'SY_UPSTREAM_TIMEOUT', status: 504, retryable: true, message: `upstream timed out waiting for the ${phase} (${ms} ms)` });
        controller.abort(fired);
      }, ms);
    },
    disarm,
    timedOut: () => fired,
    dispose() {
      disarm();
      clientSignal.removeEventListener('abort', onClientAbort);
    },
  };
}
