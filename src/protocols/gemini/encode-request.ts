import type { ContentPart, Message, MediaSource, ToolCallPart } from '../../core/content.js';
import { effortToBudget } from '../../core/reasoning.js';
import type { ChatRequest, ReasoningConfig, ToolChoice, ToolDefinition } from '../../core/request.js';
import type { EncodedRequest, EncodeRequestOptions } from '../codec.js';
import { cleanSchemaForGemini, isEmptyObjectSchema } from './clean-schema.js';
import { asObject, type JsonObject } from '../../core/json.js';
import { parseJsonText } from './json.js';
import type { GeminiContent, GeminiPart, GeminiRole } from './types.js';

/**
 * Canonical → a Gemini GenerateContentRequest for an upstream Gemini provider.
 *
 * - roles user/model; tool results become functionResponse parts in a user
 *   turn, `response` always an object ({result: …} around anything else),
 *   images in tool results follow as inlineData parts;
 * - consecutive same-role turns are merged (Gemini wants alternation), a
 *   call left unanswered gets an empty functionResponse before the next turn;
 * - a mid-conversation system message is folded into the neighbouring user
 *   turn as "System: …" text (Gemini has only systemInstruction);
 * - thoughtSignature is put back on functionCall parts; reasoning from other
 *   protocols is dropped (its signature means nothing to Gemini and Gemini
 *   does not read past thought text);
 * - function parameters are cleaned into Gemini's Schema subset
 *   (clean-schema.ts); response formats go as responseJsonSchema, which takes
 *   JSON Schema as it is.
 */

export function upstreamPath(model: string, stream: boolean): Pick<EncodedRequest, 'path' | 'query'> {
  return stream ? { path: `/models/${model}:streamGenerateContent`, query: { alt: 'sse' } } : { path: `/models/${model}:generateContent` };
}

function dataUrl(url: string): { mimeType: string; data: string } | undefined {
  const match = /^data:([^;,]+)?(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  if (match === null) return undefined;
  return { mimeType: match[1] ?? 'application/octet-stream', data: match[2] ?? '' };
}

function mediaPart(source: MediaSource, fallbackMimeType: string): GeminiPart {
  switch (source.kind) {
    case 'base64':
      return { inlineData: { mimeType: source.mediaType, data: source.data } };
    case 'url': {
      const inline = dataUrl(source.url);
      if (inline !== undefined) return { inlineData: inline };
      return { fileData: { mimeType: source.mediaType ?? fallbackMimeType, fileUri: source.url } };
    }
    case 'file-id':
      return { fileData: { mimeType: source.mediaType ?? fallbackMimeType, fileUri: source.fileId } };
  }
}

function parseArguments(call: ToolCallPart): Record<string, unknown> {
  // A custom (freeform) tool is offered to Gemini as a function with one string parameter `input`.
  if (call.kind === 'custom') return { input: call.arguments };
  const parsed = asObject(parseJsonText(call.arguments === '' ? '{}' : call.arguments));
  return parsed ?? { input: call.arguments };
}

function toolResponse(part: Extract<ContentPart, { type: 'tool-result' }>): Record<string, unknown> {
  const text = part.content.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('');
  const parsed = parseJsonText(text);
  const value = asObject(parsed) ?? { [part.isError === true ? 'error' : 'result']: parsed === undefined ? text : parsed };
  return value;
}

interface EncodeState {
  /** Tool-call id → name, so a functionResponse can name the function even when the result did not. */
  callNames: Map<string, string>;
  /** Calls of the last model turn not yet answered. */
  unanswered: ToolCallPart[];
}

function encodePart(part: ContentPart, state: EncodeState): GeminiPart[] {
  switch (part.type) {
    case 'text':
      return part.text === '' ? [] : [{ text: part.text }];
    case 'image':
      return [mediaPart(part.source, 'image/jpeg')];
    case 'audio':
      return [mediaPart(part.source, part.format === undefined ? 'audio/wav' : `audio/${part.format}`)];
    case 'file':
      return [mediaPart(part.source, 'application/pdf')];
    case 'reasoning': {
      if (part.origin?.protocol !== 'gemini' || part.redactedData !== undefined) return [];
      const thought: GeminiPart = { text: part.text, thought: true };
      if (part.signature !== undefined) thought.thoughtSignature = part.signature;
      return part.text === '' && part.signature === undefined ? [] : [thought];
    }
    case 'tool-call': {
      state.callNames.set(part.id, part.name);
      const call: GeminiPart = { functionCall: { id: part.id, name: part.name, args: parseArguments(part) } };
      if (part.thoughtSignature !== undefined) call.thoughtSignature = part.thoughtSignature;
      return [call];
    }
    case 'tool-result': {
      const name = part.name ?? state.callNames.get(part.toolCallId) ?? 'unknown_function';
      const answersLastTurn = state.unanswered.some((call) => call.id === part.toolCallId);
      state.unanswered = state.unanswered.filter((call) => call.id !== part.toolCallId);
      // Gemini refuses a functionResponse that does not follow its functionCall turn
      // ("function response turn comes immediately after a function call turn"): an orphan result is told as text.
      const parts: GeminiPart[] = answersLastTurn
        ? [{ functionResponse: { id: part.toolCallId, name, response: toolResponse(part) } }]
        : [{ text: `Result of ${name}: ${JSON.stringify(toolResponse(part))}` }];
      for (const item of part.content) if (item.type !== 'text') parts.push(mediaPart(item.source, item.type === 'image' ? 'image/jpeg' : 'application/pdf'));
      return parts;
    }
    case 'unknown':
      return part.protocol === 'gemini' && asObject(part.value) !== undefined ? [part.value as GeminiPart] : [];
  }
}

function encodeContents(messages: Message[]): GeminiContent[] {
  const contents: GeminiContent[] = [];
  const state: EncodeState = { callNames: new Map(), unanswered: [] };
  const append = (role: GeminiRole, parts: GeminiPart[]): void => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  const answerUnanswered = (): void => {
    // TRANSLATION.md item 2: every call needs its response in the next turn.
    const missing = state.unanswered.map((call): GeminiPart => ({ functionResponse: { id: call.id, name: call.name, response: { result: '' } } }));
    state.unanswered = [];
    append('user', missing);
  };
  for (const message of messages) {
    if (message.role !== 'tool' && message.role !== 'assistant' && state.unanswered.length > 0) answerUnanswered();
    if (message.role === 'assistant') {
      if (state.unanswered.length > 0) answerUnanswered();
      append('model', message.content.flatMap((part) => encodePart(part, state)));
      state.unanswered = message.content.filter((part): part is ToolCallPart => part.type === 'tool-call');
      continue;
    }
    if (message.role === 'system') {
      const text = message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
      append('user', text === '' ? [] : [{ text: `System: ${text}` }]);
      continue;
    }
    append('user', message.content.flatMap((part) => encodePart(part, state)));
  }
  return contents;
}

function encodeTools(tools: ToolDefinition[]): JsonObject[] {
  const declarations: JsonObject[] = [];
  const hosted: JsonObject[] = [];
  for (const tool of tools) {
    switch (tool.kind) {
      case 'function': {
        const declaration: JsonObject = { name: tool.name };
        if (tool.description !== undefined) declaration.description = tool.description;
        if (!isEmptyObjectSchema(tool.parameters)) declaration.parameters = cleanSchemaForGemini(tool.parameters);
        declarations.push(declaration);
        break;
      }
      case 'custom':
        declarations.push({
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          parameters: { type: 'OBJECT', properties: { input: { type: 'STRING' } }, required: ['input'] },
        });
        break;
      case 'hosted':
        if (tool.protocol === 'gemini' && asObject(tool.value) !== undefined) hosted.push(tool.value as JsonObject);
        break;
    }
  }
  return [...(declarations.length > 0 ? [{ functionDeclarations: declarations }] : []), ...hosted];
}

function encodeToolChoice(choice: ToolChoice): JsonObject {
  switch (choice.type) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'required':
      return { functionCallingConfig: { mode: 'ANY' } };
    case 'tool':
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
  }
}

/**
 * Budget → thinkingBudget; effort → the budget of src/core/reasoning.ts;
 * disabled → 0; adaptive → -1 (dynamic). thinkingLevel is never originated:
 * Gemini 2.5 refuses it ("Thinking level is not supported for this model",
 * RooCodeInc/Roo-Code #10700) while Gemini 3 still takes thinkingBudget, so a
 * budget works for every upstream model. (A Gemini client's own
 * thinkingLevel rides back through extensions.) includeThoughts defaults to
 * true when reasoning is asked for, so clients of other protocols see the
 * thinking they asked for.
 */
function encodeThinking(reasoning: ReasoningConfig): JsonObject {
  const config: JsonObject = {};
  if (reasoning.enabled === false || reasoning.effort === 'none') {
    config.thinkingBudget = 0;
    return config;
  }
  config.includeThoughts = reasoning.includeThoughts ?? true;
  if (reasoning.budgetTokens !== undefined) config.thinkingBudget = reasoning.budgetTokens;
  else if (reasoning.effort !== undefined) config.thinkingBudget = effortToBudget(reasoning.effort);
  else if (reasoning.adaptive === true) config.thinkingBudget = -1;
  return config;
}

function encodeGenerationConfig(request: ChatRequest, extra: JsonObject | undefined): JsonObject {
  const config: JsonObject = {};
  const sampling = request.sampling;
  if (sampling.temperature !== undefined) config.temperature = sampling.temperature;
  if (sampling.topP !== undefined) config.topP = sampling.topP;
  if (sampling.topK !== undefined) config.topK = sampling.topK;
  if (request.maxOutputTokens !== undefined) config.maxOutputTokens = request.maxOutputTokens;
  if (sampling.stop !== undefined) config.stopSequences = sampling.stop;
  if (sampling.n !== undefined) config.candidateCount = sampling.n;
  if (sampling.seed !== undefined) config.seed = sampling.seed;
  if (sampling.presencePenalty !== undefined) config.presencePenalty = sampling.presencePenalty;
  if (sampling.frequencyPenalty !== undefined) config.frequencyPenalty = sampling.frequencyPenalty;
  if (sampling.logprobs === true) config.responseLogprobs = true;
  if (sampling.topLogprobs !== undefined) config.logprobs = sampling.topLogprobs;
  const format = request.responseFormat;
  if (format?.type === 'json-object') config.responseMimeType = 'application/json';
  if (format?.type === 'text') config.responseMimeType = 'text/plain';
  if (format?.type === 'json-schema') {
    config.responseMimeType = 'application/json';
    config.responseJsonSchema = format.schema;
  }
  if (request.reasoning !== undefined) config.thinkingConfig = encodeThinking(request.reasoning);
  return { ...config, ...extra };
}

export function encodeGeminiRequest(request: ChatRequest, options: EncodeRequestOptions): EncodedRequest {
  const body: JsonObject = {};
  const contents = encodeContents(request.messages);
  const systemText = request.system.filter((part) => part.text !== '');
  if (contents.length === 0 && systemText.length > 0) {
    // Gemini needs at least one content; a system-only request (Chat allows it) becomes the user turn.
    contents.push({ role: 'user', parts: systemText.map((part) => ({ text: part.text })) });
  } else if (systemText.length > 0) {
    body.systemInstruction = { parts: systemText.map((part) => ({ text: part.text })) };
  }
  body.contents = contents;
  const tools = encodeTools(request.tools);
  if (tools.length > 0) body.tools = tools;
  if (request.toolChoice !== undefined && request.tools.length > 0) body.toolConfig = encodeToolChoice(request.toolChoice);
  const extension = request.extensions.gemini ?? {};
  const { generationConfig: extraGeneration, ...otherExtensions } = extension;
  const generationConfig = encodeGenerationConfig(request, asObject(extraGeneration));
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  // Fields only Gemini knows (safetySettings, cachedContent, labels, a toolConfig a tool choice cannot say) go back as they came.
  Object.assign(body, otherExtensions);
  return { ...upstreamPath(options.model, request.stream), body };
}
