// The terminal's ladder lines, rendered from events: the step header, the estimate with measured rates, and
// the next step's prediction after the summary and results path (as `iobench run --ladder` printed before).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnyRunEvent } from '../../controller';
import { TerminalRenderer } from '../../cli/render/terminal';

function fakeStream() {
  const s = { text: '', isTTY: false, columns: 200, write: (x: string) => ((s.text += x), true) };
  return s;
}

const estimate = { json: {}, files: 10, bytes: 100, dirs: 2, treeSeconds: 0.1, prepareSeconds: 2.5 };
const prediction = (from: 'SIMPLE' | 'MEDIUM', step: 'MEDIUM' | 'FULL'): AnyRunEvent => ({
  event: 'prediction',
  data: {
    step,
    from,
    basedOn: `rates measured on ${from} (1 agent)`,
    dirs: 20,
    files: 12_288,
    bytes: 50e6,
    treeSeconds: 0.2,
    prepareSeconds: 4,
    rates: { 'agent-1': { mkdirPerSec: 2000, createsPerSec: 3000, bytesPerSec: 25e6 } },
  },
});

test('a ladder step: header, measured estimate, then the prediction after the results path', () => {
  const out = fakeStream();
  const r = new TerminalRenderer({ out: out as never, err: fakeStream() as never, estimatePrinted: true });
  const step = (name: 'SIMPLE' | 'MEDIUM', index: number): AnyRunEvent => ({
    event: 'step-start',
    data: { step: name, index, of: 3, resultsDir: `/r/${index + 1}-${name}` },
  });
  const events: AnyRunEvent[] = [
    step('SIMPLE', 0),
    { event: 'estimate', data: estimate },
    { event: 'estimate', data: { ...estimate, measured: true } },
    prediction('SIMPLE', 'MEDIUM'),
    { event: 'results-written', data: { dir: '/r/1-SIMPLE', files: [] } },
    { event: 'completed', data: { ok: true, wallSeconds: 3, stages: 1 } },
    step('MEDIUM', 1),
    { event: 'completed', data: { ok: true, wallSeconds: 3, stages: 1 } },
  ];
  for (const e of events) r.render(e);
  const text = out.text;
  assert.match(text, /^\n═══ ladder step 1\/3: SIMPLE ═══\n/);
  assert.match(text, /\n {2}with the measured rates: tree ≈ < 1 s · prepare ≈ 3 s\n/);
  const results = text.indexOf('Results: /r/1-SIMPLE');
  const measured = text.indexOf('  measured agent-1: 2,000 mkdir/s · 3,000 creates/s · 25 MB/s');
  const predicted = text.indexOf(
    '\nPrediction for MEDIUM from these rates: 20 dirs · 12,288 files · 50 MB · tree ≈ < 1 s · prepare ≈ 4 s',
  );
  assert.ok(results > 0 && measured > results && predicted > measured, text);
  assert.match(text, /═══ ladder step 2\/3: MEDIUM ═══/);
  assert.equal(
    text.split('Prediction for').length,
    2,
    'the prediction made for MEDIUM is not said again at its end',
  );
});

test('one step (--step simple): no header, and its prediction of MEDIUM is said', () => {
  const out = fakeStream();
  const r = new TerminalRenderer({ out: out as never, err: fakeStream() as never });
  r.render({ event: 'step-start', data: { step: 'SIMPLE', index: 0, of: 1, resultsDir: '/r' } });
  r.render(prediction('SIMPLE', 'MEDIUM'));
  r.render({ event: 'completed', data: { ok: true, wallSeconds: 1, stages: 1 } });
  assert.doesNotMatch(out.text, /═══/);
  assert.match(out.text, /Prediction for MEDIUM/);
});
