// A bare TCP relay for reference: `node tcp-relay-main.js <upstream>` copies bytes both ways
// between each client connection and one to the upstream, parsing nothing (not even HTTP).
// The least any proxy written in Node can do per byte, in its own process on this machine.
import * as net from 'node:net';

const [upstream] = process.argv.slice(2);
if (!upstream) {
  console.error('usage: tcp-relay-main <upstream>');
  process.exit(2);
}
const target = new URL(upstream);
const server = net.createServer((client) => {
  const up = net.connect(Number(target.port), target.hostname);
  client.pipe(up);
  up.pipe(client);
  client.on('error', () => up.destroy());
  up.on('error', () => client.destroy());
});
server.listen(0, '127.0.0.1', () => console.log(`tcp relay on http://127.0.0.1:${(server.address() as net.AddressInfo).port}`));
