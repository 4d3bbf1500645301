// www.instagram.com: sign-in and sign-up, profiles, permalinks and their media, posting, Edit Profile and
// Apps and Websites. (The Authorization Window's /oauth/authorize/third_party is in api-routes.ts with
// the rest of the window.) Every form POST passes the CSRF check first.
import { join } from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { csrfGuard, registerPageSecurity } from '../page-security.ts';
import { createChangePasswordHandlers } from './change-password-handlers.ts';
import { createCreatePostHandlers } from './create-post-handlers.ts';
import { createEditProfileHandlers } from './edit-profile-handlers.ts';
import { createManageAccessHandlers } from './manage-access-handlers.ts';
import { createMediaFileHandlers } from './media-file-handlers.ts';
import { createProfileHandlers } from './profile-handlers.ts';
import { createSignInHandlers } from './sign-in-handlers.ts';
import { createSignUpHandlers } from './sign-up-handlers.ts';
import { discardUnreadUpload, multipartOptions, readLeadingFields, readUploadedFiles } from './upload-form.ts';
import { createViewerLookup } from './www-viewer.ts';

/** Far above the album limit of 10: only a guard against a body of thousands of tiny files. */
const MAX_UPLOAD_FILES = 50;

export async function wwwSurface(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  await registerPageSecurity(app, { session: 'account', csrfKey: services.csrfKey });
  const csrf = { preHandler: csrfGuard(app) };
  const viewers = createViewerLookup(services);
  const signIn = createSignInHandlers(services);
  const signUp = createSignUpHandlers(services, viewers);
  const profiles = createProfileHandlers(services, viewers);
  const mediaFiles = createMediaFileHandlers(services);
  const createPost = createCreatePostHandlers(services, viewers);
  const editProfile = createEditProfileHandlers(services, viewers);
  const manageAccess = createManageAccessHandlers(services, viewers);
  const changePassword = createChangePasswordHandlers(services, viewers);

  app.get('/', signIn.showHome);
  app.get('/accounts/login/', signIn.showSignIn);
  app.post('/accounts/login/', csrf, signIn.signIn);
  app.post('/accounts/logout/', csrf, signIn.signOut);
  app.get('/accounts/emailsignup/', signUp.showSignUp);
  app.post('/accounts/emailsignup/', csrf, signUp.signUp);

  app.get('/accounts/edit/', editProfile.showEditProfile);
  app.post('/accounts/edit/', csrf, editProfile.editProfile);
  app.get('/accounts/password/change/', changePassword.showChangePassword);
  app.post('/accounts/password/change/', csrf, changePassword.changePassword);
  app.get('/accounts/manage_access/', manageAccess.showManageAccess);
  app.post('/accounts/manage_access/remove/', csrf, manageAccess.removeApp);
  app.post('/accounts/manage_access/tester_invites/accept/', csrf, manageAccess.acceptInvite);
  app.post('/accounts/manage_access/tester_invites/decline/', csrf, manageAccess.declineInvite);

  app.get('/create/', createPost.showCreatePost);
  // Only posting takes multipart bodies, read in steps: the session first, then the fields up to the
  // first file for the CSRF check, and only then the files (upload-form.ts).
  const uploadLimits = { maxTotalBytes: services.config.uploadMaxMb * 1024 * 1024, maxFiles: MAX_UPLOAD_FILES, directory: join(services.config.dataDir, 'uploads') };
  await app.register(async (uploads) => {
    await uploads.register(multipart, multipartOptions(uploadLimits));
    uploads.addHook('onSend', discardUnreadUpload(uploadLimits));
    uploads.post(
      '/create/',
      { preValidation: [createPost.requireSignedIn, readLeadingFields], preHandler: [csrf.preHandler, readUploadedFiles(uploadLimits)] },
      createPost.createPost,
    );
  });

  app.get('/p/:shortcode/', profiles.showPost);
  app.get('/media/:shortcode/:index', mediaFiles.serveFile);
  app.get('/media/:shortcode/:index/thumbnail', mediaFiles.serveThumbnail);
  // Static paths above win over these (find-my-way tries static routes first).
  app.get('/:username/', profiles.showProfile);
  app.get('/:username', profiles.redirectToProfile);
}
