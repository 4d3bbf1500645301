// /accounts/edit/: Edit Profile for the signed-in account (its name and username).
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountError } from '../../accounts/account-entity.ts';
import type { Services } from '../../services.ts';
import { editProfilePage } from '../../views/edit-profile-page.ts';
import { sendPage } from '../page-security.ts';
import { formText, foundResponse, seeOtherResponse, validated } from '../form-validation.ts';
import type { ViewerLookup } from './www-viewer.ts';

const showQuery = Type.Object({ saved: formText(8) });
const editBody = Type.Object({ full_name: formText(), username: formText() });

export const editProfileSchemas = {
  showEditProfile: { querystring: showQuery, response: foundResponse },
  editProfile: { body: editBody, response: seeOtherResponse },
};

export function createEditProfileHandlers(services: Pick<Services, 'accounts'>, viewers: ViewerLookup) {
  const { accounts } = services;

  return {
    showEditProfile: async (request: FastifyRequest, reply: FastifyReply) => {
      const account = await viewers.requireAccount(request, reply);
      if (!account) return reply;
      const saved = validated(request.query, showQuery).saved === '1';
      return sendPage(reply, editProfilePage({ viewer: viewers.viewerOf(account, reply), fullName: account.fullName, username: account.username, saved }));
    },

    editProfile: async (request: FastifyRequest, reply: FastifyReply) => {
      const account = await viewers.requireAccount(request, reply, '/accounts/edit/');
      if (!account) return reply;
      const { full_name: fullName, username } = validated(request.body, editBody);
      try {
        await accounts.updateProfile(account.id, { fullName, username });
        return reply.redirect('/accounts/edit/?saved=1', 303);
      } catch (error) {
        if (!(error instanceof AccountError) || !['username_invalid', 'username_taken', 'full_name_invalid'].includes(error.code)) throw error;
        const errors = error.code === 'full_name_invalid' ? { fullName: error.message } : { username: error.message };
        return sendPage(reply, editProfilePage({ viewer: viewers.viewerOf(account, reply), fullName, username, errors }), error.code === 'username_taken' ? 409 : 400);
      }
    },
  };
}
