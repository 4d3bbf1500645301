// developers.facebook.com, the App Dashboard: every route with its middleware and schema. Mounted under
// /developers (DESIGN.md §1); on the surface's own host the same routes answer at the root. Every form
// POST passes the CSRF check, then the sign-in check, then its schema (form-validation.ts).
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { Services } from '../../services.ts';
import { formValidation, rejectInvalid, seeOtherResponse } from '../form-validation.ts';
import { csrfGuard, registerPageSecurity } from '../page-security.ts';
import { appListSchemas, createAppListHandlers } from './app-list-handlers.ts';
import { appSettingsSchemas, createAppSettingsHandlers } from './app-settings-handlers.ts';
import { basicDisplaySchemas, createBasicDisplayHandlers } from './basic-display-handlers.ts';
import { appParams, noticeQuery, requireDeveloper } from './dashboard-context.ts';
import { answerDashboardError, sendDashboardNotFound } from './dashboard-errors.ts';
import { createDeveloperAccountHandlers, developerAccountSchemas } from './developer-account-handlers.ts';
import { createRequestLogHandlers, requestLogSchemas } from './request-log-handlers.ts';
import { createRolesHandlers, rolesSchemas } from './roles-handlers.ts';
import { createSecretHandlers, secretSchemas } from './secret-handlers.ts';
import { createTokenGeneratorHandlers, tokenGeneratorSchemas } from './token-generator-handlers.ts';

export async function developersSurface(surface: FastifyInstance, { services }: { services: Services }): Promise<void> {
  await registerPageSecurity(surface, { session: 'developer', csrfKey: services.csrfKey });
  // A child context, so the dashboard's error pages (dashboard-errors.ts) replace registerPageSecurity's Instagram ones.
  await surface.register((app) => {
    app.setErrorHandler(answerDashboardError);
    app.setNotFoundHandler(sendDashboardNotFound);
    dashboardRoutes(app, services);
    return Promise.resolve();
  });
}

function dashboardRoutes(app: FastifyInstance, services: Services): void {
  const { appDashboard, developers, sessions, config } = services;
  const csrf = csrfGuard(app);
  const signedIn = requireDeveloper({ developers, sessions });
  // Every signed-in page can answer 303 (to Log in); an /apps/{appId}/ page's notice comes in `?done=`.
  const page = (schema: FastifySchema = {}) => ({ preHandler: signedIn, schema: { querystring: noticeQuery, response: seeOtherResponse, ...schema } });
  const form = (schema: FastifySchema = {}) => ({ ...formValidation, preHandler: [csrf, signedIn, rejectInvalid], schema: { querystring: noticeQuery, response: seeOtherResponse, ...schema } });
  const appPage = (schema: FastifySchema = {}) => page({ params: appParams, ...schema });
  const appForm = (schema: FastifySchema = {}) => form({ params: appParams, ...schema });
  const signedOutForm = (schema: FastifySchema) => ({ ...formValidation, preHandler: [csrf, rejectInvalid], schema });

  const account = createDeveloperAccountHandlers({ developers, sessions });
  app.get('/', { schema: developerAccountSchemas.landing }, account.landing);
  app.get('/login/', { schema: developerAccountSchemas.showSignIn }, account.showSignIn);
  app.post('/login/', signedOutForm(developerAccountSchemas.signIn), account.signIn);
  app.get('/signup/', { schema: developerAccountSchemas.showSignUp }, account.showSignUp);
  app.post('/signup/', signedOutForm(developerAccountSchemas.signUp), account.signUp);
  app.post('/logout/', signedOutForm(developerAccountSchemas.signOut), account.signOut);

  const list = createAppListHandlers({ appDashboard });
  app.get('/apps/', page(appListSchemas.listApps), list.listApps);
  app.get('/apps/create/', page(), list.showCreateApp);
  app.post('/apps/create/', form(appListSchemas.createApp), list.createApp);

  const settings = createAppSettingsHandlers({ appDashboard });
  app.get('/apps/:appId/', appPage(), settings.redirectToHome);
  app.get('/apps/:appId/dashboard/', appPage(), settings.showAppHome);
  app.get('/apps/:appId/settings/basic/', appPage(appSettingsSchemas.showBasicSettings), settings.showBasicSettings);
  app.post('/apps/:appId/settings/basic/', appForm(appSettingsSchemas.saveBasicSettings), settings.saveBasicSettings);
  app.get('/apps/:appId/settings/basic/add-platform/', appPage(), settings.showAddPlatform);
  app.get('/apps/:appId/settings/advanced/', appPage(), settings.showAdvancedSettings);
  app.post('/apps/:appId/settings/advanced/', appForm(appSettingsSchemas.saveAdvancedSettings), settings.saveAdvancedSettings);
  app.post('/apps/:appId/mode/', appForm(appSettingsSchemas.switchMode), settings.switchMode);

  const display = createBasicDisplayHandlers({ appDashboard });
  app.get('/apps/:appId/products/', appPage(), display.showProducts);
  app.post('/apps/:appId/products/instagram-basic-display/set-up/', appForm(basicDisplaySchemas.setUpBasicDisplay), display.setUpBasicDisplay);
  app.get('/apps/:appId/instagram-basic-display/basic-display/', appPage(), display.showBasicDisplay);
  app.post('/apps/:appId/instagram-basic-display/basic-display/', appForm(basicDisplaySchemas.saveBasicDisplay), display.saveBasicDisplay);
  app.post('/apps/:appId/instagram-basic-display/auto-consent/', appForm(basicDisplaySchemas.saveAutoConsent), display.saveAutoConsent);
  app.get('/apps/:appId/instagram-basic-display/basic-display/create/', appPage(), display.showCreateInstagramApp);
  app.post('/apps/:appId/instagram-basic-display/basic-display/create/', appForm(basicDisplaySchemas.createInstagramApp), display.createInstagramApp);
  app.post('/apps/:appId/instagram-basic-display/callbacks/:deliveryId/replay/', appForm(basicDisplaySchemas.replayCallback), display.replayCallback);
  app.get('/apps/:appId/app-review/permissions/', appPage(), display.showAppReview);
  app.post('/apps/:appId/app-review/submit/', appForm(basicDisplaySchemas.submitForReview), display.submitForReview);

  const requestLog = createRequestLogHandlers({ appDashboard });
  app.get('/apps/:appId/request-log/', appPage(requestLogSchemas.showRequestLog), requestLog.showRequestLog);
  app.get('/apps/:appId/request-log/:requestId/', appPage(requestLogSchemas.showRequest), requestLog.showRequest);

  const secrets = createSecretHandlers({ appDashboard }, {
    'show-app-secret': settings.renderBasicSettings,
    'show-instagram-secret': display.renderBasicDisplay,
    'reset-instagram-secret': display.renderBasicDisplay,
  });
  app.get('/apps/:appId/settings/basic/show-secret/', appPage(), secrets.showPrompt('show-app-secret'));
  app.post('/apps/:appId/settings/basic/show-secret/', appForm(secretSchemas.confirm), secrets.confirm('show-app-secret'));
  app.get('/apps/:appId/instagram-basic-display/basic-display/show-secret/', appPage(), secrets.showPrompt('show-instagram-secret'));
  app.post('/apps/:appId/instagram-basic-display/basic-display/show-secret/', appForm(secretSchemas.confirm), secrets.confirm('show-instagram-secret'));
  app.get('/apps/:appId/instagram-basic-display/basic-display/reset-secret/', appPage(), secrets.showPrompt('reset-instagram-secret'));
  app.post('/apps/:appId/instagram-basic-display/basic-display/reset-secret/', appForm(secretSchemas.confirm), secrets.confirm('reset-instagram-secret'));

  const generator = createTokenGeneratorHandlers({ appDashboard, config }, display);
  app.post('/apps/:appId/instagram-basic-display/token-generator/', appForm(tokenGeneratorSchemas.startTokenGeneration), generator.startTokenGeneration);
  app.get('/apps/:appId/instagram-basic-display/token-generator/callback/', appPage(tokenGeneratorSchemas.finishTokenGeneration), generator.finishTokenGeneration);

  const roles = createRolesHandlers({ appDashboard });
  app.get('/apps/:appId/roles/roles/', appPage(), roles.showRoles);
  app.get('/apps/:appId/roles/roles/add-instagram-testers/', appPage(), roles.showAddTesters);
  app.post('/apps/:appId/roles/roles/add-instagram-testers/', appForm(rolesSchemas.addTester), roles.addTester);
  app.post('/apps/:appId/roles/roles/remove-instagram-tester/', appForm(rolesSchemas.removeTester), roles.removeTester);
}
