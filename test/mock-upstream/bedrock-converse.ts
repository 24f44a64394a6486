import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { encodeEventStreamMessage } from '../../src/protocols/aws-event-stream/encode.js';
import { signSigV4 } from '../../src/providers/adapters/sigv4.js';
import { mockSignature, planScenario, type ScenarioInput, type ScenarioPlan } from './scenario.js';
import { rawBodyOf, sendJson, sleep, type MockContext } from './server.js';

/**
 * AWS Bedrock Converse and ConverseStream
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html,
 * API_runtime_ConverseStream.html): POST /model/{modelId}/converse answers a
 * Converse JSON body; /converse-stream answers
 * application/vnd.amazon.eventstream, binary frames named by :event-type.
 * Every request must carry a valid SigV4 signature for service "bedrock"
 * made with mockAwsCredentials: the mock recomputes it from the raw request.
 */
export const mockAwsCredentials = { accessKeyId: 'AKIDMOCKBEDROCK', secretAccessKey: 'mock/secret/key+for+bedrock' };

function denied(response: ServerResponse, status: number, message: string): void {
  sendJson(response, status, { message }, { 'x-amzn-errortype': status === 403 ? 'InvalidSignatureException' : 'UnrecognizedClientException' });
}

/** Recomputes the signature from what arrived; true when it matches. */
function verifySignature(request: IncomingMessage, rawBody: string): string | undefined {
  const authorization = request.headers.authorization ?? '';
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(authorization);
  if (match === null) return 'Missing or malformed Authorization header';
  const [, accessKeyId, , region, service, signedHeaders, signature] = match;
  if (accessKeyId !== mockAwsCredentials.accessKeyId) return 'The security token included in the request is invalid.';
  if (service !== 'bedrock') return `Credential should be scoped to correct service: 'bedrock'.`;
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const now = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const headers: Record<string, string> = {};
  for (const name of (signedHeaders ?? '').split(';')) {
    if (name === 'host' || name === 'x-amz-date' || name === 'x-amz-security-token') continue;
    headers[name] = String(request.headers[name] ?? '');
  }
  const token = request.headers['x-amz-security-token'];
  const expected = signSigV4({
    method: request.method ?? 'POST',
    url: new URL(request.url ?? '/', `http://${request.headers.host ?? ''}`),
    headers,
    body: rawBody,
    region: region ?? '',
    service: 'bedrock',
    credentials: { ...mockAwsCredentials, ...(typeof token === 'string' ? { sessionToken: token } : {}) },
    now,
  });
  if (!timingSafeEqual(Buffer.from(expected.signature), Buffer.from(signature ?? ''))) {
    return 'The request signature we calculated does not match the signature you provided.';
  }
  return undefined;
}

function textOf(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content.map((block) => (typeof (block as { text?: unknown }).text === 'string' ? (block as { text: string }).text : '')).join('');
}

function scenarioInput(body: Record<string, unknown>): ScenarioInput {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: string; content?: unknown[] }>) : [];
  const last = messages.at(-1);
  const toolResult = (last?.content ?? []).find((block) => typeof block === 'object' && block !== null && 'toolResult' in block) as
    | { toolResult: { content: unknown } }
    | undefined;
  const tools = ((body.toolConfig as { tools?: Array<{ toolSpec?: { name: string } }> } | undefined)?.tools ?? []).flatMap((tool) => (tool.toolSpec ? [tool.toolSpec.name] : []));
  const promptText = [textOf(body.system), ...messages.map((message) => textOf(message.content))].join('');
  return {
    lastUserText: last?.role === 'user' && toolResult === undefined ? textOf(last.content) : '',
    ...(toolResult === undefined ? {} : { toolResultText: textOf(toolResult.toolResult.content) }),
    toolNames: tools,
    promptText,
  };
}

function usageOf(plan: ScenarioPlan): Record<string, number> {
  // Converse counts like Anthropic: inputTokens excludes cache reads.
  const inputTokens = plan.usage.inputTokens - plan.usage.cacheReadTokens;
  return {
    inputTokens,
    outputTokens: plan.usage.outputTokens,
    totalTokens: plan.usage.inputTokens + plan.usage.outputTokens,
    ...(plan.usage.cacheReadTokens > 0 ? { cacheReadInputTokens: plan.usage.cacheReadTokens, cacheWriteInputTokens: 0 } : {}),
  };
}

function contentOf(plan: ScenarioPlan): unknown[] {
  const content: unknown[] = [];
  if (plan.reasoning !== undefined) content.push({ reasoningContent: { reasoningText: { text: plan.reasoning, signature: mockSignature(plan.reasoning) } } });
  if (plan.text !== undefined) content.push({ text: plan.text });
  for (const call of plan.toolCalls) content.push({ toolUse: { toolUseId: call.id, name: call.name, input: JSON.parse(call.arguments) as unknown } });
  return content;
}

const errorTypes: Record<number, string> = { 400: 'ValidationException', 403: 'AccessDeniedException', 404: 'ResourceNotFoundException', 429: 'ThrottlingException', 500: 'InternalServerException', 503: 'ServiceUnavailableException' };

export async function handleBedrockConverse(request: IncomingMessage, body: unknown, response: ServerResponse, context: MockContext): Promise<void> {
  const refused = verifySignature(request, rawBodyOf(request));
  if (refused !== undefined) {
    denied(response, 403, refused);
    return;
  }
  const wire = (body ?? {}) as Record<string, unknown>;
  if (!Array.isArray(wire.messages)) {
    sendJson(response, 400, { message: 'A conversation must start with a user message.' }, { 'x-amzn-errortype': 'ValidationException' });
    return;
  }
  await sleep(context.options.delayMs);
  const plan = planScenario(scenarioInput(wire), 'tooluse_mock');
  if (plan.error !== undefined) {
    const headers: Record<string, string> = { 'x-amzn-errortype': errorTypes[plan.error.status] ?? 'InternalServerException' };
    if (plan.error.status === 429) headers['retry-after'] = '1';
    sendJson(response, plan.error.status, { message: plan.error.message }, headers);
    return;
  }
  context.served += 1;
  const stopReason = plan.toolCalls.length > 0 ? 'tool_use' : 'end_turn';
  if (!(request.url ?? '').split('?')[0]!.endsWith('/converse-stream')) {
    sendJson(response, 200, { output: { message: { role: 'assistant', content: contentOf(plan) } }, stopReason, usage: usageOf(plan), metrics: { latencyMs: 12 } });
    return;
  }

  response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'mock-request-id' });
  const frame = (eventType: string, payload: unknown): Buffer =>
    encodeEventStreamMessage({ headers: { ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }, payload: JSON.stringify(payload) });
  const write = async (buffer: Buffer): Promise<void> => {
    response.write(buffer);
    await sleep(context.options.chunkDelayMs);
  };
  await write(frame('messageStart', { role: 'assistant' }));
  let index = 0;
  if (plan.reasoning !== undefined) {
    await write(frame('contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent: { text: plan.reasoning } } }));
    await write(frame('contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent: { signature: mockSignature(plan.reasoning) } } }));
    await write(frame('contentBlockStop', { contentBlockIndex: index }));
    index += 1;
  }
  if (plan.text !== undefined) {
    for (const piece of plan.text.match(/\S+\s*/g) ?? [plan.text]) await write(frame('contentBlockDelta', { contentBlockIndex: index, delta: { text: piece } }));
    await write(frame('contentBlockStop', { contentBlockIndex: index }));
    index += 1;
  }
  for (const call of plan.toolCalls) {
    await write(frame('contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId: call.id, name: call.name } } }));
    const half = Math.floor(call.arguments.length / 2);
    await write(frame('contentBlockDelta', { contentBlockIndex: index, delta: { toolUse: { input: call.arguments.slice(0, half) } } }));
    await write(frame('contentBlockDelta', { contentBlockIndex: index, delta: { toolUse: { input: call.arguments.slice(half) } } }));
    await write(frame('contentBlockStop', { contentBlockIndex: index }));
    index += 1;
  }
  await write(frame('messageStop', { stopReason }));
  response.end(frame('metadata', { usage: usageOf(plan), metrics: { latencyMs: 12 } }));
}
