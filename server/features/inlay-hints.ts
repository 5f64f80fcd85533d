// Inlay hints: the tree's figures after `depth:` (and `directory_structure:` when depth comes from an alias),
// `width:`, `files_per_dir:`, each `ensure_objects[].count:` and size distribution.
import { isMap, isSeq, type Node, type Pair } from 'yaml';
import type { InlayHint, MarkupContent } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import type { ServerSettings } from '../../core/lsp-contract';
import { estimateTable, treeSummary } from '../estimate-text';
import { findPair, nodeAt } from '../yaml-nav';
import { formatBytes, formatBytesBinary, formatCount } from '../../core/units';
import { expectedSize } from '../../core/estimate';

const pad = { paddingLeft: true } as const;

/** After a scalar value; after the `key:` of a block collection (its first line, not its last). */
function endOf(a: Analysis, pair: Pair<Node, Node>) {
  const text = a.doc.getText();
  const v = pair.value;
  if (v && (isMap(v) || isSeq(v)) && !v.flow) {
    const kr = pair.key?.range;
    if (!kr) return undefined;
    const colon = text.indexOf(':', kr[1]);
    return colon < 0 ? undefined : a.doc.positionAt(colon + 1);
  }
  const r = v?.range ?? pair.key?.range;
  if (!r) return undefined;
  let e = r[1];
  while (e > r[0] && /\s/.test(text[e - 1])) e--;
  return a.doc.positionAt(e);
}

export function inlayHints(a: Analysis, settings: ServerSettings): InlayHint[] {
  if (!settings.inlayHints.enabled || !a.ours) return [];
  const loaded = a.loaded();
  const e = a.estimate();
  const model = loaded?.model;
  if (!loaded?.doc || !e || !model) return [];
  const v = settings.inlayHints.verbosity;
  const doc = loaded.doc;
  const hints: InlayHint[] = [];
  const tooltip: MarkupContent = {
    kind: 'markdown',
    value: estimateTable(e, model, settings.rates, a.timeModel()),
  };
  const add = (pair: Pair<Node, Node> | undefined, label: string, md?: MarkupContent) => {
    const pos = pair && endOf(a, pair);
    if (pos) hints.push({ position: pos, label, ...pad, ...(md ? { tooltip: md } : {}) });
  };

  const prepare = nodeAt(doc, ['prepare'], true);
  const dsPair = findPair(prepare, 'directory_structure');
  const ds = nodeAt(doc, ['prepare', 'directory_structure'], true);
  if (e.tree && dsPair) {
    const counts = e.total;
    const depthPair = isMap(dsPair.value) ? findPair(ds, 'depth') : undefined;
    if (depthPair) add(depthPair, treeSummary(e, v, model), tooltip);
    else add(dsPair, treeSummary(e, v, model), tooltip);
    if (isMap(dsPair.value)) {
      const t = e.tree;
      add(
        findPair(ds, 'width'),
        v === 'full'
          ? `▸ ${t.width}^${t.depth} = ${formatCount(counts.leafDirs)} leaf dirs`
          : `▸ ${formatCount(counts.leafDirs)} leaf`,
      );
      add(
        findPair(ds, 'files_per_dir'),
        `▸ ${formatCount(counts.files)} files${v === 'full' ? ` (${t.distribution === 'all' ? 'every dir' : 'leaf dirs only'})` : ''}`,
      );
    }
  }

  const ensure = nodeAt(doc, ['prepare', 'ensure_objects'], true);
  if (isSeq(ensure))
    ensure.items.slice(0, 100).forEach((item, i) => {
      const spec = model.prepare?.ensure[i];
      const countPair = findPair(item, 'count');
      if (countPair && spec) {
        const tree = e.tree ? e.total.files : undefined;
        const label =
          tree === undefined
            ? `▸ ${formatCount(spec.count)} objects`
            : spec.count === tree
              ? '▸ = tree total ✓'
              : spec.count === 0n
                ? `▸ auto: ${formatCount(tree)}`
                : `▸ tree total is ${formatCount(tree)}`;
        add(countPair, label);
      }
      const sizePair = findPair(item, 'size_distribution') ?? findPair(item, 'size_spec');
      if (sizePair && spec) {
        const mean = expectedSize(spec.size);
        const files = e.tree && i === 0 ? e.total.files : spec.count;
        add(
          sizePair,
          `▸ mean ≈ ${formatBytesBinary(mean)}${v === 'full' ? ` · ${formatBytes(BigInt(files) * BigInt(Math.round(mean)))} total` : ''}`,
        );
      }
    });
  return hints;
}
