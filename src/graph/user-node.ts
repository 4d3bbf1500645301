// The User node (spec §4.3): fields id, username, account_type, media_count, and the media edge as a
// field (`media.limit(5){…}`). Fields come back in the order asked, and `id` is always present
// (appended when not asked, as Graph does).
import type { MediaRepository } from '../media/media-repository.ts';
import type { FieldSelection } from './fields.ts';
import type { GraphContext } from './graph-context.ts';
import { nonexistingField, permissionDenied } from './graph-error.ts';
import { nestedEdgeLink, readMediaEdge } from './media-edge.ts';
import type { GraphObject } from './media-node.ts';

const USER_FIELDS = new Set(['id', 'username', 'account_type', 'media_count', 'media']);

/** Reads of the user's media need instagram_graph_user_media (spec §1.4, §4.3). */
export function requireMediaScope(context: GraphContext): void {
  if (!context.principal.scopes.has('user_media')) throw permissionDenied();
}

export async function readUserNode(id: string, selection: FieldSelection[], context: GraphContext, deps: { media: MediaRepository }): Promise<GraphObject> {
  for (const field of selection) {
    if (!USER_FIELDS.has(field.name) || (field.children && field.name !== 'media')) throw nonexistingField(field.name, 'User');
  }
  const user = context.principal;
  const out: GraphObject = {};
  for (const field of selection) {
    if (field.name in out) continue;
    switch (field.name) {
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
        requireMediaScope(context);
        out.media_count = await deps.media.countTopLevel(user.accountId);
        break;
      case 'media':
        requireMediaScope(context);
        out.media = await readMediaEdge(user.accountId, field.modifiers, field.children ?? [], context, nestedEdgeLink(context, id, field), deps);
        break;
    }
  }
  if (!('id' in out)) out.id = id;
  return out;
}
