// Estimate figures for people, without VS Code: the language-status line and the Show Estimate table (HTML).
import { formatPredicted, type EstimateJson, type JsonInt } from '../core/estimate';
import { formatBytes, formatCount, formatCountShort } from '../core/units';

const big = (n: JsonInt): bigint => BigInt(n);

/** `537 TB · 64M files · 4 agents` */
export function statusText(e: EstimateJson): string {
  const agents = Math.max(1, e.perAgent.length); // no distributed.agents: one local agent
  const files = `${formatCountShort(big(e.total.files))} files`;
  return [formatBytes(big(e.total.bytes)), files, agents === 1 ? '1 agent' : `${agents} agents`].join(' · ');
}

export function statusDetail(e: EstimateJson): string {
  const t = e.total;
  const times = `tree ≈ ${formatPredicted(t.treeSeconds, t.treeRange)} · prepare ≈ ${formatPredicted(t.prepareSeconds, t.prepareRange)}`;
  return `${formatCount(big(t.dirs))} dirs · ${times}${e.ratesSource ? ` · ${e.ratesSource}` : ''}`;
}

const esc = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export interface EstimateTables {
  title: string;
  levels: string[][];
  agents: string[][];
  warnings: string[];
}

export const LEVEL_HEADERS = ['Depth', 'Leaf dirs', 'All dirs', 'Files', 'Bytes', 'Tree', 'Prepare'];
export const AGENT_HEADERS = ['Agent', 'Dirs', 'Files', 'Bytes'];

export function estimateTables(e: EstimateJson, fileName: string): EstimateTables {
  const levels = e.levels.map((l) => [
    String(l.depth),
    formatCount(big(l.leafDirs)),
    formatCount(big(l.totalDirs)),
    formatCount(big(l.files)),
    formatBytes(big(l.bytes)),
    formatPredicted(l.treeSeconds, l.treeRange),
    formatPredicted(l.prepareSeconds, l.prepareRange),
  ]);
  const agents = e.perAgent.map((a) => [
    a.id,
    formatCount(big(a.dirs)),
    formatCount(big(a.files)),
    formatBytes(big(a.bytes)),
  ]);
  if (e.perAgent.length > 1) {
    const sum = (k: 'dirs' | 'files' | 'bytes') => e.perAgent.reduce((acc, a) => acc + big(a[k]), 0n);
    agents.push([
      'All agents',
      formatCount(sum('dirs')),
      formatCount(sum('files')),
      formatBytes(sum('bytes')),
    ]);
  }
  return { title: fileName, levels, agents, warnings: [...e.warnings] };
}

function table(caption: string, headers: string[], rows: string[][], cls: string): string {
  const head = headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<table class="${cls}">\n<caption>${esc(caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** A complete HTML page themed with VS Code's CSS variables; `nonce` guards the CSP (no scripts at all). */
export function estimateHtml(e: EstimateJson, fileName: string, cspSource: string): string {
  const t = estimateTables(e, fileName);
  const tree = e.tree
    ? `width ${e.tree.width} · depth ${e.tree.depth} · ${e.tree.filesPerDir} files per dir · ${e.tree.distribution}`
    : 'no directory_structure';
  const warnings = t.warnings.length
    ? `<section aria-label="Warnings"><h2>Warnings</h2><ul>${t.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></section>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Estimate: ${esc(fileName)}</title>
<style>
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 1.5em 1.5em; }
h1 { font-size: 1.4em; font-weight: 600; } h2 { font-size: 1.1em; }
p.tree { color: var(--vscode-descriptionForeground); }
table { border-collapse: collapse; margin: 1em 0 2em; }
.scroll { overflow-x: auto; }
caption { text-align: left; font-weight: 600; padding: 0.4em 0; }
th, td { white-space: nowrap; padding: 0.3em 0.9em; border-bottom: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border)); }
thead th { text-align: right; color: var(--vscode-descriptionForeground); font-weight: 600; }
thead th:first-child, tbody th { text-align: left; }
td { text-align: right; font-variant-numeric: tabular-nums; font-family: var(--vscode-editor-font-family); }
tbody tr:hover { background: var(--vscode-list-hoverBackground); }
table.agents tbody tr:last-child th, table.agents tbody tr:last-child td { font-weight: 600; border-top: 2px solid var(--vscode-editorWidget-border, var(--vscode-panel-border)); }
li { color: var(--vscode-editorWarning-foreground); }
</style>
</head>
<body>
<h1>Estimate: ${esc(fileName)}</h1>
<p class="tree">${esc(tree)} — ${esc(statusText(e))}</p>
${table(`Per depth: the ladder, depth 1 … ${e.levels.length}`, LEVEL_HEADERS, t.levels, 'levels')}
${e.perAgent.length ? table('Per agent at full depth, and all agents together', AGENT_HEADERS, t.agents, 'agents') : ''}
${warnings}
</body>
</html>`;
}
