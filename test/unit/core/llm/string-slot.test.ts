// The token-flood fast path: a chunk recognised by its template must assemble exactly as
// the full JSON parse would, and anything that is not the same shape must fall back.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MessageAssembler } from '../../../../src/core/assemble';
import { SKIP_LEARNS_AFTER_MISSES, StringSlotTemplate } from '../../../../src/core/llm/string-slot';
import type { SseRecord } from '../../../../src/core/base/records';

const readContent = (v: unknown): unknown => (v as { choices: Array<{ delta: { content?: unknown } }> }).choices[0]!.delta.content;
const chunk = (content: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', model: 'gpt-x', choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra });

describe('string slot template', () => {
  it('recognises the same JSON with another plain string in the slot', () => {
    const t = new StringSlotTemplate();
    assert.equal(t.learn(chunk(' Hello'), 'content', ' Hello', readContent), true);
    assert.equal(t.match(chunk(' world, 世界 😀')), ' world, 世界 😀');
    assert.equal(t.match(chunk('')), '', 'an empty token is still this shape');
  });

  it('misses what a plain substitution cannot be: escapes, quotes, control characters, other fields', () => {
    const t = new StringSlotTemplate();
    t.learn(chunk('a'), 'content', 'a', readContent);
    assert.equal(t.match(chunk('say "hi"')), undefined, 'an escaped quote');
    assert.equal(t.match(chunk('back\\slash')), undefined, 'an escaped backslash');
    assert.equal(t.match(chunk('line\nbreak')), undefined, 'an escaped newline');
    assert.equal(t.match(chunk('a', { created: 2 })), undefined, 'another field differs');
    assert.equal(t.match(chunk('a').replace('"gpt-x"', '"gpt-y"')), undefined, 'same length, another model');
    assert.equal(t.match('{"id":"chatcmpl-1"'), undefined, 'shorter than the template');
    const raw = chunk('a');
    const cut = raw.indexOf('"content":"') + '"content":"'.length;
    assert.equal(t.match(raw.slice(0, cut) + 'x\u0001y' + raw.slice(cut + 1)), undefined, 'a raw control character is not JSON');
  });

  it('refuses to learn a slot it cannot tell apart', () => {
    const t = new StringSlotTemplate();
    assert.equal(t.learn(chunk('with "quote"'), 'content', 'with "quote"', readContent), false, 'the value needs escaping');
    const twice = JSON.stringify({ content: 'x', choices: [{ index: 0, delta: { content: 'x' } }] });
    assert.equal(t.learn(twice, 'content', 'x', readContent), false, 'the pair occurs twice');
    // The real field spelled with a space; the same pair elsewhere must not be taken for it.
    const decoy = '{"meta":{"content":"x"},"choices":[{"index":0,"delta":{"content": "x"}}]}';
    assert.equal(t.learn(decoy, 'content', 'x', readContent), false, 'the only exact pair is another field');
    assert.equal(t.learned, false);
    assert.equal(t.match(decoy), undefined);
  });
});

describe('string slot template on streams that do not repeat', () => {
  it('stops learning (and probe-parsing) for a while once two templates in a row matched nothing', () => {
    const t = new StringSlotTemplate();
    // Every chunk differs outside the slot, like a per-chunk counter or padding.
    const varying = (n: number): string => chunk(`t${n}`, { seq: n });
    const learn = (n: number): boolean => {
      const raw = varying(n);
      assert.equal(t.match(raw), undefined, 'a chunk with another counter never matches');
      return t.learn(raw, 'content', `t${n}`, readContent);
    };
    assert.deepEqual([learn(1), learn(2)], [true, true], 'the first miss may be a role chunk: learn again');
    const skipped = Array.from({ length: SKIP_LEARNS_AFTER_MISSES }, (_, k) => learn(3 + k));
    assert.deepEqual(skipped, new Array<boolean>(SKIP_LEARNS_AFTER_MISSES).fill(false));
    assert.equal(learn(3 + SKIP_LEARNS_AFTER_MISSES), true, 'then it tries again');
  });

  it('a role chunk, then repeating chunks: the second template is kept and matches', () => {
    const t = new StringSlotTemplate();
    const role = JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', model: 'gpt-x', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    assert.equal(t.learn(role, 'content', '', readContent), true);
    assert.equal(t.match(chunk('a')), undefined);
    assert.equal(t.learn(chunk('a'), 'content', 'a', readContent), true);
    assert.deepEqual([t.match(chunk('b')), t.match(chunk('c'))], ['b', 'c']);
  });
});

describe('OpenAI chat fast path', () => {
  const ev = (seq: number, data: string): SseRecord => ({ kind: 'event', seq, t: 0, mono: 0, attempt: 1, type: 'message', data, lastEventId: '', size: data.length, cls: 'data' });

  /** What the answer must be, from a JSON.parse of every chunk: the slow path's meaning. */
  function reference(frames: string[]): Array<{ id: string; text: string; model?: string; finish?: string }> {
    const answers: Array<{ id: string; text: string; model?: string; finish?: string; done: boolean }> = [];
    for (const f of frames) {
      const v = JSON.parse(f) as { id: string; model?: string; choices: Array<{ index: number; delta: { content?: string }; finish_reason?: string | null }> };
      let a = answers.find((x) => x.id === v.id && !x.done);
      if (!a) answers.push((a = { id: v.id, text: '', done: false }));
      if (v.model) a.model = v.model;
      const c = v.choices.find((x) => x.index === 0);
      if (c?.delta.content) a.text += c.delta.content;
      if (c?.finish_reason) a.finish = c.finish_reason;
    }
    return answers.map(({ id, text, model, finish }) => ({ id, text, ...(model ? { model } : {}), ...(finish ? { finish } : {}) }));
  }

  it('assembles every stream exactly as parsing each chunk would', () => {
    const token = fc.string({ unit: fc.constantFrom('a', ' ', 'é', '😀', '"', '\\', '\n', '\t', '\u2028', '{', '}', ':', ','), maxLength: 6 });
    const frame = fc.record({
      id: fc.constantFrom('c1', 'c2'),
      model: fc.constantFrom('m1', 'm2'),
      content: token,
      finish: fc.constantFrom(null, null, null, 'stop'),
      role: fc.boolean(),
      spaced: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 40 }), (spec) => {
        const frames = spec.map((f) => {
          const text = JSON.stringify({ id: f.id, object: 'chat.completion.chunk', model: f.model, choices: [{ index: 0, delta: f.role ? { role: 'assistant', content: f.content } : { content: f.content }, finish_reason: f.finish }] });
          return f.spaced ? text.replace(/":/g, '": ') : text;
        });
        // One answer per id while it is open; a finish_reason does not close it, [DONE] does.
        const a = new MessageAssembler();
        frames.forEach((f, i) => a.observe(ev(i + 1, f)));
        const got = a.list().map((m) => ({ id: m.id, text: m.text, ...(m.model ? { model: m.model } : {}), ...(m.finishReason ? { finish: m.finishReason } : {}) }));
        assert.deepEqual(got, reference(frames));
      }),
      { numRuns: 300 },
    );
  });

  /** Per choice, from a JSON.parse of every chunk: text, refusal and finish reason of each index. */
  function referenceChoices(frames: string[]): Array<{ index: number; text: string; refusal?: string; finish?: string }> {
    const choices = new Map<number, { index: number; text: string; refusal?: string; finish?: string }>();
    for (const f of frames) {
      const v = JSON.parse(f) as { choices: Array<{ index: number; delta: { content?: string | null; refusal?: string | null }; finish_reason?: string | null }> };
      for (const c of v.choices) {
        let r = choices.get(c.index);
        if (!r) choices.set(c.index, (r = { index: c.index, text: '' }));
        if (c.delta.content) r.text += c.delta.content;
        if (c.delta.refusal) r.refusal = (r.refusal ?? '') + c.delta.refusal;
        if (c.finish_reason) r.finish = c.finish_reason;
      }
    }
    if (!choices.has(0)) choices.set(0, { index: 0, text: '' });
    return [...choices.values()].sort((x, y) => x.index - y.index);
  }

  it('n > 1 and refusal chunks: every choice assembled as the full parse would (choice 1 tokens never go to choice 0)', () => {
    const token = fc.string({ unit: fc.constantFrom('a', ' ', 'é', '"', '\\', '\n', '{', ':'), maxLength: 5 });
    // Runs of chunks of one shape (choice, refusal, finish) but for their text: what a real
    // stream looks like, and what the fast path's template engages on.
    const run = fc.record({
      index: fc.constantFrom(0, 1, 2),
      refusal: fc.option(token, { freq: 2, nil: null }),
      finish: fc.constantFrom(null, null, 'stop', 'length'),
      refusalKey: fc.boolean(),
      contents: fc.array(fc.option(token, { freq: 6, nil: null }), { minLength: 1, maxLength: 6 }),
    });
    fc.assert(
      fc.property(fc.array(run, { minLength: 1, maxLength: 8 }), (runs) => {
        const frames = runs.flatMap((r) =>
          r.contents.map((content) => {
            // The refusal key present (null) or absent: both are what servers send.
            const delta = r.refusal !== null || r.refusalKey ? { content, refusal: r.refusal } : { content };
            return JSON.stringify({ id: 'cn', object: 'chat.completion.chunk', model: 'm', choices: [{ index: r.index, delta, finish_reason: r.finish }] });
          }),
        );
        const a = new MessageAssembler();
        frames.forEach((f, i) => a.observe(ev(i + 1, f)));
        const [m, ...more] = a.list();
        assert.equal(more.length, 0, 'one answer: the choices are in it');
        const got = [m!, ...(m!.otherChoices ?? [])].map((c, i) => ({
          index: i === 0 ? 0 : (c as { index: number }).index,
          text: c.text,
          ...(c.refusal !== undefined ? { refusal: c.refusal } : {}),
          ...(c.finishReason ? { finish: c.finishReason } : {}),
        }));
        assert.deepEqual(got, referenceChoices(frames));
      }),
      { numRuns: 300 },
    );
  });

  it('a choice 1 chunk never matches a template: not one learned from choice 0, none learned from itself', () => {
    const a = new MessageAssembler();
    const c = (index: number, content: string) => JSON.stringify({ id: 'cn', object: 'chat.completion.chunk', choices: [{ index, delta: { content }, finish_reason: null }] });
    [c(0, 'A'), c(0, 'B'), c(1, 'x'), c(0, 'C'), c(1, 'y'), c(1, 'z')].forEach((f, i) => a.observe(ev(i + 1, f)));
    const [m] = a.list();
    assert.equal(m!.text, 'ABC');
    assert.deepEqual(m!.otherChoices?.map((o) => [o.index, o.text]), [[1, 'xyz']]);
    // A stream of choice 1 alone: its repeating chunks are not choice 0's text either.
    const b = new MessageAssembler();
    [c(1, 'p'), c(1, 'q'), c(1, 'r')].forEach((f, i) => b.observe(ev(i + 1, f)));
    assert.deepEqual([b.list()[0]!.text, b.list()[0]!.otherChoices?.[0]?.text], ['', 'pqr']);
  });

  it('chunks that repeat a refusal are never taken for plain text chunks (each refusal piece counts)', () => {
    const a = new MessageAssembler();
    const c = (content: string, refusal: string) => JSON.stringify({ id: 'cr', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content, refusal }, finish_reason: null }] });
    [c('', 'No'), c('', 'No'), c('', 'No')].forEach((f, i) => a.observe(ev(i + 1, f)));
    assert.equal(a.list()[0]!.refusal, 'NoNoNo');
  });

  it('a role-only first chunk, then a flood of plain tokens: every token, in order', () => {
    const a = new MessageAssembler();
    a.observe(ev(1, JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] })));
    for (let i = 2; i <= 1000; i++) a.observe(ev(i, chunk(`t${i} `).replace('chatcmpl-1', 'c')));
    const [m] = a.list();
    assert.equal(m!.chunks, 1000);
    assert.equal(m!.text, Array.from({ length: 999 }, (_, k) => `t${k + 2} `).join(''));
    assert.equal(m!.model, 'gpt-x');
  });
});
