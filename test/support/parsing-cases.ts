// The WHATWG event-stream parsing cases: each a byte stream and the events it must yield.
// parsing.test.ts plays them over real HTTP; conformance.test.ts plays them through an
// outgoing connection and a passive source and compares the records.
import assert from 'node:assert/strict';
import { splitEvery, type Run } from './collect';

export interface Case {
  name: string;
  stream: string | Buffer;
  expect: Array<{ type: string; data: string; id?: string; lastEventId?: string }>;
  check?: (r: Run) => void;
}

export const cases: Case[] = [
  {
    name: 'multi-line data is joined with \\n',
    stream: 'data: line one\ndata: line two\ndata:\ndata: four\n\n',
    expect: [{ type: 'message', data: 'line one\nline two\n\nfour' }],
  },
  {
    name: 'one space after the colon is dropped, no more (the seed trim()s: wrong)',
    stream: 'data:no-space\n\ndata: one-space\n\ndata:  two-spaces \n\n',
    expect: [
      { type: 'message', data: 'no-space' },
      { type: 'message', data: 'one-space' },
      { type: 'message', data: ' two-spaces ' },
    ],
  },
  {
    name: 'CRLF line endings',
    stream: 'event: a\r\ndata: 1\r\n\r\nevent: b\r\ndata: 2\r\ndata: 3\r\n\r\n',
    expect: [
      { type: 'a', data: '1' },
      { type: 'b', data: '2\n3' },
    ],
  },
  {
    name: 'bare CR line endings',
    stream: 'event: a\rdata: 1\r\rdata: x\rdata: y\r\r',
    expect: [
      { type: 'a', data: '1' },
      { type: 'message', data: 'x\ny' },
    ],
  },
  {
    name: 'mixed LF, CR and CRLF in one stream',
    stream: 'data: a\r\n\rdata: b\n\r\ndata: c\r\r',
    expect: [
      { type: 'message', data: 'a' },
      { type: 'message', data: 'b' },
      { type: 'message', data: 'c' },
    ],
  },
  {
    name: 'unnamed events are "message"; the name does not leak into the next event',
    stream: 'event: custom\ndata: 1\n\ndata: 2\n\n',
    expect: [
      { type: 'custom', data: '1' },
      { type: 'message', data: '2' },
    ],
  },
  {
    name: 'id sets Last-Event-ID, persists across events, and an id with NUL is ignored',
    stream: 'id: 7\ndata: a\n\ndata: b\n\nid: bad\u0000id\ndata: c\n\nid\ndata: d\n\n',
    expect: [
      { type: 'message', data: 'a', id: '7', lastEventId: '7' },
      { type: 'message', data: 'b', lastEventId: '7' },
      { type: 'message', data: 'c', lastEventId: '7' },
      { type: 'message', data: 'd', id: '', lastEventId: '' },
    ],
  },
  {
    name: 'a block without data dispatches nothing; a bare "data" line is an empty event',
    stream: 'event: nothing\n\ndata\n\n',
    expect: [{ type: 'message', data: '' }],
  },
  {
    name: 'invalid retry is ignored, a valid one is reported',
    stream: 'retry: soon\ndata: a\n\nretry: 1500\ndata: b\n\n',
    expect: [
      { type: 'message', data: 'a' },
      { type: 'message', data: 'b' },
    ],
    check: (r) => {
      assert.deepEqual(r.ofKind('retry').map((x) => x.ms), [1500]);
      assert.ok(r.ofKind('error').some((e) => e.code === 'parse' && /retry/.test(e.message)), 'invalid retry reported as a parse notice');
      assert.equal(r.inspector.connection.serverRetryMs, 1500);
    },
  },
  {
    name: 'comments are records of their own, not events',
    stream: ': hello\n:keep-alive\ndata: x\n\n',
    expect: [{ type: 'message', data: 'x' }],
    // The parser drops the one optional space after the colon, as it does for fields.
    check: (r) => assert.deepEqual(r.ofKind('comment').map((c) => c.text), ['hello', 'keep-alive']),
  },
  {
    // eventsource-parser reports an unknown field only when the whole line arrives in one
    // chunk (it drops split invalid lines early to bound memory), so only "ignored" is asserted.
    name: 'unknown fields are ignored',
    stream: 'foo: bar\ndata: x\nbogus\n\n',
    expect: [{ type: 'message', data: 'x' }],
  },
  {
    name: 'an incomplete last event is discarded when the stream ends',
    stream: 'data: complete\n\ndata: partial',
    expect: [{ type: 'message', data: 'complete' }],
  },
  {
    name: 'multi-byte UTF-8 split across chunks decodes intact',
    stream: Buffer.from('data: héllo 中文 😀\n\nevent: ü\ndata: ✓\n\n', 'utf8'),
    expect: [
      { type: 'message', data: 'héllo 中文 😀' },
      { type: 'ü', data: '✓' },
    ],
  },
  {
    name: 'a leading BOM is skipped',
    stream: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('data: after bom\n\n')]),
    expect: [{ type: 'message', data: 'after bom' }],
  },
  {
    // The spec strips exactly one leading BOM: the second belongs to the first line, whose
    // field name is then "\uFEFFdata", not "data", so the first block is no event.
    name: 'two leading BOMs: only one is stripped, the first block is not a data field',
    stream: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from('data: x\n\ndata: y\n\n')]),
    expect: [{ type: 'message', data: 'y' }],
  },
  {
    name: '[DONE] sentinel is ordinary data, not a parse error',
    stream: 'event: content\ndata: {"text":"a"}\n\ndata: [DONE]\n\n',
    expect: [
      { type: 'content', data: '{"text":"a"}' },
      { type: 'message', data: '[DONE]' },
    ],
    check: (r) => assert.equal(r.ofKind('error').length, 0),
  },
];

export const splits: Array<{ name: string; split: (b: Buffer) => Buffer[] }> = [
  { name: 'whole', split: (b) => [b] },
  { name: '1-byte chunks', split: (b) => splitEvery(b, 1) },
  { name: '3-byte chunks', split: (b) => splitEvery(b, 3) },
];
