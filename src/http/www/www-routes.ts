// www.instagram.com: sign-in and sign-up, profiles, permalinks and their media, posting, Edit Profile and
// Apps and Websites. (The Authorization Window's /oauth/authorize/third_party is in api-routes.ts with
// the rest of the window.) Every form POST passes the CSRF check first, then its schema (form-validation.ts).
import { join } from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { formValidation, rejectInvalid } from '../form-validation.ts';
import { csrfGuard, registerPageSecurity } from '../page-security.ts';
import { changePasswordSchemas, createChangePasswordHandlers } from './change-password-handlers.ts';
import { createCreatePostHandlers, createPostSchemas } from './create-post-handlers.ts';
import { createEditProfileHandlers, editProfileSchemas } from './edit-profile-handlers.ts';
import { createManageAccessHandlers, manageAccessSchemas } from './manage-access-handlers.ts';
import { createMediaFileHandlers, mediaFileSchemas } from './media-file-handlers.ts';
import { createProfileHandlers, profileSchemas } from './profile-handlers.ts';
import { createSignInHandlers, signInSchemas } from './sign-in-handlers.ts';
import { createSignUpHandlers, signUpSchemas } from './sign-up-handlers.ts';
import { discardUnreadUpload, multipartOptions, readLeadingFields, readUploadedFiles } from './upload-form.ts';
import { answerWwwError } from './www-errors.ts';
import { createViewerLookup } from './www-viewer.ts';

/** Far above the album limit of 10: only a guard against a body of thousands of tiny files. */
const MAX_UPLOAD_FILES = 50;

export async function wwwSurface(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  await registerPageSecurity(app, { session: 'account', csrfKey: services.csrfKey });
  // A child context, so www's error pages (www-errors.ts) replace registerPageSecurity's.
  await app.register(async (pages) => {
    pages.setErrorHandler(answerWwwError);
    await wwwRoutes(pages, services);
  });
}

async function wwwRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const { accounts, sessions, profiles, media, config, appConnections, testers } = services;
  const csrf = csrfGuard(app);
  const form = { ...formValidation, preHandler: [csrf, rejectInvalid] };
  const viewers = createViewerLookup({ accounts, sessions });
  const signIn = createSignInHandlers({ accounts, sessions });
  const signUp = createSignUpHandlers({ accounts, sessions }, viewers);
  const profilePages = createProfileHandlers({ profiles, accounts }, viewers);
  const mediaFiles = createMediaFileHandlers({ profiles });
  const createPost = createCreatePostHandlers({ media, config }, viewers);
  const editProfile = createEditProfileHandlers({ accounts }, viewers);
  const manageAccess = createManageAccessHandlers({ appConnections, testers }, viewers);
  const changePassword = createChangePasswordHandlers({ accounts }, viewers);

  app.get('/', signIn.showHome);
  app.get('/accounts/login/', { schema: signInSchemas.showSignIn }, signIn.showSignIn);
  app.post('/accounts/login/', { ...form, schema: signInSchemas.signIn }, signIn.signIn);
  app.post('/accounts/logout/', { ...form, schema: signInSchemas.signOut }, signIn.signOut);
  app.get('/accounts/emailsignup/', { schema: signUpSchemas.showSignUp }, signUp.showSignUp);
  app.post('/accounts/emailsignup/', { ...form, schema: signUpSchemas.signUp }, signUp.signUp);

  app.get('/accounts/edit/', { schema: editProfileSchemas.showEditProfile }, editProfile.showEditProfile);
  app.post('/accounts/edit/', { ...form, schema: editProfileSchemas.editProfile }, editProfile.editProfile);
  app.get('/accounts/password/change/', { schema: changePasswordSchemas.showChangePassword }, changePassword.showChangePassword);
  app.post('/accounts/password/change/', { ...form, schema: changePasswordSchemas.changePassword }, changePassword.changePassword);
  app.get('/accounts/manage_access/', { schema: manageAccessSchemas.showManageAccess }, manageAccess.showManageAccess);
  app.post('/accounts/manage_access/remove/', { ...form, schema: manageAccessSchemas.act }, manageAccess.removeApp);
  app.post('/accounts/manage_access/tester_invites/accept/', { ...form, schema: manageAccessSchemas.act }, manageAccess.acceptInvite);
  app.post('/accounts/manage_access/tester_invites/decline/', { ...form, schema: manageAccessSchemas.act }, manageAccess.declineInvite);

  app.get('/create/', { schema: createPostSchemas.showCreatePost }, createPost.showCreatePost);
  // Only posting takes multipart bodies, read in steps: the session first, then the fields up to the
  // first file for the CSRF check and the schema, and only then the files (upload-form.ts).
  const uploadLimits = { maxTotalBytes: config.uploadMaxMb * 1024 * 1024, maxFiles: MAX_UPLOAD_FILES, directory: join(config.dataDir, 'uploads') };
  await app.register(async (uploads) => {
    await uploads.register(multipart, multipartOptions(uploadLimits));
    uploads.addHook('onSend', discardUnreadUpload(uploadLimits));
    uploads.post(
      '/create/',
      {
        ...formValidation,
        schema: createPostSchemas.createPost,
        preValidation: [createPost.requireSignedIn, readLeadingFields],
        preHandler: [csrf, rejectInvalid, readUploadedFiles(uploadLimits)],
      },
      createPost.createPost,
    );
  });

  app.get('/p/:shortcode/', { schema: profileSchemas.showPost }, profilePages.showPost);
  app.get('/media/:shortcode/:index', { schema: mediaFileSchemas.serve }, mediaFiles.serveFile);
  app.get('/media/:shortcode/:index/thumbnail', { schema: mediaFileSchemas.serve }, mediaFiles.serveThumbnail);
  // Static paths above win over these (find-my-way tries static routes first).
  app.get('/:username/', { schema: profileSchemas.showProfile }, profilePages.showProfile);
  app.get('/:username', { schema: profileSchemas.redirectToProfile }, profilePages.redirectToProfile);
}
