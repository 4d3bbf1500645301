// Products > Instagram Basic Display: Set Up, Create New App, the Basic Display settings with their
// callback deliveries and Replay, the emulator's auto consent, and App Review (spec §1.2, §1.4, §7).
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CallbackDelivery } from '../../callbacks/callback-entity.ts';
import type { Services } from '../../services.ts';
import { appReviewPage } from '../../views/app-review-pages.ts';
import { basicDisplayPage, type BasicDisplayModel, type BasicDisplayValues, type DeliveryRow } from '../../views/basic-display-page.ts';
import { appPath } from '../../views/dashboard-layout.ts';
import { createInstagramAppPage, productsPage } from '../../views/product-pages.ts';
import { sendPage } from '../page-security.ts';
import { formText, seeOtherResponse, validated } from '../form-validation.ts';
import { appParams, chromeOf, fieldErrorsOf, noticeOf, ownedOf, redirectTo } from './dashboard-context.ts';

const BASIC_DISPLAY_PAGE = 'instagram-basic-display/basic-display/';
const SETTINGS_FIELDS = {
  display_name_invalid: 'displayName',
  redirect_uri_invalid: 'redirectUris',
  deauthorize_url_invalid: 'deauthorizeUrl',
  data_deletion_url_invalid: 'dataDeletionUrl',
};

/** A delivery for the page: the user_id its signed_request names instead of the payload. */
function deliveryRow({ payload, igAppId: _igAppId, ...delivery }: CallbackDelivery): DeliveryRow {
  const { user_id: userId } = JSON.parse(payload) as { user_id?: unknown };
  return { ...delivery, userId: typeof userId === 'string' ? userId : '' };
}

/** The Valid OAuth Redirect URIs, one a line (at most 100 of 2000 characters; the form body's 64 KiB bounds it first). */
const basicDisplayBody = Type.Object({ displayName: formText(), redirectUris: formText(64 * 1024), deauthorizeUrl: formText(2048), dataDeletionUrl: formText(2048) });
const createInstagramAppBody = Type.Object({ displayName: formText() });
/** A checked box sends `autoConsent=on`, an unchecked one nothing. */
const autoConsentBody = Type.Object({ autoConsent: formText(8) });
const replayParams = Type.Composite([appParams, Type.Object({ deliveryId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) })]);
const reviewBody = Type.Object({ permission: formText(64), next: formText(64) });

export const basicDisplaySchemas = {
  setUpBasicDisplay: { body: Type.Object({}), response: seeOtherResponse },
  saveBasicDisplay: { body: basicDisplayBody, response: seeOtherResponse },
  createInstagramApp: { body: createInstagramAppBody, response: seeOtherResponse },
  saveAutoConsent: { body: autoConsentBody, response: seeOtherResponse },
  replayCallback: { params: replayParams, body: Type.Object({}), response: seeOtherResponse },
  submitForReview: { body: reviewBody, response: seeOtherResponse },
};

export type BasicDisplayExtras = Partial<Pick<BasicDisplayModel, 'values' | 'errors' | 'revealedSecret' | 'notice'>> & { status?: number };

export function createBasicDisplayHandlers(services: Pick<Services, 'appDashboard'>) {
  const { appDashboard } = services;

  const renderBasicDisplay = async (request: FastifyRequest, reply: FastifyReply, extras: BasicDisplayExtras = {}) => {
    const owned = ownedOf(request);
    const view = await appDashboard.withTesters(owned);
    const acceptedTesters = view.testers.filter((t) => t.status === 'accepted');
    const deliveries = view.igApp ? await appDashboard.listCallbackDeliveries(owned) : [];
    const here = appPath(view.app.appId, BASIC_DISPLAY_PAGE);
    const page = basicDisplayPage({
      chrome: chromeOf(request, reply, view, here),
      app: view.app,
      added: view.basicDisplayAdded,
      igApp: view.igApp,
      statuses: view.reviews,
      acceptedTesters,
      autoConsentAvailable: appDashboard.autoConsentAvailable,
      deliveries: deliveries.map(deliveryRow),
      ...extras,
      notice: extras.notice ?? noticeOf(request),
    });
    return sendPage(reply, page, extras.status);
  };

  return {
    renderBasicDisplay,

    showProducts: async (request: FastifyRequest, reply: FastifyReply) => {
      const view = await appDashboard.overview(ownedOf(request));
      return sendPage(reply, productsPage({ chrome: chromeOf(request, reply, view), app: view.app, added: view.basicDisplayAdded, notice: noticeOf(request) }));
    },

    /** Set Up adds the product, then the tutorial continues on its Basic Display page. */
    setUpBasicDisplay: async (request: FastifyRequest, reply: FastifyReply) => {
      const owned = ownedOf(request);
      try {
        await appDashboard.setUpBasicDisplay(owned);
        return redirectTo(request, reply, appPath(owned.appId, BASIC_DISPLAY_PAGE), 'product-added');
      } catch (error) {
        const { notice = '' } = fieldErrorsOf(error, { product_unavailable: 'notice' });
        const view = await appDashboard.overview(owned);
        const chrome = chromeOf(request, reply, view, appPath(owned.appId, 'products/'));
        return sendPage(reply, productsPage({ chrome, app: view.app, added: view.basicDisplayAdded, notice: { kind: 'error', text: notice } }), 400);
      }
    },

    showBasicDisplay: (request: FastifyRequest, reply: FastifyReply) => renderBasicDisplay(request, reply),

    showCreateInstagramApp: async (request: FastifyRequest, reply: FastifyReply) => {
      const view = await appDashboard.overview(ownedOf(request));
      if (view.igApp) return redirectTo(request, reply, appPath(view.app.appId, BASIC_DISPLAY_PAGE));
      // The Display Name is prefilled with the app's name (spec §1.2).
      return sendPage(reply, createInstagramAppPage({ chrome: chromeOf(request, reply, view), app: view.app, displayName: view.app.name }));
    },

    createInstagramApp: async (request: FastifyRequest, reply: FastifyReply) => {
      const { displayName } = validated(request.body, createInstagramAppBody);
      try {
        await appDashboard.createInstagramApp(ownedOf(request), displayName);
        return redirectTo(request, reply, appPath(ownedOf(request).appId, BASIC_DISPLAY_PAGE), 'instagram-app-created');
      } catch (error) {
        const errors = fieldErrorsOf(error, { display_name_invalid: 'displayName', product_unavailable: 'displayName', instagram_app_exists: 'displayName' });
        const view = await appDashboard.overview(ownedOf(request));
        return sendPage(reply, createInstagramAppPage({ chrome: chromeOf(request, reply, view), app: view.app, displayName, errors }), 400);
      }
    },

    saveBasicDisplay: async (request: FastifyRequest, reply: FastifyReply) => {
      const values: BasicDisplayValues = validated(request.body, basicDisplayBody);
      try {
        await appDashboard.saveBasicDisplay(ownedOf(request), { ...values, redirectUris: values.redirectUris.split(/\r?\n/) });
        return redirectTo(request, reply, appPath(ownedOf(request).appId, BASIC_DISPLAY_PAGE), 'saved');
      } catch (error) {
        return renderBasicDisplay(request, reply, { values, errors: fieldErrorsOf(error, SETTINGS_FIELDS), status: 400 });
      }
    },

    /** The emulator's Auto consent checkbox (issue 8): a checked box sends `autoConsent=on`, an unchecked one nothing. */
    saveAutoConsent: async (request: FastifyRequest, reply: FastifyReply) => {
      const owned = ownedOf(request);
      const on = validated(request.body, autoConsentBody).autoConsent === 'on';
      try {
        await appDashboard.setAutoConsent(owned, on);
      } catch (error) {
        const { notice = '' } = fieldErrorsOf(error, { auto_consent_unavailable: 'notice' });
        return renderBasicDisplay(request, reply, { notice: { kind: 'error', text: notice }, status: 400 });
      }
      return redirectTo(request, reply, appPath(owned.appId, BASIC_DISPLAY_PAGE), on ? 'auto-consent-on' : 'auto-consent-off');
    },

    /** "Replay" of a callback delivery: a copy is queued; an unknown id, or another app's, is refused on the page. */
    replayCallback: async (request: FastifyRequest, reply: FastifyReply) => {
      const owned = ownedOf(request);
      const { deliveryId } = validated(request.params, replayParams);
      try {
        await appDashboard.replayCallbackDelivery(owned, deliveryId);
        return redirectTo(request, reply, appPath(owned.appId, BASIC_DISPLAY_PAGE), 'callback-replayed');
      } catch (error) {
        const { notice = '' } = fieldErrorsOf(error, { delivery_not_found: 'notice' });
        return renderBasicDisplay(request, reply, { notice: { kind: 'error', text: notice }, status: 404 });
      }
    },

    showAppReview: async (request: FastifyRequest, reply: FastifyReply) => {
      const view = await appDashboard.withTesters(ownedOf(request));
      return sendPage(reply, appReviewPage({ chrome: chromeOf(request, reply, view), appId: view.app.appId, statuses: view.reviews, notice: noticeOf(request) }));
    },

    /** "Add to Submission": approved at once in emulator mode, else waiting for an operator (DESIGN.md §6). */
    submitForReview: async (request: FastifyRequest, reply: FastifyReply) => {
      const form = validated(request.body, reviewBody);
      const owned = ownedOf(request);
      const status = await appDashboard.submitForReview(owned, form.permission);
      const back = form.next === 'app-review' ? 'app-review/permissions/' : BASIC_DISPLAY_PAGE;
      return redirectTo(request, reply, `${appPath(owned.appId, back)}`, status === 'approved' ? 'review-approved' : 'review-submitted');
    },
  };
}

export type BasicDisplayHandlers = ReturnType<typeof createBasicDisplayHandlers>;
