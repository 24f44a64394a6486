/**
 * Gemini generateContent wire types, as the API reference describes them
 * (https://ai.google.dev/api/generate-content). Only what the codec writes
 * is typed; what it reads arrives as `unknown` and is narrowed field by field.
 */

export interface GeminiFunctionCall {
  id?: string;
  name: string;
  args: Record<string, unknown>;
}

export interface GeminiFunctionResponse {
  id?: string;
  name: string;
  response: Record<string, unknown>;
}

/** A Part: exactly one data field, plus `thought` / `thoughtSignature` metadata. */
export interface GeminiPart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType?: string; fileUri: string };
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
  [other: string]: unknown;
}

export type GeminiRole = 'user' | 'model';

export interface GeminiContent {
  role: GeminiRole;
  parts: GeminiPart[];
}

export interface GeminiUsageMetadata {
  promptTokenCount: number;
  candidatesTokenCount: number;
  totalTokenCount: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
}

export interface GeminiCandidate {
  content: { role: GeminiRole; parts: GeminiPart[] };
  finishReason?: string;
  index: number;
  [other: string]: unknown;
}

export interface GeminiResponse {
  candidates: GeminiCandidate[];
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
  [other: string]: unknown;
}

/** google.rpc.Status as Gemini renders errors: {"error": {code, message, status}}. */
export interface GeminiErrorBody {
  error: { code: number; message: string; status: string; details?: unknown[] };
}
