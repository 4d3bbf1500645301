// igloo/testing (issue 8): a real igloo inside the test process of an app that talks to Instagram, in
// emulator mode on 127.0.0.1 and a free port, over in-memory SQLite, with its world, tokens, reset and
// virtual clock a call away. It drives the same services as the control API (/_igloo/tokens, /reset,
// /clock). Consumers import the bundle bin/testing.mjs builds; igloo-testing.d.ts declares its types.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.ts';
import { distanceOfMove, type ClockMove } from '../clock.ts';
import { testConfig } from '../config/load-config.ts';
import { SURFACE_PREFIX } from '../http/host-dispatch.ts';
import { createServices, type Services } from '../services.ts';
import type { TokenRequest } from '../oauth/emulator-tokens.ts';
import type { Igloo, IglooClock, IglooWorld, StartIglooOptions, TokenOptions, startIgloo as declared } from './igloo-testing.d.ts';
import { createWorld, type WorldChoice } from './testing-world.ts';

/** Settings startIgloo decides itself: what it promises (emulator mode, loopback, a free port, its data dir). */
const OWN_SETTINGS = ['IGLOO_MODE', 'IGLOO_BIND_HOST', 'IGLOO_PORT', 'IGLOO_DATA_DIR'];

function clockOf(services: Services): IglooClock {
  const { clock, clockControl } = services;
  if (!clockControl) throw new Error('igloo/testing runs igloo in emulator mode');
  // The same parsing and checks as POST /_igloo/clock; a bad move throws its message. It answers the
  // instant moved to (the virtual time keeps following the wall clock from there).
  const move = async (body: ClockMove): Promise<Date> => {
    const now = clock.now();
    const distance = distanceOfMove(body, now);
    if (!('ms' in distance)) throw new RangeError(distance.message);
    await clockControl.advance(distance.ms);
    return new Date(now + distance.ms);
  };
  return {
    now: () => new Date(clock.now()),
    advance: (by) => move({ advance: by }),
    set: (instant) => move({ set: instant }),
  };
}

/**
 * Whom token() issues for: by default the world's first app and that app's first accepted tester. An
 * app outside the world gets no default username: the token service then says what is wrong.
 */
function tokenRequestOf(world: IglooWorld, options: TokenOptions): TokenRequest {
  const app = options.app_id === undefined ? world.apps[0] : world.apps.find((candidate) => candidate.instagram_app_id === options.app_id);
  if (!app && options.app_id === undefined) throw new Error('token() needs an app_id: this world has no app');
  const username = options.username ?? app?.testers[0];
  if (app && username === undefined) throw new Error(`token() needs a username: ${app.display_name} has no accepted Instagram Tester`);
  return { igAppId: options.app_id ?? app?.instagram_app_id ?? '', username: username ?? '', scopes: options.scopes, kind: options.kind };
}

export const startIgloo: typeof declared = async (options: StartIglooOptions = {}): Promise<Igloo> => {
  const ownSettings = OWN_SETTINGS.filter((key) => options.config?.[key] !== undefined);
  if (ownSettings.length > 0) throw new TypeError(`startIgloo sets ${ownSettings.join(', ')} itself: leave ${ownSettings.length === 1 ? 'it' : 'them'} out of config`);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'igloo-testing-'));
  const removeDataDir = () => {
    if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
  };
  const { services, close } = await (async () => {
    // No IGLOO_PUBLIC_URL: links follow the origin each request came by, and the demo world's redirect URI the port bound.
    return createServices(testConfig({ IGLOO_PUBLIC_URL: '', ...options.config, IGLOO_MODE: 'emulator', IGLOO_DATA_DIR: dataDir }));
  })().catch((error: unknown) => {
    removeDataDir(); // a bad setting leaves nothing behind
    throw error;
  });
  const app = await createApp(services);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      await close();
      removeDataDir();
    })());

  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    services.callbacks.start();
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('igloo/testing: the server has no port');
    const url = `http://127.0.0.1:${address.port}`;
    const startWorld: WorldChoice = options.world ?? 'demo';
    let world = await createWorld(services, startWorld, url);

    return {
      url,
      urls: { www: url + SURFACE_PREFIX.www, api: url + SURFACE_PREFIX.api, graph: url + SURFACE_PREFIX.graph, developers: url + SURFACE_PREFIX.developers, cdn: url + SURFACE_PREFIX.cdn, control: `${url}/_igloo` },
      get world() {
        return world;
      },
      async token(request = {}) {
        const token = await services.emulatorTokens.issue(tokenRequestOf(world, request));
        return { access_token: token.accessToken, user_id: token.userId, expires_in: token.expiresIn };
      },
      async reset(choice = {}) {
        const next: WorldChoice = choice.world ?? (choice.demo === undefined ? startWorld : choice.demo ? 'demo' : 'empty');
        await services.world.reset({ demo: false, publicUrl: url });
        world = await createWorld(services, next, url);
        return world;
      },
      clock: clockOf(services),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
