// An app's Dashboard page, Settings > Basic (with Add Platform > Website), Settings > Advanced and the
// App Mode switch (spec §1.1, §1.4).
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppOverview } from '../../dashboard/app-dashboard.ts';
import { API_VERSIONS } from '../../apps/app-entity.ts';
import type { Services } from '../../services.ts';
import { addPlatformPage, advancedSettingsPage, appHomePage, basicSettingsPage, type BasicSettingsModel } from '../../views/app-settings-pages.ts';
import { appPath } from '../../views/dashboard-layout.ts';
import { sendPage } from '../page-security.ts';
import { formText, seeOtherResponse, validated } from '../form-validation.ts';
import { safeLocalPath } from '../request-params.ts';
import { chromeOf, fieldErrorsOf, noticeOf, ownedOf, redirectTo } from './dashboard-context.ts';

const BASIC_FIELDS = { app_name_invalid: 'name', contact_email_invalid: 'contactEmail', privacy_policy_url_invalid: 'privacyPolicyUrl', site_url_invalid: 'siteUrl' };

/** How a Settings > Basic response differs from the plain page. */
export type BasicSettingsExtras = Partial<Pick<BasicSettingsModel, 'values' | 'revealedSecret' | 'errors' | 'notice'>> & { website?: boolean; status?: number };

function homeSteps({ app, igApp, basicDisplayAdded }: AppOverview) {
  return [
    { label: 'Add the Website platform: Settings › Basic › Add Platform', done: app.siteUrl !== null, href: appPath(app.appId, 'settings/basic/add-platform/') },
    { label: 'Set up Instagram Basic Display: Products', done: basicDisplayAdded, href: appPath(app.appId, 'products/') },
    { label: 'Create New App: Instagram Basic Display › Basic Display', done: igApp !== undefined, href: appPath(app.appId, 'instagram-basic-display/basic-display/') },
    { label: 'Add Valid OAuth Redirect URIs', done: (igApp?.redirectUris.length ?? 0) > 0, href: appPath(app.appId, 'instagram-basic-display/basic-display/') },
    { label: 'Add Instagram Testers: Roles › Roles', done: false, href: appPath(app.appId, 'roles/roles/') },
  ];
}

/** Settings > Basic: `?platform=website` opens the Website section (Add Platform > Website). */
const basicSettingsQuery = Type.Object({ done: formText(64), platform: Type.Optional(Type.String({ maxLength: 16 })) });
const basicSettingsBody = Type.Object({ name: formText(), contactEmail: formText(), privacyPolicyUrl: formText(2048), siteUrl: formText(2048), platform: formText(16) });
const advancedSettingsBody = Type.Object({ apiVersion: formText(16) });
const modeBody = Type.Object({ mode: formText(16), next: formText(2048) });

export const appSettingsSchemas = {
  showBasicSettings: { querystring: basicSettingsQuery },
  saveBasicSettings: { body: basicSettingsBody, response: seeOtherResponse },
  saveAdvancedSettings: { body: advancedSettingsBody, response: seeOtherResponse },
  switchMode: { body: modeBody, response: seeOtherResponse },
};

export function createAppSettingsHandlers(services: Pick<Services, 'appDashboard'>) {
  const { appDashboard } = services;

  const renderBasicSettings = async (request: FastifyRequest, reply: FastifyReply, extras: BasicSettingsExtras = {}) => {
    const view = await appDashboard.overview(ownedOf(request));
    const { app } = view;
    const here = appPath(app.appId, 'settings/basic/');
    const values = extras.values ?? { name: app.name, contactEmail: app.contactEmail, privacyPolicyUrl: app.privacyPolicyUrl ?? '', siteUrl: app.siteUrl ?? '' };
    const website = extras.website === true || app.siteUrl !== null || validated(request.query, basicSettingsQuery).platform === 'website';
    const page = basicSettingsPage({ chrome: chromeOf(request, reply, view, here), app, values, website, revealedSecret: extras.revealedSecret, errors: extras.errors, notice: extras.notice ?? noticeOf(request) });
    return sendPage(reply, page, extras.status);
  };

  return {
    renderBasicSettings,

    redirectToHome: async (request: FastifyRequest, reply: FastifyReply) => {
      const { app } = await appDashboard.overview(ownedOf(request));
      return redirectTo(request, reply, appPath(app.appId, 'dashboard/'));
    },

    showAppHome: async (request: FastifyRequest, reply: FastifyReply) => {
      const view = await appDashboard.withTesters(ownedOf(request));
      const steps = homeSteps(view);
      const last = steps.at(-1);
      if (last) last.done = view.testers.length > 0;
      return sendPage(reply, appHomePage({ chrome: chromeOf(request, reply, view), app: view.app, steps, notice: noticeOf(request) }));
    },

    showBasicSettings: (request: FastifyRequest, reply: FastifyReply) => renderBasicSettings(request, reply),

    saveBasicSettings: async (request: FastifyRequest, reply: FastifyReply) => {
      const { platform, ...values } = validated(request.body, basicSettingsBody);
      try {
        const app = await appDashboard.saveBasicSettings(ownedOf(request), { ...values, siteUrl: platform === 'website' ? values.siteUrl : undefined });
        return redirectTo(request, reply, appPath(app.appId, 'settings/basic/'), 'saved');
      } catch (error) {
        return renderBasicSettings(request, reply, { values, website: platform === 'website', errors: fieldErrorsOf(error, BASIC_FIELDS), status: 400 });
      }
    },

    showAddPlatform: async (request: FastifyRequest, reply: FastifyReply) => {
      const view = await appDashboard.overview(ownedOf(request));
      return sendPage(reply, addPlatformPage({ chrome: chromeOf(request, reply, view), app: view.app }));
    },

    showAdvancedSettings: async (request: FastifyRequest, reply: FastifyReply) => {
      const view = await appDashboard.overview(ownedOf(request));
      return sendPage(reply, advancedSettingsPage({ chrome: chromeOf(request, reply, view), app: view.app, versions: API_VERSIONS, value: view.app.apiVersion, notice: noticeOf(request) }));
    },

    saveAdvancedSettings: async (request: FastifyRequest, reply: FastifyReply) => {
      const version = validated(request.body, advancedSettingsBody).apiVersion;
      try {
        await appDashboard.setApiVersion(ownedOf(request), version);
        return redirectTo(request, reply, appPath(ownedOf(request).appId, 'settings/advanced/'), 'saved');
      } catch (error) {
        const errors = fieldErrorsOf(error, { api_version_invalid: 'apiVersion' });
        const view = await appDashboard.overview(ownedOf(request));
        return sendPage(reply, advancedSettingsPage({ chrome: chromeOf(request, reply, view), app: view.app, versions: API_VERSIONS, value: view.app.apiVersion, errors }), 400);
      }
    },

    /** The top bar's App Mode switch; going Live without a Privacy Policy URL is answered on Settings > Basic. */
    switchMode: async (request: FastifyRequest, reply: FastifyReply) => {
      const form = validated(request.body, modeBody);
      const owned = ownedOf(request);
      const next = safeLocalPath(form.next);
      try {
        await appDashboard.setMode(owned, form.mode);
        const back = next.startsWith(appPath(owned.appId, '')) ? next : appPath(owned.appId, 'dashboard/');
        return redirectTo(request, reply, back, form.mode === 'live' ? 'live' : 'development');
      } catch (error) {
        const errors = fieldErrorsOf(error, { privacy_policy_required: 'privacyPolicyUrl', mode_invalid: 'mode' });
        const message = Object.values(errors)[0] ?? '';
        return renderBasicSettings(request, reply, { errors, notice: { kind: 'error', text: message }, status: 400 });
      }
    },
  };
}

export type AppSettingsHandlers = ReturnType<typeof createAppSettingsHandlers>;
