import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '../../core/errors.js';
import type { GatewayKeyRecord, Snapshot } from '../../pipeline/snapshot.js';
import { keyMayUse } from '../admission.js';
import type { AppDependencies } from '../app.js';
import { authenticate, extractKey } from '../authenticate.js';
import { cancelledWhenClientLeaves } from '../client-gone.js';
import { handleDataPlane, requireObjectBody } from './data-plane.js';
import { countGeminiTokens } from './gemini-count-tokens.js';
import { frameStreamAsJsonArray } from './gemini-json-array.js';

/**
 * Gemini's REST surface (https://ai.google.dev/api): POST
 * /v1beta/models/{model}:{generateContent|streamGenerateContent|countTokens},
 * GET /v1beta/models and /v1beta/models/{model}. The model sits in the path
 * before a ':' action, which a route pattern cannot express, so one wildcard
 * route takes the rest of the path and splits it at the last ':'. A
 * provider-prefixed model ("mock/gemini-x") arrives as
 * models/mock/gemini-x:generateContent (the SDK does not encode the slash)
 * or models/mock%2Fgemini-x:generateContent; both work.
 */

const actions = ['generateContent', 'streamGenerateContent', 'countTokens'] as const;
type Action = (typeof actions)[number];

function decodeSegment(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    throw new GatewayError({ code: 'SY_BAD_REQUEST', status: 400, message: `The model name "${text}" is not validly URL-encoded.` });
  }
}

/** The text after /models/ as a model name and an action. */
export function parseModelAction(rest: string): { model: string; action: string } {
  const decoded = decodeSegment(rest);
  const colon = decoded.lastIndexOf(':');
  const model = (colon === -1 ? decoded : decoded.slice(0, colon)).replace(/^models\//, '');
  return { model, action: colon === -1 ? '' : decoded.slice(colon + 1) };
}

function isAction(value: string): value is Action {
  return (actions as readonly string[]).includes(value);
}

function wildcard(request: FastifyRequest): string {
  const params = request.params as Record<string, string | undefined>;
  return params['*'] ?? '';
}

function query(request: FastifyRequest): Record<string, unknown> {
  return typeof request.query === 'object' && request.query !== null ? (request.query as Record<string, unknown>) : {};
}

interface GeminiModel {
  name: string;
  baseModelId: string;
  version: string;
  displayName: string;
  description: string;
  supportedGenerationMethods: string[];
}

function modelEntry(id: string, description: string): GeminiModel {
  return {
    name: `models/${id}`,
    baseModelId: id,
    version: '001',
    displayName: id,
    description,
    supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
  };
}

/** Aliases, then "provider/model" for every enabled provider: only what this key may use (its group, its allow-lists). */
function listModels(snapshot: Snapshot, key: GatewayKeyRecord): GeminiModel[] {
  const models: GeminiModel[] = [];
  for (const [name, alias] of snapshot.aliases) models.push(modelEntry(name, `Switchyard alias for ${alias.target}`));
  for (const provider of snapshot.providers.values()) {
    if (!provider.enabled) continue;
    for (const model of provider.models) models.push(modelEntry(`${provider.id}/${model}`, `${model} served by ${provider.name}`));
  }
  return models.filter((model) => keyMayUse(snapshot, key, model.baseModelId));
}

export function registerGeminiRoutes(app: FastifyInstance, deps: AppDependencies): void {
  const generate = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const { model, action } = parseModelAction(wildcard(request));
    if (!isAction(action)) {
      throw new GatewayError({ code: 'SY_NOT_FOUND', status: 404, message: `Unknown method "${action}" on models/${model}. Supported: ${actions.join(', ')}.` });
    }
    if (model === '') throw new GatewayError({ code: 'SY_BAD_REQUEST', status: 400, message: 'The model name in the path is empty.', param: 'model' });
    const body = requireObjectBody(request.body);
    if (action === 'countTokens') {
      authenticate(deps.state.current(), extractKey(request.headers, request.query));
      const answer = await countGeminiTokens({ deps, model, body, signal: cancelledWhenClientLeaves(reply.raw) });
      void reply.code(answer.status).header('content-type', 'application/json; charset=UTF-8').send(answer.body);
      return;
    }
    if (!Array.isArray(body.contents) || body.contents.length === 0) {
      throw new GatewayError({ code: 'SY_BAD_REQUEST', status: 400, message: '* GenerateContentRequest.contents: contents is not specified', param: 'contents' });
    }
    const stream = action === 'streamGenerateContent';
    // Without alt=sse Google streams one JSON array; the SDKs always ask for SSE.
    if (stream && query(request).alt !== 'sse') frameStreamAsJsonArray(reply.raw);
    await handleDataPlane(deps, request, reply, { protocol: 'gemini', body, model, stream });
  };
  // v1 is Gemini's stable surface with the same methods; the SDK picks it with apiVersion: 'v1'.
  app.post('/v1beta/models/*', { config: { protocol: 'gemini' } }, generate);
  app.post('/v1/models/*', { config: { protocol: 'gemini' } }, generate);

  app.get('/v1beta/models', { config: { protocol: 'gemini' } }, (request, reply) => {
    const snapshot = deps.state.current();
    const key = authenticate(snapshot, extractKey(request.headers, request.query));
    const all = listModels(snapshot, key);
    const parameters = query(request);
    const pageSize = Math.min(1000, Math.max(1, Number(parameters.pageSize ?? 50) || 50));
    const offset = Math.max(0, Number(parameters.pageToken ?? 0) || 0);
    const page = all.slice(offset, offset + pageSize);
    const next = offset + pageSize < all.length ? { nextPageToken: String(offset + pageSize) } : {};
    void reply.send({ models: page, ...next });
  });

  app.get('/v1beta/models/*', { config: { protocol: 'gemini' } }, (request, reply) => {
    const snapshot = deps.state.current();
    const key = authenticate(snapshot, extractKey(request.headers, request.query));
    const { model } = parseModelAction(wildcard(request));
    const listed = listModels(snapshot, key).find((entry) => entry.baseModelId === model);
    if (listed !== undefined) {
      void reply.send(listed);
      return;
    }
    if (!keyMayUse(snapshot, key, model)) {
      throw new GatewayError({ code: 'SY_MODEL_NOT_FOUND', status: 404, message: `models/${model} is not found for API version v1beta, or is not routed by this gateway.` });
    }
    void reply.send(modelEntry(model, `${model} (routed by Switchyard)`));
  });
}
