// A command line igloo cannot run: `igloo: <message>` and the usage on stderr, exit status 2.
export class UsageError extends Error {}
