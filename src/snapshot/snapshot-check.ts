// The checks an imported snapshot passes before anything changes: a manifest of this format, migration
// level and secret key, and for every table of the schema a file of rows with exactly its columns.
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { TABLES } from '../world/world-repository.ts';
import { invalidArchive, MANIFEST_NAME, SNAPSHOT_FORMAT, snapshotManifestSchema, TABLES_FOLDER, type SnapshotManifest } from './snapshot-entity.ts';
import type { Row, Rows, TableName } from './snapshot-repository.ts';

const manifestCheck = TypeCompiler.Compile(snapshotManifestSchema);
const isTable = (name: string): name is TableName => (TABLES as readonly string[]).includes(name);
const fileOf = (table: string): string => `${TABLES_FOLDER}${table}.jsonl`;

/** The manifest, or SnapshotError naming what is wrong with it. */
export function checkManifest(bytes: Buffer | undefined, expected: { migration: string; secretKeyId: string }): SnapshotManifest {
  if (bytes === undefined) throw invalidArchive(MANIFEST_NAME, `The archive has no ${MANIFEST_NAME}: it is not an igloo snapshot.`);
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw invalidArchive(MANIFEST_NAME, `${MANIFEST_NAME} is not JSON: ${(error as Error).message}`, error);
  }
  if (!manifestCheck.Check(data)) {
    const error = manifestCheck.Errors(data).First();
    throw invalidArchive(MANIFEST_NAME, `${MANIFEST_NAME} is not a snapshot manifest: ${error?.path.slice(1) || 'the document'}: ${error?.message ?? 'invalid'}`);
  }
  const manifest = data;
  if (manifest.format !== SNAPSHOT_FORMAT) throw invalidArchive('format', `The snapshot has format ${manifest.format}; this igloo reads format ${SNAPSHOT_FORMAT}.`);
  if (manifest.migration !== expected.migration) {
    throw invalidArchive('migration', `The snapshot is at migration level ${manifest.migration} and this igloo at ${expected.migration}: import it into an igloo at the same level (the same igloo version).`);
  }
  if (manifest.secret_key_id !== expected.secretKeyId) {
    throw invalidArchive('secret_key_id', "The snapshot's app secrets were sealed with another secret key: start this igloo with that igloo's IGLOO_SECRET_KEY (or its data dir's secret.key) to import it.");
  }
  return manifest;
}

/** One table file's rows: JSON objects, one a line, with exactly the table's columns and scalar values. */
function parseRows(file: string, bytes: Buffer, columns: Set<string>): Row[] {
  const rows: Row[] = [];
  const lines = bytes.toString('utf8').split('\n');
  for (const [index, line] of lines.entries()) {
    if (line === '' && index === lines.length - 1) break;
    const at = `${file} line ${index + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw invalidArchive(file, `${at} is not JSON`);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw invalidArchive(file, `${at} is not a JSON object`);
    const keys = Object.keys(row);
    const unknown = keys.find((key) => !columns.has(key));
    if (unknown !== undefined) throw invalidArchive(file, `${at} has ${unknown}, which is not a column of this table`);
    const missing = [...columns].find((column) => !keys.includes(column));
    if (missing !== undefined) throw invalidArchive(file, `${at} has no ${missing}`);
    for (const [key, value] of Object.entries(row)) {
      if (value !== null && typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) throw invalidArchive(file, `${at}: ${key} must be a string, a number or null`);
    }
    rows.push(row as Row);
  }
  return rows;
}

/** Every table's rows, checked against the manifest's counts and the database's columns. */
export function checkTables(files: Map<string, Buffer>, manifest: SnapshotManifest, columns: Map<string, Set<string>>): Rows {
  for (const name of [...files.keys(), ...Object.keys(manifest.tables)]) {
    if (!isTable(name)) throw invalidArchive(fileOf(name), `${fileOf(name)}: igloo has no table ${name}`);
  }
  const rows = {} as Rows;
  for (const table of TABLES) {
    const bytes = files.get(table);
    if (bytes === undefined) throw invalidArchive(fileOf(table), `The archive has no ${fileOf(table)}`);
    rows[table] = parseRows(fileOf(table), bytes, columns.get(table) ?? new Set());
    if (rows[table].length !== manifest.tables[table]) {
      throw invalidArchive(fileOf(table), `${fileOf(table)} holds ${rows[table].length} rows; ${MANIFEST_NAME} counts ${manifest.tables[table] ?? 'none'}`);
    }
  }
  return rows;
}
