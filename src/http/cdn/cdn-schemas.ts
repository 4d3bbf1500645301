// The CDN's route schema (TypeBox): the signed URL's query and every answer, for the public OpenAPI
// document. Media bytes go out as they are stored; the schema never serialises them.
import { Type, type Static } from '@sinclair/typebox';
import { emptyAnswer, textAnswer } from '../public-schemas.ts';

export const cdnQuerySchema = Type.Object({
  oh: Type.Optional(Type.String({ description: 'The URL’s signature (hex)' })),
  oe: Type.Optional(Type.String({ description: 'When the URL expires: Unix seconds in hex' })),
});

export type CdnQuery = Static<typeof cdnQuerySchema>;

const media = (description: string) => ({
  description,
  content: { 'image/jpeg': { schema: Type.String() }, 'video/mp4': { schema: Type.String() } },
});

export const serveMediaSchema = {
  summary: 'A media file by its signed URL (media_url, thumbnail_url), with ETag, caching headers and byte ranges',
  querystring: cdnQuerySchema,
  response: {
    200: media('The file'),
    206: media('The byte range asked for in Range'),
    304: emptyAnswer('Unchanged since the ETag in If-None-Match'),
    403: textAnswer('`URL signature expired` or `Bad URL hash`'),
    404: textAnswer('`Not Found`: the URL names no file'),
    416: emptyAnswer('A Range outside the file; Content-Range gives its size'),
    default: emptyAnswer('An answer of an armed fault rule (issue 8): the rule’s status and body'),
  },
};
