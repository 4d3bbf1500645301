// The names igloo's server certificate is issued for: every host name a surface answers to (the lists in
// config-schema.ts, ports dropped), the public URL's host, and loopback: localhost, 127.0.0.1 and ::1.
import { isIP } from 'node:net';
import type { Config } from '../config/config-schema.ts';

export interface CertificateNames {
  /** DNS subject alternative names, in the order the config lists them. */
  dns: string[];
  /** IP address subject alternative names (host names that are IP literals land here). */
  ips: string[];
}

/** The configured surface host names, ports dropped, each once. */
function configuredNames(config: Pick<Config, 'hosts'>): string[] {
  const { www, api, graph, developers, cdn } = config.hosts;
  return [...new Set([...www, ...api, ...graph, ...developers, ...cdn].map((name) => name.replace(/:\d+$/, '')))];
}

/** Every name a client may reach igloo's HTTPS port by, deduplicated. */
export function certificateNames(config: Pick<Config, 'hosts' | 'publicUrl'>): CertificateNames {
  const configured = configuredNames(config);
  const publicHost = config.publicUrl ? new URL(config.publicUrl).hostname.replace(/^\[(.*)\]$/, '$1') : '';
  const all = [...new Set([...configured, publicHost, 'localhost', '127.0.0.1', '::1'].filter(Boolean))];
  return { dns: all.filter((name) => isIP(name) === 0), ips: all.filter((name) => isIP(name) !== 0) };
}

/** The host names clients map to igloo (an /etc/hosts line, Chromium's resolver rules): the surfaces' own. */
export function surfaceHostNames(config: Pick<Config, 'hosts'>): string[] {
  return configuredNames(config).filter((name) => isIP(name) === 0);
}
