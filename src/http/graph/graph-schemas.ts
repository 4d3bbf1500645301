// graph.instagram.com's route schemas (TypeBox): the query every Graph read takes, and the answers it
// gives, which the public OpenAPI document (GET /_igloo/openapi/instagram.json) is built from. The
// answers are written by the handler as text (compact JSON, `pretty=1`, ids as strings), so the response
// schemas describe them and are never used to serialise.
import { Type, type Static } from '@sinclair/typebox';
import { emptyAnswer, jsonAnswer } from '../public-schemas.ts';

const text = (description: string) => Type.Optional(Type.String({ description }));

/**
 * Every parameter a Graph read takes, each read by its first value; others are ignored. None is checked
 * here: `limit`, cursors, times and `fields` are read by the graph service (paging.ts, fields.ts), which
 * words their errors where Graph did (a bad `limit` only on an edge, once the token is known good).
 */
export const graphQuerySchema = Type.Object({
  access_token: text('The access token (or `Authorization: Bearer …`)'),
  fields: text('Fields to read, comma-separated, with edge expansion: `id,caption,children{media_url}`, `media.limit(5){id}`'),
  limit: text('Items per page of an edge: a positive integer (25 by default, at most 100); node reads ignore it'),
  after: text('The cursor to read the page after'),
  before: text('The cursor to read the page before'),
  since: text('A Unix timestamp or a date: media taken at or after it'),
  until: text('A Unix timestamp or a date: media taken before it'),
  pretty: text('`1` for indented JSON'),
  grant_type: text('`ig_exchange_token` (GET /access_token) or `ig_refresh_token` (GET /refresh_access_token)'),
  client_secret: text('The Instagram App Secret (GET /access_token)'),
});

export type GraphQuery = Static<typeof graphQuerySchema>;

export const graphErrorSchema = Type.Object(
  {
    error: Type.Object({
      message: Type.String(),
      type: Type.Union([Type.Literal('IGApiException'), Type.Literal('OAuthException')]),
      is_transient: Type.Optional(Type.Boolean()),
      code: Type.Integer(),
      error_subcode: Type.Optional(Type.Integer()),
      fbtrace_id: Type.String(),
    }),
  },
  { title: 'GraphError' },
);

const pagingSchema = Type.Object({
  cursors: Type.Object({ before: Type.String(), after: Type.String() }),
  previous: Type.Optional(Type.String()),
  next: Type.Optional(Type.String()),
});

/** The Media node's fields; a read has only those asked for (and `id`). */
const mediaFields = {
  id: Type.String(),
  caption: Type.Optional(Type.String()),
  is_shared_to_feed: Type.Optional(Type.Boolean()),
  media_type: Type.Optional(Type.Union([Type.Literal('IMAGE'), Type.Literal('VIDEO'), Type.Literal('CAROUSEL_ALBUM')])),
  media_url: Type.Optional(Type.String()),
  permalink: Type.Optional(Type.String()),
  thumbnail_url: Type.Optional(Type.String()),
  timestamp: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
};

const mediaSchema = Type.Object({ ...mediaFields, children: Type.Optional(Type.Object({ data: Type.Array(Type.Object(mediaFields)) })) }, { title: 'Media' });

const mediaCollectionSchema = Type.Object({ data: Type.Array(mediaSchema), paging: Type.Optional(pagingSchema) }, { title: 'MediaCollection' });

const userSchema = Type.Object(
  {
    id: Type.String(),
    username: Type.Optional(Type.String()),
    account_type: Type.Optional(Type.String()),
    media_count: Type.Optional(Type.Integer()),
    media: Type.Optional(mediaCollectionSchema),
  },
  { title: 'User' },
);

const tokenGrantSchema = Type.Object({ access_token: Type.String(), token_type: Type.Literal('bearer'), expires_in: Type.Integer() }, { title: 'TokenGrant' });

const GRAPH_ERROR = jsonAnswer('Graph’s error envelope: an unknown object or edge, a bad token or parameter, the rate limits', graphErrorSchema);
const FAULT = emptyAnswer('An answer of an armed fault rule (issue 8): the rule’s status and body');

/** GET /graph/{path}: a node, an edge, or the long-lived token endpoints. */
export const graphReadSchema = {
  summary: 'A Graph read: /me, /{user-id}, /{media-id}, their media and children edges, /access_token and /refresh_access_token (an optional /vNN.N first)',
  querystring: graphQuerySchema,
  response: {
    200: jsonAnswer('The node, the edge’s page, or the token grant', Type.Union([userSchema, mediaCollectionSchema, mediaSchema, tokenGrantSchema])),
    400: GRAPH_ERROR,
    default: FAULT,
  },
};

/** GET /graph: no node named. */
export const graphRootSchema = { summary: 'Graph without a node: always the unknown object error', querystring: graphQuerySchema, response: { 400: GRAPH_ERROR, default: FAULT } };

/** The write methods, which Basic Display never had (spec §5.2). */
export const graphWriteSchema = {
  summary: 'Any write: refused as `Unsupported request - method type: …`',
  querystring: graphQuerySchema,
  response: { 400: GRAPH_ERROR, default: FAULT },
};

export const graphPreflightSchema = { summary: 'CORS preflight for browser widgets that send the token in an Authorization header', response: { 204: emptyAnswer('Allowed: GET from any origin') } };
