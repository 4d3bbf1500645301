// The control API's request validation: route body schemas (TypeBox) are checked by TypeBox's compiler,
// which neither coerces types nor drops unknown properties, and the first failure becomes a
// ControlValidationError naming the field, answered as {"error":{"code":"invalid_field","message","field"}}.
import { Type, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import type { FastifySchemaCompiler } from 'fastify';

/** A request the control API cannot take; `field` names the body field at fault, if one is. */
export class ControlValidationError extends Error {
  readonly statusCode = 400;
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ControlValidationError';
  }
}

/** Every control API error: `field` is present when one body field is at fault. */
export const controlErrorSchema = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
});

interface SchemaShape {
  const?: unknown;
  anyOf?: SchemaShape[];
  type?: string;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  items?: SchemaShape;
  contains?: SchemaShape;
  properties?: Record<string, SchemaShape>;
}

const orList = (words: string[]): string => (words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1) ?? ''}`);
const andList = (words: string[]): string => (words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`);

/** What a value must be, in words, from its JSON Schema: `"short" or "long"`, `a string`. */
function expectation(schema: SchemaShape | undefined): string {
  if (schema === undefined) return 'valid';
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.anyOf) return orList(schema.anyOf.map(expectation));
  switch (schema.type) {
    case 'string':
      return schema.minLength ? 'a non-empty string' : 'a string';
    case 'integer':
      if (schema.maximum !== undefined) return `a whole number from ${schema.minimum ?? 0} to ${schema.maximum}`;
      return schema.minimum === undefined ? 'a whole number' : `a whole number of at least ${schema.minimum}`;
    case 'number':
      return schema.minimum !== undefined && schema.maximum !== undefined ? `a number from ${schema.minimum} to ${schema.maximum}` : 'a number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return `a list of ${expectation(schema.items)}${schema.contains ? ` that includes ${expectation(schema.contains)}` : ''}`;
    default:
      return `a JSON ${schema.type ?? 'value'}`;
  }
}

/** The top-level field a JSON pointer (`/scopes/2`) points into. */
const fieldOf = (path: string): string => (path.split('/')[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');

function validationErrorOf(root: SchemaShape, error: ValueError | undefined): ControlValidationError {
  const fields = Object.keys(root.properties ?? {});
  const field = fieldOf(error?.path ?? '');
  if (field === '') return new ControlValidationError(`The body must be a JSON object with the fields ${andList(fields)}.`);
  if (error?.type === ValueErrorType.ObjectAdditionalProperties) return new ControlValidationError(`${field} is not a field of this request (the fields are ${andList(fields)})`, field);
  if (error?.type === ValueErrorType.ObjectRequiredProperty) return new ControlValidationError(`${field} is required: ${expectation(root.properties?.[field])}`, field);
  return new ControlValidationError(`${field} must be ${expectation(root.properties?.[field])}`, field);
}

/** Fastify's validator compiler for the control API's route schemas (TypeBox schemas only). */
export const controlValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema }) => {
  const check = TypeCompiler.Compile(schema);
  return (data: unknown) => (check.Check(data) ? { value: data } : { error: validationErrorOf(schema as SchemaShape, check.Errors(data).First()) });
};
