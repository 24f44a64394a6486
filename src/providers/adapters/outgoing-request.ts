import type { Credential, Provider } from '../provider.js';

/** An upstream request once encoded, before it is sent: what adapters rewrite and sign. */
export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  /** The serialised JSON: a string, or the client's own bytes with edits (same-protocol requests). */
  body: string | Uint8Array;
}

export interface AdaptContext {
  provider: Provider;
  credential: Credential | undefined;
  /** The upstream model id (Azure's default deployment name). */
  model: string;
  stream: boolean;
}
