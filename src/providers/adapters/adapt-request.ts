import { assertNever } from '../../core/assert-never.js';
import { authSchemeOf } from '../auth.js';
import { adaptAzure } from './azure.js';
import { signBedrock } from './bedrock.js';
import { createGoogleTokenSource, parseServiceAccount, type GoogleTokenSource } from './google-oauth.js';
import type { AdaptContext, OutgoingRequest } from './outgoing-request.js';
import { vertexUrl, withBearer } from './vertex.js';

/**
 * The one hook for providers whose wire differs from their protocol's plain
 * form: rewrite the URL of an encoded upstream request and sign it.
 * Providers with neither an adapter nor a request-level auth scheme pass
 * through untouched and synchronously (no promise on the hot path).
 *
 * - azure: deployment URL + api-version (or the /openai/v1 API);
 * - vertex: Gemini paths under projects/{project}/locations/{location};
 * - query-key: ?key= in the URL;
 * - sigv4: AWS Signature V4 over the final URL and body (Bedrock);
 * - google-service-account: an OAuth access token as Bearer (awaits a token
 *   exchange when the cached token is missing or about to expire).
 */
export interface ProviderAdapterOptions {
  tokens?: GoogleTokenSource;
  now?: () => Date;
}

const sharedTokens = createGoogleTokenSource();

export function adaptUpstreamRequest(
  request: OutgoingRequest,
  context: AdaptContext,
  options: ProviderAdapterOptions = {},
): OutgoingRequest | Promise<OutgoingRequest> {
  const { provider } = context;
  const scheme = authSchemeOf(provider);
  const settings = provider.adapter;
  if (settings === undefined && scheme !== 'query-key' && scheme !== 'sigv4' && scheme !== 'google-service-account') return request;

  let adapted = request;
  switch (settings?.kind) {
    case undefined:
    case 'bedrock':
      break;
    case 'azure':
      adapted = adaptAzure(adapted, { baseUrl: provider.baseUrl, settings, model: context.model });
      break;
    case 'vertex':
      adapted = { ...adapted, url: vertexUrl({ url: adapted.url, settings, gemini: provider.protocol === 'gemini' }) };
      break;
    default:
      return assertNever(settings);
  }

  switch (scheme) {
    case 'query-key': {
      if (context.credential === undefined) return adapted;
      const url = new URL(adapted.url);
      url.searchParams.set('key', context.credential.secret.reveal());
      return { ...adapted, url: url.toString() };
    }
    case 'sigv4':
      return signBedrock(adapted, { ...context, settings: settings?.kind === 'bedrock' ? settings : undefined, now: options.now?.() ?? new Date() });
    case 'google-service-account': {
      const key = parseServiceAccount(context.credential);
      const signed = adapted;
      return (options.tokens ?? sharedTokens).token(key).then((token) => withBearer(signed, token));
    }
    default:
      return adapted;
  }
}
