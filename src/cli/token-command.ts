// igloo token: an account's access token for an app, without the Authorization Window (DESIGN.md §6),
// written straight to the data dir's database like `igloo seed`; the same service as POST /_igloo/tokens.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import { EmulatorTokenError } from '../oauth/emulator-tokens.ts';
import { createServices } from '../services.ts';
import { UsageError } from './usage-error.ts';

export const TOKEN_USAGE = `  token --app <instagram-app-id> --user <username> [--scopes user_profile,user_media]
        [--kind short|long] [--json]
                        print the account's access token for the app, as if it had authorized it
                        (--json: {"access_token","user_id","expires_in"})
`;

/** Runs `igloo token …`; returns the exit code. Throws UsageError for a bad command line. */
export async function tokenCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { app: { type: 'string' }, user: { type: 'string' }, scopes: { type: 'string' }, kind: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  if (!values.app || !values.user) throw new UsageError('token needs --app <instagram-app-id> and --user <username>');
  const kind = values.kind ?? 'short';
  if (kind !== 'short' && kind !== 'long') throw new UsageError('--kind must be "short" or "long"');
  const scopes = values.scopes?.split(',').map((scope) => scope.trim()).filter(Boolean);

  const { services, close } = await createServices(loadConfig());
  try {
    const token = await services.emulatorTokens.issue({ igAppId: values.app, username: values.user, scopes, kind });
    const json = { access_token: token.accessToken, user_id: token.userId, expires_in: token.expiresIn };
    process.stdout.write(values.json ? `${JSON.stringify(json)}\n` : `${token.accessToken}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof EmulatorTokenError)) throw error;
    process.stderr.write(`igloo: ${error.message}\n`);
    return 1;
  } finally {
    await close();
  }
}
