// Seeded mutator over the sai3 fixtures and a driver that throws every request at the server for each mutant,
// measuring the slowest answer. Shared by test/lsp/fuzz.test.ts (bounded) and test/bench/lsp-fuzz.bench.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { FIXTURES, uriOf, type TestClient } from './harness';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const fixtures = (): string[] =>
  readdirSync(FIXTURES)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => readFileSync(join(FIXTURES, f), 'utf8'));

type Mutation = (text: string, r: () => number) => string;
const pick = <T>(xs: T[], r: () => number): T => xs[Math.floor(r() * xs.length)];

const MUTATIONS: Record<string, Mutation> = {
  deleteLines(t, r) {
    const lines = t.split('\n');
    for (let k = 1 + Math.floor(r() * 4); k > 0 && lines.length > 1; k--)
      lines.splice(Math.floor(r() * lines.length), 1);
    return lines.join('\n');
  },
  swapIndent(t, r) {
    const lines = t.split('\n');
    for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
      const i = Math.floor(r() * lines.length);
      const body = lines[i].trimStart();
      lines[i] = pick(['', ' ', '   ', '\t', '      ', '  \t '], r) + body;
    }
    return lines.join('\n');
  },
  randomBytes(t, r) {
    let s = t;
    for (let k = 1 + Math.floor(r() * 8); k > 0; k--) {
      const at = Math.floor(r() * (s.length + 1));
      const ch = pick(
        [
          '\0',
          '\x1b',
          '\ud83d',
          '\ude00',
          '😀',
          ':',
          '- ',
          '{',
          '}',
          '[',
          ']',
          '&a ',
          '*a',
          '!!binary ',
          '"',
          "'",
          '\r',
          '\t',
          '#',
          '|',
          '>',
          '%',
          '@',
          '`',
          String.fromCharCode(Math.floor(r() * 0xffff)),
        ],
        r,
      );
      s = s.slice(0, at) + ch + s.slice(at);
    }
    return s;
  },
  hugeNumbers(t, r) {
    return t.replace(/\b\d+\b/g, (m) =>
      r() < 0.3
        ? pick(
            ['99999999999999999999999999', '1e308', '-1', '0', '18446744073709551616', '1.5', 'NaN', '0x10'],
            r,
          )
        : m,
    );
  },
  deepNesting(t, r) {
    const n = 50 + Math.floor(r() * 3000);
    return r() < 0.5
      ? `${t}\nx: ${'['.repeat(n)}${']'.repeat(n)}\n`
      : `${t}\n${Array.from({ length: Math.min(n, 600) }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`;
  },
  aliasBomb(t) {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    return `${lines.join('\n')}\n${t}\nprepare2: *i\n`;
  },
  mergeChaos(t, r) {
    return t.replace(
      /^(\s+)(width|depth|count):/m,
      (_m, ind: string) => `${ind}<<: ${pick(['*nope', '[1, 2]', '{a: 1}', '*x'], r)}\n${ind}$2:`,
    );
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** The i-th mutant of a run with `seed` (deterministic). Every 100th is a multi-MB document. */
export function mutant(seed: number, i: number, base: string[]): { name: string; text: string } {
  const r = rng(seed * 7919 + i);
  if (i % 100 === 99) {
    let s = base[i % base.length];
    const target = r() < 0.5 ? 5_200_000 : 250_000; // far over the limit, and just under it
    while (s.length < target) s += s;
    return { name: `big-${target}`, text: s.slice(0, target) };
  }
  let text = base[Math.floor(r() * base.length)];
  const names: string[] = [];
  for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
    const name = pick(MUTATION_NAMES, r);
    names.push(name);
    text = MUTATIONS[name](text, r);
  }
  return { name: names.join('+'), text };
}

export interface FuzzStats {
  mutants: number;
  slowestMs: number;
  slowest: string;
  requests: number;
}

/** Opens each mutant (config name so it is analysed), waits for its diagnostics, then asks everything. */
export async function fuzz(
  client: TestClient,
  seed: number,
  count: number,
  onEach?: (i: number) => void,
): Promise<FuzzStats> {
  const base = fixtures();
  const stats: FuzzStats = { mutants: 0, slowestMs: 0, slowest: '', requests: 0 };
  const timed = async <T>(what: string, p: Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const v = await p;
    const ms = performance.now() - t0;
    stats.requests++;
    if (ms > stats.slowestMs) {
      stats.slowestMs = ms;
      stats.slowest = what;
    }
    return v;
  };
  for (let i = 0; i < count; i++) {
    const m = mutant(seed, i, base);
    const uri = uriOf(`fuzz-${i}.iobench.yaml`);
    const r = rng(seed + i * 31);
    const from = client.published.length;
    const lines = m.text.split('\n');
    const line = Math.floor(r() * lines.length);
    const position = { line, character: Math.floor(r() * ((lines[line]?.length ?? 0) + 1)) };
    const td = { textDocument: { uri } };
    await client.open(uri, m.text);
    const diags: Diagnostic[] = (
      await timed(
        `${m.name} diagnostics`,
        client.diagnostics(uri, () => true, from),
      )
    ).diagnostics;
    const all = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
    await Promise.all([
      timed(`${m.name} hints`, client.request('textDocument/inlayHint', { ...td, range: all })),
      timed(`${m.name} hover`, client.request('textDocument/hover', { ...td, position })),
      timed(`${m.name} completion`, client.request('textDocument/completion', { ...td, position })),
      timed(
        `${m.name} actions`,
        client.request('textDocument/codeAction', { ...td, range: all, context: { diagnostics: diags } }),
      ),
      timed(`${m.name} lenses`, client.request('textDocument/codeLens', td)),
      timed(`${m.name} symbols`, client.request('textDocument/documentSymbol', td)),
      timed(`${m.name} folding`, client.request('textDocument/foldingRange', td)),
      timed(`${m.name} estimate`, client.request('iobench/estimate', { uri })),
    ]);
    await client.close(uri);
    stats.mutants++;
    onEach?.(i);
  }
  return stats;
}
