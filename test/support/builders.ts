// World builders: a developer with an app, its Instagram app, and accounts in a chosen tester state,
// all created through the services (no seeded database).
import type { AppMode, FbApp, InstagramApp, Scope } from '../../src/apps/app-entity.ts';
import type { Services } from '../../src/services.ts';

let counter = 0;
const unique = (prefix: string) => `${prefix}${process.pid % 1000}_${++counter}`;

export interface TestAccount {
  id: string;
  username: string;
  password: string;
}

export interface TestWorld {
  developerId: string;
  app: FbApp;
  igApp: InstagramApp;
  secret: string;
  redirectUri: string;
  /** An accepted Instagram Tester. */
  tester: TestAccount;
  /** An account with no role on the app. */
  stranger: TestAccount;
}

export async function buildAccount(services: Services, overrides: { username?: string; password?: string; accountType?: 'PERSONAL' | 'MEDIA_CREATOR' | 'BUSINESS' } = {}): Promise<TestAccount> {
  const password = overrides.password ?? 'correct horse battery';
  const account = await services.accounts.createAccount({ username: overrides.username ?? unique('user_'), password, fullName: 'Test User', accountType: overrides.accountType });
  return { id: account.id, username: account.username, password };
}

export async function buildWorld(
  services: Services,
  options: { redirectUris?: string[]; mode?: AppMode; displayName?: string } = {},
): Promise<TestWorld> {
  const developer = await services.developers.createDeveloper({ email: `${unique('dev')}@example.com`, name: 'Dev', password: 'developer password' });
  const app = await services.apps.createApp({ ownerId: developer.id, name: options.displayName ?? 'Social Sizzle', appType: 'consumer', contactEmail: 'dev@example.com' });
  const created = await services.apps.createInstagramApp({ fbAppId: app.appId, displayName: options.displayName ?? 'Social Sizzle' });
  const redirectUris = options.redirectUris ?? ['https://socialsizzle.herokuapp.com/auth/'];
  const igApp = await services.apps.updateBasicDisplay(created.igAppId, { redirectUris, deauthorizeUrl: '', dataDeletionUrl: '' });
  if (options.mode === 'live') {
    // Going Live needs a Privacy Policy URL (spec §1.4).
    await services.apps.updateBasicSettings(app.appId, { name: app.name, contactEmail: app.contactEmail, privacyPolicyUrl: 'https://socialsizzle.herokuapp.com/privacy/' });
  }
  if (options.mode) await services.apps.setMode(app.appId, options.mode);
  const tester = await buildAccount(services);
  await services.testers.invite(igApp.igAppId, tester.username);
  await services.testers.accept(igApp.igAppId, tester.id);
  const stranger = await buildAccount(services);
  return {
    developerId: developer.id,
    app,
    igApp: await services.apps.getInstagramApp(igApp.igAppId),
    secret: await services.apps.revealInstagramAppSecret(igApp.igAppId),
    redirectUri: igApp.redirectUris[0] as string,
    tester,
    stranger,
  };
}

/** Runs the Authorization Window's decision through the service and returns the code it issued. */
export async function issueCode(services: Services, world: TestWorld, options: { account?: TestAccount; scopes?: Scope[]; state?: string } = {}): Promise<string> {
  const location = await services.oauth.approve(
    {
      client_id: world.igApp.igAppId,
      redirect_uri: world.redirectUri,
      scope: (options.scopes ?? ['user_profile', 'user_media']).join(','),
      response_type: 'code',
      state: options.state,
    },
    (options.account ?? world.tester).id,
  );
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}

/** A short-lived token for the tester (or another account), through the real code exchange. */
export async function issueToken(services: Services, world: TestWorld, options: { account?: TestAccount; scopes?: Scope[] } = {}): Promise<{ accessToken: string; userId: string }> {
  const code = await issueCode(services, world, options);
  return services.oauth.exchangeCode({ client_id: world.igApp.igAppId, client_secret: world.secret, grant_type: 'authorization_code', redirect_uri: world.redirectUri, code });
}
