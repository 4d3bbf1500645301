// igloo certs: the local CA and a server certificate for every served host name, in <data dir>/certs/
// (drop-in HTTPS). The CA is kept once made; the server certificate is issued anew on every run.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import { certificateNames } from '../tls/certificate-names.ts';
import { ensureCertificates } from '../tls/local-ca.ts';

export const CERTS_USAGE = `  certs                 make the local CA (kept once made) and issue the HTTPS server certificate
                        for every served host name, in <data dir>/certs/
`;

/** Runs `igloo certs`; CertificateError (no openssl, a broken CA) is reported by the caller. */
export async function certsCommand(args: string[]): Promise<number> {
  parseArgs({ args, options: {}, strict: true });
  const config = loadConfig();
  const names = certificateNames(config);
  const { paths, caCreated } = await ensureCertificates(config.dataDir, names, { reissue: true });
  process.stdout.write(
    [
      `CA certificate      ${paths.ca} (${caCreated ? 'created' : 'kept'}; its key: ${paths.caKey})`,
      `Server certificate  ${paths.server} (its key: ${paths.serverKey})`,
      `  for               ${[...names.dns, ...names.ips].join(', ')}`,
      'Serve HTTPS with IGLOO_TLS=1; `igloo env` prints how clients trust the CA and reach igloo.',
      '',
    ].join('\n'),
  );
  return 0;
}
