// GET /_igloo/: the emulator's home page, and its forms: move the clock, clear the fault rules, arm a
// preset. Each form answers 303 back to the page, or the page again with 400 and the reason. Emulator
// mode only (control-routes.ts registers none of it in service mode).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { distanceOfMove, parseDuration } from '../../clock.ts';
import { FaultError } from '../../faults/fault-rules.ts';
import type { Services } from '../../services.ts';
import { controlHomePage, type HomeModel } from '../../views/control-home-page.ts';
import { SURFACE_PREFIX, surfaceBase, type Surface } from '../host-dispatch.ts';
import { sendPage } from '../page-security.ts';
import { pickParams } from '../request-params.ts';

/** How many of the latest requests the page lists. */
const RECENT_REQUESTS = 20;
const HOME_PATH = '/_igloo/';
const SURFACES = Object.keys(SURFACE_PREFIX) as Surface[];

/** The clock form's error in the form's words (the control API's names the JSON field). */
function clockErrorOf(advance: string, apiMessage: string): string {
  if (advance === '') return 'Enter how far to move the clock, e.g. 1h or 60d.';
  const shown = advance.length > 40 ? `${advance.slice(0, 40)}…` : advance;
  if (parseDuration(advance) === undefined) return `“${shown}” is not a duration: use a whole number and a unit (ms, s, m, h or d), e.g. 1h, 25h or 60d.`;
  return apiMessage;
}

export function createControlHomeHandlers(services: Services) {
  const { config, overview, clock, clockControl, faults } = services;

  const render = async (request: FastifyRequest, reply: FastifyReply, errors: Pick<HomeModel, 'clockError' | 'faultError'> = {}, status = 200) => {
    const bases = Object.fromEntries(SURFACES.map((surface) => [surface, surfaceBase(request, surface, config.hosts)])) as Record<Surface, string>;
    const model: HomeModel = {
      csrfToken: reply.generateCsrf(),
      overview: await overview.read(RECENT_REQUESTS),
      surfaces: SURFACES.map((surface) => ({ surface, url: `${bases[surface]}/`, hosts: config.hosts[surface] })),
      bases,
      ...errors,
    };
    return sendPage(reply, controlHomePage(model), status);
  };
  const backHome = (reply: FastifyReply, section: string) => reply.redirect(`${HOME_PATH}#${section}`, 303);

  return {
    showHome: (request: FastifyRequest, reply: FastifyReply) => render(request, reply),

    /** POST /_igloo/home/clock advance=25h */
    moveClock: async (request: FastifyRequest, reply: FastifyReply) => {
      const advance = (pickParams(request.body, ['advance']).advance ?? '').trim();
      // Only ever emulator mode, where the clock is virtual; the check keeps the types honest.
      if (!clockControl) return reply.status(404).send();
      const move = distanceOfMove({ advance }, clock.now());
      if (!('ms' in move)) return render(request, reply, { clockError: { value: advance, message: clockErrorOf(advance, move.message) } }, 400);
      await clockControl.advance(move.ms);
      return backHome(reply, 'clock');
    },

    clearFaults: (_request: FastifyRequest, reply: FastifyReply) => {
      faults.clear();
      return backHome(reply, 'faults');
    },

    /** POST /_igloo/home/faults/preset preset=shutdown */
    armPreset: async (request: FastifyRequest, reply: FastifyReply) => {
      const preset = pickParams(request.body, ['preset']).preset ?? '';
      try {
        faults.addPreset(preset, { appId: undefined, probability: 1, count: undefined, latencyMs: 0 });
      } catch (error) {
        if (error instanceof FaultError) return render(request, reply, { faultError: error.message }, 400);
        throw error;
      }
      return backHome(reply, 'faults');
    },
  };
}
