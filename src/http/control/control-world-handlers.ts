// POST and GET /_igloo/world, POST /_igloo/reset: a whole world in one call, its export, and a reset
// (DESIGN.md §6), with the routes' wire schemas. The work is the world service, shared with `igloo world`.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { appliedWorldSchema, worldDocumentSchema, type WorldDocument } from '../../world/world-document.ts';
import { surfaceBase } from '../host-dispatch.ts';
import { controlErrorSchema } from './control-validation.ts';

export const applyWorldSchema = {
  summary: 'Create developers, apps, accounts and media in one call; answers their ids and secrets',
  body: worldDocumentSchema,
  response: { 201: appliedWorldSchema, 400: controlErrorSchema, 409: controlErrorSchema },
};

export const exportWorldSchema = {
  summary: 'The current world as a world document (without passwords, which igloo keeps hashed)',
  response: { 200: worldDocumentSchema },
};

const resetBody = Type.Object({ demo: Type.Optional(Type.Boolean({ default: false, description: 'Create the demo world again' })) }, { additionalProperties: false });

export type ResetBody = Static<typeof resetBody>;

const demoWorldSchema = Type.Object({
  developer: Type.Object({ email: Type.String(), password: Type.String() }),
  app: Type.Object({ app_id: Type.String(), instagram_app_id: Type.String(), instagram_app_secret: Type.String(), display_name: Type.String(), redirect_uri: Type.String() }),
  accounts: Type.Array(Type.Object({ id: Type.String(), username: Type.String(), password: Type.String(), tester: Type.String() })),
});

export const resetWorldSchema = {
  summary: 'Back to an empty world (or the demo world): every row, media file, cache and the clock offset',
  body: resetBody,
  response: { 200: Type.Object({ demo: Type.Union([demoWorldSchema, Type.Null()], { description: 'The demo world, as `igloo seed --demo --json` prints it' }) }), 400: controlErrorSchema },
};

export function createControlWorldHandlers(services: Services) {
  return {
    applyWorld: async (request: FastifyRequest<{ Body: WorldDocument }>, reply: FastifyReply) => {
      const applied = await services.world.apply(request.body);
      return reply.status(201).header('cache-control', 'no-store').send(applied);
    },

    exportWorld: async (_request: FastifyRequest, reply: FastifyReply) => {
      return reply.header('cache-control', 'no-store').send(await services.world.exportWorld());
    },

    /** POST /_igloo/reset, with or without a body: `{"demo": true}` recreates the demo world. */
    resetWorld: async (request: FastifyRequest<{ Body: ResetBody }>, reply: FastifyReply) => {
      const publicUrl = services.config.publicUrl || surfaceBase(request, 'www', services.config.hosts);
      const demo = await services.world.reset({ demo: request.body.demo === true, publicUrl });
      return reply.header('cache-control', 'no-store').send({ demo: demo ?? null });
    },
  };
}
