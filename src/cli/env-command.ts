// igloo env: what a client needs for drop-in HTTPS, as shell lines (eval "$(igloo env)") or --json.
// Makes the certificates first if they are missing or stale, as `igloo serve` with IGLOO_TLS=1 would.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import { certificateNames } from '../tls/certificate-names.ts';
import { clientSetup, clientSetupScript } from '../tls/client-setup.ts';
import { ensureCertificates, spkiSha256 } from '../tls/local-ca.ts';
import { UsageError } from './usage-error.ts';

export const ENV_USAGE = `  env [--json]          print what clients need for drop-in HTTPS: NODE_EXTRA_CA_CERTS and friends,
                        an /etc/hosts line, curl and Chromium flags (--json: one object)
`;

/** Runs `igloo env`; returns the exit code. */
export async function envCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true });
  const config = loadConfig();
  if (config.tlsPort === 0) throw new UsageError('IGLOO_TLS_PORT is 0 (a port picked at start): set the port clients should use');
  const { paths } = await ensureCertificates(config.dataDir, certificateNames(config));
  const setup = clientSetup(config, paths, spkiSha256(readFileSync(paths.server)));
  process.stdout.write(values.json ? `${JSON.stringify(setup)}\n` : clientSetupScript(setup));
  return 0;
}
