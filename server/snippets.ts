// Text blocks the server inserts (completion snippets and quick fixes), indented for where they go.
import type { BenchModel } from '../core/model';
import { formatHumantime } from '../core/units';
import type { Estimate } from '../core/estimate';

export const indentLines = (block: string, indent: string): string =>
  block
    .split('\n')
    .map((l) => (l ? indent + l : l))
    .join('\n');

/**
 * The stages a current sai3 agent needs (sai3-facts §3.7): a `validation` stage first (READY is only sent after
 * stage 1 finishes), then prepare / execute / cleanup as the config implies, each with a `barrier:` block so the
 * controller creates its BarrierManager and releases agents stage by stage.
 */
export function stagesBlock(model: BenchModel | undefined, e: Estimate | undefined): string {
  const hasPrepare = !!model?.prepare && (model.prepare.ensure.length > 0 || !!model.prepare.tree);
  const prepSecs = e ? Math.ceil(e.total.prepareSeconds * 1.5) : 0;
  const stages: string[][] = [
    ['name: validation', 'order: 1', 'type: validation', 'completion: validation_passed'],
  ];
  if (hasPrepare && !model?.prepare?.cleanupOnly)
    stages.push(['name: prepare', 'order: 2', 'type: prepare', 'completion: tasks_done']);
  if (!model?.prepare?.cleanupOnly)
    stages.push([
      'name: execute',
      `order: ${stages.length + 1}`,
      'type: execute',
      `duration: ${formatHumantime(model?.durationMs ?? 60_000).replace(/ /g, '')}`,
      'completion: duration',
    ]);
  if (model?.prepare?.cleanup || model?.prepare?.cleanupOnly)
    stages.push(['name: cleanup', `order: ${stages.length + 1}`, 'type: cleanup', 'completion: tasks_done']);
  const out = ['stages:'];
  for (const s of stages) {
    out.push(`  - ${s[0]}`, ...s.slice(1).map((l) => `    ${l}`));
    out.push('    barrier:', '      type: all_or_nothing');
    if (s[0] === 'name: prepare' && prepSecs > 120) out.push(`      agent_barrier_timeout: ${prepSecs}`);
  }
  return out.join('\n');
}

export const LOGNORMAL_BLOCK = [
  'size_distribution:',
  '  type: lognormal',
  '  mean: ${1:8MiB}',
  '  std_dev: ${2:1MiB}',
  '  min: ${3:1MiB}',
  '  max: ${4:16MiB}',
].join('\n');

export const TREE_BLOCK = [
  'directory_structure:',
  '  width: ${1:10}',
  '  depth: ${2:3}',
  '  files_per_dir: ${3:100}',
  '  distribution: ${4|bottom,all|}',
  'ensure_objects:',
  '  - count: ${5:100000}  # = width^depth × files_per_dir (bottom); the count quick fix keeps it in step',
  '    fill: random',
  '    size_distribution:',
  '      type: lognormal',
  '      mean: 8MiB',
  '      std_dev: 1MiB',
  '      min: 1MiB',
  '      max: 16MiB',
].join('\n');

export const AGENT_BLOCK = ['- address: "${1:host}:${2:7167}"', '  id: ${3:agent-1}'].join('\n');

export const STAGES_SNIPPET = stagesBlock(undefined, undefined);
