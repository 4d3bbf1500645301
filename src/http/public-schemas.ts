// Helpers for the route schemas of the public surfaces (api, graph, cdn, www, developers): answers that
// are not JSON are declared as Fastify (and OpenAPI) do, `{ description, content: { <media type>: { schema } } }`,
// and the public OpenAPI document (public-openapi.ts) is built from them.
import { Type } from '@sinclair/typebox';
import type { FastifySerializerCompiler } from 'fastify';

/** What Fastify hands a route's serialiser for one of its own errors (a body too large, say). */
interface FastifyErrorView extends Error {
  statusCode?: number;
  code?: string;
  error?: string;
}

/**
 * The public surfaces write their bodies as text themselves (Graph's compact JSON, the token endpoint's
 * Python-style spacing and bare big integers), so a response schema documents and never serialises. What
 * still reaches the serialiser is one of Fastify's own errors, written as Fastify writes them without a
 * schema (its properties are not enumerable, so JSON.stringify alone would write `{}`).
 */
export const textSerializerCompiler: FastifySerializerCompiler<unknown> = () => (data) => {
  if (!(data instanceof Error)) return JSON.stringify(data);
  const error = data as FastifyErrorView;
  return JSON.stringify({ statusCode: error.statusCode, code: error.code, error: error.error, message: error.message });
};

/** An HTML page. */
export const htmlAnswer = (description: string) => ({ description, content: { 'text/html': { schema: Type.String() } } });

/** A plain-text answer. */
export const textAnswer = (description: string) => ({ description, content: { 'text/plain': { schema: Type.String() } } });

/** A JSON answer in the given schema. */
export const jsonAnswer = <Schema>(description: string, schema: Schema) => ({ description, content: { 'application/json': { schema } } });

/** An answer without a body (a redirect names its target in Location). */
export const emptyAnswer = (description: string) => ({ description });
