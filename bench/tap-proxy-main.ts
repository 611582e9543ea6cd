// The proxy tap's process for the benchmark: `node tap-proxy-main.js <upstream>` runs a
// TapProxy as the extension does (each tapped stream feeding a TapInspector's session) and
// prints its URL. Apart from the client measured, as the extension host is.
import { TapRouter } from '../src/core/passive/tap-router';
import { TapInspector } from '../src/core/tap-inspector';
import { TapProxy } from '../src/core/tap/tap-proxy';

const [upstream] = process.argv.slice(2);
if (!upstream) {
  console.error('usage: tap-proxy-main <upstream>');
  process.exit(2);
}
const inspectors: TapInspector[] = [];
const router = new TapRouter((key, first) => {
  const inspector = new TapInspector({ label: `${key.method} ${key.endpoint}`, request: first.request });
  inspectors.push(inspector);
  return inspector.source;
});
TapProxy.start({ upstream, router }).then(
  (proxy) => console.log(`tap proxy on ${proxy.url}`),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
