// A bare reverse proxy for reference: `node pipe-proxy-main.js <upstream>` pipes each
// response through node:http and nothing else (no tap, no inspector). What any Node proxy
// in its own process costs on this machine, beside what the tap costs.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

const [upstream] = process.argv.slice(2);
if (!upstream) {
  console.error('usage: pipe-proxy-main <upstream>');
  process.exit(2);
}
const agent = new http.Agent({ keepAlive: true });
const server = http.createServer((req, res) => {
  const up = http.request(new URL(req.url ?? '/', upstream), { method: req.method, headers: req.headers, agent }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  req.pipe(up);
});
server.listen(0, '127.0.0.1', () => console.log(`pipe proxy on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
