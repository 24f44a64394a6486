import assert from 'node:assert/strict';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { Secret } from '../../core/secret.js';
import type { Provider } from '../provider.js';
import { adaptUpstreamRequest } from './adapt-request.js';
import { cloudPlatformScope, createGoogleTokenSource, type ServiceAccountKey } from './google-oauth.js';

/**
 * A loopback stand-in for Google's token endpoint: it checks the JWT
 * assertion (RS256 with the service account's public key, iss/aud/scope/exp)
 * the way https://developers.google.com/identity/protocols/oauth2/service-account
 * describes, and answers {access_token, expires_in, token_type}.
 */
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
let tokenUri = '';
let exchanges = 0;
let refuseNext = false;
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  request.on('end', () => {
    const form = new URLSearchParams(body);
    const [header, claims, signature] = (form.get('assertion') ?? '').split('.');
    const verified = createVerify('RSA-SHA256').update(`${header}.${claims}`).verify(publicKey, Buffer.from(signature ?? '', 'base64url'));
    const parsedHeader = JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const parsedClaims = JSON.parse(Buffer.from(claims ?? '', 'base64url').toString('utf8')) as Record<string, number | string>;
    const valid =
      form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer' &&
      verified &&
      parsedHeader.alg === 'RS256' &&
      parsedHeader.kid === 'key-1' &&
      parsedClaims.iss === 'gateway@proj.iam.gserviceaccount.com' &&
      parsedClaims.aud === tokenUri &&
      parsedClaims.scope === cloudPlatformScope &&
      Number(parsedClaims.exp) - Number(parsedClaims.iat) === 3600;
    if (!valid || refuseNext) {
      refuseNext = false;
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }));
      return;
    }
    exchanges += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ access_token: `ya29.token-${exchanges}`, expires_in: 3599, token_type: 'Bearer' }));
  });
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tokenUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
});
after(() => server.close());

function key(): ServiceAccountKey {
  return {
    client_email: 'gateway@proj.iam.gserviceaccount.com',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    private_key_id: 'key-1',
    token_uri: tokenUri,
  };
}

test('a signed JWT is exchanged for a token, cached, shared by concurrent callers, and refreshed near expiry', async () => {
  let now = Date.parse('2025-07-15T10:00:00Z');
  const source = createGoogleTokenSource({ now: () => now });
  const before = exchanges;
  const [first, concurrent] = await Promise.all([source.token(key()), source.token(key())]);
  assert.equal(first, concurrent);
  assert.equal(exchanges, before + 1, 'one exchange for two concurrent callers');
  now += 30 * 60 * 1000;
  assert.equal(await source.token(key()), first, 'still cached half an hour later');
  assert.equal(exchanges, before + 1);
  now += 26 * 60 * 1000; // within five minutes of the 3599 s expiry
  const refreshed = await source.token(key());
  assert.notEqual(refreshed, first);
  assert.equal(exchanges, before + 2);
});

test('a refused exchange is an upstream error with Google\'s reason, and the next call tries again', async () => {
  const source = createGoogleTokenSource();
  refuseNext = true;
  await assert.rejects(source.token(key()), /Google token exchange failed \(400\): Invalid JWT Signature\./);
  assert.match(await source.token(key()), /^ya29\.token-/);
});

test('a key signed by someone else is refused by the endpoint', async () => {
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await assert.rejects(createGoogleTokenSource().token({ ...key(), private_key: other }), /invalid|Invalid JWT Signature/);
});

test('a Vertex request is re-rooted and carries the exchanged token (the adapter step, end to end)', async () => {
  const vertex: Provider = {
    id: 'vx', name: 'vx', protocol: 'gemini', baseUrl: 'https://europe-west4-aiplatform.googleapis.com/v1', headers: {}, models: [], enabled: true,
    credentials: [], prices: {}, groupId: null, auth: 'google-service-account', adapter: { kind: 'vertex', project: 'proj', location: 'europe-west4' },
  };
  const credential = { id: 'sa', secret: new Secret(JSON.stringify({ type: 'service_account', ...key() })) };
  const adapted = await adaptUpstreamRequest(
    { url: 'https://europe-west4-aiplatform.googleapis.com/v1/models/gemini-2.5-flash:generateContent', headers: { 'content-type': 'application/json' }, body: '{}' },
    { provider: vertex, credential, model: 'gemini-2.5-flash', stream: false },
  );
  assert.equal(adapted.url, 'https://europe-west4-aiplatform.googleapis.com/v1/projects/proj/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent');
  assert.match(adapted.headers.authorization ?? '', /^Bearer ya29\.token-\d+$/);
});
