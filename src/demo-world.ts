// The demo world `npm start` creates on an empty database and `igloo seed --demo` prints: a developer,
// an app whose Valid OAuth Redirect URI is igloo's own callback page, an accepted Instagram Tester and
// an account that is no tester.
import type { Kysely } from 'kysely';
import type { AccountService } from './accounts/account-service.ts';
import type { AppService } from './apps/app-service.ts';
import type { TesterService } from './apps/tester-service.ts';
import { DAY, HOUR, type Clock } from './clock.ts';
import type { DeveloperService } from './developers/developer-service.ts';
import { samplePhoto, shippedSampleVideo } from './media/sample-media.ts';
import type { MediaService, PreparedVideo } from './media/media-service.ts';
import type { Database } from './storage/database-schema.ts';

/**
 * What the demo world is made through: the services of services.ts, named here rather than imported
 * from it, since services.ts and the world service import this file (no loop, decisions §9).
 */
export interface DemoWorldServices {
  db: Kysely<Database>;
  clock: Clock;
  media: MediaService;
  developers: DeveloperService;
  apps: AppService;
  accounts: AccountService;
  testers: TesterService;
}

export const DEMO_PASSWORD = 'igloo-demo';
export const DEMO_DEVELOPER_EMAIL = 'developer@igloo.test';
const DEMO_APP_NAME = 'Social Sizzle';
const DEMO_ACCOUNTS = [
  { username: 'jayposiris', fullName: 'Jay Posiris', tester: 'accepted' as const, posts: 32 },
  { username: 'demo_friend', fullName: 'Demo Friend', tester: 'none' as const, posts: 6 },
];

const CAPTIONS = ['Golden hour 🌅', 'Weekend hike', 'Coffee first ☕', 'New in the studio', 'City lights', 'Sunday market', 'Back at it', 'Ocean air'];

/**
 * A demo feed, one post every ~two days back from now: photos (one without a caption), an album of
 * three (two photos and a video) and a video, so every Graph field and the second page of /me/media
 * have something to show. The video ships with igloo (assets/demo/), so this needs no ffmpeg. World
 * documents' `media_count` posts the same feed.
 */
export async function postDemoMedia(services: Pick<DemoWorldServices, 'clock' | 'media'>, accountId: string, count: number): Promise<string[]> {
  const now = services.clock.now();
  const photo = (i: number) => samplePhoto({ label: `#${count - i}`, hue: (i * 47) % 360, width: 640, height: 640 });
  const video = await shippedSampleVideo();
  const ids: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const takenAt = now - i * 2 * DAY - (i % 5) * HOUR;
    const caption = i === 3 ? undefined : `${CAPTIONS[i % CAPTIONS.length] ?? ''} #igloo`;
    let files: (Buffer | PreparedVideo)[];
    if (i === 1) files = [await photo(i), await photo(i + 100), video];
    else if (i === 2) files = [video];
    else files = [await photo(i)];
    ids.push((await services.media.createPost({ accountId, caption, files, takenAt })).id);
  }
  return ids;
}

export interface DemoWorld {
  developer: { email: string; password: string };
  app: { app_id: string; instagram_app_id: string; instagram_app_secret: string; display_name: string; redirect_uri: string };
  accounts: { id: string; username: string; password: string; tester: 'accepted' | 'none' }[];
}

/** True when nothing has been created yet (a fresh data dir). */
export async function isEmptyWorld(services: Pick<DemoWorldServices, 'db'>): Promise<boolean> {
  const row = await services.db.selectFrom('developers').select('id').limit(1).executeTakeFirst();
  const account = await services.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
  return !row && !account;
}

/** Creates the demo world, or reads it back when it already exists. */
export async function ensureDemoWorld(services: DemoWorldServices, publicUrl: string): Promise<DemoWorld> {
  const { developers, apps, accounts, testers } = services;
  const redirectUri = `${publicUrl}/_igloo/callback`;
  let developer = await developers.findDeveloperByEmail(DEMO_DEVELOPER_EMAIL);
  if (!developer) {
    developer = await developers.createDeveloper({ email: DEMO_DEVELOPER_EMAIL, name: 'Demo Developer', password: DEMO_PASSWORD });
    const app = await apps.createApp({ ownerId: developer.id, name: DEMO_APP_NAME, appType: 'consumer', contactEmail: DEMO_DEVELOPER_EMAIL });
    await apps.updateSiteUrl(app.appId, `${publicUrl}/`);
    const igApp = await apps.createInstagramApp({ fbAppId: app.appId, displayName: DEMO_APP_NAME });
    await apps.updateBasicDisplay(igApp.igAppId, { redirectUris: [redirectUri], deauthorizeUrl: '', dataDeletionUrl: '' });
    for (const demo of DEMO_ACCOUNTS) {
      const existing = await accounts.findAccountByUsername(demo.username);
      const account = existing ?? (await accounts.createAccount({ username: demo.username, fullName: demo.fullName, password: DEMO_PASSWORD }));
      if (demo.tester === 'accepted') {
        await testers.invite(igApp.igAppId, account.username);
        await testers.accept(igApp.igAppId, account.id);
      }
      await postDemoMedia(services, account.id, demo.posts);
    }
  }
  const world = await findDemoWorld(services);
  if (!world) throw new Error('the demo world is incomplete (its app, Instagram app or accounts are missing)');
  return world.app.redirect_uri ? world : { ...world, app: { ...world.app, redirect_uri: redirectUri } };
}

/**
 * The demo world as it is now, read only: undefined when its developer, app, Instagram app or accounts
 * are gone (a reset, or a world built another way). The secret is the current one, after any reset.
 */
export async function findDemoWorld(services: Pick<DemoWorldServices, 'developers' | 'apps' | 'accounts'>): Promise<DemoWorld | undefined> {
  const { developers, apps, accounts } = services;
  const developer = await developers.findDeveloperByEmail(DEMO_DEVELOPER_EMAIL);
  if (!developer) return undefined;
  const [app] = await apps.listAppsOf(developer.id);
  const igApp = app && (await apps.findInstagramAppOfFbApp(app.appId));
  if (!app || !igApp) return undefined;
  const demoAccounts = [];
  for (const demo of DEMO_ACCOUNTS) {
    const account = await accounts.findAccountByUsername(demo.username);
    if (!account) return undefined;
    demoAccounts.push({ id: account.id, username: account.username, password: DEMO_PASSWORD, tester: demo.tester });
  }
  return {
    developer: { email: DEMO_DEVELOPER_EMAIL, password: DEMO_PASSWORD },
    app: {
      app_id: app.appId,
      instagram_app_id: igApp.igAppId,
      instagram_app_secret: await apps.revealInstagramAppSecret(igApp.igAppId),
      display_name: igApp.displayName,
      redirect_uri: igApp.redirectUris[0] ?? '',
    },
    accounts: demoAccounts,
  };
}
