// The User node (spec §4.3): fields id, username, account_type, media_count. Fields come back in the
// order asked, and `id` is always present (appended when not asked, as Graph does).
import type { MediaRepository } from '../media/media-repository.ts';
import type { Principal } from '../oauth/access-tokens.ts';
import type { FieldSelection } from './fields.ts';
import { nonexistingField, permissionDenied } from './graph-error.ts';

export type GraphObject = Record<string, unknown>;

const USER_FIELDS = new Set(['id', 'username', 'account_type', 'media_count']);

export async function readUserNode(
  user: Principal,
  id: string,
  selection: FieldSelection[],
  deps: { media: MediaRepository },
): Promise<GraphObject> {
  for (const field of selection) {
    if (!USER_FIELDS.has(field.name) || field.children) throw nonexistingField(field.name, 'User');
  }
  const out: GraphObject = {};
  for (const { name } of selection) {
    if (name in out) continue;
    switch (name) {
      case 'id':
        out.id = id;
        break;
      case 'username':
        out.username = user.username;
        break;
      case 'account_type':
        out.account_type = user.accountType;
        break;
      case 'media_count':
        // media_count needs instagram_graph_user_media (spec §4.3).
        if (!user.scopes.has('user_media')) throw permissionDenied();
        out.media_count = await deps.media.countTopLevel(user.accountId);
        break;
    }
  }
  if (!('id' in out)) out.id = id;
  return out;
}
