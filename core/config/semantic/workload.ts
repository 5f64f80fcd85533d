// Workload sanity that sai3 checks when an agent starts or a controller dry-runs (agent.rs:4870-4959,
// workload.rs): non-empty list, PUT sizes, paths, weights, and the tree that mkdir/rmdir need.
import { DIAGNOSTIC_CODES as C } from '../codes';
import { asArr, asObj, isObj, report, type SemanticContext } from './context';

export function checkWorkload(ctx: SemanticContext): void {
  const { root } = ctx;
  if (!Array.isArray(root.workload)) return; // missing/typed wrong: the schema says so
  const prepare = asObj(root.prepare);
  const items = asArr(root.workload);
  if (!items.length) {
    if (prepare?.cleanup_only !== true)
      report(
        ctx,
        ['workload'],
        'key',
        'error',
        C.workload,
        'workload is empty; sai3 rejects an empty workload unless prepare.cleanup_only is true',
      );
    return;
  }
  const weights = items.map((w) => (isObj(w) && typeof w.weight === 'number' ? w.weight : undefined));
  if (weights.every((w) => w === 0))
    report(
      ctx,
      ['workload'],
      'key',
      'error',
      C.workload,
      'every op has weight 0; sai3 fails with "invalid weights": give at least one op a weight > 0',
    );
  const hasTree = isObj(prepare?.directory_structure);
  const hasTarget = root.target !== undefined && root.target !== null && root.target !== '';
  items.forEach((w, i) => {
    if (!isObj(w) || typeof w.op !== 'string') return;
    const at = ['workload', i, 'op'];
    switch (w.op) {
      case 'put':
        if (w.object_size === undefined && w.size_spec === undefined && w.size_distribution === undefined)
          report(
            ctx,
            at,
            'value',
            'error',
            C.workload,
            'put needs object_size or size_spec (sai3 rejects a PUT without a size)',
          );
        break;
      case 'delete':
      case 'list':
      case 'stat':
        if (typeof w.path === 'string' && w.path.trim() === '')
          report(
            ctx,
            ['workload', i, 'path'],
            'value',
            'error',
            C.workload,
            `${w.op} needs a non-empty path`,
          );
        break;
      case 'mkdir':
      case 'rmdir':
        if (!hasTree || !hasTarget)
          report(
            ctx,
            at,
            'value',
            'error',
            C.workload,
            `${w.op} needs ${!hasTree ? 'prepare.directory_structure' : ''}${!hasTree && !hasTarget ? ' and ' : ''}${!hasTarget ? 'a target' : ''} at run time (it works on the directory tree)`,
          );
        break;
    }
  });
}
