// Operations (issue 9): liveness and readiness for load balancers and orchestrators, and Prometheus
// metrics. healthz and readyz are open in both modes (a probe has no token) and say nothing but fixed
// words; /_igloo/metrics needs a token in service mode (control-routes.ts).
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';

export const livenessSchema = {
  summary: 'Liveness: the process is up and answering (load balancers and orchestrators; no token in either mode)',
  response: { 200: Type.Object({ status: Type.Literal('ok') }) },
};

export const readinessSchema = {
  summary: 'Readiness: 200 while the database answers and igloo is not draining (SIGTERM); 503 with the reason otherwise. No token in either mode',
  response: {
    200: Type.Object({ status: Type.Literal('ready') }),
    503: Type.Object({
      status: Type.Literal('unavailable'),
      reason: Type.Union([Type.Literal('draining'), Type.Literal('database_unavailable')], { description: 'draining: the process is stopping; database_unavailable: a trivial query failed (its error is logged, not sent)' }),
    }),
  },
};

export const metricsSchema = {
  summary: 'Prometheus metrics in the text exposition format: requests and latency by surface and route, the callback outbox, tokens issued, process metrics',
  produces: ['text/plain'],
  response: { 200: Type.String({ description: 'Prometheus text exposition format 0.0.4' }) },
};

export function createControlOpsHandlers({ readiness, metrics }: Pick<Services, 'readiness' | 'metrics'>) {
  return {
    liveness: (_request: FastifyRequest, reply: FastifyReply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }),

    readiness: async (request: FastifyRequest, reply: FastifyReply) => {
      const state = await readiness.check();
      void reply.header('cache-control', 'no-store');
      if (state.ready) return reply.send({ status: 'ready' });
      if (state.cause !== undefined) request.log.error({ err: state.cause }, 'readiness: the database did not answer');
      return reply.status(503).send({ status: 'unavailable', reason: state.reason });
    },

    getMetrics: async (_request: FastifyRequest, reply: FastifyReply) => {
      if (!metrics) return reply.callNotFound();
      const text = await metrics.render();
      return reply.header('cache-control', 'no-store').type(metrics.contentType).send(text);
    },
  };
}
