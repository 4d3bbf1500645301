// config → storage → services → app → listen. The only file that listens.
import { createApp } from './app.ts';
import type { Config } from './config/config-schema.ts';
import { ensureDemoWorld, isEmptyWorld, type DemoWorld } from './demo-world.ts';
import { createServices } from './services.ts';

export interface RunningServer {
  /** The address bound, e.g. http://127.0.0.1:8080. */
  url: string;
  /** The origin the banner and the demo world use. */
  publicUrl: string;
  demo: DemoWorld | undefined;
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const { services, close } = await createServices(config);
  const app = await createApp(services);
  const address = await app.listen({ host: config.bindHost, port: config.port });
  // The callback worker runs in every serving process; claims in the outbox keep two from sending one delivery.
  services.callbacks.start();
  const publicUrl = config.publicUrl || `http://localhost:${new URL(address).port}`;
  // After listen, so that with IGLOO_PORT=0 the demo redirect URI names the port actually bound.
  const demo = config.seedDemoWorld && (await isEmptyWorld(services)) ? await ensureDemoWorld(services, publicUrl) : undefined;
  return {
    url: address,
    publicUrl,
    demo,
    async close() {
      await app.close();
      await close();
    },
  };
}

/** What `npm start` prints: where each surface is, and how to sign in. */
export function banner(config: Config, server: RunningServer): string {
  const { publicUrl: base, demo } = server;
  const lines = [
    `igloo (${config.mode} mode) listening on ${server.url}`,
    '',
    `  Instagram (www)          ${base}/`,
    `  App Dashboard            ${base}/developers/`,
    `  OAuth (api)              ${base}/oauth/authorize  ·  POST ${base}/oauth/access_token`,
    `  Graph API (graph)        ${base}/graph/me  ·  ${base}/graph/me/media`,
    `  Media CDN (cdn)          ${base}/cdn/`,
    `  Control API              ${base}/_igloo/health  ·  callback page ${base}/_igloo/callback`,
    `  Drop-in host names       ${[...config.hosts.www, ...config.hosts.api, ...config.hosts.graph].join(', ')}`,
  ];
  if (demo) {
    const tester = demo.accounts.find((a) => a.tester === 'accepted');
    const query = new URLSearchParams({ client_id: demo.app.instagram_app_id, redirect_uri: demo.app.redirect_uri, scope: 'user_profile,user_media', response_type: 'code' });
    lines.push(
      '',
      'Demo world created:',
      `  Instagram App ID         ${demo.app.instagram_app_id}`,
      `  Instagram App Secret     ${demo.app.instagram_app_secret}`,
      `  Redirect URI             ${demo.app.redirect_uri}`,
      `  Instagram Tester         ${tester?.username ?? '-'} / ${tester?.password ?? '-'}`,
      `  Not a tester             ${demo.accounts.filter((a) => a.tester === 'none').map((a) => `${a.username} / ${a.password}`).join(', ')}`,
      `  Developer                ${demo.developer.email} / ${demo.developer.password}`,
      '',
      `  Authorization Window     ${base}/oauth/authorize?${query.toString().replace(/%2C/g, ',')}`,
      '',
      'Run `node bin/igloo.mjs seed --demo --json` to print these again as JSON.',
    );
  }
  return lines.join('\n');
}
