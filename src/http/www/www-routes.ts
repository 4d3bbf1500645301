// www.instagram.com: sign-in, sign-out and the home page. (The Authorization Window's
// /oauth/authorize/third_party is in api-routes.ts with the rest of the window.)
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { csrfGuard, registerPageSecurity } from '../page-security.ts';
import { createSignInHandlers } from './sign-in-handlers.ts';

export async function wwwSurface(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  await registerPageSecurity(app);
  const signIn = createSignInHandlers(services);
  app.get('/', signIn.showHome);
  app.get('/accounts/login/', signIn.showSignIn);
  app.post('/accounts/login/', { preHandler: csrfGuard(app) }, signIn.signIn);
  app.post('/accounts/logout/', { preHandler: csrfGuard(app) }, signIn.signOut);
}
