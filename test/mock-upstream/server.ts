import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyFault, faultFromModel, stripFaultPrefix, type Fault } from './faults.js';
import { handleAnthropicCountTokens, handleAnthropicMessages } from './anthropic-messages.js';
import { handleGemini, handleGeminiModels } from './gemini.js';
import { handleBedrockConverse } from './bedrock-converse.js';
import { handleOpenAIChat } from './openai-chat.js';
import { handleOpenAIResponses } from './openai-responses.js';

/**
 * A mock of the upstream provider APIs on loopback, for tests, benchmarks and
 * trying the gateway without a provider account. Plain node:http, so it costs
 * far less than the gateway it is measured against.
 */
export interface MockOptions {
  port?: number;
  host?: string;
  /** Delay before the response headers (ms). */
  delayMs?: number;
  /** Delay between streamed chunks (ms). */
  chunkDelayMs?: number;
  /** When set, requests must carry this key. */
  apiKey?: string;
  /** Keep a record of each request (tests); off for benchmarks. */
  record?: boolean;
  /** Extra headers on every answer (rate-limit headers for the score strategy). */
  headers?: Record<string, string>;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** The body text exactly as it arrived. */
  raw: string;
}

export interface MockContext {
  options: Required<Pick<MockOptions, 'delayMs' | 'chunkDelayMs'>> & MockOptions;
  /** How many completions were served (2xx answers), for crash and metering tests. */
  served: number;
  /** Fault plan: one entry consumed per POST (null = answer normally); see faults.ts. */
  faults: Array<Fault | null>;
  /** Requests being handled now, and the most at once (concurrency-limit tests). */
  inFlight: number;
  maxInFlight: number;
}

export interface MockUpstream {
  url: string;
  requests: RecordedRequest[];
  context: MockContext;
  close(): Promise<void>;
}

export type MockHandler = (request: IncomingMessage, body: unknown, response: ServerResponse, context: MockContext) => Promise<void> | void;

const routes: Array<{ method: string; pattern: RegExp; handler: MockHandler }> = [
  { method: 'POST', pattern: /^(\/v1)?\/chat\/completions$/, handler: handleOpenAIChat },
  { method: 'POST', pattern: /^(\/v1)?\/messages$/, handler: handleAnthropicMessages },
  { method: 'POST', pattern: /^(\/v1)?\/messages\/count_tokens$/, handler: handleAnthropicCountTokens },
  { method: 'POST', pattern: /^\/v1(beta)?\/models\/.+:(generateContent|streamGenerateContent|countTokens)$/, handler: handleGemini },
  { method: 'GET', pattern: /^\/v1beta\/models$/, handler: handleGeminiModels },
  { method: 'POST', pattern: /^\/model\/[^/]+\/converse(-stream)?$/, handler: handleBedrockConverse },
  // Azure OpenAI: deployment-scoped with a dated api-version, or the v1 API.
  { method: 'POST', pattern: /^\/openai\/deployments\/[^/]+\/chat\/completions$/, handler: requireApiVersion(handleOpenAIChat) },
  { method: 'POST', pattern: /^\/openai\/v1\/chat\/completions$/, handler: handleOpenAIChat },
  { method: 'POST', pattern: /^(\/v1)?\/responses$/, handler: handleOpenAIResponses },
  {
    method: 'GET',
    pattern: /^(\/v1)?\/models$/,
    handler: (_request, _body, response) => {
      sendJson(response, 200, {
        object: 'list',
        data: ['mock-small', 'mock-large'].map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'mock' })),
      });
    },
  },
];

/** Azure answers 404 "Resource not found" when api-version is missing, as its deployment routes require one. */
function requireApiVersion(handler: MockHandler): MockHandler {
  return (request, body, response, context) => {
    if (!new URL(request.url ?? '/', 'http://mock').searchParams.has('api-version')) {
      sendJson(response, 404, { error: { code: '404', message: 'Resource not found' } });
      return;
    }
    return handler(request, body, response, context);
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

export const sleep = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

const rawBodies = new WeakMap<IncomingMessage, string>();

/** The request body exactly as it arrived (handlers that verify signatures need the bytes). */
export function rawBodyOf(request: IncomingMessage): string {
  return rawBodies.get(request) ?? '';
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function authorized(request: IncomingMessage, apiKey: string | undefined): boolean {
  if (apiKey === undefined) return true;
  const bearer = request.headers.authorization;
  return (
    bearer === `Bearer ${apiKey}` ||
    request.headers['x-api-key'] === apiKey ||
    request.headers['x-goog-api-key'] === apiKey ||
    request.headers['api-key'] === apiKey
  );
}

export async function startMockUpstream(options: MockOptions = {}): Promise<MockUpstream> {
  const requests: RecordedRequest[] = [];
  const context: MockContext = { options: { delayMs: 0, chunkDelayMs: 0, ...options }, served: 0, faults: [], inFlight: 0, maxInFlight: 0 };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const text = await readBody(request);
      rawBodies.set(request, text);
      const prefixed = stripFaultPrefix((request.url ?? '/').split('?')[0] ?? '/');
      const path = prefixed.path;
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        sendJson(response, 400, { error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error', param: null, code: null } });
        return;
      }
      if (options.record !== false) requests.push({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body, raw: text });
      if (!authorized(request, options.apiKey)) {
        sendJson(response, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
        return;
      }
      const fault = prefixed.fault ?? faultFromModel(path, body) ?? (request.method === 'POST' ? context.faults.shift() : undefined) ?? undefined;
      if (fault !== undefined && applyFault(fault, request, response, path)) return;
      for (const [name, value] of Object.entries(options.headers ?? {})) response.setHeader(name, value);
      const route = routes.find((candidate) => candidate.method === request.method && candidate.pattern.test(path));
      if (route === undefined) {
        sendJson(response, 404, { error: { message: `Unknown route ${request.method} ${path}`, type: 'invalid_request_error', param: null, code: null } });
        return;
      }
      context.inFlight += 1;
      context.maxInFlight = Math.max(context.maxInFlight, context.inFlight);
      try {
        await route.handler(request, body, response, context);
      } finally {
        context.inFlight -= 1;
      }
    })().catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: { message: String(error), type: 'server_error', param: null, code: null } });
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1', backlog: 4096 }, resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    context,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
