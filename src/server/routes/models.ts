import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError, toGatewayError } from '../../core/errors.js';
import type { GatewayKeyRecord, Snapshot } from '../../pipeline/snapshot.js';
import { keyMayUse } from '../admission.js';
import type { AppDependencies } from '../app.js';
import { authenticate, extractKey } from '../authenticate.js';

interface ListedModel {
  id: string;
  ownedBy: string;
}

/**
 * Aliases and chains first, then "provider/model" for every enabled
 * provider — only what this key may use: its group's and global routes,
 * passing its allow-lists.
 */
function listModels(snapshot: Snapshot, key: GatewayKeyRecord): ListedModel[] {
  return allModels(snapshot).filter((model) => keyMayUse(snapshot, key, model.id));
}

function allModels(snapshot: Snapshot): ListedModel[] {
  const models: ListedModel[] = [];
  for (const name of snapshot.aliases.keys()) models.push({ id: name, ownedBy: 'switchyard' });
  for (const name of snapshot.chains.keys()) if (!snapshot.aliases.has(name)) models.push({ id: name, ownedBy: 'switchyard' });
  for (const provider of snapshot.providers.values()) {
    if (!provider.enabled) continue;
    for (const model of provider.models) models.push({ id: `${provider.id}/${model}`, ownedBy: provider.id });
  }
  return models;
}

/** Anthropic clients always send anthropic-version; OpenAI clients never do. */
function wantsAnthropicShape(request: FastifyRequest): boolean {
  return typeof request.headers['anthropic-version'] === 'string';
}

function anthropicModel(model: ListedModel, createdAt: string): Record<string, unknown> {
  return { type: 'model', id: model.id, display_name: model.id, created_at: createdAt };
}

/**
 * Anthropic's list (https://docs.anthropic.com/en/api/models-list): newest
 * first in Anthropic's own, here in routing order; paged by limit (default
 * 20, up to 1000), after_id and before_id.
 */
function anthropicList(models: ListedModel[], query: unknown): Record<string, unknown> {
  const parameters = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const limit = Math.min(1000, Math.max(1, Number(parameters.limit ?? 20) || 20));
  let start = 0;
  let end = models.length;
  const afterAt = typeof parameters.after_id === 'string' ? models.findIndex((model) => model.id === parameters.after_id) : -1;
  const beforeAt = typeof parameters.before_id === 'string' ? models.findIndex((model) => model.id === parameters.before_id) : -1;
  if (afterAt >= 0) start = afterAt + 1;
  if (beforeAt >= 0) {
    end = beforeAt;
    start = Math.max(start, end - limit);
  }
  const page = models.slice(start, Math.min(end, start + limit));
  const createdAt = new Date().toISOString();
  return {
    data: page.map((model) => anthropicModel(model, createdAt)),
    has_more: beforeAt >= 0 ? start > 0 : start + page.length < end,
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
  };
}

/** Errors in the shape of the client that asked (the route serves both families). */
function sendError(options: { deps: AppDependencies; request: FastifyRequest; reply: FastifyReply; thrown: unknown }): void {
  const { deps, request, reply } = options;
  const error = toGatewayError(options.thrown);
  const definition = deps.protocols[wantsAnthropicShape(request) ? 'anthropic-messages' : 'openai-chat'] ?? deps.protocols['openai-chat'];
  const rendered = definition?.renderError(error) ?? { status: error.status, body: { error: { message: error.message } } };
  void reply
    .code(rendered.status)
    .headers({ ...rendered.headers, 'x-request-id': request.id })
    .send(rendered.body);
}

/**
 * GET /v1/models for OpenAI clients ({object:"list", data:[…]}) and, when
 * the request carries anthropic-version, for Anthropic clients
 * ({data:[{type:"model",…}], has_more, first_id, last_id}).
 */
export function registerModelRoutes(app: FastifyInstance, deps: AppDependencies): void {
  app.get('/v1/models', { config: { protocol: 'openai-chat' } }, (request, reply) => {
    try {
      const snapshot = deps.state.current();
      const key = authenticate(snapshot, extractKey(request.headers, request.query));
      const models = listModels(snapshot, key);
      if (wantsAnthropicShape(request)) {
        void reply.send(anthropicList(models, request.query));
        return;
      }
      const created = Math.floor(Date.now() / 1000);
      void reply.send({ object: 'list', data: models.map((model) => ({ id: model.id, object: 'model', created, owned_by: model.ownedBy })) });
    } catch (thrown) {
      sendError({ deps, request, reply, thrown });
    }
  });

  // Model ids contain slashes ("provider/model"), hence the wildcard.
  app.get('/v1/models/*', { config: { protocol: 'openai-chat' } }, (request, reply) => {
    try {
      const snapshot = deps.state.current();
      const key = authenticate(snapshot, extractKey(request.headers, request.query));
      const id = decodeURIComponent((request.params as Record<string, string>)['*'] ?? '');
      const model = listModels(snapshot, key).find((candidate) => candidate.id === id);
      if (model === undefined) throw new GatewayError({ code: 'SY_MODEL_NOT_FOUND', status: 404, message: `model: ${id}`, param: 'model' });
      if (wantsAnthropicShape(request)) void reply.send(anthropicModel(model, new Date().toISOString()));
      else void reply.send({ id: model.id, object: 'model', created: Math.floor(Date.now() / 1000), owned_by: model.ownedBy });
    } catch (thrown) {
      sendError({ deps, request, reply, thrown });
    }
  });
}
