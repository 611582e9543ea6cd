// Splits a pasted command line into its arguments, as the shell it was written for would:
// bash (what "Copy as cURL" / "Copy as cURL (bash)" gives) or Windows cmd.exe (Chrome's
// and Edge's "Copy as cURL (cmd)", Firefox on Windows). No expansion happens: `$VAR`,
// backticks and `%VAR%` stay literal, because a pasted request must mean what it says.

export type ShellDialect = 'bash' | 'cmd';

export class ShellSyntaxError extends Error {}

/** cmd when the text uses cmd's caret escapes the way the browsers write them, else bash. */
export function guessDialect(text: string): ShellDialect {
  // ^" around arguments, or a caret at the end of a line (cmd's line continuation).
  return /\^"|\^\r?\n/.test(text) || /^\s*curl\.exe\b/i.test(text) ? 'cmd' : 'bash';
}

export function shellWords(text: string, dialect: ShellDialect = guessDialect(text)): string[] {
  return dialect === 'cmd' ? cmdWords(text) : bashWords(text);
}

const BASH_SPACE = /[ \t\r\n]/;

/**
 * bash: '…' literal; "…" with \ escaping $ ` " \ and newline; $'…' ANSI-C escapes (Chrome
 * and Firefox use it for a ' or a control character); \x outside quotes is x;
 * backslash-newline continues the line.
 */
export function bashWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (BASH_SPACE.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) {
        i++;
        continue;
      }
      if (next === '\n' || (next === '\r' && text[i + 2] === '\n')) {
        i += next === '\r' ? 3 : 2; // line continuation: nothing
        continue;
      }
      // A one-line input box drops the newlines of a pasted command, leaving "\  -H": a
      // backslash before a run of blanks, alone between words, was a line continuation.
      if (!inWord && (next === ' ' || next === '\t') && (i + 2 >= n || BASH_SPACE.test(text[i + 2]!))) {
        i += 2;
        continue;
      }
      word += next;
      inWord = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError('a single quote (\') is not closed');
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '$' && text[i + 1] === "'") {
      const [value, end] = ansiC(text, i + 2);
      word += value;
      inWord = true;
      i = end;
      continue;
    }
    if (c === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new ShellSyntaxError('a double quote (") is not closed');
        const d = text[i]!;
        if (d === '"') break;
        if (d === '\\' && i + 1 < n) {
          const e = text[i + 1]!;
          if (e === '\n') {
            i += 2;
            continue;
          }
          if (e === '$' || e === '`' || e === '"' || e === '\\') {
            word += e;
            i += 2;
            continue;
          }
        }
        word += d;
        i++;
      }
      inWord = true;
      i++;
      continue;
    }
    word += c;
    inWord = true;
    i++;
  }
  if (inWord) words.push(word);
  return words;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?',
};

/** The body of $'…' from `start` (after the opening quote): its value and the index after the closing quote. */
function ansiC(text: string, start: number): [string, number] {
  let out = '';
  let i = start;
  const hex = (from: number, max: number): [number, number] => {
    let j = from;
    while (j < from + max && j < text.length && /[0-9a-fA-F]/.test(text[j]!)) j++;
    return [parseInt(text.slice(from, j), 16), j];
  };
  for (;;) {
    if (i >= text.length) throw new ShellSyntaxError("a $'…' quote is not closed");
    const c = text[i]!;
    if (c === "'") return [out, i + 1];
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    if (e === undefined) throw new ShellSyntaxError("a $'…' quote is not closed");
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
      i += 2;
    } else if (e >= '0' && e <= '7') {
      let j = i + 1;
      while (j < i + 4 && text[j]! >= '0' && text[j]! <= '7') j++;
      out += String.fromCharCode(parseInt(text.slice(i + 1, j), 8) & 0xff);
      i = j;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const [code, j] = hex(i + 2, e === 'x' ? 2 : e === 'u' ? 4 : 8);
      if (j === i + 2) {
        out += `\\${e}`; // no digits: bash keeps it as it is
        i += 2;
      } else {
        out += String.fromCodePoint(code);
        i = j;
      }
    } else if (e === 'c' && text[i + 2] !== undefined) {
      out += String.fromCharCode(text[i + 2]!.toUpperCase().charCodeAt(0) & 0x1f);
      i += 3;
    } else {
      out += `\\${e}`;
      i += 2;
    }
  }
}

/**
 * cmd.exe, then the C runtime's argument splitting, as Chrome's "Copy as cURL (cmd)" relies
 * on: first cmd removes its carets (^x is x; ^ at the end of a line joins the next line, whose
 * first character it takes literally, so ^ + two newlines is one newline), then the program
 * splits on blanks outside "…", where \" is a quote and \\ a backslash.
 */
export function cmdWords(text: string): string[] {
  // Layer 1: cmd.exe's carets. Inside an unescaped "…" cmd leaves carets alone.
  let line = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      quoted = !quoted;
      line += c;
      continue;
    }
    if (c === '^' && !quoted) {
      let j = i + 1;
      if (text[j] === '\r' && text[j + 1] === '\n') j++;
      if (text[j] === '\n') {
        // Continuation: the newline goes, and the first character of the next line is literal.
        const k = text[j + 1] === '\r' && text[j + 2] === '\n' ? j + 2 : j + 1;
        if (k < text.length) line += text[k] === '\r' ? '' : text[k];
        i = k;
        continue;
      }
      // A one-line input box drops the newlines: "^  -H" is a continuation whose newline went.
      if (text[j] === ' ' && (j + 1 >= text.length || text[j + 1] === ' ')) {
        line += ' ';
        i = j;
        continue;
      }
      if (j < text.length) line += text[j];
      i = j;
      continue;
    }
    if ((c === '\n' || c === '\r') && !quoted) {
      line += ' ';
      continue;
    }
    line += c;
  }
  if (quoted) throw new ShellSyntaxError('a double quote (") is not closed');

  // Layer 2: the program's own splitting (the C runtime's), as the browsers' escaping expects
  // it: they write every \ as \\ and every " as \", so those two pairs are one character each.
  // (The C runtime proper keeps backslashes that are not before a quote as they are; read
  // that way, every backslash a browser copied would arrive doubled.)
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\') {
      const next = line[i + 1];
      if (next === '\\' || next === '"') {
        word += next;
        i++;
      } else {
        word += c;
      }
      inWord = true;
      continue;
    }
    if (c === '"') {
      // "" inside quotes is a literal quote (the MSVC runtime's rule).
      if (inQuotes && line[i + 1] === '"') {
        word += '"';
        i++;
      } else {
        inQuotes = !inQuotes;
      }
      inWord = true;
      continue;
    }
    if ((c === ' ' || c === '\t') && !inQuotes) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    word += c;
    inWord = true;
  }
  if (inQuotes) throw new ShellSyntaxError('a double quote (") is not closed');
  if (inWord) words.push(word);
  return words;
}
