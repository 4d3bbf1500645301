// Applies the control API's fault rules (issue 8) to a request of a surface: waits the fired rules'
// latency, then answers with the drawn error in the surface's own envelope, or lets the request go on.
// Each surface calls it from one place, and only while FaultService.armed() says a rule can fire.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LiteralFault, FaultSurface } from '../faults/fault-rules.ts';
import type { FaultService } from '../faults/fault-service.ts';

export interface SurfaceFaults {
  surface: FaultSurface;
  /** The prefix of the surface's routes (`/graph`), cut off the path the rules' globs see. */
  prefix: string;
  /** The Instagram App ID the request is made for, if it names one. */
  appIdOf(request: FastifyRequest): string | undefined | Promise<string | undefined>;
  /** Answers with a catalogue entry, in the surface's envelope. */
  sendCatalogue(request: FastifyRequest, reply: FastifyReply, name: string): FastifyReply;
  /** The content type of a literal body given as JSON. */
  jsonType: string;
}

/** A literal answer: a string body as is (text/plain unless a content-type header is given), anything else as JSON. */
function sendLiteral(reply: FastifyReply, literal: LiteralFault, jsonType: string): FastifyReply {
  const text = typeof literal.body === 'string';
  void reply.status(literal.status).type(text ? 'text/plain; charset=utf-8' : jsonType);
  for (const [name, value] of Object.entries(literal.headers)) void reply.header(name, value);
  return reply.send(text ? literal.body : literal.body === undefined ? '' : JSON.stringify(literal.body));
}

/** Draws the rules for the request; true when a fault answered it, false when it should go on. */
export async function injectFault(faults: FaultService, surface: SurfaceFaults, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const queryAt = request.url.indexOf('?');
  const path = request.url.slice(surface.prefix.length, queryAt === -1 ? undefined : queryAt) || '/';
  const outcome = await faults.draw({ surface: surface.surface, path, method: request.method, appId: () => surface.appIdOf(request) });
  if (outcome.delayMs > 0) await sleep(outcome.delayMs);
  if (!outcome.answer) return false;
  if ('catalogue' in outcome.answer) surface.sendCatalogue(request, reply, outcome.answer.catalogue);
  else sendLiteral(reply, outcome.answer.literal, surface.jsonType);
  return true;
}
