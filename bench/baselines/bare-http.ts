/** Ceiling: a bare node:http server answering a fixed JSON body. Prints its port. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIXED_ANSWER } from './fixed-answer';

const body = JSON.stringify(FIXED_ANSWER);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => console.log(`PORT ${(server.address() as AddressInfo).port}`));
// A clean exit on SIGTERM, so `--cpu-prof` writes its profile.
process.once('SIGTERM', () => process.exit(0));
