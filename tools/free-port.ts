// A TCP port on 127.0.0.1 that was free a moment ago and that nobody listens on now: for a process that
// must be told its port before it starts (a PostgreSQL cluster, igloo's HTTPS port), or a port to find closed.
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
