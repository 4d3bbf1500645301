// The `fields` parameter: `id,username`, `media{caption,media_url}`, `media.limit(5){id}`, nested
// (spec §4.6). Spaces around names are tolerated (DESIGN.md §5).
import { GraphError } from './graph-error.ts';

/** A parsed field. The graph service shares parses between calls with the same `fields`: read only. */
export interface FieldSelection {
  readonly name: string;
  /** `.limit(5)` and the like, by modifier name. */
  readonly modifiers: Readonly<Record<string, string>>;
  /** The `{…}` sub-selection of an edge, if given. */
  readonly children?: readonly FieldSelection[];
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

function syntaxError(expected: string, at: number, source: string): GraphError {
  // Facebook Graph's wording for a malformed field list.
  return new GraphError('syntax_error', `Syntax error "Expected ${expected}." at character ${at}: ${source}`, { type: 'OAuthException', code: 2500 });
}

/** Parses a `fields` list; throws GraphError 2500 on a syntax error. */
export function parseFields(source: string): readonly FieldSelection[] {
  let at = 0;
  const skipSpaces = () => {
    while (source[at] === ' ' || source[at] === '\t' || source[at] === '\n') at++;
  };
  const name = (): string => {
    skipSpaces();
    NAME.lastIndex = at;
    const match = NAME.exec(source);
    if (!match) throw syntaxError(source[at] === undefined ? 'a field name instead of end of string' : `a field name instead of "${source[at]}"`, at, source);
    at += match[0].length;
    skipSpaces();
    return match[0];
  };
  const list = (nested: boolean): readonly FieldSelection[] => {
    const items: FieldSelection[] = [];
    for (;;) {
      const field: { name: string; modifiers: Record<string, string>; children?: readonly FieldSelection[] } = { name: name(), modifiers: {} };
      while (source[at] === '.') {
        at++;
        const modifier = name();
        if (source[at] !== '(') throw syntaxError(`"(" after ${modifier}`, at, source);
        const close = source.indexOf(')', at);
        if (close === -1) throw syntaxError('")" instead of end of string', source.length, source);
        field.modifiers[modifier] = source.slice(at + 1, close).trim();
        at = close + 1;
        skipSpaces();
      }
      if (source[at] === '{') {
        at++;
        field.children = list(true);
        if (source[at] !== '}') throw syntaxError('"}" instead of end of string', at, source);
        at++;
        skipSpaces();
      }
      items.push(field);
      if (source[at] === ',') {
        at++;
        continue;
      }
      if (nested ? source[at] === '}' : at >= source.length) return items;
      throw syntaxError(nested ? `"}" instead of "${source[at] ?? 'end of string'}"` : `end of string instead of "${source[at]}"`, at, source);
    }
  };
  if (source.trim() === '') return [];
  return list(false);
}

/** Writes a selection back in the `fields` syntax (for paging links of nested edges). */
export function formatFields(selection: readonly FieldSelection[]): string {
  return selection
    .map((field) => {
      const modifiers = Object.entries(field.modifiers).map(([name, value]) => `.${name}(${value})`).join('');
      return `${field.name}${modifiers}${field.children ? `{${formatFields(field.children)}}` : ''}`;
    })
    .join(',');
}
