import type { AdapterSettings } from './adapter-settings.js';
import { awsCredentialsOf } from './aws-credentials.js';
import type { AdaptContext, OutgoingRequest } from './outgoing-request.js';
import { signSigV4 } from './sigv4.js';

type BedrockSettings = Extract<AdapterSettings, { kind: 'bedrock' }>;

/** The region in a bedrock-runtime host, for providers configured by URL alone. */
function regionOfHost(host: string): string | undefined {
  return /bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com/.exec(host)?.[1];
}

/**
 * Bedrock runtime: the codec already put /model/{modelId}/converse(-stream)
 * in the URL; this signs the request with SigV4 for service "bedrock"
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-invoke.html).
 * ConverseStream answers application/vnd.amazon.eventstream.
 */
export function signBedrock(request: OutgoingRequest, context: AdaptContext & { settings: BedrockSettings | undefined; now: Date }): OutgoingRequest {
  const url = new URL(request.url);
  const region = context.settings?.region ?? regionOfHost(url.host) ?? 'us-east-1';
  const headers: Record<string, string> = { ...request.headers, accept: context.stream ? 'application/vnd.amazon.eventstream' : 'application/json' };
  const signed = signSigV4({
    method: 'POST',
    url,
    headers: { 'content-type': headers['content-type'] ?? 'application/json' },
    body: request.body,
    region,
    service: 'bedrock',
    credentials: awsCredentialsOf(context.credential),
    now: context.now,
  });
  return { ...request, headers: { ...headers, ...signed.headers } };
}
