// /_igloo/faults: fault injection (issue 8, DESIGN.md §6), with the routes' wire schemas. POST adds a
// rule or a preset's rules, GET lists them with how often each fired, DELETE removes one or all. The
// rules live in FaultService, in this process's memory.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FAULT_PRESET_NAMES } from '../../faults/fault-catalogue.ts';
import { FAULT_METHODS, FAULT_SURFACES, MAX_LATENCY_MS, type FaultAnswer, type FaultRule } from '../../faults/fault-rules.ts';
import type { Services } from '../../services.ts';
import { FieldError } from '../../field-check.ts';
import { controlErrorSchema } from './control-validation.ts';

const literals = <T extends string>(values: readonly T[], description?: string) => Type.Union(values.map((value) => Type.Literal(value)), { description });

const literalErrorSchema = Type.Object(
  {
    status: Type.Integer({ description: 'The HTTP status, 200 to 599' }),
    body: Type.Optional(Type.Unknown({ description: 'Sent as is when a string, else as JSON' })),
    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { additionalProperties: false },
);

const addFaultBody = Type.Object(
  {
    preset: Type.Optional(literals(FAULT_PRESET_NAMES, 'A ready-made set of rules; only app_id, probability, count and latency_ms may be added')),
    surface: Type.Optional(literals(FAULT_SURFACES)),
    path: Type.Optional(Type.String({ description: 'A glob on the surface-relative path; * matches anything. Default *' })),
    method: Type.Optional(literals(FAULT_METHODS, 'Default: any method; GET also catches HEAD')),
    app_id: Type.Optional(Type.String({ minLength: 1, description: "The Instagram App ID: the access token's app (graph) or client_id (api)" })),
    error: Type.Optional(Type.Union([Type.String(), literalErrorSchema], { description: 'A catalogue name, or {"status", "body", "headers"}' })),
    probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Default 1' })),
    count: Type.Optional(Type.Integer({ minimum: 1, description: 'Fires at most this many times; default unlimited' })),
    latency_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_LATENCY_MS, description: 'Delay before answering, the real answer or the fault' })),
  },
  { additionalProperties: false },
);

export type AddFaultBody = Static<typeof addFaultBody>;

const ruleSchema = Type.Object({
  id: Type.String(),
  surface: Type.String(),
  path: Type.String(),
  method: Type.Union([Type.String(), Type.Null()]),
  app_id: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), literalErrorSchema, Type.Null()]),
  probability: Type.Number(),
  count: Type.Union([Type.Integer(), Type.Null()]),
  latency_ms: Type.Integer(),
  fired: Type.Integer({ description: 'How many times the rule has fired' }),
  remaining: Type.Union([Type.Integer(), Type.Null()], { description: 'How many more times it may fire; null for unlimited' }),
  preset: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
});

const rulesSchema = Type.Object({ data: Type.Array(ruleSchema) });

export const listFaultsSchema = { summary: 'The fault rules, in the order they are drawn', response: { 200: rulesSchema } };
export const addFaultSchema = { summary: 'Add a fault rule, or a preset’s rules', body: addFaultBody, response: { 201: rulesSchema, 400: controlErrorSchema } };
export const clearFaultsSchema = { summary: 'Remove every fault rule', response: { 204: Type.Null() } };
export const removeFaultSchema = {
  summary: 'Remove one fault rule',
  params: Type.Object({ id: Type.String() }),
  response: { 204: Type.Null(), 404: controlErrorSchema },
};

/** Fields a preset sets itself. */
const PRESET_FIELDS = ['surface', 'path', 'method', 'error'] as const;

function answerOf(error: AddFaultBody['error']): FaultAnswer | undefined {
  if (error === undefined) return undefined;
  if (typeof error === 'string') return { catalogue: error };
  return { literal: { status: error.status, body: error.body, headers: error.headers ?? {} } };
}

function ruleBody(rule: FaultRule) {
  const { answer } = rule;
  return {
    id: rule.id,
    surface: rule.surface,
    path: rule.path,
    method: rule.method ?? null,
    app_id: rule.appId ?? null,
    error: answer === undefined ? null : 'catalogue' in answer ? answer.catalogue : answer.literal,
    probability: rule.probability,
    count: rule.count ?? null,
    latency_ms: rule.latencyMs,
    fired: rule.fired,
    remaining: rule.count === undefined ? null : rule.count - rule.fired,
    preset: rule.preset ?? null,
    created_at: new Date(rule.createdAt).toISOString(),
  };
}

export function createControlFaultHandlers(services: Services) {
  const { faults } = services;
  return {
    listFaults: (_request: FastifyRequest, reply: FastifyReply) => reply.send({ data: faults.list().map(ruleBody) }),

    /** POST /_igloo/faults {"surface", "path", "error", …} or {"preset": "shutdown", …}. */
    addFault: (request: FastifyRequest<{ Body: AddFaultBody }>, reply: FastifyReply) => {
      const body = request.body;
      const options = { appId: body.app_id, probability: body.probability ?? 1, count: body.count, latencyMs: body.latency_ms ?? 0 };
      if (body.preset !== undefined) {
        const clash = PRESET_FIELDS.find((field) => body[field] !== undefined);
        if (clash) throw new FieldError(`${clash} cannot be given with preset, which sets it (only app_id, probability, count and latency_ms can be added)`, clash);
        return reply.status(201).send({ data: faults.addPreset(body.preset, options).map(ruleBody) });
      }
      if (body.surface === undefined) throw new FieldError('surface is required: "graph", "api" or "cdn" (or give a preset)', 'surface');
      const rule = faults.add({ surface: body.surface, path: body.path ?? '*', method: body.method, answer: answerOf(body.error), preset: undefined, ...options });
      return reply.status(201).send({ data: [ruleBody(rule)] });
    },

    clearFaults: (_request: FastifyRequest, reply: FastifyReply) => {
      faults.clear();
      return reply.status(204).send();
    },

    removeFault: (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      faults.remove(request.params.id);
      return reply.status(204).send();
    },
  };
}
