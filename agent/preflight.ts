// Pre-flight for file:// targets (spec §4.3, plus free inodes and a calibration probe). Every result says
// what is wrong and what a person can do about it. Only Error-level results fail.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expectedSize } from '../core/estimate';
import { treeCounts } from '../core/tree';
import { ErrorType, ResultLevel, type PreFlightResponse, type ValidationResult } from '../proto';
import type { Confinement } from './confine';
import { calibrate } from './calibration-probe';
import { runS3Preflight } from './preflight-s3';
import { s3Env } from './storage/s3-client';
import { errText, r } from './preflight-result';
import { DIRECT_ALIGN, DirectIoError, directBuffer } from './storage/direct-io';
import { loadModel, planRun, type RunPlan } from './plan';
import { agentFileCount } from './stages/layout';
import { firstMatchSync, readSpec } from './stages/read-set';
import type { StorageBackend } from './storage/backend';

type R = ValidationResult;
const MARGIN = 1.2;

const isPerm = (e: unknown) => ['EACCES', 'EPERM', 'EROFS'].includes((e as NodeJS.ErrnoException).code ?? '');

/** Agent index for a pre-flight request: the agent whose id/address is agent_id, or agent-N → N−1, or 0. */
function agentIndexOf(plan: { model: RunPlan['model'] }, agentId: string): number {
  const agents = plan.model.distributed?.agents ?? [];
  const i = agents.findIndex((a) => a.id === agentId || a.address === agentId);
  if (i >= 0) return i;
  const m = /^agent-(\d+)$/.exec(agentId);
  return m && Number(m[1]) >= 1 && Number(m[1]) <= agents.length ? Number(m[1]) - 1 : 0;
}

/**
 * `probe` gives the storage backend for the calibration probe (the agent's worker pool); without it (or
 * while a run is active) there is no probe.
 */
export async function runPreflight(
  configYaml: string,
  agentId: string,
  confine: Confinement,
  probe?: (plan: RunPlan) => StorageBackend | undefined,
): Promise<PreFlightResponse> {
  const results: R[] = [];
  let plan: RunPlan | undefined;
  try {
    const model = loadModel(configYaml);
    const n = model.distributed?.agents.length ?? 1;
    const idx = agentIndexOf({ model }, agentId);
    plan = planRun(
      model,
      {
        configYaml,
        agentId,
        pathPrefix: '',
        sharedStorage: true,
        agentIndex: idx,
        numAgents: Math.max(1, n),
      },
      confine,
    );
  } catch (e) {
    results.push(
      r(
        ResultLevel.ERROR,
        'config_parse',
        `Cannot use this config: ${(e as Error).message}`,
        `Fix the config; paths must be s3:// URIs or file:// URIs inside the agent's roots (${confine.roots.join(', ')})`,
        ErrorType.CONFIGURATION,
      ),
    );
    return respond(results);
  }
  const info = os.userInfo();
  results.push(
    r(
      ResultLevel.INFO,
      'identity',
      `Current user: uid=${info.uid}(${info.username}), gid=${info.gid}`,
      '',
      ErrorType.SYSTEM,
    ),
  );
  if (plan.scheme === 's3') {
    results.push(...(await runS3Preflight(plan, s3Env(process.env, plan.model.distributedEnv), process.env)));
    return respond(results);
  }
  // Need per base: this agent's files spread over the bases, every directory on every base.
  const files = agentFileCount(plan);
  const mean = plan.ensure ? expectedSize(plan.ensure.size) : 0;
  const dirs = plan.tree ? Number(treeCounts(plan.tree).totalDirs) : 0;
  const nb = plan.bases.length;
  const probeAt: string[] = [];
  for (const base of plan.bases)
    checkBase(base, (files * mean) / nb, files / nb + dirs, plan.scheme === 'direct', results, probeAt);
  if (plan.listReads) checkReadPaths(plan, confine, results);
  const backend = probeAt.length ? probe?.(plan) : undefined;
  if (backend) results.push(await calibrate(plan, probeAt[0], backend));
  return respond(results);
}

function respond(results: R[]): PreFlightResponse {
  const count = (l: number) => results.filter((x) => x.level === l).length;
  const error_count = count(ResultLevel.ERROR);
  return {
    passed: error_count === 0,
    results,
    error_count,
    warning_count: count(ResultLevel.WARNING),
    info_count: count(ResultLevel.INFO),
  };
}

function checkBase(
  base: string,
  needBytes: number,
  needInodes: number,
  direct: boolean,
  out: R[],
  probeAt: string[],
): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(base);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    out.push(
      missing
        ? r(
            ResultLevel.ERROR,
            'stat',
            `Directory does not exist: ${base}`,
            `Create it (mkdir -p ${base}) or fix the target in the config`,
            ErrorType.CONFIGURATION,
          )
        : r(
            ResultLevel.ERROR,
            'stat',
            `Cannot access ${base}: ${errText(e)}`,
            'Check the permissions of the path and its parents',
            isPerm(e) ? ErrorType.PERMISSION : ErrorType.SYSTEM,
          ),
    );
    return;
  }
  if (!st.isDirectory()) {
    out.push(
      r(
        ResultLevel.ERROR,
        'stat',
        `${base} is not a directory`,
        'Point the target at a directory',
        ErrorType.CONFIGURATION,
      ),
    );
    return;
  }
  out.push(r(ResultLevel.SUCCESS, 'stat', `Directory exists and is accessible: ${base}`));
  try {
    fs.readdirSync(base);
    out.push(r(ResultLevel.SUCCESS, 'list', `List access confirmed: ${base}`));
  } catch (e) {
    out.push(
      r(
        ResultLevel.ERROR,
        'list',
        `Cannot list ${base}: ${errText(e)}`,
        `chmod +rx ${base}`,
        isPerm(e) ? ErrorType.PERMISSION : ErrorType.SYSTEM,
      ),
    );
    return;
  }
  // write / read / stat / delete probes
  const probe = path.join(base, `.iobench_preflight_${process.pid}`);
  const probeDir = `${probe}_dir`;
  try {
    fs.writeFileSync(probe, 'iobench pre-flight test', { flag: 'wx' });
    out.push(r(ResultLevel.SUCCESS, 'write', `Write access confirmed: ${base}`));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    out.push(
      r(
        ResultLevel.ERROR,
        'write',
        code === 'EROFS'
          ? `${base} is on a read-only file system`
          : code === 'ENOSPC'
            ? `No space left on ${base}`
            : `Cannot create a file in ${base}: ${errText(e)}`,
        code === 'EROFS'
          ? 'Remount it read-write (mount -o remount,rw …) or choose another target'
          : code === 'ENOSPC'
            ? 'Free space on the file system or choose another target'
            : `Give the agent's user write permission: chmod u+w ${base} (or chown)`,
        code === 'ENOSPC' ? ErrorType.RESOURCE : isPerm(e) ? ErrorType.PERMISSION : ErrorType.SYSTEM,
        errText(e),
      ),
    );
    return;
  }
  try {
    fs.mkdirSync(probeDir);
    out.push(r(ResultLevel.SUCCESS, 'mkdir', 'Directory creation confirmed'));
  } catch (e) {
    out.push(
      r(
        ResultLevel.ERROR,
        'mkdir',
        `Cannot create a directory in ${base}: ${errText(e)}`,
        `chmod u+wx ${base}`,
        isPerm(e) ? ErrorType.PERMISSION : ErrorType.SYSTEM,
      ),
    );
  }
  try {
    if (fs.readFileSync(probe, 'utf8') !== 'iobench pre-flight test')
      throw new Error('read back different bytes');
    fs.statSync(probe);
    out.push(r(ResultLevel.SUCCESS, 'read', 'Read and stat access confirmed (probe file read back)'));
  } catch (e) {
    out.push(
      r(
        ResultLevel.ERROR,
        'read',
        `Cannot read back the probe file: ${errText(e)}`,
        'Check permissions and the file system health',
        ErrorType.SYSTEM,
      ),
    );
  }
  try {
    fs.rmSync(probe, { force: true });
    fs.rmSync(probeDir, { recursive: true, force: true });
    out.push(r(ResultLevel.SUCCESS, 'delete', 'Delete access confirmed (removed test file and directory)'));
  } catch (e) {
    out.push(
      r(
        ResultLevel.ERROR,
        'delete',
        `Cannot delete the probe: ${errText(e)}`,
        `Remove ${probe} by hand and check permissions`,
        ErrorType.PERMISSION,
      ),
    );
  }
  // direct:// — O_DIRECT must open and write aligned blocks here (tmpfs, overlay and some FUSE refuse it)
  if (direct) {
    try {
      directBuffer(base, DIRECT_ALIGN);
      out.push(r(ResultLevel.SUCCESS, 'direct-io', `O_DIRECT writes work in ${base}`));
    } catch (e) {
      const d = e instanceof DirectIoError ? e : undefined;
      out.push(
        r(
          ResultLevel.ERROR,
          'direct-io',
          d ? d.message : `O_DIRECT probe failed in ${base}: ${errText(e)}`,
          d?.suggestion ?? 'Use file:// for this target',
          d?.code === 'ENOSPC' ? ErrorType.RESOURCE : ErrorType.CONFIGURATION,
        ),
      );
      return;
    }
  }
  // space and inodes
  let spaceOk = true;
  try {
    const s = fs.statfsSync(base);
    const free = s.bavail * s.bsize;
    const need = needBytes * MARGIN;
    const gb = (b: number) => `${(b / 1e9).toFixed(3)} GB`;
    if (free < need) {
      spaceOk = false;
      out.push(
        r(
          ResultLevel.ERROR,
          'disk-space',
          `Insufficient disk space: need ${gb(needBytes)} (+ 20% margin), have ${gb(free)}`,
          'Free space, lower the tree (depth, files_per_dir) or sizes, or use another target',
          ErrorType.RESOURCE,
          JSON.stringify({ freeBytes: free, needBytes }),
        ),
      );
    } else
      out.push(
        r(
          ResultLevel.SUCCESS,
          'disk-space',
          `Sufficient disk space available: ${gb(free)} (need ${gb(needBytes)})`,
          '',
          0,
          JSON.stringify({ freeBytes: free, needBytes }),
        ),
      );
    const inodesKnown = s.files > 0;
    const needI = Math.ceil(needInodes * MARGIN);
    if (!inodesKnown)
      out.push(
        r(
          ResultLevel.INFO,
          'inodes',
          'The file system does not report an inode limit',
          '',
          ErrorType.RESOURCE,
        ),
      );
    else if (s.ffree < needI) {
      spaceOk = false;
      out.push(
        r(
          ResultLevel.ERROR,
          'inodes',
          `Insufficient free inodes: need ${Math.ceil(needInodes)} (+ 20% margin), have ${s.ffree}`,
          'Use a file system with more inodes (mkfs -N / larger tmpfs nr_inodes) or fewer files and directories',
          ErrorType.RESOURCE,
          JSON.stringify({ freeInodes: s.ffree, needInodes }),
        ),
      );
    } else
      out.push(
        r(
          ResultLevel.SUCCESS,
          'inodes',
          `Sufficient free inodes: ${s.ffree} (need ${Math.ceil(needInodes)})`,
          '',
          0,
          JSON.stringify({ freeInodes: s.ffree, needInodes }),
        ),
      );
  } catch (e) {
    out.push(
      r(
        ResultLevel.WARNING,
        'disk-space',
        `Could not query free space: ${errText(e)}`,
        'Check free space and inodes by hand (df -h, df -i)',
        ErrorType.RESOURCE,
      ),
    );
  }
  if (spaceOk) probeAt.push(base);
}

/** The status-7 JSON of the PREFLIGHT stream command (Rust Debug spellings, spec §4.7). */
export function preflightJson(res: PreFlightResponse): string {
  const levels = ['Success', 'Info', 'Warning', 'Error'];
  const types = [
    'None',
    'Some(Authentication)',
    'Some(Permission)',
    'Some(Network)',
    'Some(Configuration)',
    'Some(Resource)',
    'Some(System)',
  ];
  return JSON.stringify({
    passed: res.passed,
    error_count: res.error_count,
    warning_count: res.warning_count,
    info_count: res.info_count,
    results: (res.results ?? []).map((x) => ({
      level: levels[Number(x.level ?? 0)] ?? 'Info',
      error_type: types[Number(x.error_type ?? 0)] ?? 'None',
      message: x.message,
      suggestion: x.suggestion,
      details: x.details ? x.details : null,
      test_phase: x.test_phase,
    })),
  });
}

/** Nothing prepared: every get/stat path must match existing objects (checked quickly, bounded). */
function checkReadPaths(plan: RunPlan, confine: Confinement, out: R[]): void {
  const seen = new Set<string>();
  for (const o of plan.model.workload) {
    if (o.weight <= 0 || (o.op !== 'get' && o.op !== 'stat') || seen.has(o.path)) continue;
    seen.add(o.path);
    try {
      const spec = readSpec(o.path, plan.bases[0], (u) => confine.resolve(u));
      const m = firstMatchSync(spec);
      if (m.found)
        out.push(
          r(
            ResultLevel.SUCCESS,
            'workload-data',
            `${o.op} path "${o.path}" matches objects (e.g. ${m.found})`,
          ),
        );
      else if (!m.exhausted)
        out.push(
          r(
            ResultLevel.WARNING,
            'workload-data',
            `${o.op} path "${o.path}": no match in the first 100,000 entries under ${spec.dir}; the run lists them all`,
            'Narrow the path if the listing should be quick',
            ErrorType.CONFIGURATION,
          ),
        );
      else
        out.push(
          r(
            ResultLevel.ERROR,
            'workload-data',
            `${o.op} path "${o.path}" matches no objects under ${spec.dir}`,
            'Put data there, fix the path, or add a prepare section (ensure_objects) so the run creates objects to read',
            ErrorType.CONFIGURATION,
          ),
        );
    } catch (e) {
      out.push(
        r(
          ResultLevel.ERROR,
          'workload-data',
          `${o.op} path "${o.path}": ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : errText(e)}`,
          "Fix the path (relative to target, inside the agent's roots) or add a prepare section",
          ErrorType.CONFIGURATION,
        ),
      );
    }
  }
}
