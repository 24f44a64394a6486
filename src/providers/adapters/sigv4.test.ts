import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signSigV4 } from './sigv4.js';

/**
 * Vectors from AWS's Signature Version 4 Test Suite
 * (https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html;
 * the suite now lives in awslabs/aws-c-auth under tests/aws-signing-test-suite/v4/,
 * e.g. post-vanilla/header-signed-request.txt). Expected canonical requests
 * (*.creq), strings to sign (*.sts) and signatures (*.authz) are copied from
 * the suite; credentials, region, service and date are the suite's own.
 */
const suite = {
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  region: 'us-east-1',
  service: 'service',
  now: new Date('2015-08-30T12:36:00Z'),
};

const vectors: Array<{ name: string; method: string; headers: Record<string, string>; body: string; creq: string; sts: string; authz: string }> = [
  {
    name: 'get-vanilla',
    method: 'GET',
    headers: {},
    body: '',
    creq: 'GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    sts: 'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63',
    authz:
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'post-vanilla',
    method: 'POST',
    headers: {},
    body: '',
    creq: 'POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    sts: 'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87',
    authz:
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
  },
  {
    name: 'post-x-www-form-urlencoded',
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'Param1=value1',
    creq:
      'POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e',
    sts: 'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281',
    authz:
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
  },
];

for (const vector of vectors) {
  test(`SigV4 test suite: ${vector.name}`, () => {
    const result = signSigV4({ ...suite, method: vector.method, url: new URL('https://example.amazonaws.com/'), headers: vector.headers, body: vector.body });
    assert.equal(result.canonicalRequest, vector.creq);
    assert.equal(result.stringToSign, vector.sts);
    assert.equal(result.headers.authorization, vector.authz);
    assert.equal(result.headers['x-amz-date'], '20150830T123600Z');
  });
}

test('query parameters are sorted and encoded (suite: get-vanilla-query-order-key-case)', () => {
  const result = signSigV4({ ...suite, method: 'GET', url: new URL('https://example.amazonaws.com/?Param2=value2&Param1=value1'), headers: {}, body: '' });
  assert.equal(result.canonicalRequest.split('\n')[2], 'Param1=value1&Param2=value2');
  assert.equal(result.signature, 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500');
});

test('a session token is signed and sent', () => {
  const result = signSigV4({ ...suite, credentials: { ...suite.credentials, sessionToken: 'token-1' }, method: 'POST', url: new URL('https://example.amazonaws.com/'), headers: {}, body: '' });
  assert.equal(result.headers['x-amz-security-token'], 'token-1');
  assert.match(result.headers.authorization ?? '', /SignedHeaders=host;x-amz-date;x-amz-security-token,/);
});

test('a Bedrock model id is encoded once more in the canonical path', () => {
  const url = new URL('https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse');
  const result = signSigV4({ ...suite, service: 'bedrock', method: 'POST', url, headers: {}, body: '{}' });
  assert.equal(result.canonicalRequest.split('\n')[1], '/model/anthropic.claude-3-5-haiku-20241022-v1%253A0/converse');
});
