// Quick fixes keyed by the diagnostic codes of core/config. Every edit is a minimal TextEdit computed from node
// ranges, so the rest of the text (comments, layout) stays as it was.
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import type { ServerSettings } from '../../core/lsp-contract';
import { findPair, hitAt, lineStart, nextLineStart, nodeAt, pairAt } from '../yaml-nav';
import { indentLines, stagesBlock } from '../snippets';
import { propertiesAt } from '../schema';

type Data = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function action(
  a: Analysis,
  title: string,
  d: Diagnostic | undefined,
  edits: TextEdit[],
  preferred = false,
): CodeAction {
  return {
    title,
    kind: CodeActionKind.QuickFix,
    ...(d ? { diagnostics: [d] } : {}),
    ...(preferred ? { isPreferred: true } : {}),
    edit: { changes: { [a.uri]: edits } },
  };
}

/** Where to insert a new last entry of a block map, and with which indentation. */
function appendToMap(a: Analysis, map: YAMLMap): { offset: number; indent: string } | undefined {
  const text = a.doc.getText();
  if (!map.items.length || map.flow) return undefined;
  const first = map.items[0] as Pair<Node, Node>;
  const fr = first.key?.range;
  const last = map.items[map.items.length - 1] as Pair<Node, Node>;
  const end = last.value?.range?.[1] ?? last.key?.range?.[1];
  if (!fr || end === undefined) return undefined;
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return { offset: nextLineStart(text, e), indent: ' '.repeat(fr[0] - lineStart(text, fr[0])) };
}

/** A key with an empty value (`distributed:` and nothing under it): insert on the next line, indented. */
function appendAfterKey(a: Analysis, pair: Pair<Node, Node>): { offset: number; indent: string } | undefined {
  const text = a.doc.getText();
  const kr = pair.key?.range;
  const v = pair.value;
  if (!kr || !(v === null || (isScalar(v) && (v.value === null || v.value === undefined)))) return undefined;
  return { offset: nextLineStart(text, kr[1]), indent: ' '.repeat(kr[0] - lineStart(text, kr[0]) + 2) };
}

/** The block map under `pair` (or right after its key when empty). */
function appendUnder(a: Analysis, pair: Pair<Node, Node>) {
  return isMap(pair.value) ? appendToMap(a, pair.value) : appendAfterKey(a, pair);
}

function insertBlock(a: Analysis, at: { offset: number; indent: string }, block: string): TextEdit {
  const text = a.doc.getText();
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const needsNl = at.offset === text.length && text.length > 0 && !text.endsWith('\n');
  const body = indentLines(block, at.indent).replace(/\n/g, eol) + eol;
  const pos = a.doc.positionAt(at.offset);
  return { range: { start: pos, end: pos }, newText: (needsNl ? eol : '') + body };
}

function fixesFor(a: Analysis, d: Diagnostic): CodeAction[] {
  const data = (d.data ?? {}) as Data;
  const replace = (title: string, newText: string, preferred = true) =>
    action(a, title, d, [{ range: d.range, newText }], preferred);
  const loaded = a.loaded();
  const doc = loaded?.doc;
  switch (d.code) {
    case 'count-mismatch': {
      const expected = str(data.expected);
      return expected
        ? [replace(`Set count to the tree total ${BigInt(expected).toLocaleString('en-US')}`, expected)]
        : [];
    }
    case 'size-string':
    case 'duration-unit':
    case 'seconds-format':
    case 'count-format':
    case 'type': {
      const fixed = str(data.fixed);
      return fixed ? [replace(`Change to \`${fixed}\``, fixed)] : [];
    }
    case 'enum': {
      const out: CodeAction[] = [];
      const sug = str(data.suggestion);
      if (sug) out.push(replace(`Change to \`${sug}\``, sug));
      const allowed = Array.isArray(data.allowed)
        ? data.allowed.filter((x): x is string => typeof x === 'string')
        : [];
      for (const v of allowed.slice(0, 8)) if (v !== sug) out.push(replace(`Change to \`${v}\``, v, false));
      return out;
    }
    case 'unknown-key': {
      const out: CodeAction[] = [];
      const sug = str(data.suggestion);
      if (sug) out.push(replace(`Rename to \`${sug}\``, sug));
      if (doc) {
        const hit = hitAt(doc, a.doc.offsetAt(d.range.start));
        const pair = hit?.on === 'key' ? hit.pair : undefined;
        const removal = pair && removePair(a, pair);
        if (removal)
          out.push(
            action(
              a,
              `Remove \`${str(data.key) ?? hit!.path.at(-1)}\` (sai3 ignores it)`,
              d,
              [removal],
              !sug,
            ),
          );
      }
      return out;
    }
    case 'unsupported-by-agent': {
      // not preferred: the key is right for sai3-bench agents. Look up the key's middle: its start may also be
      // the end of the previous block's value range.
      const mid = (a.doc.offsetAt(d.range.start) + a.doc.offsetAt(d.range.end)) >> 1;
      const hit = doc && hitAt(doc, mid);
      const pair = hit?.on === 'key' ? hit.pair : undefined;
      const removal = pair && removePair(a, pair);
      return removal
        ? [
            action(
              a,
              `Remove \`${hit!.path.at(-1)}\` (not supported by the iobench agent)`,
              d,
              [removal],
              false,
            ),
          ]
        : [];
    }
    case 'required': {
      const missing = str(data.missing);
      if (!doc || !missing) return [];
      const hit = hitAt(doc, a.doc.offsetAt(d.range.start));
      if (!hit) return [];
      // The finding sits on the parent's key or on a key inside the map; pick the map that may hold `missing`.
      const candidates = [hit.path, hit.path.slice(0, -1)];
      for (const path of candidates) {
        const map = nodeAt(doc, path);
        const props = propertiesAt(path);
        if (!props.has(missing)) continue;
        const at = isMap(map) ? appendToMap(a, map) : undefined;
        const keyPair = !isMap(map) ? pairAt(doc, path) : undefined;
        const where = at ?? (keyPair ? appendAfterKey(a, keyPair) : undefined);
        if (!where) continue;
        const s = props.get(missing)?.schema;
        const v = s?.default ?? (Array.isArray(s?.enum) ? s!.enum[0] : undefined);
        const value = v === undefined || typeof v === 'object' ? '' : ` ${String(v)}`;
        return [action(a, `Add \`${missing}\``, d, [insertBlock(a, where, `${missing}:${value}`)], true)];
      }
      return [];
    }
    case 'stages-missing': {
      if (!doc) return [];
      const dist = findPair(doc.contents, 'distributed');
      const at = dist && appendUnder(a, dist);
      if (!at) return [];
      return [
        action(
          a,
          'Add stages: validation first, barriers on every stage',
          d,
          [insertBlock(a, at, stagesBlock(loaded?.model, a.estimate()))],
          true,
        ),
      ];
    }
    case 'barrier-missing': {
      if (!doc) return [];
      const dist = findPair(doc.contents, 'distributed');
      const at = dist && appendUnder(a, dist);
      if (!at || findPair(nodeAt(doc, ['distributed'], true), 'barrier_sync')) return [];
      return [
        action(a, 'Enable barrier_sync', d, [insertBlock(a, at, 'barrier_sync:\n  enabled: true')], true),
      ];
    }
  }
  return [];
}

/** Whole lines of a block pair (key line through value end), or just the pair inside a flow map / `- ` line. */
function removePair(a: Analysis, pair: Pair<Node, Node>): TextEdit | undefined {
  const text = a.doc.getText();
  const kr = pair.key?.range;
  if (!kr) return undefined;
  let end = pair.value?.range?.[1] ?? kr[1];
  while (end > kr[1] && /\s/.test(text[end - 1])) end--;
  const ls = lineStart(text, kr[0]);
  const onlyIndentBefore = /^\s*$/.test(text.slice(ls, kr[0]));
  if (!onlyIndentBefore) return undefined; // `- key: v` or flow: leave it to the user
  const stop = nextLineStart(text, end);
  return { range: { start: a.doc.positionAt(ls), end: a.doc.positionAt(stop) }, newText: '' };
}

export function codeActions(a: Analysis, params: CodeActionParams, settings: ServerSettings): CodeAction[] {
  if (!settings.codeActions.enabled || !a.ours || a.tooBig) return [];
  if (
    params.context.only &&
    !params.context.only.some(
      (k) => k === CodeActionKind.QuickFix || k === 'quickfix' || CodeActionKind.QuickFix.startsWith(k),
    )
  )
    return [];
  const out: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    if (d.source !== undefined && d.source !== 'iobench') continue;
    try {
      out.push(...fixesFor(a, d));
    } catch {
      /* a fix we cannot compute is a fix we do not offer */
    }
  }
  return out;
}
