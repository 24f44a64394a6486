import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mockSignature, planScenario, type ScenarioInput, type ScenarioPlan } from './scenario.js';
import { sendJson, sleep, type MockContext } from './server.js';

/**
 * OpenAI Responses, as https://platform.openai.com/docs/api-reference/responses
 * and the streaming reference describe it: a `response` object, or named SSE
 * events with sequence_number from 0. It checks what the real API checks
 * and gateways get wrong: previous_response_id it never issued (it stores
 * nothing), reasoning items without their following item or with
 * encrypted_content it did not make, outputs for unknown call ids,
 * function_call ids not starting with "fc", and function tools that are
 * strict by default with a non-strict schema.
 *
 * One directive of its own besides scenario.ts: `[stream-fail]` in the last
 * user text makes a stream stop after two text deltas with response.failed,
 * the way the API reports a failure after the stream started.
 */
type Json = Record<string, unknown>;

const object = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
/** Stream pieces of a word each (with its trailing space), as the other mocks stream. */
const streamPieces = (value: string): string[] => value.match(/\S+\s*/g) ?? [value];
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');

function invalid(message: string, param: string | null, code: string | null = null): { status: number; body: Json } {
  return { status: 400, body: { error: { message, type: 'invalid_request_error', param, code } } };
}

function items(input: unknown): Json[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return Array.isArray(input) ? input.map((item) => object(item) ?? {}) : [];
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof object(part)?.text === 'string' ? (object(part)?.text as string) : '')).join('');
}

function outputText(output: unknown): string {
  return typeof output === 'string' ? output : contentText(output);
}

function itemText(item: Json): string {
  switch (item.type ?? 'message') {
    case 'message':
      return contentText(item.content);
    case 'function_call':
      return text(item.arguments ?? '');
    case 'custom_tool_call':
      return text(item.input ?? '');
    case 'function_call_output':
    case 'custom_tool_call_output':
      return outputText(item.output);
    default:
      return '';
  }
}

function isDecodableSignature(value: string): boolean {
  return Buffer.from(value, 'base64').toString('utf8').startsWith('mock-signature:');
}

/** The checks the real API makes on input items that a gateway can get wrong. */
function validate(request: Json, inputItems: Json[]): { status: number; body: Json } | undefined {
  if (typeof request.previous_response_id === 'string') {
    return invalid(`Previous response with id '${request.previous_response_id}' not found.`, 'previous_response_id', 'previous_response_not_found');
  }
  const calls = new Set<string>();
  for (const [position, item] of inputItems.entries()) {
    const type = item.type ?? 'message';
    if (type === 'reasoning') {
      const encrypted = item.encrypted_content;
      if (typeof encrypted === 'string' && !isDecodableSignature(encrypted)) {
        return invalid(`The encrypted content for item ${text(item.id)} could not be verified.`, null, 'invalid_encrypted_content');
      }
      if (typeof encrypted !== 'string' && request.store === false) {
        return invalid(`Item with id '${text(item.id)}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`, 'input');
      }
      const next = inputItems[position + 1];
      const nextType = next?.type ?? (next === undefined ? undefined : 'message');
      const follows = next !== undefined && (nextType === 'function_call' || nextType === 'custom_tool_call' || (nextType === 'message' && next.role === 'assistant') || (typeof nextType === 'string' && nextType.endsWith('_call')));
      if (!follows) return invalid(`Item '${text(item.id)}' of type 'reasoning' was provided without its required following item.`, 'input');
    }
    if (type === 'function_call' || type === 'custom_tool_call') {
      if (type === 'function_call' && item.id !== undefined && !text(item.id).startsWith('fc')) {
        return invalid(`Invalid 'input[${position}].id': '${text(item.id)}'. Expected an ID that begins with 'fc'.`, `input[${position}].id`, 'invalid_value');
      }
      calls.add(`${String(type)}:${String(item.call_id)}`);
    }
    if (type === 'function_call_output' || type === 'custom_tool_call_output') {
      const callType = type === 'function_call_output' ? 'function_call' : 'custom_tool_call';
      if (!calls.has(`${callType}:${String(item.call_id)}`)) return invalid(`No tool call found for ${type.replace(/_/g, ' ')} with call_id ${String(item.call_id)}.`, 'input');
    }
  }
  for (const [position, tool] of (Array.isArray(request.tools) ? request.tools.map(object) : []).entries()) {
    // Function tools are strict unless strict: false, and a strict schema must close its objects.
    if (tool?.type !== 'function' || tool.strict === false) continue;
    if (object(tool.parameters)?.additionalProperties !== false) {
      return invalid(`Invalid schema for function '${String(tool.name)}': In context=(), 'additionalProperties' is required to be supplied and to be false.`, `tools[${position}].parameters`, 'invalid_function_parameters');
    }
  }
  return undefined;
}

function scenarioInput(request: Json, inputItems: Json[]): ScenarioInput {
  const tools = Array.isArray(request.tools) ? request.tools.map(object) : [];
  const input: ScenarioInput = {
    lastUserText: '',
    toolNames: tools.map((tool) => tool?.name).filter((name): name is string => typeof name === 'string'),
    promptText: (typeof request.instructions === 'string' ? request.instructions : '') + inputItems.map(itemText).join(''),
  };
  const last = inputItems.at(-1);
  if (last?.type === 'function_call_output' || last?.type === 'custom_tool_call_output') {
    input.toolResultText = outputText(last.output);
    return input;
  }
  const lastUser = [...inputItems].reverse().find((item) => (item.type ?? 'message') === 'message' && item.role === 'user');
  if (lastUser !== undefined) {
    input.lastUserText = contentText(lastUser.content);
    const image = Array.isArray(lastUser.content) ? lastUser.content.map(object).find((part) => part?.type === 'input_image') : undefined;
    if (image !== undefined) {
      const match = /^data:([^;,]+);/.exec(text(image.image_url ?? ''));
      input.imageMediaType = match?.[1] ?? 'url';
    }
  }
  return input;
}

interface Rendered {
  response: Json;
}

function render(request: Json, plan: ScenarioPlan): Rendered {
  const id = `resp_${hex(16)}`;
  const include = Array.isArray(request.include) ? request.include : [];
  const reasoningConfig = object(request.reasoning);
  const output: Json[] = [];
  if (plan.reasoning !== undefined) {
    // Summaries come only when asked for (reasoning.summary); encrypted content only with include.
    const reasoning: Json = { id: `rs_${hex(16)}`, type: 'reasoning', summary: reasoningConfig?.summary === undefined || reasoningConfig.summary === null ? [] : [{ type: 'summary_text', text: plan.reasoning }] };
    if (include.includes('reasoning.encrypted_content')) reasoning.encrypted_content = mockSignature(plan.reasoning);
    output.push(reasoning);
  }
  const usage = { ...plan.usage };
  let text = plan.text;
  let incomplete = false;
  const maxOutput = typeof request.max_output_tokens === 'number' ? request.max_output_tokens : undefined;
  if (text !== undefined && maxOutput !== undefined && usage.outputTokens > maxOutput) {
    incomplete = true;
    text = text.slice(0, Math.max(0, (maxOutput - usage.reasoningTokens) * 4));
    usage.outputTokens = maxOutput;
  }
  if (text !== undefined) {
    output.push({ id: `msg_${hex(16)}`, type: 'message', status: incomplete ? 'incomplete' : 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], logprobs: [], text }] });
  }
  const tools = Array.isArray(request.tools) ? request.tools.map(object) : [];
  for (const call of plan.toolCalls) {
    const custom = tools.find((tool) => tool?.name === call.name)?.type === 'custom';
    output.push(
      custom
        ? { id: `ctc_${hex(16)}`, type: 'custom_tool_call', status: 'completed', call_id: call.id, name: call.name, input: call.arguments }
        : { id: `fc_${hex(16)}`, type: 'function_call', status: 'completed', arguments: call.arguments, call_id: call.id, name: call.name },
    );
  }
  const response: Json = {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: incomplete ? 'incomplete' : 'completed',
    background: false,
    error: null,
    incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: request.instructions ?? null,
    max_output_tokens: maxOutput ?? null,
    model: request.model,
    output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: null,
    prompt_cache_key: request.prompt_cache_key ?? null,
    reasoning: { effort: reasoningConfig?.effort ?? null, summary: reasoningConfig?.summary ?? null },
    service_tier: 'default',
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: request.text ?? { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_p: request.top_p ?? 1,
    truncation: request.truncation ?? 'disabled',
    usage: {
      input_tokens: usage.inputTokens,
      input_tokens_details: { cached_tokens: usage.cacheReadTokens },
      output_tokens: usage.outputTokens,
      output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
      total_tokens: usage.inputTokens + usage.outputTokens,
    },
    user: null,
    metadata: request.metadata ?? {},
  };
  return { response };
}

function errorBody(status: number, message: string): Json {
  if (status === 429) return { error: { message, type: 'requests', param: null, code: 'rate_limit_exceeded' } };
  if (status === 401) return { error: { message, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } };
  if (status >= 500) return { error: { message, type: 'server_error', param: null, code: null } };
  return { error: { message, type: 'invalid_request_error', param: null, code: null } };
}

async function stream(response: ServerResponse, rendered: Rendered, context: MockContext, failMidway: boolean): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  let sequence = 0;
  const send = async (type: string, fields: Json): Promise<boolean> => {
    await sleep(context.options.chunkDelayMs);
    if (response.destroyed) return false;
    response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...fields, sequence_number: sequence })}\n\n`);
    sequence += 1;
    return true;
  };
  const final = rendered.response;
  const inProgress = { ...final, status: 'in_progress', output: [], usage: null, incomplete_details: null };
  if (!(await send('response.created', { response: inProgress }))) return;
  await send('response.in_progress', { response: inProgress });
  for (const [outputIndex, item] of (final.output as Json[]).entries()) {
    const itemId = item.id as string;
    if (item.type === 'reasoning') {
      await send('response.output_item.added', { output_index: outputIndex, item: { id: itemId, type: 'reasoning', summary: [] } });
      for (const [summaryIndex, summary] of (item.summary as Json[]).entries()) {
        const where = { item_id: itemId, output_index: outputIndex, summary_index: summaryIndex };
        await send('response.reasoning_summary_part.added', { ...where, part: { type: 'summary_text', text: '' } });
        for (const piece of streamPieces(summary.text as string)) await send('response.reasoning_summary_text.delta', { ...where, delta: piece });
        await send('response.reasoning_summary_text.done', { ...where, text: summary.text });
        await send('response.reasoning_summary_part.done', { ...where, part: summary });
      }
    } else if (item.type === 'message') {
      const part = (item.content as Json[])[0] ?? {};
      const where = { item_id: itemId, output_index: outputIndex, content_index: 0 };
      await send('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } });
      await send('response.content_part.added', { ...where, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } });
      for (const [position, piece] of streamPieces(part.text as string).entries()) {
        if (failMidway && position === 2) {
          const error = { code: 'server_error', message: 'The model failed to generate a response (mock stream failure).' };
          await send('response.failed', { response: { ...inProgress, status: 'failed', error } });
          response.end();
          return;
        }
        if (!(await send('response.output_text.delta', { ...where, delta: piece, logprobs: [] }))) return;
      }
      await send('response.output_text.done', { ...where, text: part.text, logprobs: [] });
      await send('response.content_part.done', { ...where, part });
    } else if (item.type === 'function_call') {
      const where = { item_id: itemId, output_index: outputIndex };
      await send('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', arguments: '' } });
      const args = item.arguments as string;
      for (const piece of [args.slice(0, 5), args.slice(5)]) await send('response.function_call_arguments.delta', { ...where, delta: piece });
      await send('response.function_call_arguments.done', { ...where, name: item.name, arguments: args });
    } else if (item.type === 'custom_tool_call') {
      const where = { item_id: itemId, output_index: outputIndex };
      await send('response.output_item.added', { output_index: outputIndex, item: { ...item, input: '' } });
      await send('response.custom_tool_call_input.delta', { ...where, delta: item.input });
      await send('response.custom_tool_call_input.done', { ...where, input: item.input });
    }
    await send('response.output_item.done', { output_index: outputIndex, item });
  }
  await send(final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: final });
  response.end();
}

export async function handleOpenAIResponses(_request: IncomingMessage, body: unknown, response: ServerResponse, context: MockContext): Promise<void> {
  const request = object(body) ?? {};
  if (typeof request.model !== 'string') {
    sendJson(response, 400, invalid("Missing required parameter: 'model'.", 'model', 'missing_required_parameter').body);
    return;
  }
  if (typeof request.input !== 'string' && !Array.isArray(request.input)) {
    sendJson(response, 400, invalid("Missing required parameter: 'input'.", 'input', 'missing_required_parameter').body);
    return;
  }
  const inputItems = items(request.input);
  const rejected = validate(request, inputItems);
  if (rejected !== undefined) {
    sendJson(response, rejected.status, rejected.body);
    return;
  }
  await sleep(context.options.delayMs);
  const scenario = scenarioInput(request, inputItems);
  const plan = planScenario(scenario);
  if (plan.error !== undefined) {
    sendJson(response, plan.error.status, errorBody(plan.error.status, plan.error.message), plan.error.status === 429 ? { 'retry-after': '1' } : {});
    return;
  }
  context.served += 1;
  const rendered = render(request, plan);
  if (request.stream === true) await stream(response, rendered, context, scenario.lastUserText.includes('[stream-fail]'));
  else sendJson(response, 200, rendered.response);
}
