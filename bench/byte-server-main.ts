// The byte server's process: `node byte-server-main.js <file> <chunkSize>` serves the file's
// bytes on 127.0.0.1 (see byte-server.ts) and prints its URL.
import { readFileSync } from 'node:fs';
import { serveBytes } from './byte-server';

const [file, chunk] = process.argv.slice(2);
if (!file || !chunk) {
  console.error('usage: byte-server-main <file> <chunkSize>');
  process.exit(2);
}
serveBytes(readFileSync(file), Number(chunk)).then(
  (server) => console.log(`byte server on ${server.url}`),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
