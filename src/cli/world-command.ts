// igloo world apply FILE, igloo world export and igloo reset [--demo]: the control API's /_igloo/world
// and /_igloo/reset (DESIGN.md §6) on the data dir's database, through the same world service. Meant
// for a stopped igloo: a running one keeps its in-memory caches and clock, so reset it with
// POST /_igloo/reset instead (applying a world to a running igloo is fine, like `igloo token`).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import { checkBody } from '../field-check.ts';
import { createServices } from '../services.ts';
import { worldDocumentSchema, type WorldDocument } from '../world/world-document.ts';
import { WorldError } from '../world/world-entity.ts';
import { UsageError } from './usage-error.ts';

export const WORLD_USAGE = `  world apply <file>    create the world a JSON world document describes (see POST /_igloo/world) and
                        print the ids and secrets created, as JSON
  world export          print the current world as a JSON world document (no passwords)
  reset [--demo]        delete everything (rows, media files, the clock offset), or go back to the
                        demo world with --demo, which prints its credentials as JSON; for a stopped
                        igloo (a running one: POST /_igloo/reset)
`;

/** Reads and checks a world document; a problem is one line for stderr. */
async function readDocument(file: string): Promise<WorldDocument | string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return `${file} is not JSON: ${(error as Error).message}`;
  }
  const checked = checkBody(worldDocumentSchema, data);
  return 'error' in checked ? `${file}: ${checked.error.message}` : (checked.value as WorldDocument);
}

/** Runs `igloo world …`; returns the exit code. Throws UsageError for a bad command line. */
export async function worldCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (!((action === 'apply' && rest.length === 1) || (action === 'export' && rest.length === 0))) throw new UsageError('world needs "apply <file>" or "export"');
  let doc: WorldDocument | undefined;
  if (action === 'apply') {
    const read = await readDocument(rest[0] as string);
    if (typeof read === 'string') {
      process.stderr.write(`igloo: ${read}\n`);
      return 1;
    }
    doc = read;
  }
  const { services, close } = await createServices(loadConfig());
  try {
    const out = doc ? await services.world.apply(doc) : await services.world.exportWorld();
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof WorldError)) throw error;
    process.stderr.write(`igloo: ${rest[0] as string}: ${error.message}\n`);
    return 1;
  } finally {
    await close();
  }
}

/** Runs `igloo reset [--demo]`; returns the exit code. */
export async function resetCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { demo: { type: 'boolean' } }, strict: true });
  const config = loadConfig();
  const { services, close } = await createServices(config);
  try {
    const demo = await services.world.reset({ demo: values.demo === true, publicUrl: config.publicUrl || 'http://localhost:8080' });
    process.stdout.write(demo ? `${JSON.stringify(demo)}\n` : 'The world is empty.\n');
    return 0;
  } finally {
    await close();
  }
}
