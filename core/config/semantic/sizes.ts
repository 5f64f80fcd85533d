// Size-distribution parameters sai3 rejects only when it builds the generator (size_generator.rs:111-199), and the
// size_spec/size_distribution pair (sai3: `duplicate field`).
import { formatCount, parseSize } from '../../units';
import { DIAGNOSTIC_CODES as C } from '../codes';
import type { ConfigPath } from '../types';
import { asArr, asObj, isObj, report, type Obj, type SemanticContext } from './context';

const MIB = 1n << 20n;
const size = (m: Obj, k: string): bigint | undefined => {
  if (m[k] === undefined || m[k] === null) return undefined;
  const r = parseSize(m[k]);
  return r.ok ? r.value : undefined;
};

function checkSpec(ctx: SemanticContext, spec: unknown, path: ConfigPath): void {
  if (typeof spec === 'number' && spec === 0) {
    report(
      ctx,
      path,
      'value',
      'error',
      C.sizeParams,
      'a fixed size of 0 bytes is rejected by sai3 (size generator: fixed size must be > 0)',
    );
    return;
  }
  if (!isObj(spec)) return;
  const at = (k: string) => (spec[k] === undefined ? path : [...path, k]);
  if (spec.type === 'uniform') {
    const min = size(spec, 'min') ?? 1024n;
    const max = size(spec, 'max') ?? MIB;
    if (min === 0n)
      report(ctx, at('min'), 'value', 'error', C.sizeParams, 'uniform min must be greater than 0');
    if (min > max)
      report(
        ctx,
        at('min'),
        'value',
        'error',
        C.sizeParams,
        `uniform min (${formatCount(min)} bytes) is larger than max (${formatCount(max)} bytes)${spec.max === undefined ? '; max defaults to 1 MiB' : ''}`,
      );
  } else if (spec.type === 'lognormal') {
    for (const k of ['mean', 'std_dev']) {
      const v = size(spec, k);
      if (v === 0n)
        report(ctx, at(k), 'value', 'error', C.sizeParams, `lognormal ${k} must be greater than 0`);
    }
    const min = size(spec, 'min') ?? 1n;
    const max = size(spec, 'max');
    if (max !== undefined && min > max)
      report(
        ctx,
        at('min'),
        'value',
        'error',
        C.sizeParams,
        `lognormal min (${formatCount(min)} bytes) is larger than max (${formatCount(max)} bytes)`,
      );
  }
}

function checkHolder(ctx: SemanticContext, m: Obj, path: ConfigPath): void {
  if (m.size_spec !== undefined && m.size_distribution !== undefined)
    report(
      ctx,
      [...path, 'size_distribution'],
      'key',
      'error',
      C.duplicateField,
      'size_spec and its alias size_distribution are both given; sai3 rejects this (duplicate field): keep one',
    );
  for (const k of ['size_spec', 'size_distribution'])
    if (m[k] !== undefined) checkSpec(ctx, m[k], [...path, k]);
}

export function checkSizes(ctx: SemanticContext): void {
  asArr(asObj(ctx.root.prepare)?.ensure_objects).forEach((e, i) => {
    if (!isObj(e)) return;
    const path = ['prepare', 'ensure_objects', i];
    checkHolder(ctx, e, path);
    if (e.size_spec === undefined && e.size_distribution === undefined) {
      // Legacy min_size/max_size: fixed if equal, else uniform (config.rs:733-760).
      const num = (k: string) =>
        typeof e[k] === 'number' && Number.isInteger(e[k]) ? BigInt(e[k] as number) : MIB;
      const min = num('min_size');
      const max = num('max_size');
      if (min === max && min === 0n)
        report(
          ctx,
          [...path, 'min_size'],
          'value',
          'error',
          C.sizeParams,
          'min_size and max_size of 0 make a fixed size of 0 bytes, which sai3 rejects',
        );
      else if (min > max)
        report(
          ctx,
          [...path, e.min_size !== undefined ? 'min_size' : 'max_size'],
          'value',
          'error',
          C.sizeParams,
          `min_size (${formatCount(min)}) is larger than max_size (${formatCount(max)}); unset values default to 1 MiB`,
        );
      else if (min === 0n)
        report(
          ctx,
          [...path, 'min_size'],
          'value',
          'error',
          C.sizeParams,
          'min_size 0 with a larger max_size makes a uniform distribution with min 0, which sai3 rejects',
        );
    }
  });
  asArr(ctx.root.workload).forEach((w, i) => {
    if (isObj(w)) checkHolder(ctx, w, ['workload', i]);
  });
}
