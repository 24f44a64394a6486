import type { ContentPart, Message, TextPart, ToolResultPart } from '../../core/content.js';
import { badRequest } from '../../core/errors.js';
import type { ChatRequest, ReasoningConfig, ReasoningEffort, ResponseFormat, ToolChoice, ToolDefinition } from '../../core/request.js';
import { generatedToolCallId } from '../../core/tool-call-id.js';
import { geminiSchemaToJsonSchema, normalizeJsonSchemaTypes } from './clean-schema.js';
import { decodeMediaPart, decodeModelParts } from './decode-parts.js';
import { arrayOf, asNumber, asObject, asString, type JsonObject } from '../../core/json.js';

/**
 * A Gemini GenerateContentRequest (https://ai.google.dev/api/generate-content#request-body)
 * → canonical. The model is in the URL path, not the body, so it comes from
 * the context. Fields with no canonical place (safetySettings, cachedContent,
 * labels, unknown generationConfig fields, …) go to extensions.gemini and the
 * Gemini encoder puts them back.
 */

const mappedTopLevel = new Set(['contents', 'systemInstruction', 'tools', 'toolConfig', 'generationConfig', 'model']);
const mappedGeneration = new Set([
  'temperature',
  'topP',
  'topK',
  'maxOutputTokens',
  'stopSequences',
  'candidateCount',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  'thinkingConfig',
  'responseLogprobs',
  'logprobs',
]);

function textParts(value: unknown): TextPart[] {
  // systemInstruction is a Content ({role?, parts}); a bare string is tolerated.
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  const parts: TextPart[] = [];
  for (const part of arrayOf(asObject(value)?.parts)) {
    const text = asString(asObject(part)?.text);
    if (text !== undefined) parts.push({ type: 'text', text });
  }
  return parts;
}

/** A functionResponse's `response` object as the tool result's text. */
function responseText(response: unknown): string {
  const object = asObject(response);
  // {result: "..."} / {output: "..."} is how clients wrap plain results; unwrap so text stays text.
  if (object !== undefined && Object.keys(object).length === 1) {
    const only = object.result ?? object.output ?? object.content;
    if (typeof only === 'string') return only;
  }
  return JSON.stringify(response ?? {});
}

interface PendingCall {
  id: string;
  name: string;
}

/** A user turn: functionResponse parts become a tool message, the rest a user message, order kept. */
function decodeUserTurn(parts: unknown[], pending: PendingCall[]): Message[] {
  const messages: Message[] = [];
  const push = (role: 'user' | 'tool', part: ContentPart): void => {
    const last = messages.at(-1);
    if (last?.role === role) last.content.push(part);
    else messages.push({ role, content: [part] });
  };
  for (const value of parts) {
    const part = asObject(value);
    if (part === undefined) continue;
    const functionResponse = asObject(part.functionResponse);
    if (functionResponse !== undefined) {
      const name = asString(functionResponse.name) ?? '';
      const explicitId = asString(functionResponse.id);
      // Without an id, a response answers the oldest unanswered call of the same name.
      const matchIndex = explicitId !== undefined ? pending.findIndex((call) => call.id === explicitId) : pending.findIndex((call) => call.name === name);
      const matched = matchIndex === -1 ? undefined : pending.splice(matchIndex, 1)[0];
      const result: ToolResultPart = {
        type: 'tool-result',
        toolCallId: explicitId ?? matched?.id ?? generatedToolCallId(name, '{}', 0),
        name,
        content: [{ type: 'text', text: responseText(functionResponse.response) }],
      };
      const responseObject = asObject(functionResponse.response);
      if (responseObject !== undefined && Object.keys(responseObject).length === 1 && responseObject.error !== undefined) result.isError = true;
      push('tool', result);
      continue;
    }
    const text = asString(part.text);
    if (text !== undefined && part.thought !== true) {
      push('user', { type: 'text', text });
      continue;
    }
    const media = decodeMediaPart(part);
    if (media !== undefined) {
      push('user', media);
      continue;
    }
    push('user', { type: 'unknown', protocol: 'gemini', value: part });
  }
  return messages;
}

function decodeContents(contents: unknown[]): Message[] {
  const messages: Message[] = [];
  let pending: PendingCall[] = [];
  for (const [position, value] of contents.entries()) {
    const content = asObject(value);
    if (content === undefined) throw badRequest(`* GenerateContentRequest.contents[${position}]: must be an object`, 'contents');
    const parts = arrayOf(content.parts);
    const role = asString(content.role) ?? 'user';
    if (role === 'model') {
      const decoded = decodeModelParts(parts, { origin: { protocol: 'gemini' } });
      pending = decoded.flatMap((part) => (part.type === 'tool-call' ? [{ id: part.id, name: part.name }] : []));
      messages.push({ role: 'assistant', content: decoded });
    } else {
      messages.push(...decodeUserTurn(parts, pending));
    }
  }
  return messages;
}

function decodeTools(tools: unknown[]): ToolDefinition[] {
  const definitions: ToolDefinition[] = [];
  for (const value of tools) {
    const tool = asObject(value);
    if (tool === undefined) continue;
    for (const declarationValue of arrayOf(tool.functionDeclarations)) {
      const declaration = asObject(declarationValue);
      if (declaration === undefined) continue;
      const jsonSchema = asObject(normalizeJsonSchemaTypes(declaration.parametersJsonSchema));
      const parameters = jsonSchema ?? (declaration.parameters === undefined ? { type: 'object', properties: {} } : geminiSchemaToJsonSchema(declaration.parameters));
      const description = asString(declaration.description);
      definitions.push({ kind: 'function', name: asString(declaration.name) ?? '', ...(description === undefined ? {} : { description }), parameters });
    }
    for (const key of Object.keys(tool)) {
      if (key === 'functionDeclarations') continue;
      // googleSearch, codeExecution, urlContext, … are run by Google: only Gemini can carry them.
      definitions.push({ kind: 'hosted', protocol: 'gemini', name: key, value: { [key]: tool[key] } });
    }
  }
  return definitions;
}

/** toolConfig.functionCallingConfig → tool choice; undefined when it says more than a tool choice can (kept in extensions). */
function decodeToolChoice(toolConfig: unknown): { choice?: ToolChoice; lossless: boolean } {
  const config = asObject(asObject(toolConfig)?.functionCallingConfig);
  if (config === undefined) return { lossless: toolConfig === undefined };
  const names = arrayOf(config.allowedFunctionNames).filter((name): name is string => typeof name === 'string');
  const onlyMode = Object.keys(config).every((key) => key === 'mode' || key === 'allowedFunctionNames') && Object.keys(asObject(toolConfig) ?? {}).length === 1;
  switch (asString(config.mode)) {
    case 'AUTO':
      return { choice: { type: 'auto' }, lossless: onlyMode && names.length === 0 };
    case 'NONE':
      return { choice: { type: 'none' }, lossless: onlyMode && names.length === 0 };
    case 'ANY':
      if (names.length === 1 && names[0] !== undefined) return { choice: { type: 'tool', name: names[0] }, lossless: onlyMode };
      return { choice: { type: 'required' }, lossless: onlyMode && names.length === 0 };
    default:
      // VALIDATED (or an unknown mode): the calling behaviour of AUTO, schema-checked.
      return { choice: { type: 'auto' }, lossless: false };
  }
}

const thinkingLevels: Record<string, ReasoningEffort> = { MINIMAL: 'minimal', LOW: 'low', MEDIUM: 'medium', HIGH: 'high' };

function decodeThinking(value: unknown): ReasoningConfig | undefined {
  const config = asObject(value);
  if (config === undefined) return undefined;
  // includeThoughts is always stated, so re-encoding never turns visible thoughts on by default.
  const reasoning: ReasoningConfig = { includeThoughts: config.includeThoughts === true };
  const budget = asNumber(config.thinkingBudget);
  if (budget === 0) reasoning.enabled = false;
  else if (budget === -1) reasoning.adaptive = true;
  else if (budget !== undefined) reasoning.budgetTokens = budget;
  const level = asString(config.thinkingLevel);
  if (level !== undefined && thinkingLevels[level.toUpperCase()] !== undefined) reasoning.effort = thinkingLevels[level.toUpperCase()];
  return reasoning;
}

function decodeResponseFormat(config: JsonObject): ResponseFormat | undefined {
  const mimeType = asString(config.responseMimeType);
  const jsonSchema = asObject(normalizeJsonSchemaTypes(config.responseJsonSchema));
  if (jsonSchema !== undefined) return { type: 'json-schema', schema: jsonSchema };
  if (config.responseSchema !== undefined) return { type: 'json-schema', schema: geminiSchemaToJsonSchema(config.responseSchema) };
  if (mimeType === 'application/json') return { type: 'json-object' };
  if (mimeType === 'text/plain') return { type: 'text' };
  return undefined;
}

export function decodeGeminiRequest(body: unknown, context: { model?: string; stream?: boolean }): ChatRequest {
  const root = asObject(body);
  if (root === undefined) throw badRequest('The request body must be a JSON object.');
  if (!Array.isArray(root.contents)) throw badRequest('* GenerateContentRequest.contents: contents is not specified', 'contents');
  const request: ChatRequest = {
    model: context.model ?? asString(root.model) ?? '',
    system: textParts(root.systemInstruction),
    messages: decodeContents(root.contents),
    tools: decodeTools(arrayOf(root.tools)),
    sampling: {},
    stream: context.stream === true,
    extensions: {},
  };
  const extension: JsonObject = {};
  for (const [key, value] of Object.entries(root)) if (!mappedTopLevel.has(key)) extension[key] = value;

  const toolChoice = decodeToolChoice(root.toolConfig);
  if (toolChoice.choice !== undefined) request.toolChoice = toolChoice.choice;
  if (!toolChoice.lossless) extension.toolConfig = root.toolConfig;

  const generation = asObject(root.generationConfig);
  if (generation !== undefined) {
    const sampling = request.sampling;
    const number = (key: string): number | undefined => asNumber(generation[key]);
    if (number('temperature') !== undefined) sampling.temperature = number('temperature');
    if (number('topP') !== undefined) sampling.topP = number('topP');
    if (number('topK') !== undefined) sampling.topK = number('topK');
    if (number('seed') !== undefined) sampling.seed = number('seed');
    if (number('presencePenalty') !== undefined) sampling.presencePenalty = number('presencePenalty');
    if (number('frequencyPenalty') !== undefined) sampling.frequencyPenalty = number('frequencyPenalty');
    if (number('candidateCount') !== undefined) sampling.n = number('candidateCount');
    if (generation.responseLogprobs === true) sampling.logprobs = true;
    if (number('logprobs') !== undefined) sampling.topLogprobs = number('logprobs');
    const stops = arrayOf(generation.stopSequences).filter((stop): stop is string => typeof stop === 'string');
    if (Array.isArray(generation.stopSequences)) sampling.stop = stops;
    if (number('maxOutputTokens') !== undefined) request.maxOutputTokens = number('maxOutputTokens');
    const format = decodeResponseFormat(generation);
    if (format !== undefined) request.responseFormat = format;
    const mimeType = asString(generation.responseMimeType);
    const reasoning = decodeThinking(generation.thinkingConfig);
    if (reasoning !== undefined) request.reasoning = reasoning;
    const extraGeneration: JsonObject = {};
    for (const [key, value] of Object.entries(generation)) if (!mappedGeneration.has(key)) extraGeneration[key] = value;
    // A mime type the response format cannot say (text/x.enum) rides along untouched.
    if (mimeType !== undefined && mimeType !== 'application/json' && mimeType !== 'text/plain') extraGeneration.responseMimeType = mimeType;
    // thinkingLevel decodes to an effort, but the encoder sends budgets (Gemini 2.5 refuses levels):
    // the client's own thinkingConfig rides along so a Gemini upstream gets it back exactly.
    if (asObject(generation.thinkingConfig)?.thinkingLevel !== undefined) extraGeneration.thinkingConfig = generation.thinkingConfig;
    if (Object.keys(extraGeneration).length > 0) extension.generationConfig = extraGeneration;
  }
  if (Object.keys(extension).length > 0) request.extensions.gemini = extension;
  return request;
}
