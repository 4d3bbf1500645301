// Rules for apps: creating a Facebook app, adding the Instagram Basic Display product and its Instagram
// app, the Basic Display settings, secrets, App Review and the app mode.
import type { Clock } from '../clock.ts';
import { constantTimeEqual } from '../digests.ts';
import type { IdGenerator } from '../ids.ts';
import type { SecretBox } from '../secret-box.ts';
import {
  APP_TYPES,
  AppError,
  BASIC_DISPLAY_PRODUCT,
  checkApiVersion,
  checkAppName,
  checkContactEmail,
  checkDisplayName,
  DEFAULT_API_VERSION,
  type AppErrorCode,
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

export interface BasicSettings {
  name: string;
  contactEmail: string;
  privacyPolicyUrl: string;
  /** The Website platform's Site URL; undefined leaves it as it is. */
  siteUrl?: string;
}

/**
 * @param autoConsentAvailable emulator mode: apps may skip the consent screen (issue 8); service mode
 *   refuses the setting and the Authorization Window ignores it.
 */
export function createAppService(deps: { apps: AppRepository; secrets: SecretBox; clock: Clock; ids: IdGenerator; allowHttpRedirectUris: boolean; autoConsentAvailable: boolean }) {
  const { apps, secrets, clock, ids, allowHttpRedirectUris, autoConsentAvailable } = deps;

  const getInstagramApp = async (igAppId: string): Promise<InstagramApp> => {
    const app = /^\d{1,32}$/.test(igAppId) ? await apps.findInstagramApp(igAppId) : undefined;
    if (!app) throw new AppError('app_not_found', 'Invalid platform app');
    return app;
  };

  /** An optional URL field (Site URL, Privacy Policy URL, callback URLs): empty clears it. */
  const checkUrl = (code: AppErrorCode, raw: string): string | null => {
    if (raw.trim() === '') return null;
    const checked = normaliseRedirectUri(raw, { allowHttp: allowHttpRedirectUris });
    if (!checked.ok) throw new AppError(code, checked.reason);
    return checked.uri;
  };

  const getFbApp = async (appId: string): Promise<FbApp> => {
    const app = /^\d{1,32}$/.test(appId) ? await apps.findFbApp(appId) : undefined;
    if (!app) throw new AppError('app_not_found', 'No app has this App ID.');
    return app;
  };

  const openSecret = (sealed: string | undefined): string => {
    if (!sealed) throw new AppError('app_not_found', 'Invalid platform app');
    return secrets.open(sealed);
  };

  return {
    async createApp(input: { ownerId: string; name: string; appType: string; contactEmail: string }): Promise<FbApp> {
      if (!APP_TYPES.includes(input.appType as AppType)) throw new AppError('app_type_invalid', 'Choose an app type.');
      const app: FbApp = {
        appId: ids.appId(),
        ownerId: input.ownerId,
        name: checkAppName(input.name),
        appType: input.appType as AppType,
        contactEmail: checkContactEmail(input.contactEmail),
        mode: 'development',
        apiVersion: DEFAULT_API_VERSION,
        privacyPolicyUrl: null,
        siteUrl: null,
        createdAt: clock.now(),
      };
      await apps.insertFbApp({ ...app, secretSealed: secrets.seal(ids.appSecret()) });
      return app;
    },

    getFbApp,

    listAppsOf: (ownerId: string): Promise<FbApp[]> => apps.listFbAppsOfOwner(ownerId),

    async updateSiteUrl(appId: string, raw: string): Promise<void> {
      await apps.updateFbApp(appId, { siteUrl: checkUrl('site_url_invalid', raw) });
    },

    /** Settings > Basic > Save Changes. A Live app keeps a Privacy Policy URL (spec §1.4). */
    async updateBasicSettings(appId: string, settings: BasicSettings): Promise<FbApp> {
      const app = await getFbApp(appId);
      const privacyPolicyUrl = checkUrl('privacy_policy_url_invalid', settings.privacyPolicyUrl);
      if (app.mode === 'live' && privacyPolicyUrl === null) throw new AppError('privacy_policy_url_invalid', 'A Live app needs a Privacy Policy URL.');
      await apps.updateFbApp(appId, {
        name: checkAppName(settings.name),
        contactEmail: checkContactEmail(settings.contactEmail),
        privacyPolicyUrl,
        siteUrl: settings.siteUrl === undefined ? app.siteUrl : checkUrl('site_url_invalid', settings.siteUrl),
      });
      return getFbApp(appId);
    },

    /** Settings > Advanced > Upgrade API Version: the version unversioned Graph calls use (spec §1.1). */
    async setApiVersion(appId: string, version: string): Promise<void> {
      await apps.updateFbApp(appId, { apiVersion: checkApiVersion(version) });
    },

    /** Products > Instagram Basic Display > Set Up (spec §1.2). Business apps are not supported (spec §6.2). */
    async addBasicDisplayProduct(appId: string): Promise<void> {
      const app = await getFbApp(appId);
      if (app.appType === 'business') throw new AppError('product_unavailable', 'Instagram Basic Display is not available for Business apps.');
      await apps.addProduct(app.appId, BASIC_DISPLAY_PRODUCT, clock.now());
    },

    hasBasicDisplayProduct: (appId: string): Promise<boolean> => apps.hasProduct(appId, BASIC_DISPLAY_PRODUCT),

    /** Products > Instagram Basic Display > Create New App (spec §1.2). Business apps are not supported. */
    async createInstagramApp(input: { fbAppId: string; displayName: string }): Promise<InstagramApp> {
      const fbApp = await getFbApp(input.fbAppId);
      if (fbApp.appType === 'business') {
        throw new AppError('product_unavailable', 'Instagram Basic Display is not available for Business apps.');
      }
      if (await apps.findInstagramAppIdOfFbApp(fbApp.appId)) throw new AppError('instagram_app_exists', 'This app already has an Instagram app.');
      const displayName = checkDisplayName(input.displayName);
      // An Instagram app exists only inside the product, so creating one adds the product too.
      await apps.addProduct(fbApp.appId, BASIC_DISPLAY_PRODUCT, clock.now());
      const igAppId = ids.appId();
      await apps.insertInstagramApp({
        igAppId,
        fbAppId: fbApp.appId,
        displayName,
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
        deauthorizeUrl: checkUrl('deauthorize_url_invalid', settings.deauthorizeUrl),
        dataDeletionUrl: checkUrl('data_deletion_url_invalid', settings.dataDeletionUrl),
      });
      return getInstagramApp(igAppId);
    },

    /** Whether this igloo lets apps skip the consent screen (emulator mode). */
    autoConsentAvailable,

    /** The emulator's auto consent switch; refused in service mode. */
    async setAutoConsent(igAppId: string, on: boolean): Promise<void> {
      if (!autoConsentAvailable) throw new AppError('auto_consent_unavailable', 'Auto consent is an emulator feature: this igloo runs in service mode.');
      await getInstagramApp(igAppId);
      await apps.setAutoConsent(igAppId, on);
    },

    revealInstagramAppSecret: async (igAppId: string): Promise<string> => openSecret(await apps.findInstagramAppSecret(igAppId)),

    /** The Facebook App Secret of Settings > Basic (not used by Basic Display calls, spec §1.1). */
    revealAppSecret: async (appId: string): Promise<string> => openSecret(await apps.findFbAppSecret(appId)),

    /** Basic Display > Instagram App Secret > Reset: a new secret; the old one fails from now on. */
    async resetInstagramAppSecret(igAppId: string): Promise<string> {
      await getInstagramApp(igAppId);
      const secret = ids.appSecret();
      await apps.updateInstagramAppSecret(igAppId, secrets.seal(secret));
      return secret;
    },

    /** Constant-time check of an Instagram App Secret. */
    async verifyInstagramAppSecret(igAppId: string, candidate: string): Promise<boolean> {
      const sealed = await apps.findInstagramAppSecret(igAppId);
      return sealed !== undefined && constantTimeEqual(secrets.open(sealed), candidate);
    },

    /** The App Mode switch. Going Live needs a Privacy Policy URL in Settings > Basic (spec §1.4). */
    async setMode(fbAppId: string, mode: AppMode): Promise<void> {
      const app = await getFbApp(fbAppId);
      if (mode === 'live' && app.privacyPolicyUrl === null) {
        throw new AppError('privacy_policy_required', 'Add a Privacy Policy URL in Settings > Basic before you switch the app to Live.');
      }
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
