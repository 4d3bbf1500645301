// /create/: the new post form, and sharing it — a photo, a video or an album — as the signed-in account.
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MAX_ALBUM_ITEMS, MAX_CAPTION_LENGTH, MediaError } from '../../media/media-entity.ts';
import type { Services } from '../../services.ts';
import { createPostPage, type CreatePostModel } from '../../views/create-post-page.ts';
import { foundResponse, seeOtherResponse, validated } from '../form-validation.ts';
import { sendPage } from '../page-security.ts';
import { uploadedFilesOf, type UploadProblem } from './upload-form.ts';
import type { ViewerLookup } from './www-viewer.ts';

/**
 * The text fields of the multipart form. The schema checks those before the first file (readLeadingFields
 * makes them the body); a caption sent after the files is read with them, first value only, and the
 * media service checks its length (an over-long caption is shown under the Caption field; only one far
 * past the limit, before the files, gets the error page).
 */
const createPostBody = Type.Object({ caption: Type.Optional(Type.String({ maxLength: MAX_CAPTION_LENGTH * 4 })) });

export const createPostSchemas = { showCreatePost: { response: foundResponse }, createPost: { body: createPostBody, response: seeOtherResponse } };

export function createCreatePostHandlers(services: Pick<Services, 'media' | 'config'>, viewers: ViewerLookup) {
  const { media, config } = services;
  const maxUploadMb = config.uploadMaxMb;
  const UPLOAD_MESSAGES: Record<UploadProblem, string> = {
    too_large: `These files are too large to share. A post's photos and videos can be up to ${maxUploadMb} MB in all.`,
    too_many: `An album can have up to ${MAX_ALBUM_ITEMS} photos and videos.`,
    unreadable: 'The upload could not be read. Choose your photos and videos again.',
  };

  return {
    showCreatePost: async (request: FastifyRequest, reply: FastifyReply) => {
      const account = await viewers.requireAccount(request, reply);
      if (!account) return reply;
      return sendPage(reply, createPostPage({ viewer: viewers.viewerOf(account, reply), maxUploadMb }));
    },

    /** preValidation of the POST: a visitor without a session goes to log in before any of the body is read. */
    requireSignedIn: async (request: FastifyRequest, reply: FastifyReply) => {
      if (!(await viewers.requireAccount(request, reply, '/create/'))) return reply;
    },

    createPost: async (request: FastifyRequest, reply: FastifyReply) => {
      const upload = uploadedFilesOf(request);
      try {
        const account = await viewers.requireAccount(request, reply, '/create/');
        if (!account) return reply;
        const { caption = '' } = validated(request.body, createPostBody);
        const refuse = (errors: CreatePostModel['errors'], status: number) =>
          sendPage(reply, createPostPage({ viewer: viewers.viewerOf(account, reply), maxUploadMb, caption, errors }), status);
        // The page's error handler logs it and answers 500: the upload was fine, the data dir was not.
        if (upload.storageFailure) throw upload.storageFailure;
        if (upload.problem) return refuse({ media: UPLOAD_MESSAGES[upload.problem] }, upload.problem === 'too_large' ? 413 : 400);
        try {
          const post = await media.createPost({ accountId: account.id, caption, files: upload.files });
          return reply.redirect(`/p/${post.shortcode}/`, 303);
        } catch (error) {
          if (!(error instanceof MediaError)) throw error;
          return refuse(error.code === 'caption_too_long' ? { caption: error.message } : { media: error.message }, 400);
        }
      } finally {
        await upload.discard();
      }
    },
  };
}
