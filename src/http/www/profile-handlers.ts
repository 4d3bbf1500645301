// /{username}/ and /p/{shortcode}/: a profile's grid and a post's permalink page, for anyone.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountError } from '../../accounts/account-entity.ts';
import { MediaError } from '../../media/media-entity.ts';
import type { Services } from '../../services.ts';
import { postPage } from '../../views/post-page.ts';
import { profilePage } from '../../views/profile-page.ts';
import { errorPage } from '../../views/www-pages.ts';
import { sendPage } from '../page-security.ts';
import { pickParams } from '../request-params.ts';
import type { ViewerLookup } from './www-viewer.ts';

/** Instagram's own words for a profile or post that does not exist. */
export function sendNotFound(reply: FastifyReply): FastifyReply {
  return sendPage(reply, errorPage({ title: "Sorry, this page isn't available.", message: 'The link you followed may be broken, or the page may have been removed.' }), 404);
}

const isNotFound = (error: unknown) => (error instanceof AccountError && error.code === 'account_not_found') || (error instanceof MediaError && error.code === 'media_not_found');

export function createProfileHandlers(services: Services, viewers: ViewerLookup) {
  const { profiles } = services;

  const viewerFor = async (request: FastifyRequest, reply: FastifyReply) => {
    const account = await viewers.signedInAccount(request);
    return account && viewers.viewerOf(account, reply);
  };

  return {
    showProfile: async (request: FastifyRequest, reply: FastifyReply) => {
      const { username = '' } = pickParams(request.params, ['username']);
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
      const { username = '' } = pickParams(request.params, ['username']);
      const account = await services.accounts.findAccountByUsername(username);
      return account ? reply.redirect(`/${account.username}/`, 301) : sendNotFound(reply);
    },

    showPost: async (request: FastifyRequest, reply: FastifyReply) => {
      const { shortcode = '' } = pickParams(request.params, ['shortcode']);
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
