// The User node (spec §4.3): fields id, username, account_type, media_count, and the media edge as a
// field (`media.limit(5){…}`). Fields come back in the order asked, and `id` is always present
// (appended when not asked, as Graph does).
import type { MediaRepository } from '../media/media-repository.ts';
import type { Principal } from '../oauth/access-tokens.ts';
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

/** `media_count` and `media` need a query; the other fields come with the token's record. */
const readsMedia = (field: FieldSelection) => field.name === 'media_count' || field.name === 'media';

/**
 * Reads the User node. Without `media_count` or `media` it needs no query and answers without a
 * promise: that is `/me?fields=id,username`, the call every client makes most.
 */
export function readUserNode(id: string, selection: readonly FieldSelection[], context: GraphContext, deps: { media: MediaRepository }): GraphObject | Promise<GraphObject> {
  for (const field of selection) {
    if (!USER_FIELDS.has(field.name) || (field.children && field.name !== 'media')) throw nonexistingField(field.name, 'User');
  }
  return selection.some(readsMedia) ? readWithMedia(id, selection, context, deps) : profileFields(id, selection, context.principal);
}

/** id, username or account_type. */
function profileValue(name: string, id: string, user: Principal): string {
  if (name === 'id') return id;
  return name === 'username' ? user.username : user.accountType;
}

function profileFields(id: string, selection: readonly FieldSelection[], user: Principal): GraphObject {
  const out: GraphObject = {};
  for (const field of selection) out[field.name] = profileValue(field.name, id, user);
  if (!('id' in out)) out.id = id;
  return out;
}

async function readWithMedia(id: string, selection: readonly FieldSelection[], context: GraphContext, deps: { media: MediaRepository }): Promise<GraphObject> {
  requireMediaScope(context);
  const user = context.principal;
  const out: GraphObject = {};
  for (const field of selection) {
    if (field.name in out) continue;
    if (field.name === 'media_count') out.media_count = await deps.media.countTopLevel(user.accountId);
    else if (field.name === 'media') out.media = await readMediaEdge(user.accountId, field.modifiers, field.children ?? [], context, nestedEdgeLink(context, field), deps);
    else out[field.name] = profileValue(field.name, id, user);
  }
  if (!('id' in out)) out.id = id;
  return out;
}
