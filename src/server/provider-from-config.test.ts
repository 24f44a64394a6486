import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { configSchema } from '../config/schema.js';
import { providerFromConfig } from './provider-from-config.js';

function build(entry: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
  const [parsed] = configSchema.parse({ providers: [entry] }).providers;
  return providerFromConfig(parsed!, env);
}

test('a preset fills protocol, base URL, auth, headers, models and prices; the key comes from its env variable', () => {
  const provider = build({ id: 'ant', preset: 'anthropic' }, { ANTHROPIC_API_KEY: 'sk-ant-1' });
  assert.equal(provider.protocol, 'anthropic-messages');
  assert.equal(provider.baseUrl, 'https://api.anthropic.com/v1');
  assert.equal(provider.auth, 'x-api-key');
  assert.deepEqual(provider.headers, {});
  assert.ok(provider.models.includes('claude-sonnet-4-20250514'));
  assert.deepEqual(provider.prices['claude-sonnet-4-20250514'], { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
  assert.equal(provider.credentials[0]?.secret.reveal(), 'sk-ant-1');
  assert.equal(provider.discovery, 'anthropic');
  assert.equal(provider.preset, 'anthropic');
});

test('explicit fields override the preset; headers and prices merge key by key, configured prices win', () => {
  const provider = build({
    id: 'oai',
    preset: 'openai',
    baseUrl: 'http://127.0.0.1:9999/v1',
    apiKey: 'sk-1',
    models: ['gpt-4o-mini'],
    headers: { 'openai-project': 'p1' },
    prices: { 'gpt-4o-mini': { input: 0.1, output: 0.2 } },
  });
  assert.equal(provider.baseUrl, 'http://127.0.0.1:9999/v1');
  assert.deepEqual(provider.models, ['gpt-4o-mini']);
  assert.deepEqual(provider.headers, { 'openai-project': 'p1' });
  assert.deepEqual(provider.prices['gpt-4o-mini'], { input: 0.1, output: 0.2 });
  assert.deepEqual(provider.prices['gpt-4.1'], { input: 2, output: 8, cacheRead: 0.5 });
});

test('a provider without a preset keeps working as before', () => {
  const provider = build({ id: 'plain', baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'k', models: ['m'] });
  assert.equal(provider.protocol, 'openai-chat');
  assert.equal(provider.auth, 'bearer');
  assert.deepEqual(provider.prices, {});
  assert.equal(provider.adapter, undefined);
});

test('an unknown preset, auth scheme or missing placeholder stops the start with what to fix', () => {
  assert.throws(() => build({ id: 'x', preset: 'nope' }), /unknown preset "nope"; known presets: openai, /);
  assert.throws(() => build({ id: 'x', preset: 'openai', auth: 'magic' }), /unknown auth scheme "magic"/);
  assert.throws(() => build({ id: 'x', preset: 'cloudflare' }), /needs "accountId"/);
  assert.throws(() => build({ id: 'x', preset: 'openai', discovery: 'sometimes' }), /unknown discovery "sometimes"/);
  assert.equal(build({ id: 'x', preset: 'openai', discovery: 'none' }).discovery, 'none');
  assert.throws(() => build({ id: 'x', preset: 'openai-compatible' }), /has no base URL: set baseUrl/);
  assert.throws(() => configSchema.parse({ providers: [{ id: 'x' }] }), /a provider needs a preset or a baseUrl/);
});

test('Azure: the resource fills the URL, deployment and api-version go to the adapter', () => {
  const provider = build({ id: 'az', preset: 'azure-openai', resource: 'my-res', deployment: 'gpt4o-prod', apiVersion: '2024-10-21', apiKey: 'azk' });
  assert.equal(provider.baseUrl, 'https://my-res.openai.azure.com');
  assert.equal(provider.auth, 'api-key');
  assert.deepEqual(provider.adapter, { kind: 'azure', apiVersion: '2024-10-21', deployment: 'gpt4o-prod' });
});

test('Bedrock: region fills the URL; keys come from the config or the AWS environment variables', () => {
  const configured = build({ id: 'aws', preset: 'bedrock', region: 'eu-central-1', accessKeyId: 'AKID', secretAccessKey: 'SECRET' });
  assert.equal(configured.baseUrl, 'https://bedrock-runtime.eu-central-1.amazonaws.com');
  assert.deepEqual(configured.adapter, { kind: 'bedrock', region: 'eu-central-1' });
  assert.deepEqual(JSON.parse(configured.credentials[0]!.secret.reveal()), { accessKeyId: 'AKID', secretAccessKey: 'SECRET' });
  const fromEnv = build({ id: 'aws', preset: 'bedrock' }, { AWS_REGION: 'us-west-2', AWS_ACCESS_KEY_ID: 'A2', AWS_SECRET_ACCESS_KEY: 'S2', AWS_SESSION_TOKEN: 'T2' });
  assert.equal(fromEnv.baseUrl, 'https://bedrock-runtime.us-west-2.amazonaws.com');
  assert.deepEqual(JSON.parse(fromEnv.credentials[0]!.secret.reveal()), { accessKeyId: 'A2', secretAccessKey: 'S2', sessionToken: 'T2' });
});

test('Vertex: the service-account file is the credential, its project_id the default project', () => {
  const directory = mkdtempSync(join(tmpdir(), 'switchyard-vertex-'));
  try {
    const file = join(directory, 'sa.json');
    writeFileSync(file, JSON.stringify({ type: 'service_account', project_id: 'proj-42', client_email: 'sa@proj-42.iam.gserviceaccount.com', private_key: 'k' }));
    const provider = build({ id: 'vx', preset: 'vertex', serviceAccountFile: file, location: 'europe-west4' });
    assert.equal(provider.baseUrl, 'https://europe-west4-aiplatform.googleapis.com/v1');
    assert.deepEqual(provider.adapter, { kind: 'vertex', project: 'proj-42', location: 'europe-west4' });
    assert.match(provider.credentials[0]!.secret.reveal(), /proj-42/);
    assert.throws(() => build({ id: 'vx', preset: 'vertex', serviceAccountFile: join(directory, 'missing.json') }), /cannot read the service-account key/);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
