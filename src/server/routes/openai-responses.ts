import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../../core/errors.js';
import { createResponseStore, type ResponseStore } from '../../pipeline/response-store.js';
import type { AppDependencies } from '../app.js';
import { authenticate, extractKey } from '../authenticate.js';
import { captureResponsesResult } from '../capture-response.js';
import { handleDataPlane, requireObjectBody } from './data-plane.js';

/** How many responses (and bytes of them), and for how long, previous_response_id can name (per process). */
export const responseStoreLimits = { maxEntries: 1000, maxBytes: 64 * 1024 * 1024, ttlMs: 15 * 60_000 };

function inputItems(input: unknown): unknown[] {
  if (input === undefined) return [];
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return input as unknown[];
}

/**
 * POST /v1/responses. `previous_response_id` is served here, not upstream:
 * the gateway keeps the input and output of responses it produced (unless
 * the client said store:false), per gateway key, and expands a follow-up
 * into the whole conversation before routing — so it works whatever
 * provider answers, and a different upstream never sees an id it cannot know.
 */
export function registerOpenAIResponsesRoutes(app: FastifyInstance, deps: AppDependencies, store: ResponseStore = createResponseStore(responseStoreLimits)): void {
  app.post('/v1/responses', { config: { protocol: 'openai-responses' } }, async (request, reply) => {
    const body = requireObjectBody(request.body);
    if (typeof body.model !== 'string' || body.model === '') {
      throw new GatewayError({ code: 'SY_BAD_REQUEST', status: 400, message: "Missing required parameter: 'model'.", param: 'model' });
    }
    const input = body.input;
    if (input !== undefined && typeof input !== 'string' && !Array.isArray(input)) {
      throw new GatewayError({ code: 'SY_BAD_REQUEST', status: 400, message: "Invalid type for 'input': expected a string or an array of input items.", param: 'input' });
    }
    const previousId = body.previous_response_id;
    if (input === undefined && typeof previousId !== 'string') {
      throw new GatewayError({ code: 'SY_BAD_REQUEST', status: 400, message: "Missing required parameter: 'input'.", param: 'input' });
    }
    if (previousId !== undefined && previousId !== null && typeof previousId !== 'string') {
      throw new GatewayError({ code: 'SY_BAD_REQUEST', status: 400, message: "Invalid type for 'previous_response_id': expected a string.", param: 'previous_response_id' });
    }
    const key = authenticate(deps.state.current(), extractKey(request.headers, request.query));

    let fullInput = inputItems(input);
    let upstreamBody = body;
    // The request's own size stands in for its input's (no second serialization on the
    // hot path); a chain counts its earlier entries again, though it shares their items,
    // so the budget errs on the safe side.
    let inputBytes = Number(request.headers['content-length'] ?? 0) || 0;
    if (typeof previousId === 'string') {
      const previous = store.get(key.id, previousId);
      if (previous === undefined) {
        throw new GatewayError({
          code: 'SY_BAD_REQUEST',
          status: 400,
          param: 'previous_response_id',
          message: `Previous response with id '${previousId}' not found. Switchyard only knows responses it produced itself (stored in memory for ${responseStoreLimits.ttlMs / 60_000} minutes, for the same key); resend the full conversation as input with store: false.`,
        });
      }
      fullInput = [...previous.input, ...previous.response.output, ...fullInput];
      inputBytes += previous.bytes;
      upstreamBody = { ...body, input: fullInput };
      delete upstreamBody.previous_response_id;
    }
    if (body.store !== false) {
      const storedInput = fullInput;
      captureResponsesResult(reply.raw, (response, responseBytes) => {
        store.put(key.id, response.id, { input: storedInput, response, bytes: inputBytes + responseBytes });
      });
    }
    await handleDataPlane(deps, request, reply, { protocol: 'openai-responses', body: upstreamBody, model: body.model, stream: body.stream === true });
  });

  // Retrieve and delete what the gateway stored (client.responses.retrieve / .delete).
  const notFound = (id: string): GatewayError =>
    new GatewayError({ code: 'SY_NOT_FOUND', status: 404, message: `Response with id '${id}' not found. Switchyard keeps only responses it produced, in memory, for ${responseStoreLimits.ttlMs / 60_000} minutes.` });
  app.get<{ Params: { id: string } }>('/v1/responses/:id', { config: { protocol: 'openai-responses' } }, (request, reply) => {
    const key = authenticate(deps.state.current(), extractKey(request.headers, request.query));
    const stored = store.get(key.id, request.params.id);
    if (stored === undefined) throw notFound(request.params.id);
    void reply.send(stored.response);
  });
  app.delete<{ Params: { id: string } }>('/v1/responses/:id', { config: { protocol: 'openai-responses' } }, (request, reply) => {
    const key = authenticate(deps.state.current(), extractKey(request.headers, request.query));
    if (!store.delete(key.id, request.params.id)) throw notFound(request.params.id);
    void reply.send({ id: request.params.id, object: 'response', deleted: true });
  });
}
