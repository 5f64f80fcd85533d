// The event line format (versioned NDJSON) and the emitter's disposable subscriptions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EVENT_FORMAT_VERSION,
  RunEmitter,
  assertNever,
  formatEventLine,
  parseEventLine,
  type AnyRunEvent,
} from '../../controller';

const completed = { ok: true, wallSeconds: 1.5, stages: 3 };

test('an event line round-trips with v, event, t and data', () => {
  const text = formatEventLine('completed', completed, 1_700_000_000_000);
  assert.deepEqual(JSON.parse(text), {
    v: EVENT_FORMAT_VERSION,
    event: 'completed',
    t: 1_700_000_000_000,
    data: completed,
  });
  const r = parseEventLine(text);
  assert.ok(r.ok);
  assert.equal(r.line.v, 1);
  assert.equal(r.line.event, 'completed');
  if (r.line.event === 'completed') assert.equal(r.line.data.wallSeconds, 1.5);
});

test('a line without "v" (written by the build before versioning) reads as version 1', () => {
  const r = parseEventLine(JSON.stringify({ event: 'log', t: 5, data: { level: 'info', message: 'hi' } }));
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.equal(r.line.v, 1);
  assert.deepEqual(r.line.data, { level: 'info', message: 'hi' });
});

test('a line of a newer format version is refused with what to do', () => {
  const r = parseEventLine(JSON.stringify({ v: 2, event: 'completed', t: 5, data: completed }));
  assert.equal(r.ok, false);
  assert.match(
    r.ok ? '' : r.error,
    /written by a newer iobench \(event format v2; this build reads up to v1\): update iobench/,
  );
});

test('bad lines say what is wrong', () => {
  const err = (s: string) => {
    const r = parseEventLine(s);
    assert.equal(r.ok, false, s);
    return r.ok ? '' : r.error;
  };
  assert.match(err('{"event":"completed"'), /not JSON/);
  assert.match(err('[1]'), /not a JSON object/);
  assert.match(err('{"v":"1","event":"log","t":1,"data":{}}'), /"v" must be a whole number/);
  assert.match(err('{"v":1,"event":"nope","t":1,"data":{}}'), /unknown event "nope"/);
  assert.match(err('{"v":1,"event":"log","data":{"level":"info","message":""}}'), /log: "t" must be/);
  assert.match(err('{"v":1,"event":"log","t":1,"data":null}'), /"data" must be an object/);
  assert.match(
    err('{"v":1,"event":"completed","t":1,"data":{"ok":"yes","wallSeconds":1,"stages":1}}'),
    /completed: data\.ok must be a boolean \(got string\)/,
  );
  // NaN is written as null: a number field may be null
  assert.ok(
    parseEventLine('{"v":1,"event":"completed","t":1,"data":{"ok":true,"wallSeconds":null,"stages":1}}').ok,
  );
});

test('subscribe, listen and listenOnce return disposables that leave no listener behind', () => {
  const em = new RunEmitter();
  const base = em.listenerCount();
  const seen: string[] = [];
  const subs = [
    em.subscribe((e) => seen.push(`any:${e.event}`)),
    em.listen('log', (d) => seen.push(`log:${d.message}`)),
    em.listenOnce('completed', (d) => seen.push(`once:${d.ok}`)),
  ];
  em.emit('log', { level: 'info', message: 'a' });
  em.emit('completed', completed);
  em.emit('completed', completed);
  assert.deepEqual(seen, ['any:log', 'log:a', 'any:completed', 'once:true', 'any:completed']);
  for (const s of subs) s.dispose();
  for (const s of subs) s.dispose(); // twice is harmless
  assert.equal(em.listenerCount(), base);
  em.emit('log', { level: 'info', message: 'b' });
  assert.equal(seen.length, 5);
});

test('assertNever throws for a value the union does not have', () => {
  const name = (e: AnyRunEvent): string => {
    switch (e.event) {
      case 'log':
        return e.data.message;
      default:
        return e.event;
    }
  };
  assert.equal(name({ event: 'log', data: { level: 'info', message: 'm' } }), 'm');
  assert.throws(() => assertNever({ event: 'x' } as never), /unexpected value: {"event":"x"}/);
});
