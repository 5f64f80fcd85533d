// Pre-flight for s3:// runs that prepare nothing: each get/stat path must match objects (a bounded look —
// at most MAX_SEEN keys listed — so a huge bucket does not stall pre-flight).
import { ErrorType, ResultLevel, type ValidationResult } from '../proto';
import type { RunPlan } from './plan';
import { errText, r } from './preflight-result';
import { readSpec } from './stages/read-set';
import { S3Backend } from './storage/s3';
import type { S3Env } from './storage/s3-client';

const MAX_SEEN = 10_000;

export async function firstS3Match(plan: RunPlan, env: S3Env): Promise<ValidationResult[]> {
  const out: ValidationResult[] = [];
  const backend = new S3Backend(env, 1);
  const seen = new Set<string>();
  try {
    for (const o of plan.model.workload) {
      if (o.weight <= 0 || (o.op !== 'get' && o.op !== 'stat') || seen.has(o.path)) continue;
      seen.add(o.path);
      try {
        const spec = readSpec(o.path, plan.bases[0], (u) => backend.resolveBase(u));
        let found: string | undefined;
        let n = 0;
        await backend.walk(spec.dir, spec.recursive, (p) => {
          if (spec.key ? p === spec.key : !spec.match || spec.match.test(p)) found = p;
          return !found && ++n < MAX_SEEN;
        });
        out.push(
          found
            ? r(
                ResultLevel.SUCCESS,
                'workload-data',
                `${o.op} path "${o.path}" matches objects (e.g. ${found})`,
              )
            : n >= MAX_SEEN
              ? r(
                  ResultLevel.WARNING,
                  'workload-data',
                  `${o.op} path "${o.path}": no match in the first ${MAX_SEEN} keys under ${spec.dir}/; the run lists them all`,
                  'Narrow the path if the listing should be quick',
                  ErrorType.CONFIGURATION,
                )
              : r(
                  ResultLevel.ERROR,
                  'workload-data',
                  `${o.op} path "${o.path}" matches no objects under ${spec.dir}/`,
                  'Put objects there, fix the path, or add a prepare section (ensure_objects) so the run creates objects to read',
                  ErrorType.CONFIGURATION,
                ),
        );
      } catch (e) {
        out.push(
          r(
            ResultLevel.ERROR,
            'workload-data',
            `${o.op} path "${o.path}": ${errText(e)}`,
            'Fix the path (relative to the target, or a full s3:// URI)',
            ErrorType.CONFIGURATION,
          ),
        );
      }
    }
  } finally {
    backend.close();
  }
  return out;
}
