// The package's JavaScript entry points (bin/igloo.mjs, bin/testing.mjs) run src/ through this. Node 20
// cannot run TypeScript, and a loader thread (tsx) would cost ~40 MB of memory for the server's whole
// life, so each entry is bundled once with esbuild into dist/ (in well under a second) and rebuilt
// whenever a file under src/ is newer than its bundle. A fresh clone has no dist/: the first run builds it.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestSource() {
  let newest = 0;
  for (const file of readdirSync(join(root, 'src'), { recursive: true })) {
    newest = Math.max(newest, statSync(join(root, 'src', String(file))).mtimeMs);
  }
  return newest;
}

/**
 * The file URL of dist/<name>, bundled from src/<entry> unless it is already newer than every source.
 * @param {string} entry e.g. 'cli/igloo.ts'
 * @param {string} name e.g. 'igloo.mjs'
 */
export async function ensureBundle(entry, name) {
  const bundle = join(root, 'dist', name);
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource()) {
    const { buildSync } = await import('esbuild');
    mkdirSync(dirname(bundle), { recursive: true });
    // Built beside the bundle and renamed into place, so concurrent starts never see half a file.
    const partial = `${bundle}.${process.pid}.tmp`;
    buildSync({
      entryPoints: [join(root, 'src', entry)],
      outfile: partial,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
      sourcemap: 'inline',
      logLevel: 'warning',
    });
    renameSync(partial, bundle);
  }
  return pathToFileURL(bundle).href;
}
