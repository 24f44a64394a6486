import { createHash, createHmac } from 'node:crypto';

/**
 * AWS Signature Version 4 for request headers
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html),
 * with node:crypto only. Checked against AWS's published test suite
 * (sigv4.test.ts).
 */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigV4Input {
  method: string;
  url: URL;
  /** The headers to sign (host and x-amz-date are added); others may be sent unsigned. */
  headers: Record<string, string>;
  body: string | Uint8Array;
  region: string;
  service: string;
  credentials: AwsCredentials;
  now: Date;
}

export interface SigV4Result {
  /** x-amz-date, authorization and (with a session token) x-amz-security-token, to add to the request. */
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

const algorithm = 'AWS4-HMAC-SHA256';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** RFC 3986 encoding: everything but unreserved characters, as SigV4 requires. */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** "20150830T123600Z" */
export function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * Every service but S3 encodes each segment of the path as sent on the wire
 * once more, so a Bedrock model id sent as `v1%3A0` is signed as `v1%253A0`.
 */
function canonicalUri(pathname: string): string {
  if (pathname === '') return '/';
  return pathname.split('/').map(encodeRfc3986).join('/');
}

function canonicalQuery(url: URL): string {
  const pairs = [...url.searchParams.entries()].map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const);
  pairs.sort(([nameA, valueA], [nameB, valueB]) => (nameA < nameB ? -1 : nameA > nameB ? 1 : valueA < valueB ? -1 : valueA > valueB ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

export function signingKey(options: { secretAccessKey: string; date: string; region: string; service: string }): Buffer {
  const dateKey = hmac(`AWS4${options.secretAccessKey}`, options.date);
  const regionKey = hmac(dateKey, options.region);
  const serviceKey = hmac(regionKey, options.service);
  return hmac(serviceKey, 'aws4_request');
}

export function signSigV4(input: SigV4Input): SigV4Result {
  const timestamp = amzDate(input.now);
  const date = timestamp.slice(0, 8);
  const toSign = new Map<string, string>();
  for (const [name, value] of Object.entries(input.headers)) {
    toSign.set(name.toLowerCase(), value.trim().replace(/\s+/g, ' '));
  }
  toSign.set('host', input.url.host);
  toSign.set('x-amz-date', timestamp);
  if (input.credentials.sessionToken !== undefined) toSign.set('x-amz-security-token', input.credentials.sessionToken);
  const names = [...toSign.keys()].sort();
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(input.url.pathname),
    canonicalQuery(input.url),
    names.map((name) => `${name}:${toSign.get(name) ?? ''}\n`).join(''),
    signedHeaders,
    sha256Hex(input.body),
  ].join('\n');
  const scope = `${date}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = [algorithm, timestamp, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = signingKey({ secretAccessKey: input.credentials.secretAccessKey, date, region: input.region, service: input.service });
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  const headers: Record<string, string> = {
    'x-amz-date': timestamp,
    authorization: `${algorithm} Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
  if (input.credentials.sessionToken !== undefined) headers['x-amz-security-token'] = input.credentials.sessionToken;
  return { headers, canonicalRequest, stringToSign, signature };
}
