// The App Dashboard's operations for a signed-in developer. Each one first checks that the developer
// owns the app (anybody else's app is "not found"), then applies the same app, tester, App Review and
// OAuth rules the CLI and the API go through; nothing here has rules of its own beyond ownership.
// A folder of its own because it composes apps, OAuth, callbacks and the request log, which sit below it
// (decisions §9): in apps/ it made apps↔oauth and apps↔callbacks folder loops.
import { APP_MODES, AppError, type AppMode, type FbApp, type InstagramApp, type ReviewStatus } from '../apps/app-entity.ts';
import type { AppReviewService, ReviewStatuses } from '../apps/app-review-service.ts';
import type { AppService, BasicDisplaySettings, BasicSettings } from '../apps/app-service.ts';
import type { TesterListing } from '../apps/tester-repository.ts';
import type { TesterService } from '../apps/tester-service.ts';
import type { CallbackDelivery } from '../callbacks/callback-entity.ts';
import type { CallbackService } from '../callbacks/callback-service.ts';
import type { DeveloperService } from '../developers/developer-service.ts';
import type { TokenGenerator } from '../oauth/token-generator.ts';
import type { RequestLog, RequestLogEntry, RequestLogFilter, RequestLogPage } from '../requestlog/request-log.ts';

export interface AppOverview {
  app: FbApp;
  igApp: InstagramApp | undefined;
  basicDisplayAdded: boolean;
}

export interface BasicDisplayOverview extends AppOverview {
  reviews: ReviewStatuses | undefined;
  testers: TesterListing[];
}

/** Which secret a "Show" reveals: the Facebook App Secret (Settings > Basic) or the Instagram App Secret. */
export type SecretKind = 'app' | 'instagram';

interface Owned {
  ownerId: string;
  appId: string;
}

interface AppDashboardDeps {
  apps: AppService;
  reviews: AppReviewService;
  testers: TesterService;
  developers: DeveloperService;
  tokenGenerator: TokenGenerator;
  callbacks: Pick<CallbackService, 'listDeliveries' | 'replay'>;
  requestLog: Pick<RequestLog, 'enabled' | 'list' | 'find'>;
}

export interface RequestLogOverview extends AppOverview {
  /** False when the log is off (IGLOO_REQUEST_LOG_SIZE=0). */
  logEnabled: boolean;
  page: RequestLogPage;
}

export function createAppDashboard(deps: AppDashboardDeps) {
  const { apps, reviews, testers, developers, tokenGenerator, callbacks, requestLog } = deps;

  const ownedApp = async ({ ownerId, appId }: Owned): Promise<FbApp> => {
    const app = await apps.getFbApp(appId);
    if (app.ownerId !== ownerId) throw new AppError('app_not_found', 'No app has this App ID.');
    return app;
  };

  const overview = async (owned: Owned): Promise<AppOverview> => {
    const app = await ownedApp(owned);
    return { app, igApp: await apps.findInstagramAppOfFbApp(app.appId), basicDisplayAdded: await apps.hasBasicDisplayProduct(app.appId) };
  };

  /** The app's Instagram app; "not found" until Create New App made one. */
  const ownedInstagramApp = async (owned: Owned): Promise<InstagramApp> => {
    const { igApp } = await overview(owned);
    if (!igApp) throw new AppError('app_not_found', 'This app has no Instagram app yet. Create one under Products > Instagram Basic Display.');
    return igApp;
  };

  const withTesters = async (owned: Owned): Promise<BasicDisplayOverview> => {
    const view = await overview(owned);
    if (!view.igApp) return { ...view, reviews: undefined, testers: [] };
    return { ...view, reviews: await reviews.statuses(view.igApp.igAppId), testers: await testers.listTesters(view.igApp.igAppId) };
  };

  const confirmed = async (owned: Owned, password: string, address: string): Promise<void> => {
    await ownedApp(owned);
    await developers.confirmPassword({ developerId: owned.ownerId, password, address });
  };

  return {
    listApps: (ownerId: string): Promise<FbApp[]> => apps.listAppsOf(ownerId),
    createApp: (ownerId: string, input: { name: string; appType: string; contactEmail: string }) => apps.createApp({ ownerId, ...input }),
    overview,
    /** Basic Display, App Review and Roles pages: the app with its review statuses and testers. */
    withTesters,

    async saveBasicSettings(owned: Owned, settings: BasicSettings): Promise<FbApp> {
      return apps.updateBasicSettings((await ownedApp(owned)).appId, settings);
    },
    async setApiVersion(owned: Owned, version: string): Promise<void> {
      await apps.setApiVersion((await ownedApp(owned)).appId, version);
    },
    async setMode(owned: Owned, mode: string): Promise<void> {
      const app = await ownedApp(owned);
      if (!APP_MODES.includes(mode as AppMode)) throw new AppError('mode_invalid', 'Choose Development or Live.');
      await apps.setMode(app.appId, mode as AppMode);
    },

    async setUpBasicDisplay(owned: Owned): Promise<void> {
      await apps.addBasicDisplayProduct((await ownedApp(owned)).appId);
    },
    async createInstagramApp(owned: Owned, displayName: string): Promise<InstagramApp> {
      return apps.createInstagramApp({ fbAppId: (await ownedApp(owned)).appId, displayName });
    },
    async saveBasicDisplay(owned: Owned, settings: BasicDisplaySettings): Promise<InstagramApp> {
      return apps.updateBasicDisplay((await ownedInstagramApp(owned)).igAppId, settings);
    },
    /** Whether the Basic Display page offers auto consent (emulator mode). */
    autoConsentAvailable: apps.autoConsentAvailable,
    async setAutoConsent(owned: Owned, on: boolean): Promise<void> {
      await apps.setAutoConsent((await ownedInstagramApp(owned)).igAppId, on);
    },
    async submitForReview(owned: Owned, permission: string): Promise<ReviewStatus> {
      return reviews.submit((await ownedInstagramApp(owned)).igAppId, permission);
    },

    async inviteTester(owned: Owned, username: string): Promise<void> {
      await testers.invite((await ownedInstagramApp(owned)).igAppId, username);
    },
    async removeTester(owned: Owned, accountId: string): Promise<void> {
      await testers.remove((await ownedInstagramApp(owned)).igAppId, accountId);
    },

    /** "Show": the developer's password again, then the secret (shown on that response only). */
    async revealSecret(owned: Owned & { secret: SecretKind; password: string; address: string }): Promise<string> {
      await confirmed(owned, owned.password, owned.address);
      if (owned.secret === 'app') return apps.revealAppSecret(owned.appId);
      return apps.revealInstagramAppSecret((await ownedInstagramApp(owned)).igAppId);
    },
    /** "Reset" of the Instagram App Secret: the password again; the old secret fails from now on. */
    async resetInstagramSecret(owned: Owned & { password: string; address: string }): Promise<string> {
      const igApp = await ownedInstagramApp(owned);
      await confirmed(owned, owned.password, owned.address);
      return apps.resetInstagramAppSecret(igApp.igAppId);
    },

    async startTokenGeneration(owned: Owned & { accountId: string; redirectUri: string }) {
      const igApp = await ownedInstagramApp(owned);
      return tokenGenerator.start({ igAppId: igApp.igAppId, developerId: owned.ownerId, accountId: owned.accountId, redirectUri: owned.redirectUri });
    },
    async completeTokenGeneration(owned: Owned & { state: string; code?: string; error?: string }) {
      const igApp = await ownedInstagramApp(owned);
      const token = await tokenGenerator.complete({ igAppId: igApp.igAppId, developerId: owned.ownerId, state: owned.state, code: owned.code, error: owned.error });
      const tester = (await testers.listTesters(igApp.igAppId)).find((t) => t.accountId === token.accountId);
      return { ...token, username: tester?.username ?? '' };
    },

    /** Basic Display > Callback deliveries: the Instagram app's Deauthorize and Data Deletion deliveries, newest first. */
    async listCallbackDeliveries(owned: Owned): Promise<CallbackDelivery[]> {
      return callbacks.listDeliveries((await ownedInstagramApp(owned)).igAppId);
    },
    /** "Replay": queues a copy of one of the app's deliveries; another app's is "not found" like an unknown one. */
    async replayCallbackDelivery(owned: Owned, deliveryId: string): Promise<void> {
      await callbacks.replay((await ownedInstagramApp(owned)).igAppId, deliveryId);
    },

    /** Request Log: the requests that named the app's Instagram app (none before it exists), newest first. */
    async listRequests(owned: Owned, filter: Omit<RequestLogFilter, 'appId'>): Promise<RequestLogOverview> {
      const view = await overview(owned);
      const page = view.igApp ? requestLog.list({ ...filter, appId: view.igApp.igAppId }) : { entries: [], nextBefore: undefined };
      return { ...view, logEnabled: requestLog.enabled, page };
    },
    /** One entry of the app's Request Log; another app's entry is not found, like one that is gone. */
    async findRequest(owned: Owned, id: number): Promise<AppOverview & { entry: RequestLogEntry | undefined }> {
      const view = await overview(owned);
      const entry = requestLog.find(id);
      return { ...view, entry: view.igApp && entry?.appId === view.igApp.igAppId ? entry : undefined };
    },
  };
}

export type AppDashboard = ReturnType<typeof createAppDashboard>;
