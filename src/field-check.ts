// Checks a JSON value against a TypeBox schema and says what is wrong in words, naming the field at fault
// (`apps[0].name must be a non-empty string of at most 64 characters`). TypeBox's compiler neither
// coerces types nor drops unknown properties. The control API answers a FieldError as
// {"error":{"code":"invalid_field","message","field"}}; the CLI prints it as one line.
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';

/** A value its schema refuses; `field` names the field at fault, if one is. */
export class FieldError extends Error {
  readonly statusCode = 400;
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'FieldError';
  }
}

interface SchemaShape {
  const?: unknown;
  anyOf?: SchemaShape[];
  type?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: SchemaShape;
  contains?: SchemaShape;
  properties?: Record<string, SchemaShape>;
}

const orList = (words: string[]): string => (words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1) ?? ''}`);
const andList = (words: string[]): string => (words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`);

function stringExpectation(schema: SchemaShape): string {
  const base = schema.minLength ? 'a non-empty string' : 'a string';
  return schema.maxLength === undefined ? base : `${base} of at most ${schema.maxLength} characters`;
}

function arrayExpectation(schema: SchemaShape): string {
  const items = schema.items?.type === 'object' ? 'objects' : expectation(schema.items);
  const count = schema.maxItems === undefined ? '' : schema.minItems ? `${schema.minItems} to ${schema.maxItems}` : `at most ${schema.maxItems}`;
  const limits = [count, schema.uniqueItems ? 'without repeats' : ''].filter(Boolean).join(', ');
  return `a list of ${items}${limits ? ` (${limits})` : ''}${schema.contains ? ` that includes ${expectation(schema.contains)}` : ''}`;
}

/** What a value must be, in words, from its JSON Schema: `"short" or "long"`, `a string`. */
function expectation(schema: SchemaShape | undefined): string {
  if (schema === undefined) return 'valid';
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.anyOf) return orList(schema.anyOf.map(expectation));
  switch (schema.type) {
    case 'string':
      return stringExpectation(schema);
    case 'integer':
      if (schema.maximum !== undefined) return `a whole number from ${schema.minimum ?? 0} to ${schema.maximum}`;
      return schema.minimum === undefined ? 'a whole number' : `a whole number of at least ${schema.minimum}`;
    case 'number':
      return schema.minimum !== undefined && schema.maximum !== undefined ? `a number from ${schema.minimum} to ${schema.maximum}` : 'a number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return arrayExpectation(schema);
    default:
      return `a JSON ${schema.type ?? 'value'}`;
  }
}

/** The segments of a JSON pointer (`/apps/0/name` → apps, 0, name). */
const segmentsOf = (path: string): string[] => path.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));

/**
 * A field inside a list of objects, named by its path (`apps[0].redirect_uris[1]`): the schema at the
 * value at fault, and the names of the fields of the object that holds it.
 */
function nestedField(root: SchemaShape, segments: string[]): { path: string; schema: SchemaShape | undefined; siblings: string[] } {
  let schema: SchemaShape | undefined = root;
  let path = '';
  let siblings: string[] = [];
  for (const segment of segments) {
    if (schema?.type === 'array' && /^\d+$/.test(segment)) {
      path += `[${segment}]`;
      schema = schema.items;
    } else {
      path += path === '' ? segment : `.${segment}`;
      siblings = Object.keys(schema?.properties ?? {});
      schema = schema?.properties?.[segment];
    }
  }
  return { path, schema, siblings };
}

function validationErrorOf(root: SchemaShape, error: ValueError | undefined): FieldError {
  const fields = Object.keys(root.properties ?? {});
  const segments = segmentsOf(error?.path ?? '');
  const [field = ''] = segments;
  if (field === '') return new FieldError(`The body must be a JSON object with the fields ${andList(fields)}.`);
  const top = root.properties?.[field];
  // Inside a list of objects the path goes down to the value at fault; a list of plain values is named as a whole.
  if (segments.length > 1 && top?.type === 'array' && top.items?.type === 'object') {
    const nested = nestedField(root, segments);
    if (error?.type === ValueErrorType.ObjectAdditionalProperties) return new FieldError(`${nested.path} is not a field here (the fields are ${andList(nested.siblings)})`, nested.path);
    if (error?.type === ValueErrorType.ObjectRequiredProperty) return new FieldError(`${nested.path} is required: ${expectation(nested.schema)}`, nested.path);
    return new FieldError(`${nested.path} must be ${expectation(nested.schema)}`, nested.path);
  }
  if (error?.type === ValueErrorType.ObjectAdditionalProperties) return new FieldError(`${field} is not a field of this request (the fields are ${andList(fields)})`, field);
  if (error?.type === ValueErrorType.ObjectRequiredProperty) return new FieldError(`${field} is required: ${expectation(top)}`, field);
  return new FieldError(`${field} must be ${expectation(top)}`, field);
}

/** A check of values against `schema`, compiled once: the value, or the FieldError naming the field at fault. */
export function compileCheck(schema: TSchema): (data: unknown) => { value: unknown } | { error: FieldError } {
  const check = TypeCompiler.Compile(schema);
  return (data) => (check.Check(data) ? { value: data } : { error: validationErrorOf(schema as SchemaShape, check.Errors(data).First()) });
}

/**
 * Checks a value against a body schema once. The control API's routes (compileCheck) and `igloo world
 * apply` check alike, so the CLI and the route say the same.
 */
export function checkBody(schema: TSchema, data: unknown): { value: unknown } | { error: FieldError } {
  return compileCheck(schema)(data);
}
