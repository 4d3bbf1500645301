// The control API's request validation: route body schemas (TypeBox) are checked by compileCheck
// (src/field-check.ts), and the first failure becomes a FieldError naming the field, answered as
// {"error":{"code":"invalid_field","message","field"}}.
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifySchemaCompiler } from 'fastify';
import { compileCheck } from '../../field-check.ts';

/** Every control API error: `field` is present when one body field is at fault. */
export const controlErrorSchema = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
});

/** Fastify's validator compiler for the control API's route schemas (TypeBox schemas only). */
export const controlValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema }) => compileCheck(schema);
