// /{username}/ and /p/{shortcode}/: a profile's grid and a post's permalink page, for anyone.
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountError } from '../../accounts/account-entity.ts';
import { MediaError } from '../../media/media-entity.ts';
import type { Services } from '../../services.ts';
import { postPage } from '../../views/post-page.ts';
import { profilePage } from '../../views/profile-page.ts';
import { validated } from '../form-validation.ts';
import { sendPage } from '../page-security.ts';
import type { ViewerLookup } from './www-viewer.ts';
import { sendNotFound } from './www-errors.ts';

const isNotFound = (error: unknown) => (error instanceof AccountError && error.code === 'account_not_found') || (error instanceof MediaError && error.code === 'media_not_found');

/** A username longer than any (30 characters) or a shortcode longer than any (11) names no page. */
const profileParams = Type.Object({ username: Type.String({ maxLength: 64 }) });
const postParams = Type.Object({ shortcode: Type.String({ maxLength: 64 }) });

export const profileSchemas = {
  showProfile: { params: profileParams },
  redirectToProfile: { params: profileParams, response: { 301: Type.Null({ description: 'Moved Permanently: the profile URL ends in a slash' }) } },
  showPost: { params: postParams },
};

export function createProfileHandlers(services: Pick<Services, 'profiles' | 'accounts'>, viewers: ViewerLookup) {
  const { profiles, accounts } = services;

  const viewerFor = async (request: FastifyRequest, reply: FastifyReply) => {
    const account = await viewers.signedInAccount(request);
    return account && viewers.viewerOf(account, reply);
  };

  return {
    showProfile: async (request: FastifyRequest, reply: FastifyReply) => {
      const { username } = validated(request.params, profileParams);
      try {
        const { account, postCount, posts } = await profiles.getProfile(username);
        const tiles = posts.map((p) => ({ shortcode: p.shortcode, mediaType: p.mediaType, caption: p.caption }));
        return sendPage(reply, profilePage({ viewer: await viewerFor(request, reply), username: account.username, fullName: account.fullName, postCount, tiles }));
      } catch (error) {
        if (isNotFound(error)) return sendNotFound(reply);
        throw error;
      }
    },

    /** /{username} without the slash: Instagram's canonical profile URL ends in one. */
    redirectToProfile: async (request: FastifyRequest, reply: FastifyReply) => {
      const account = await accounts.findAccountByUsername(validated(request.params, profileParams).username);
      return account ? reply.redirect(`/${account.username}/`, 301) : sendNotFound(reply);
    },

    showPost: async (request: FastifyRequest, reply: FastifyReply) => {
      const { shortcode } = validated(request.params, postParams);
      try {
        const { owner, post, items, album } = await profiles.getPost(shortcode);
        const model = {
          viewer: await viewerFor(request, reply),
          shortcode: post.shortcode,
          owner: { username: owner.username, fullName: owner.fullName },
          caption: post.caption,
          takenAt: post.takenAt,
          items: items.map((item) => ({ mediaType: item.mediaType === 'VIDEO' ? ('VIDEO' as const) : ('IMAGE' as const), width: item.width, height: item.height })),
          albumShortcode: album?.shortcode ?? null,
        };
        return sendPage(reply, postPage(model));
      } catch (error) {
        if (isNotFound(error)) return sendNotFound(reply);
        throw error;
      }
    },
  };
}
