// Is a YAML document an iobench (sai3-bench) config? Pure: the caller passes the URI, the text and the globs.
// Used by the language server and by the VS Code client, so both answer the same.
import { DEFAULT_FILES } from './lsp-contract';

export type DetectReason = 'glob' | 'modeline' | 'content';

const globCache = new Map<string, RegExp>();

/**
 * A small glob → RegExp: `**` (any path segments, including none), `*` (within a segment), `?`, `{a,b}`,
 * `[...]` classes; everything else literal. Matched against the whole path with `/` separators.
 */
export function globToRegExp(glob: string): RegExp {
  const hit = globCache.get(glob);
  if (hit) return hit;
  let re = '';
  let inBrace = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        re += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      inBrace++;
      re += '(?:';
    } else if (c === '}' && inBrace) {
      inBrace--;
      re += ')';
    } else if (c === ',' && inBrace) re += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        re += `[${body.startsWith('!') ? '^' + body.slice(1) : body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  const out = new RegExp(`^${re}$`);
  if (globCache.size > 200) globCache.clear();
  globCache.set(glob, out);
  return out;
}

/** Path part of a URI (file:///a/b.yaml → /a/b.yaml, untitled:Untitled-1 → Untitled-1), percent-decoded. */
export function uriPath(uri: string): string {
  const m = /^[a-z][a-z0-9+.-]*:(?:\/\/[^/]*)?(.*)$/i.exec(uri);
  const p = m ? m[1] : uri;
  try {
    return decodeURIComponent(p).replace(/\\/g, '/');
  } catch {
    return p.replace(/\\/g, '/');
  }
}

export function matchesGlobs(uri: string, globs: readonly string[] = DEFAULT_FILES): boolean {
  const path = uriPath(uri);
  const base = path.slice(path.lastIndexOf('/') + 1);
  return globs.some((g) => {
    const re = globToRegExp(g);
    // A glob without a slash matches the file name anywhere (as VS Code's files.associations does).
    return re.test(path) || (!g.includes('/') && re.test(base));
  });
}

const MODELINE = /^#\s*(?:yaml-language-server:\s*\$schema=\S*iobench\.schema\.json\b|iobench\b)/;
const TOP_KEY = /^([A-Za-z_][\w-]*)\s*:/;

/** Looks only at the first 64 kB and at column-0 keys/comments, so it costs microseconds even on huge files. */
export function detectByContent(text: string): DetectReason | undefined {
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  const keys = new Set<string>();
  let modeline = false;
  for (const line of head.split(/\r?\n/)) {
    if (line.startsWith('#')) {
      if (MODELINE.test(line)) modeline = true;
      continue;
    }
    const m = TOP_KEY.exec(line);
    if (m) keys.add(m[1]);
  }
  if (modeline) return 'modeline';
  if (keys.has('workload') && (keys.has('prepare') || keys.has('distributed') || keys.has('target')))
    return 'content';
  return undefined;
}

/** Why a document is ours, or undefined when it is other YAML. */
export function detectConfig(
  uri: string,
  text: string,
  globs: readonly string[] = DEFAULT_FILES,
): DetectReason | undefined {
  if (matchesGlobs(uri, globs)) return 'glob';
  return detectByContent(text);
}

export function isIobenchConfig(
  uri: string,
  text: string,
  globs: readonly string[] = DEFAULT_FILES,
): boolean {
  return detectConfig(uri, text, globs) !== undefined;
}
