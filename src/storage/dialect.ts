// Which database a Kysely instance talks to, for the few places the schema must say it differently
// (an auto-incrementing key). Queries themselves stay dialect-neutral.
import { PostgresAdapter, type Kysely } from 'kysely';

export type DatabaseKind = 'sqlite' | 'postgres';

export const databaseKindOf = (db: Kysely<unknown>): DatabaseKind => (db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');

/** `postgres://…` or `postgresql://…`: the URLs PostgreSQL's own clients take. */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);
