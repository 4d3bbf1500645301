// Rules for apps: creating a Facebook app, adding the Instagram Basic Display product and its Instagram
// app, the Basic Display settings, secrets, App Review and the app mode.
import type { Clock } from '../clock.ts';
import { constantTimeEqual } from '../digests.ts';
import type { IdGenerator } from '../ids.ts';
import type { SecretBox } from '../secret-box.ts';
import {
  APP_TYPES,
  AppError,
  checkAppName,
  checkDisplayName,
  DEFAULT_API_VERSION,
  type AppMode,
  type AppType,
  type FbApp,
  type InstagramApp,
  type Permission,
} from './app-entity.ts';
import type { AppRepository } from './app-repository.ts';
import { MAX_REDIRECT_URIS, normaliseRedirectUri } from './redirect-uris.ts';

export interface BasicDisplaySettings {
  displayName?: string;
  redirectUris: string[];
  deauthorizeUrl: string;
  dataDeletionUrl: string;
}

export function createAppService(deps: { apps: AppRepository; secrets: SecretBox; clock: Clock; ids: IdGenerator; allowHttpRedirectUris: boolean }) {
  const { apps, secrets, clock, ids, allowHttpRedirectUris } = deps;

  const getInstagramApp = async (igAppId: string): Promise<InstagramApp> => {
    const app = /^\d{1,32}$/.test(igAppId) ? await apps.findInstagramApp(igAppId) : undefined;
    if (!app) throw new AppError('app_not_found', 'Invalid platform app');
    return app;
  };

  const checkCallbackUrl = (label: string, raw: string): string | null => {
    if (raw.trim() === '') return null;
    const checked = normaliseRedirectUri(raw, { allowHttp: allowHttpRedirectUris });
    if (!checked.ok) throw new AppError('callback_url_invalid', `${label}: ${checked.reason}`);
    return checked.uri;
  };

  return {
    async createApp(input: { ownerId: string; name: string; appType: string; contactEmail: string }): Promise<FbApp> {
      if (!APP_TYPES.includes(input.appType as AppType)) throw new AppError('app_type_invalid', 'Choose an app type.');
      const app: FbApp = {
        appId: ids.appId(),
        ownerId: input.ownerId,
        name: checkAppName(input.name),
        appType: input.appType as AppType,
        contactEmail: input.contactEmail.trim(),
        mode: 'development',
        apiVersion: DEFAULT_API_VERSION,
        privacyPolicyUrl: null,
        siteUrl: null,
        createdAt: clock.now(),
      };
      await apps.insertFbApp({ ...app, secretSealed: secrets.seal(ids.appSecret()) });
      return app;
    },

    async getFbApp(appId: string): Promise<FbApp> {
      const app = /^\d{1,32}$/.test(appId) ? await apps.findFbApp(appId) : undefined;
      if (!app) throw new AppError('app_not_found', 'No app has this App ID.');
      return app;
    },

    listAppsOf: (ownerId: string): Promise<FbApp[]> => apps.listFbAppsOfOwner(ownerId),

    async updateSiteUrl(appId: string, raw: string): Promise<void> {
      await apps.updateFbApp(appId, { siteUrl: checkCallbackUrl('Site URL', raw) });
    },

    /** Products > Instagram Basic Display > Create New App (spec §1.2). Business apps are not supported. */
    async createInstagramApp(input: { fbAppId: string; displayName: string }): Promise<InstagramApp> {
      const fbApp = await apps.findFbApp(input.fbAppId);
      if (!fbApp) throw new AppError('app_not_found', 'No app has this App ID.');
      if (fbApp.appType === 'business') {
        throw new AppError('product_unavailable', 'Instagram Basic Display is not available for Business apps.');
      }
      if (await apps.findInstagramAppIdOfFbApp(fbApp.appId)) throw new AppError('instagram_app_exists', 'This app already has an Instagram app.');
      const igAppId = ids.appId();
      await apps.insertInstagramApp({
        igAppId,
        fbAppId: fbApp.appId,
        displayName: checkDisplayName(input.displayName),
        secretSealed: secrets.seal(ids.appSecret()),
        createdAt: clock.now(),
      });
      return getInstagramApp(igAppId);
    },

    getInstagramApp,

    async findInstagramAppOfFbApp(fbAppId: string): Promise<InstagramApp | undefined> {
      const igAppId = await apps.findInstagramAppIdOfFbApp(fbAppId);
      return igAppId ? apps.findInstagramApp(igAppId) : undefined;
    },

    /** Saves the Basic Display settings; returns the app with the stored (normalised) values. */
    async updateBasicDisplay(igAppId: string, settings: BasicDisplaySettings): Promise<InstagramApp> {
      const app = await getInstagramApp(igAppId);
      const stored: string[] = [];
      for (const raw of settings.redirectUris.filter((uri) => uri.trim() !== '')) {
        const checked = normaliseRedirectUri(raw, { allowHttp: allowHttpRedirectUris });
        if (!checked.ok) throw new AppError('redirect_uri_invalid', checked.reason);
        if (!stored.includes(checked.uri)) stored.push(checked.uri);
      }
      if (stored.length > MAX_REDIRECT_URIS) throw new AppError('redirect_uri_invalid', `An app can have at most ${MAX_REDIRECT_URIS} Valid OAuth Redirect URIs.`);
      await apps.updateBasicDisplay(igAppId, {
        displayName: settings.displayName === undefined ? app.displayName : checkDisplayName(settings.displayName),
        redirectUris: stored,
        deauthorizeUrl: checkCallbackUrl('Deauthorize Callback URL', settings.deauthorizeUrl),
        dataDeletionUrl: checkCallbackUrl('Data Deletion Request URL', settings.dataDeletionUrl),
      });
      return getInstagramApp(igAppId);
    },

    async revealInstagramAppSecret(igAppId: string): Promise<string> {
      const sealed = await apps.findInstagramAppSecret(igAppId);
      if (!sealed) throw new AppError('app_not_found', 'Invalid platform app');
      return secrets.open(sealed);
    },

    /** Constant-time check of an Instagram App Secret. */
    async verifyInstagramAppSecret(igAppId: string, candidate: string): Promise<boolean> {
      const sealed = await apps.findInstagramAppSecret(igAppId);
      return sealed !== undefined && constantTimeEqual(secrets.open(sealed), candidate);
    },

    async setMode(fbAppId: string, mode: AppMode): Promise<void> {
      await apps.updateFbApp(fbAppId, { mode });
    },

    async approvedPermissions(igAppId: string): Promise<Permission[]> {
      return apps.approvedPermissions(igAppId);
    },

    async approvePermission(igAppId: string, permission: Permission): Promise<void> {
      await apps.setPermissionReview(igAppId, permission, 'approved', clock.now());
    },
  };
}

export type AppService = ReturnType<typeof createAppService>;
