// Reads a Range request header for one byte range (RFC 9110 §14.2), which is what browsers send to
// play and seek a <video>. Several ranges, or anything malformed, mean "send the whole file".

export type RangeAnswer = { start: number; end: number } | 'unsatisfiable' | undefined;

/** The inclusive byte range asked for in a file of `size` bytes, if the header asks for exactly one. */
export function parseByteRange(header: string | undefined, size: number): RangeAnswer {
  const match = /^bytes=(\d*)-(\d*)$/.exec((header ?? '').trim());
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    // bytes=-N: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}
