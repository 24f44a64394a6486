import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './load.js';

function yamlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sy-config-')), 'switchyard.yaml');
  writeFileSync(file, text);
  return file;
}

test('defaults apply with no file and no environment', () => {
  const config = loadConfig({ env: { HOME: '/home/someone' } });
  assert.equal(config.port, 8787);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.dataDir, '/home/someone/.switchyard');
});

test('environment variables override the file, with YAML typing', () => {
  const file = yamlFile('port: 9000\nlogLevel: warn\n');
  const config = loadConfig({ file, env: { SWITCHYARD_PORT: '9100', SWITCHYARD_DATA_DIR: '/tmp/sy-data' } });
  assert.equal(config.port, 9100);
  assert.equal(config.logLevel, 'warn');
  assert.equal(config.dataDir, '/tmp/sy-data');
});

test('nested keys from the environment use a double underscore', () => {
  const config = loadConfig({ env: { SWITCHYARD_ALIASES__FAST: 'openai/gpt-4o-mini' } });
  assert.deepEqual(config.aliases, { fast: 'openai/gpt-4o-mini' });
});

test('an unknown key in the file is refused, naming the key', () => {
  const file = yamlFile('port: 9000\nprot: 1\n');
  assert.throws(() => loadConfig({ file, env: {} }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /unknown configuration key "prot"/);
    return true;
  });
});

test('an unknown environment variable is refused, naming the variable', () => {
  assert.throws(() => loadConfig({ env: { SWITCHYARD_PROT: '1' } }), /unknown configuration key "prot" \(from environment variable SWITCHYARD_PROT\)/);
});

test('a mistyped value is refused with its path', () => {
  const file = yamlFile('providers:\n  - id: Bad Id\n    baseUrl: not-a-url\n');
  assert.throws(() => loadConfig({ file, env: {} }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /providers\.0\.id/);
    assert.match(error.message, /providers\.0\.baseUrl/);
    return true;
  });
});

test('an unknown key inside a provider is refused', () => {
  const file = yamlFile('providers:\n  - id: mock\n    baseUrl: http://127.0.0.1:1\n    apikey: x\n');
  assert.throws(() => loadConfig({ file, env: {} }), /unknown configuration key "providers\.0\.apikey"/);
});

test('a file that is not YAML is refused clearly', () => {
  const file = yamlFile('port: [1, 2\n');
  assert.throws(() => loadConfig({ file, env: {} }), /not valid YAML/);
});
