import type { ReasoningPart, TextPart, ToolCallPart } from '../../core/content.js';
import type { ChatResponse } from '../../core/response.js';
import { embedThoughtSignature, sanitizeToolCallId } from '../../core/tool-call-id.js';
import type { EncodeResponseOptions } from '../codec.js';
import { encodeFinishReason } from './finish-reason.js';
import { asObject } from '../../core/json.js';
import { responseIdFor, responseObject } from './response-object.js';
import type { CustomToolCallItem, FunctionCallItem, MessageItem, OutputItem, ReasoningItem, ResponseObject } from './types.js';

const protocol = 'openai-responses';

/** Reasoning as an output item; encrypted content only when Responses made it (CODECS.md). */
function reasoningItem(part: ReasoningPart, id: string): ReasoningItem {
  const summary = part.summary ?? (part.text === '' ? [] : [part.text]);
  const item: ReasoningItem = { id: part.itemId ?? id, type: 'reasoning', summary: summary.map((text) => ({ type: 'summary_text', text })) };
  if (part.origin?.protocol === protocol && part.encryptedContent !== undefined) item.encrypted_content = part.encryptedContent;
  return item;
}

/** A tool call as an output item; the call id carries a Gemini thought signature when there is one. */
function toolCallItem(part: ToolCallPart): FunctionCallItem | CustomToolCallItem {
  const callId = embedThoughtSignature(part.id, part.thoughtSignature);
  if (part.kind === 'custom') {
    return { id: part.itemId ?? `ctc_${sanitizeToolCallId(part.id)}`, type: 'custom_tool_call', status: 'completed', call_id: callId, name: part.name, input: part.arguments };
  }
  return { id: part.itemId ?? `fc_${sanitizeToolCallId(part.id)}`, type: 'function_call', status: 'completed', call_id: callId, name: part.name, arguments: part.arguments };
}

function messageItem(parts: TextPart[], id: string): MessageItem {
  return { id, type: 'message', role: 'assistant', status: 'completed', content: parts.map((part) => ({ type: 'output_text', text: part.text, annotations: part.citations ?? [], logprobs: [] })) };
}

/** The canonical response as a Responses response object; consecutive text parts share one message item. */
export function encodeResponsesResponse(response: ChatResponse, options: EncodeResponseOptions): ResponseObject {
  const id = responseIdFor(response.id);
  const suffix = id.slice('resp_'.length);
  const output: OutputItem[] = [];
  let text: TextPart[] | undefined;
  const flush = (): void => {
    if (text !== undefined && text.length > 0) output.push(messageItem(text, `msg_${suffix}_${output.length}`));
    text = undefined;
  };
  for (const part of response.content) {
    if (part.type === 'text') {
      text ??= [];
      text.push(part);
      continue;
    }
    flush();
    if (part.type === 'reasoning') output.push(reasoningItem(part, `rs_${suffix}_${output.length}`));
    else if (part.type === 'tool-call') output.push(toolCallItem(part));
    else if (part.type === 'unknown' && part.protocol === protocol) output.push(asObject(part.value) ?? {});
  }
  flush();
  const { status, incompleteReason } = encodeFinishReason(response.finishReason);
  return responseObject({
    id,
    model: options.model,
    createdAt: response.created,
    status,
    output,
    usage: response.usage,
    ...(incompleteReason === undefined ? {} : { incompleteReason }),
    ...(status === 'failed' ? { error: { code: 'server_error', message: 'The upstream model failed to complete the response.' } } : {}),
  });
}
