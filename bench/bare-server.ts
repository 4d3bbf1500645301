// The bench's baseline (DESIGN.md §8): bare node:http answering every request with a fixed small JSON
// body, the shape of /graph/me. Listens on 127.0.0.1 and a free port, and prints where, like igloo's banner.
import { createServer } from 'node:http';

const BODY = Buffer.from('{"id":"1","username":"bare"}');
const HEADERS = { 'content-type': 'application/json; charset=UTF-8', 'content-length': String(BODY.length) };

const server = createServer((_request, response) => {
  response.writeHead(200, HEADERS);
  response.end(BODY);
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the bare server has no port');
  process.stdout.write(`bare node:http listening on http://127.0.0.1:${address.port}\n`);
});

process.once('SIGTERM', () => server.close(() => process.exit(0)));
