/**
 * Cancellation without AbortController on the hot path. On Node 20 an
 * AbortController costs a few µs to create and adding one listener to its
 * signal ~24 µs (add + remove ~37 µs, bench/README.md); a request used one
 * per request and one per attempt, each listened to by the next and by
 * undici: ~8 % of the gateway's busy time. A `Cancellation` is a plain
 * object with the part of AbortSignal's surface that the pipeline and undici
 * use (`aborted`, `reason`, `addEventListener`/`removeEventListener` for
 * 'abort'), so undici takes it as `signal` (it accepts any object with
 * `addEventListener`, lib/core/util.js addAbortListener).
 */

export type AbortListener = () => void;

/** What readers of a cancellation use; an AbortSignal fits it too, so either can be passed. */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: AbortListener, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: AbortListener): void;
}

export class Cancellation implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;
  /** Most cancellations have zero or one listener at a time; an array only past one. */
  private listeners: AbortListener | AbortListener[] | undefined = undefined;

  /** Listens for the abort (once: it happens at most once). Like AbortSignal, a listener added after it is never called. */
  addEventListener(_type: 'abort', listener: AbortListener): void {
    if (this.aborted) return;
    const current = this.listeners;
    if (current === undefined) this.listeners = listener;
    else if (typeof current === 'function') this.listeners = [current, listener];
    else current.push(listener);
  }

  removeEventListener(_type: 'abort', listener: AbortListener): void {
    const current = this.listeners;
    if (current === listener) {
      this.listeners = undefined;
    } else if (Array.isArray(current)) {
      const index = current.indexOf(listener);
      if (index !== -1) current.splice(index, 1);
    }
  }

  /** Marks it aborted and calls each listener once. The reason defaults to the same AbortError an AbortController gives. */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    const current = this.listeners;
    this.listeners = undefined;
    if (typeof current === 'function') callListener(current);
    else if (current !== undefined) for (const listener of current) callListener(listener);
  }
}

export interface FollowingCancellation {
  cancellation: Cancellation;
  /** Stops following the parent. */
  detach: () => void;
}

/** A child cancellation of any signal (a Cancellation or an AbortSignal). */
export function follow(parent: CancelSignal): FollowingCancellation {
  const cancellation = new Cancellation();
  if (parent.aborted) {
    cancellation.abort(parent.reason);
    return { cancellation, detach: noop };
  }
  const onParentAbort = (): void => cancellation.abort(parent.reason);
  parent.addEventListener('abort', onParentAbort, { once: true });
  return { cancellation, detach: () => parent.removeEventListener('abort', onParentAbort) };
}

function noop(): void {}

/** A throwing listener must not keep the others from running; like EventTarget, its error surfaces as uncaught. */
function callListener(listener: AbortListener): void {
  try {
    listener();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
