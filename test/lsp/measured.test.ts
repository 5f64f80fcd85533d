// The editor's estimates use what runs measured (issue 9): a workspace whose results root holds a calibration
// history for the config's storage gets the inlay hint and the hover from the fitted time model, with its
// range and where the rates come from; without one, the default model says so.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InlayHint, Hover } from 'vscode-languageserver-protocol';
import { inProcess, posOf } from './harness';

const CONFIG = `concurrency: 16
prepare:
  directory_structure: { width: 10, depth: 3, files_per_dir: 10, distribution: bottom, dir_mask: "d%d_w%d.dir" }
  ensure_objects: [ { base_uri: "file:///srv/bench/", count: 0, size_distribution: 4096 } ]
workload: [ { op: stat, path: "*", weight: 1 } ]
`;

const term = (v: number) => ({ v, sd: v / 10 });
const ENTRY = {
  v: 1,
  at: '2026-11-29T20:00:00.000Z',
  target: 'file:///srv/bench',
  agents: ['local'],
  concurrency: 16,
  shared: false,
  source: 'run',
  step: 'MEDIUM',
  terms: {
    local: {
      fixedS: term(1),
      levelS: term(0.01),
      dirS: term(0.01), // 100 mkdir/s: 1,110 directories → 11.1 s of tree
      fileS: term(0.001),
      byteS: term(2e-9),
      at: { concurrency: 16, agents: 1, shared: false, meanSize: 4096 },
    },
  },
};

const ALL = { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } };

describe('estimates from the calibration history', () => {
  it('hint and hover use the measured terms of this storage and say so', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'iobench-ws-'));
    mkdirSync(join(ws, 'iobench-results'));
    writeFileSync(join(ws, 'iobench-results', 'calibration-history.jsonl'), `${JSON.stringify(ENTRY)}\n`);
    const { client } = inProcess();
    await client.initialize(undefined, undefined, pathToFileURL(ws).href);
    const uri = pathToFileURL(join(ws, 'bench.iobench.yaml')).href;
    await client.openAndWait(uri, CONFIG);
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: ALL,
    });
    const label = hints.map((h) => String(h.label)).find((l) => l.includes('tree ≈'))!;
    // 3 levels × 0.01 + 1,110 dirs × 0.01 = 11.13 s
    assert.match(label, /tree ≈ 11 s \(\d+(\.\d)?–\d+\)/);
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: posOf(CONFIG, 'depth: 3'),
    });
    const md = (hover.contents as { value: string }).value;
    assert.match(md, /Times: rates: measured by the last run \(MEDIUM\) on these agents/);
    await client.shutdown();
  });

  it('without a history: the default model, and the hover says so', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'iobench-ws-'));
    const { client } = inProcess();
    await client.initialize(undefined, undefined, pathToFileURL(ws).href);
    const uri = pathToFileURL(join(ws, 'bench.iobench.yaml')).href;
    await client.openAndWait(uri, CONFIG);
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: posOf(CONFIG, 'depth: 3'),
    });
    assert.match((hover.contents as { value: string }).value, /Times: default model/);
    await client.shutdown();
  });
});
