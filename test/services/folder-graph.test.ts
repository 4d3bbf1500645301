// No loops between the folders of src/ (docs/decisions.md §9): if apps imports oauth, oauth imports
// nothing that leads back to apps. Each folder is one node, each top-level src/*.ts file one node of its
// own; an import (type-only ones too) from one node into another is an edge. Tests are left out: they
// may reach across.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const SRC = resolve(import.meta.dirname, '../../src');

/**
 * Edges left out of the check while a branch removes them; each entry must still be imported, so a
 * removed edge fails the test until its entry goes too. None today.
 */
const KNOWN_EXCEPTIONS = new Set<string>();

/** 'apps' for src/apps/…, 'services.ts' for src/services.ts. */
const nodeOf = (file: string): string => relative(SRC, file).split(sep)[0] as string;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Folder edge → the imports that make it, as `file: specifier`. */
function folderEdges(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolve(dirname(file), fileName);
      if (!target.startsWith(SRC + sep)) continue;
      const [from, to] = [nodeOf(file), nodeOf(target)];
      if (from === to) continue;
      const edge = `${from} -> ${to}`;
      edges.set(edge, [...(edges.get(edge) ?? []), `${relative(SRC, file)}: ${fileName}`]);
    }
  }
  return edges;
}

/** The strongly connected components with more than one node (Tarjan), each sorted: every one is a loop. */
function loopsOf(edges: Iterable<string>): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    const [from, to] = edge.split(' -> ') as [string, string];
    next.set(from, [...(next.get(from) ?? []), to]);
    if (!next.has(to)) next.set(to, []);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const loops: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) as number, low.get(to) as number));
      } else if (stack.includes(to)) {
        low.set(node, Math.min(low.get(node) as number, index.get(to) as number));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      component.push(member);
    } while (member !== node);
    if (component.length > 1) loops.push(component.sort());
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return loops;
}

describe('folder graph of src/', () => {
  it('finds a loop through several folders, and none in a layered graph', () => {
    assert.deepEqual(loopsOf(['a -> b', 'b -> c', 'c -> a', 'c -> d']), [['a', 'b', 'c']]);
    assert.deepEqual(loopsOf(['a -> b', 'b -> c', 'a -> c']), []);
  });

  it('has no loop between folders (or top-level files)', () => {
    const edges = folderEdges();
    const gone = [...KNOWN_EXCEPTIONS].filter((known) => !edges.has(known));
    assert.deepEqual(gone, [], 'a known exception is no longer imported: delete it from KNOWN_EXCEPTIONS');
    for (const known of KNOWN_EXCEPTIONS) edges.delete(known);
    // Each loop with the imports inside it (the first three of each edge), to show where to cut it.
    const inside = (members: string[], edge: string) => edge.split(' -> ').every((node) => members.includes(node));
    const loops = loopsOf(edges.keys()).map((members) => ({
      loop: members.join(', '),
      imports: [...edges].filter(([edge]) => inside(members, edge)).map(([edge, files]) => `${edge} (${files.slice(0, 3).join('; ')})`),
    }));
    assert.deepEqual(loops, []);
  });
});
