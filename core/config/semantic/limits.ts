// The limits of ../limits.ts as errors at the config line: tree depth, folders, files, per-agent concurrency.
// Values are read as written (parseCount: exact bigints, quoted or separated counts), so `depth: 1000000` or
// `concurrency: 1e9` is reported without building anything from it.
import { parseCount } from '../../units';
import { DIAGNOSTIC_CODES as C } from '../codes';
import { concurrencyLimit, fileCountLimit, treeLimit, type LimitViolation } from '../limits';
import { asArr, asObj, report, type SemanticContext } from './context';

const count = (v: unknown): bigint | undefined => {
  const r = parseCount(v);
  return r.ok ? r.value : undefined;
};

export function checkLimits(ctx: SemanticContext): void {
  const found: LimitViolation[] = [];
  const add = (v: LimitViolation | undefined) => v && found.push(v);
  const prepare = asObj(ctx.root.prepare);
  const ds = asObj(prepare?.directory_structure);
  if (ds) {
    const width = count(ds.width);
    const depth = count(ds.depth);
    const fpd = ds.files_per_dir === undefined ? 0n : count(ds.files_per_dir);
    if (width !== undefined && depth !== undefined && fpd !== undefined)
      add(treeLimit({ width, depth, filesPerDir: fpd, distribution: String(ds.distribution ?? 'bottom') }));
  }
  asArr(prepare?.ensure_objects).forEach((e, i) => {
    const c = count(asObj(e)?.count);
    if (c !== undefined) add(fileCountLimit(c, ['prepare', 'ensure_objects', i, 'count']));
  });
  const conc = (v: unknown, path: (string | number)[]) => {
    const c = count(v);
    if (c !== undefined) add(concurrencyLimit(c, path));
  };
  conc(ctx.root.concurrency, ['concurrency']);
  asArr(asObj(ctx.root.distributed)?.agents).forEach((a, i) =>
    conc(asObj(a)?.concurrency_override, ['distributed', 'agents', i, 'concurrency_override']),
  );
  for (const v of found) report(ctx, v.path, 'value', 'error', C.limit, v.message);
}
