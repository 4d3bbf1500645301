// Helpers for the route schemas of the public surfaces (api, graph, cdn, www, developers): answers that
// are not JSON are declared as Fastify (and OpenAPI) do, `{ description, content: { <media type>: { schema } } }`,
// and the public OpenAPI document (public-openapi.ts) is built from them.
import { Type } from '@sinclair/typebox';
import type { FastifySerializerCompiler } from 'fastify';

/**
 * The public surfaces write their bodies as text themselves (Graph's compact JSON, the token endpoint's
 * Python-style spacing and bare big integers), so a response schema documents and never serialises: an
 * object that still reaches the serialiser (Fastify's own errors) is written as JSON.stringify would,
 * with no field dropped by a schema that was never meant for it.
 */
export const textSerializerCompiler: FastifySerializerCompiler<unknown> = () => (data) => JSON.stringify(data);

/** An HTML page. */
export const htmlAnswer = (description: string) => ({ description, content: { 'text/html': { schema: Type.String() } } });

/** A plain-text answer. */
export const textAnswer = (description: string) => ({ description, content: { 'text/plain': { schema: Type.String() } } });

/** A JSON answer in the given schema. */
export const jsonAnswer = <Schema>(description: string, schema: Schema) => ({ description, content: { 'application/json': { schema } } });

/** An answer without a body (a redirect names its target in Location). */
export const emptyAnswer = (description: string) => ({ description });
