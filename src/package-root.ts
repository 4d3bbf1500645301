// Where igloo's own files are (package.json, assets/): found from this module's location, so the same
// code works from src/ under tsx and from the esbuild bundle in dist/ (bin/igloo.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding igloo's package.json: the nearest one above this module (src/ or dist/). */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The `version` of igloo's package.json, e.g. `0.1.0`. */
export function packageVersion(root: string = packageRoot()): string {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof version !== 'string') throw new Error('package.json has no version');
  return version;
}

/** A file shipped with igloo under assets/, e.g. `assetPath('demo', 'sample-video.mp4')`. */
export function assetPath(...segments: string[]): string {
  return join(packageRoot(), 'assets', ...segments);
}
