// igloo snapshot export FILE and igloo snapshot import FILE: GET and POST /_igloo/snapshot (issue 8) on
// the data dir's database and media, through the same snapshot service. Meant for a stopped igloo: a
// running one keeps its caches and clock in memory, so import into it with POST /_igloo/snapshot.
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { loadConfig } from '../config/load-config.ts';
import { createServices } from '../services.ts';
import { SnapshotError } from '../snapshot/snapshot-entity.ts';
import { UsageError } from './usage-error.ts';

export const SNAPSHOT_USAGE = `  snapshot export <file>
                        write every row and media file to <file>, a gzip'd tar (see GET /_igloo/snapshot)
  snapshot import <file>
                        replace everything (rows, media files, the clock offset) with <file>'s, after
                        checking all of it; for a stopped igloo (a running one: POST /_igloo/snapshot)
`;

const MIB = 1024 * 1024;

const rowsIn = (tables: Record<string, number>): number => Object.values(tables).reduce((sum, count) => sum + count, 0);

/** Runs `igloo snapshot …`; returns the exit code. Throws UsageError for a bad command line. */
export async function snapshotCommand(args: string[]): Promise<number> {
  const [action, file, ...rest] = args;
  if (!((action === 'export' || action === 'import') && file !== undefined && rest.length === 0)) throw new UsageError('snapshot needs "export <file>" or "import <file>"');
  if (action === 'import') {
    const problem = await stat(file).then(
      (stats) => (stats.isFile() ? undefined : 'not a file'),
      (error: NodeJS.ErrnoException) => error.code ?? String(error),
    );
    if (problem) {
      process.stderr.write(`igloo: cannot read ${file}: ${problem}\n`);
      return 1;
    }
  }
  const config = loadConfig();
  const { services, close } = await createServices(config);
  try {
    if (action === 'export') {
      const { manifest, archive } = await services.snapshots.exportSnapshot();
      // Written beside the file and renamed into place: a failed export leaves no half archive.
      const partial = `${file}.partial`;
      try {
        await pipeline(archive, createWriteStream(partial));
        await rename(partial, file);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      process.stdout.write(`Exported ${rowsIn(manifest.tables)} rows and ${manifest.media_files} media files to ${file}.\n`);
      return 0;
    }
    const manifest = await services.snapshots.importSnapshot(createReadStream(file), { maxBytes: config.snapshotMaxMb * MIB });
    process.stdout.write(`Imported ${rowsIn(manifest.tables)} rows and ${manifest.media_files} media files from ${file} (exported ${manifest.created_at} by igloo ${manifest.igloo_version}).\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
    process.stderr.write(`igloo: ${file}: ${error.message}\n`);
    return 1;
  } finally {
    await close();
  }
}
