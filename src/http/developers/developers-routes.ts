// developers.facebook.com, the App Dashboard: every route with its middleware. Mounted under
// /developers (DESIGN.md §1); on the surface's own host the same routes answer at the root.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../apps/app-entity.ts';
import type { Services } from '../../services.ts';
import { dashboardErrorPage } from '../../views/dashboard-layout.ts';
import { csrfGuard, registerPageSecurity, sendPage } from '../page-security.ts';
import { createAppListHandlers } from './app-list-handlers.ts';
import { createAppSettingsHandlers } from './app-settings-handlers.ts';
import { createBasicDisplayHandlers } from './basic-display-handlers.ts';
import { dashboardBase, requireDeveloper } from './dashboard-context.ts';
import { createDeveloperAccountHandlers } from './developer-account-handlers.ts';
import { createRequestLogHandlers } from './request-log-handlers.ts';
import { createRolesHandlers } from './roles-handlers.ts';
import { createSecretHandlers } from './secret-handlers.ts';
import { createTokenGeneratorHandlers } from './token-generator-handlers.ts';

/** The one place dashboard errors become pages: another developer's app is simply not found. */
function answerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const base = dashboardBase(request);
  if (error instanceof AppError && error.code === 'app_not_found') {
    return sendPage(reply, dashboardErrorPage({ base, title: "This page isn't available", message: 'The app does not exist, or you are not one of its administrators.' }), 404);
  }
  if (error.code?.startsWith('FST_CSRF')) {
    return sendPage(reply, dashboardErrorPage({ base, title: 'Page expired', message: 'This form has expired or was not sent from this page. Go back, reload the page and try again.' }), 403);
  }
  if (error instanceof AppError || (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)) {
    return sendPage(reply, dashboardErrorPage({ base, title: 'Bad request', message: 'The request could not be understood.' }), 400);
  }
  request.log.error({ err: error }, 'dashboard handler failed');
  return sendPage(reply, dashboardErrorPage({ base, title: 'Something went wrong', message: 'Sorry, something went wrong. Please try again.' }), 500);
}

export async function developersSurface(surface: FastifyInstance, { services }: { services: Services }): Promise<void> {
  await registerPageSecurity(surface, { session: 'developer', csrfKey: services.csrfKey });
  // A child context, so the dashboard's error pages replace registerPageSecurity's Instagram ones.
  await surface.register((app) => {
    app.setErrorHandler(answerError);
    app.setNotFoundHandler((request, reply) =>
      sendPage(reply, dashboardErrorPage({ base: dashboardBase(request), title: "This page isn't available", message: 'The link you followed may be broken, or the page may have been removed.' }), 404),
    );
    dashboardRoutes(app, services);
    return Promise.resolve();
  });
}

function dashboardRoutes(app: FastifyInstance, services: Services): void {
  const csrf = csrfGuard(app);
  const signedIn = requireDeveloper(services);
  const post = { preHandler: [csrf, signedIn] };
  const get = { preHandler: signedIn };

  const account = createDeveloperAccountHandlers(services);
  app.get('/', account.landing);
  app.get('/login/', account.showSignIn);
  app.post('/login/', { preHandler: csrf }, account.signIn);
  app.get('/signup/', account.showSignUp);
  app.post('/signup/', { preHandler: csrf }, account.signUp);
  app.post('/logout/', { preHandler: csrf }, account.signOut);

  const list = createAppListHandlers(services);
  app.get('/apps/', get, list.listApps);
  app.get('/apps/create/', get, list.showCreateApp);
  app.post('/apps/create/', post, list.createApp);

  const settings = createAppSettingsHandlers(services);
  app.get('/apps/:appId/', get, settings.redirectToHome);
  app.get('/apps/:appId/dashboard/', get, settings.showAppHome);
  app.get('/apps/:appId/settings/basic/', get, settings.showBasicSettings);
  app.post('/apps/:appId/settings/basic/', post, settings.saveBasicSettings);
  app.get('/apps/:appId/settings/basic/add-platform/', get, settings.showAddPlatform);
  app.get('/apps/:appId/settings/advanced/', get, settings.showAdvancedSettings);
  app.post('/apps/:appId/settings/advanced/', post, settings.saveAdvancedSettings);
  app.post('/apps/:appId/mode/', post, settings.switchMode);

  const display = createBasicDisplayHandlers(services);
  app.get('/apps/:appId/products/', get, display.showProducts);
  app.post('/apps/:appId/products/instagram-basic-display/set-up/', post, display.setUpBasicDisplay);
  app.get('/apps/:appId/instagram-basic-display/basic-display/', get, display.showBasicDisplay);
  app.post('/apps/:appId/instagram-basic-display/basic-display/', post, display.saveBasicDisplay);
  app.post('/apps/:appId/instagram-basic-display/auto-consent/', post, display.saveAutoConsent);
  app.get('/apps/:appId/instagram-basic-display/basic-display/create/', get, display.showCreateInstagramApp);
  app.post('/apps/:appId/instagram-basic-display/basic-display/create/', post, display.createInstagramApp);
  app.post('/apps/:appId/instagram-basic-display/callbacks/:deliveryId/replay/', post, display.replayCallback);
  app.get('/apps/:appId/app-review/permissions/', get, display.showAppReview);

  const requestLog = createRequestLogHandlers(services);
  app.get('/apps/:appId/request-log/', get, requestLog.showRequestLog);
  app.get('/apps/:appId/request-log/:requestId/', get, requestLog.showRequest);
  app.post('/apps/:appId/app-review/submit/', post, display.submitForReview);

  const secrets = createSecretHandlers(services, {
    'show-app-secret': settings.renderBasicSettings,
    'show-instagram-secret': display.renderBasicDisplay,
    'reset-instagram-secret': display.renderBasicDisplay,
  });
  app.get('/apps/:appId/settings/basic/show-secret/', get, secrets.showPrompt('show-app-secret'));
  app.post('/apps/:appId/settings/basic/show-secret/', post, secrets.confirm('show-app-secret'));
  app.get('/apps/:appId/instagram-basic-display/basic-display/show-secret/', get, secrets.showPrompt('show-instagram-secret'));
  app.post('/apps/:appId/instagram-basic-display/basic-display/show-secret/', post, secrets.confirm('show-instagram-secret'));
  app.get('/apps/:appId/instagram-basic-display/basic-display/reset-secret/', get, secrets.showPrompt('reset-instagram-secret'));
  app.post('/apps/:appId/instagram-basic-display/basic-display/reset-secret/', post, secrets.confirm('reset-instagram-secret'));

  const generator = createTokenGeneratorHandlers(services, display);
  app.post('/apps/:appId/instagram-basic-display/token-generator/', post, generator.startTokenGeneration);
  app.get('/apps/:appId/instagram-basic-display/token-generator/callback/', get, generator.finishTokenGeneration);

  const roles = createRolesHandlers(services);
  app.get('/apps/:appId/roles/roles/', get, roles.showRoles);
  app.get('/apps/:appId/roles/roles/add-instagram-testers/', get, roles.showAddTesters);
  app.post('/apps/:appId/roles/roles/add-instagram-testers/', post, roles.addTester);
  app.post('/apps/:appId/roles/roles/remove-instagram-tester/', post, roles.removeTester);
}
