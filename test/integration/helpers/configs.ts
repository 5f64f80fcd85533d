// Small configs for agent tests, rooted at a temp folder.
export interface TreeOpts {
  width?: number;
  depth?: number;
  files?: number;
  size?: string; // YAML for size_spec
  duration?: string;
  cleanup?: boolean;
  force?: boolean;
  fill?: 'zero' | 'random';
  concurrency?: number;
  base?: string;
  scheme?: 'file' | 'direct';
}

export function treeConfig(root: string, o: TreeOpts = {}): string {
  return `
target: "${o.scheme ?? 'file'}://${o.base ?? `${root}/data/`}"
concurrency: ${o.concurrency ?? 4}
duration: ${o.duration ?? '0s'}
workload:
  - { op: get, path: "x", weight: 60 }
  - { op: stat, path: "x", weight: 20 }
  - { op: list, path: "x", weight: 10 }
  - { op: put, path: "x", weight: 10, object_size: 2048 }
prepare:
  cleanup: ${o.cleanup ?? false}
  force_overwrite: ${o.force ?? false}
  ensure_objects:
    - count: 0
      fill: ${o.fill ?? 'zero'}
      size_spec: ${o.size ?? '{ type: uniform, min: 1024, max: 8192 }'}
  directory_structure:
    width: ${o.width ?? 3}
    depth: ${o.depth ?? 2}
    files_per_dir: ${o.files ?? 4}
    distribution: bottom
    dir_mask: "d%d_w%d.dir"
`;
}
