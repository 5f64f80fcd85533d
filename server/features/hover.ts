// Hover: the per-depth estimate table on `directory_structure` and its keys; the schema's description,
// default, allowed values and an example on every other key.
import type { Hover, Position } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import type { ServerSettings } from '../../core/lsp-contract';
import { estimateTable } from '../estimate-text';
import { hitAt, type PathSeg } from '../yaml-nav';
import { describeAt, typesOf, type JsonSchema } from '../schema';

const fence = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return '`' + s.replace(/`/g, "'") + '`';
};

export function schemaMarkdown(path: PathSeg[], s: JsonSchema): string {
  const name = path.filter((p) => typeof p === 'string').slice(-1)[0] ?? '';
  const out: string[] = [];
  const types = typesOf(s);
  out.push(`**${name}**${types.length ? ` · ${types.join(' | ')}` : ''}`);
  const desc = s.markdownDescription ?? s.description;
  if (desc) out.push('', String(desc));
  if (s.default !== undefined) out.push('', `Default: ${fence(s.default)}`);
  if (Array.isArray(s.enum) && s.enum.length) out.push('', `Allowed: ${s.enum.map(fence).join(', ')}`);
  if (Array.isArray(s.examples) && s.examples.length) {
    const ex = s.examples[0];
    out.push(
      '',
      'Example:',
      '```yaml',
      `${name}: ${typeof ex === 'string' ? ex : JSON.stringify(ex)}`,
      '```',
    );
  }
  if (s.deprecated) out.push('', '_Deprecated._');
  return out.join('\n');
}

export function hover(a: Analysis, pos: Position, settings: ServerSettings): Hover | null {
  if (!settings.hover.enabled || !a.ours) return null;
  const loaded = a.loaded();
  if (!loaded?.doc) return null;
  const offset = a.doc.offsetAt(pos);
  const hit = hitAt(loaded.doc, offset);
  if (!hit || hit.on !== 'key' || !hit.pair) return null;
  const r = hit.pair.key.range;
  const range = r ? { start: a.doc.positionAt(r[0]), end: a.doc.positionAt(r[1]) } : undefined;
  const p = hit.path;
  const inTree = p[0] === 'prepare' && p[1] === 'directory_structure';
  if (inTree) {
    const e = a.estimate();
    const model = loaded.model;
    if (e && model && e.tree) {
      const head = p.length > 2 ? (describeAt(p) ?? undefined) : undefined;
      const value = [
        head ? schemaMarkdown(p, head) : undefined,
        estimateTable(e, model, settings.rates, a.timeModel()),
      ]
        .filter(Boolean)
        .join('\n\n---\n\n');
      return { contents: { kind: 'markdown', value }, range };
    }
  }
  const s = describeAt(p);
  if (!s) return null;
  return { contents: { kind: 'markdown', value: schemaMarkdown(p, s) }, range };
}
