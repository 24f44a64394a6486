import type { Credential, Provider } from '../provider.js';

/** An upstream request once encoded, before it is sent: what adapters rewrite and sign. */
export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface AdaptContext {
  provider: Provider;
  credential: Credential | undefined;
  /** The upstream model id (Azure's default deployment name). */
  model: string;
  stream: boolean;
}
