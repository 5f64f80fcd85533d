// docs/fidelity.md, generated from the matrix (test/unit/fidelity.test.ts checks the file is current;
// `IOBENCH_WRITE_DOCS=1` there rewrites it).
import { FIDELITY, type FidelityStatus } from './matrix';

const LABEL: Record<FidelityStatus, string> = {
  implemented: 'implemented',
  refused: '**refused**',
  inert: 'inert in sai3',
};

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function fidelityMarkdown(): string {
  const rows = Object.entries(FIDELITY);
  const count = (s: FidelityStatus) => rows.filter(([, e]) => e.status === s).length;
  const lines = [
    '# Fidelity to sai3-bench',
    '',
    '<!-- Generated from core/fidelity/matrix.ts by test/unit/fidelity.test.ts (IOBENCH_WRITE_DOCS=1). Do not edit. -->',
    '',
    'Every key of `schemas/iobench.schema.json`, and what the iobench agent does with it compared with',
    'sai3-bench (spec: `../shared/spec/sai3-facts.md`, sai3-bench source at d5c9954):',
    '',
    '- **implemented** — does what sai3-bench does; the test named measures the effect.',
    '- **refused** — sai3-bench honours it, our agent does not: the editor and `iobench validate` warn at the key',
    '  (“not supported by the iobench agent: … — run it with sai3-bench agents or remove it”), and our agent',
    '  fails pre-flight and START with the same text. sai3-bench agents receive the key untouched.',
    '  Implemented keys may refuse some values (column “refused values”).',
    '- **inert in sai3** — sai3-bench itself does nothing measurable with it (or only in a mode that is refused).',
    '',
    `${rows.length} keys: ${count('implemented')} implemented, ${count('refused')} refused, ${count('inert')} inert.`,
    '',
    '| key | status | what our agent does / why | refused values | spec | test |',
    '|---|---|---|---|---|---|',
  ];
  for (const [key, e] of rows) {
    const refusedValues = e.status === 'refused' ? 'all but the default' : (e.refuses ?? '');
    lines.push(
      `| \`${key}\` | ${LABEL[e.status]} | ${cell(e.note)} | ${refusedValues} | ${cell(e.spec)} | ${cell(e.test ?? '')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
