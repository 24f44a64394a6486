import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mockSignature, planScenario, streamPieces, type ScenarioInput, type ScenarioPlan } from './scenario.js';
import { sendJson, sleep, type MockContext } from './server.js';
import { collectText, mockTokenCount } from './tokens.js';

/**
 * Gemini generateContent as https://ai.google.dev/api/generate-content
 * describes it: POST /v1beta/models/{model}:generateContent,
 * :streamGenerateContent (alt=sse → SSE chunks separated by \r\n\r\n, each a
 * whole GenerateContentResponse; without alt=sse one JSON array) and
 * :countTokens; GET /v1beta/models. Like the real API it:
 * - returns function calls without ids, whole, with finishReason STOP;
 * - with [reasoning], counts thoughtsTokenCount apart from
 *   candidatesTokenCount, shows the thought part only when
 *   thinkingConfig.includeThoughts is set, and signs the first functionCall
 *   part of the turn (or the thought / first text part without calls);
 * - rejects a replayed turn whose first functionCall lacks the signature it
 *   was given ("Function call is missing a thought_signature…"), the check
 *   Gemini 3 applies to the current turn;
 * - rejects schema fields Gemini's `parameters` does not know
 *   (additionalProperties, $schema, $ref, const, …) and type arrays.
 */

const schemaFields = new Set([
  'type', 'format', 'title', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'properties', 'required', 'minProperties',
  'maxProperties', 'minLength', 'maxLength', 'pattern', 'example', 'anyOf', 'propertyOrdering', 'default', 'items', 'minimum', 'maximum',
]);
const schemaTypes = new Set(['STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'ARRAY', 'OBJECT', 'NULL', 'TYPE_UNSPECIFIED']);

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

class GeminiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function statusName(status: number): string {
  switch (status) {
    case 400:
      return 'INVALID_ARGUMENT';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'PERMISSION_DENIED';
    case 404:
      return 'NOT_FOUND';
    case 429:
      return 'RESOURCE_EXHAUSTED';
    case 503:
      return 'UNAVAILABLE';
    case 504:
      return 'DEADLINE_EXCEEDED';
    default:
      return 'INTERNAL';
  }
}

function sendGeminiError(response: ServerResponse, status: number, message: string): void {
  const error: Json = { code: status, message, status: statusName(status) };
  const headers: Record<string, string> = {};
  if (status === 429) {
    headers['retry-after'] = '1';
    error.details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' }];
  }
  sendJson(response, status, { error }, headers);
}

function checkSchema(schema: unknown, path: string): void {
  const node = object(schema);
  if (node === undefined) throw new GeminiRequestError(400, `Invalid JSON payload received. Expected an object at '${path}'.`);
  for (const [key, value] of Object.entries(node)) {
    if (!schemaFields.has(key)) throw new GeminiRequestError(400, `Invalid JSON payload received. Unknown name "${key}" at '${path}': Cannot find field.`);
    if (key === 'type') {
      if (typeof value !== 'string') throw new GeminiRequestError(400, `Invalid JSON payload received. Proto field is not repeating, cannot start list. at '${path}.type'`);
      if (!schemaTypes.has(value.toUpperCase())) throw new GeminiRequestError(400, `Invalid value at '${path}.type' (type.googleapis.com/google.ai.generativelanguage.v1beta.Type), "${value}"`);
    }
    if (key === 'enum' && list(value).some((item) => typeof item !== 'string')) {
      throw new GeminiRequestError(400, `Invalid value at '${path}.enum': enum values must be strings`);
    }
  }
  const type = String(node.type).toUpperCase();
  if (type === 'ARRAY' && node.items === undefined) throw new GeminiRequestError(400, `* ${path}.items: missing field.`);
  // Both wordings as Gemini reports them (browser-use #3786, anomalyco/opencode #11888).
  if (node.properties !== undefined && type !== 'OBJECT') throw new GeminiRequestError(400, `* ${path}.properties: only allowed for OBJECT type`);
  if (type === 'OBJECT' && node.properties !== undefined && Object.keys(object(node.properties) ?? {}).length === 0) {
    throw new GeminiRequestError(400, `* ${path}.properties: should be non-empty for OBJECT type`);
  }
  for (const [name, property] of Object.entries(object(node.properties) ?? {})) checkSchema(property, `${path}.properties[${name}]`);
  if (node.items !== undefined) checkSchema(node.items, `${path}.items`);
  for (const [index, branch] of list(node.anyOf).entries()) checkSchema(branch, `${path}.any_of[${index}]`);
}

function toolNames(tools: unknown): string[] {
  const names: string[] = [];
  for (const [toolIndex, tool] of list(tools).entries()) {
    for (const [index, declaration] of list(object(tool)?.functionDeclarations).entries()) {
      const entry = object(declaration) ?? {};
      if (entry.parameters !== undefined && entry.parametersJsonSchema !== undefined) {
        throw new GeminiRequestError(400, 'parameters and parameters_json_schema cannot both be set.');
      }
      if (entry.parameters !== undefined) checkSchema(entry.parameters, `tools[${toolIndex}].function_declarations[${index}].parameters`);
      if (typeof entry.name === 'string') names.push(entry.name);
    }
  }
  return names;
}

function isFunctionResponseTurn(content: Json): boolean {
  return list(content.parts).some((part) => object(part)?.functionResponse !== undefined);
}

/** The signature the mock gives the first functionCall of a turn, derived so a replay can be checked statelessly. */
export function functionCallSignature(name: string): string {
  return mockSignature(`functionCall:${name}`);
}

/** Gemini 3's rule: in the current turn, each model step's first functionCall must carry the signature it was given. */
function checkThoughtSignatures(contents: Json[]): void {
  let turnStart = -1;
  for (let index = contents.length - 1; index >= 0; index -= 1) {
    const content = contents[index];
    if (content !== undefined && content.role !== 'model' && !isFunctionResponseTurn(content)) {
      turnStart = index;
      break;
    }
  }
  if (turnStart === -1 || !collectText(contents[turnStart]?.parts).includes('[reasoning]')) return;
  for (let index = turnStart + 1; index < contents.length; index += 1) {
    const content = contents[index];
    if (content?.role !== 'model') continue;
    const parts = list(content.parts).map((part) => object(part) ?? {});
    const firstCall = parts.findIndex((part) => part.functionCall !== undefined);
    if (firstCall === -1) continue;
    const part = parts[firstCall] ?? {};
    const callName = object(part.functionCall)?.name;
    const name = typeof callName === 'string' ? callName : '';
    if (typeof part.thoughtSignature !== 'string') {
      throw new GeminiRequestError(
        400,
        `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${index + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
      );
    }
    if (part.thoughtSignature !== functionCallSignature(name)) throw new GeminiRequestError(400, 'Corrupted thought signature.');
  }
}

function scenarioInput(body: Json, contents: Json[], names: string[]): ScenarioInput {
  const last = [...contents].reverse().find((content) => content.role !== 'model');
  const input: ScenarioInput = { lastUserText: '', toolNames: names, promptText: collectText({ systemInstruction: body.systemInstruction, contents }) };
  if (last === undefined) return input;
  const parts = list(last.parts).map((part) => object(part) ?? {});
  const responses = parts.filter((part) => part.functionResponse !== undefined);
  if (responses.length > 0) {
    input.toolResultText = responses.map((part) => collectText(object(part.functionResponse)?.response)).join('');
    return input;
  }
  input.lastUserText = parts.map((part) => (typeof part.text === 'string' ? part.text : '')).join('');
  const image = parts.find((part) => object(part.inlineData) !== undefined || object(part.fileData) !== undefined);
  if (image !== undefined) {
    const mimeType = object(image.inlineData)?.mimeType;
    input.imageMediaType = typeof mimeType === 'string' ? mimeType : 'url';
  }
  return input;
}

function usageMetadata(plan: ScenarioPlan): Json {
  const usage = plan.usage;
  const metadata: Json = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: usage.outputTokens - usage.reasoningTokens,
    totalTokenCount: usage.inputTokens + usage.outputTokens,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: usage.inputTokens }],
  };
  if (usage.cacheReadTokens > 0) metadata.cachedContentTokenCount = usage.cacheReadTokens;
  if (usage.reasoningTokens > 0) metadata.thoughtsTokenCount = usage.reasoningTokens;
  return metadata;
}

/** The answer as Gemini parts, in the order Gemini sends them. */
function planParts(plan: ScenarioPlan, includeThoughts: boolean, stream: boolean): Json[][] {
  const steps: Json[][] = [];
  const signed = plan.reasoning !== undefined;
  if (plan.reasoning !== undefined && includeThoughts) {
    steps.push([{ text: plan.reasoning, thought: true, ...(plan.toolCalls.length === 0 ? { thoughtSignature: mockSignature(plan.reasoning) } : {}) }]);
  }
  if (plan.text !== undefined) {
    // Whole text in one part when not streaming, a word per chunk when streaming.
    const pieces = stream ? streamPieces(plan.text) : [plan.text];
    pieces.forEach((piece, index) => {
      const signHere = signed && !includeThoughts && plan.toolCalls.length === 0 && index === 0;
      steps.push([{ text: piece, ...(signHere ? { thoughtSignature: mockSignature(plan.reasoning ?? '') } : {}) }]);
    });
  }
  if (plan.toolCalls.length > 0) {
    steps.push(
      plan.toolCalls.map((call, index) => ({
        functionCall: { name: call.name, args: JSON.parse(call.arguments) as unknown },
        ...(signed && index === 0 ? { thoughtSignature: functionCallSignature(call.name) } : {}),
      })),
    );
  }
  return steps;
}

async function generate(options: { body: Json; model: string; stream: boolean; sse: boolean; response: ServerResponse; context: MockContext }): Promise<void> {
  const { body, response, context } = options;
  const contents = list(body.contents).map((content) => object(content) ?? {});
  if (contents.length === 0) throw new GeminiRequestError(400, '* GenerateContentRequest.contents: contents is not specified\n');
  const names = toolNames(body.tools);
  checkThoughtSignatures(contents);
  const plan = planScenario(scenarioInput(body, contents, names));
  if (plan.error !== undefined) {
    sendGeminiError(response, plan.error.status, plan.error.message);
    return;
  }
  await sleep(context.options.delayMs);
  const includeThoughts = object(object(body.generationConfig)?.thinkingConfig)?.includeThoughts === true;
  const steps = planParts(plan, includeThoughts, options.stream);
  const responseId = randomUUID().replace(/-/g, '').slice(0, 22);
  const envelope = (parts: Json[], final: boolean): Json => ({
    candidates: [{ content: { parts, role: 'model' }, ...(final ? { finishReason: 'STOP' } : {}), index: 0 }],
    usageMetadata: final ? usageMetadata(plan) : { promptTokenCount: plan.usage.inputTokens, totalTokenCount: plan.usage.inputTokens },
    modelVersion: options.model,
    responseId,
  });
  context.served += 1;
  if (!options.stream) {
    sendJson(response, 200, envelope(steps.flat(), true));
    return;
  }
  response.writeHead(200, { 'content-type': options.sse ? 'text/event-stream' : 'application/json; charset=UTF-8' });
  if (!options.sse) response.write('[');
  for (const [index, parts] of steps.entries()) {
    await sleep(context.options.chunkDelayMs);
    if (response.destroyed) return;
    const chunk = JSON.stringify(envelope(parts, index === steps.length - 1));
    response.write(options.sse ? `data: ${chunk}\r\n\r\n` : `${index === 0 ? '' : '\n,\r\n'}${chunk}`);
  }
  response.end(options.sse ? '' : '\n]');
}

function countTokens(body: Json, response: ServerResponse): void {
  const request = object(body.generateContentRequest) ?? body;
  const contents = list(request.contents);
  const totalTokens = mockTokenCount(collectText({ systemInstruction: request.systemInstruction, contents }));
  sendJson(response, 200, { totalTokens, promptTokensDetails: [{ modality: 'TEXT', tokenCount: totalTokens }] });
}

export const mockGeminiModels = ['gemini-mock-flash', 'gemini-mock-pro'];

export function handleGeminiModels(_request: IncomingMessage, _body: unknown, response: ServerResponse): void {
  sendJson(response, 200, {
    models: mockGeminiModels.map((id) => ({
      name: `models/${id}`,
      version: '001',
      displayName: id,
      description: 'A mock Gemini model',
      inputTokenLimit: 1_048_576,
      outputTokenLimit: 65_536,
      supportedGenerationMethods: ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'],
      temperature: 1,
      topP: 0.95,
      topK: 64,
      maxTemperature: 2,
      thinking: true,
    })),
  });
}

export async function handleGemini(request: IncomingMessage, body: unknown, response: ServerResponse, context: MockContext): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://mock');
  const match = /\/models\/(.+):(generateContent|streamGenerateContent|countTokens)$/.exec(url.pathname);
  const model = decodeURIComponent(match?.[1] ?? '');
  const action = match?.[2] ?? '';
  try {
    const root = object(body);
    if (root === undefined) throw new GeminiRequestError(400, 'Invalid JSON payload received. Expected an object.');
    if (action === 'countTokens') {
      countTokens(root, response);
      return;
    }
    const stream = action === 'streamGenerateContent';
    await generate({ body: root, model, stream, sse: url.searchParams.get('alt') === 'sse', response, context });
  } catch (error) {
    if (!(error instanceof GeminiRequestError)) throw error;
    sendGeminiError(response, error.status, error.message);
  }
}
