// The NODE_OPTIONS a launch configuration's `envFile` sets, read the way VS Code's JavaScript
// debugger (js-debug) reads it: the path as the configuration gives it (VS Code has already
// substituted ${workspaceFolder} and the other variables; js-debug resolves nothing more, and
// it runs in this same extension host process, so a relative path means the same file here),
// a leading byte order mark dropped, and the text parsed by dotenv, the parser js-debug uses.
import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';

/**
 * NODE_OPTIONS as the configuration's envFile sets it; undefined when there is no envFile,
 * it cannot be read (js-debug then sets nothing from it either, or refuses the launch), or
 * it does not set NODE_OPTIONS. An empty value is returned as ''.
 */
export function envFileNodeOptions(config: Readonly<Record<string, unknown>>): string | undefined {
  const file = config['envFile'];
  if (typeof file !== 'string' || file === '') return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return parse(text)['NODE_OPTIONS'];
}
