// Completion: keys valid at the cursor (schema, with skeletons of required children), enum values, defaults,
// examples, and snippets for common blocks. The context comes from indentation, so it works mid-edit when the
// YAML does not parse.
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  type CompletionItem,
  type Position,
} from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import type { ServerSettings } from '../../core/lsp-contract';
import { describeAt, propertiesAt, typesOf, type JsonSchema } from '../schema';
import { schemaMarkdown } from './hover';
import { AGENT_BLOCK, indentLines, LOGNORMAL_BLOCK, stagesBlock, TREE_BLOCK } from '../snippets';
import type { PathSeg } from '../yaml-nav';

interface Context {
  path: PathSeg[]; // container of the cursor's key
  indent: number; // indent of keys in that container
  siblings: Set<string>;
  /** key completion: the word typed so far; value completion: the key and the typed value */
  kind: 'key' | 'value';
  key?: string;
  word: string;
  wordStart: number; // character where the typed word starts
  dash: boolean; // `- ` right before the word (a new sequence item)
}

const KEY_LINE = /^(\s*)(-\s+)?("?[\w.-]+"?)\s*:(?:\s|$)/;
const isSkippable = (l: string) => /^\s*(#.*)?$/.test(l);
const indentOf = (l: string) => /^\s*/.exec(l)![0].length;
const unquote = (k: string) => k.replace(/^"|"$/g, '');

/** Scan upwards from `line` to find the container path for keys at `indent`. */
function containerPath(lines: string[], line: number, indent: number, seq = false): PathSeg[] {
  const path: PathSeg[] = [];
  let want = indent;
  let inSeq = seq;
  for (let i = line - 1; i >= 0 && (want > 0 || inSeq); i--) {
    const l = lines[i];
    if (isSkippable(l)) continue;
    const ind = indentOf(l);
    const dash = /^(\s*)-(\s+|$)/.exec(l);
    if (dash) {
      const itemIndent = ind + dash[0].length - dash[1].length;
      if (!inSeq && itemIndent === want) {
        path.unshift(0);
        want = ind;
        inSeq = true;
        continue;
      }
      if (inSeq && ind === want) continue; // a sibling item
    }
    const m = KEY_LINE.exec(l);
    if (m && !m[2] && (ind < want || (inSeq && ind <= want))) {
      path.unshift(unquote(m[3]));
      want = ind;
      inSeq = false;
    } else if (ind < want && !dash) return path; // something we cannot read; give up here
  }
  return path;
}

/** Keys already present in the container (same indent, same block). */
function siblingKeys(lines: string[], line: number, indent: number): Set<string> {
  const out = new Set<string>();
  const scan = (from: number, step: number) => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      const l = lines[i];
      if (isSkippable(l)) continue;
      const ind = indentOf(l);
      const dash = /^(\s*)-\s+/.exec(l);
      if (dash && ind + dash[0].length - dash[1].length === indent) {
        const m = KEY_LINE.exec(l);
        if (m) out.add(unquote(m[3]));
        return; // the item starts here: nothing above belongs to it
      }
      if (ind < indent) return;
      if (ind === indent) {
        const m = KEY_LINE.exec(l);
        if (m && !m[2]) out.add(unquote(m[3]));
      }
    }
  };
  scan(line - 1, -1);
  scan(line + 1, 1);
  return out;
}

export function contextAt(text: string, pos: Position): Context | undefined {
  const lines = text.split(/\r?\n/);
  const lineText = lines[pos.line] ?? '';
  const before = lineText.slice(0, pos.character);
  if (/#/.test(before.replace(/"[^"]*"|'[^']*'/g, ''))) return undefined; // in a comment
  const valueM =
    /^(\s*)(-\s+)?("?[\w.-]+"?)\s*:\s+(\S*)$/.exec(before) ?? /^(\s*)(-\s+)?("?[\w.-]+"?):()$/.exec(before);
  if (valueM) {
    const dashIndent = valueM[1].length;
    const indent = dashIndent + (valueM[2]?.length ?? 0);
    const path = valueM[2]
      ? [...containerPath(lines, pos.line, dashIndent, true), 0]
      : containerPath(lines, pos.line, indent);
    return {
      kind: 'value',
      path,
      indent,
      siblings: new Set(),
      key: unquote(valueM[3]),
      word: valueM[4],
      wordStart: pos.character - valueM[4].length,
      dash: !!valueM[2],
    };
  }
  const keyM = /^(\s*)(-\s+)?([\w.-]*)$/.exec(before);
  if (!keyM) return undefined;
  const dash = !!keyM[2];
  const indent = keyM[1].length + (keyM[2]?.length ?? 0);
  const path = dash
    ? [...containerPath(lines, pos.line, keyM[1].length, true), 0]
    : containerPath(lines, pos.line, indent);
  return {
    kind: 'key',
    path,
    indent,
    siblings: dash ? new Set() : siblingKeys(lines, pos.line, indent),
    word: keyM[3],
    wordStart: pos.character - keyM[3].length,
    dash,
  };
}

const esc = (s: string) => s.replace(/[$}\\]/g, '\\$&');
const scalarText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function valueSnippet(s: JsonSchema): string {
  if (Array.isArray(s.enum) && s.enum.length)
    return `\${1|${s.enum.map((v) => scalarText(v).replace(/[,|]/g, '\\$&')).join(',')}|}`;
  if (s.default !== undefined && typeof s.default !== 'object') return `\${1:${esc(scalarText(s.default))}}`;
  if (Array.isArray(s.examples) && s.examples.length && typeof s.examples[0] !== 'object')
    return `\${1:${esc(scalarText(s.examples[0]))}}`;
  return '$1';
}

/** `key:` plus a skeleton of required children, indented for `childIndent`. */
function keySnippet(key: string, s: JsonSchema, path: PathSeg[], childIndent: string): string {
  const types = typesOf(s);
  const isObj = types.includes('object') || (!!s.properties && !types.length);
  const isArr = types.includes('array');
  if (isObj || isArr) {
    const childPath = isArr ? [...path, key, 0] : [...path, key];
    const props = propertiesAt(childPath);
    const req = [...props].filter(([, p]) => p.required).slice(0, 8);
    if (!req.length) return isArr ? `${key}:\n${childIndent}- $0` : `${key}:\n${childIndent}$0`;
    let n = 1;
    const lines = req.map(([k, p], i) => {
      const v = valueSnippet(p.schema).replace(/\$\{?1/g, () => `\${${n}`);
      n++;
      const prefix = isArr ? (i === 0 ? '- ' : '  ') : '';
      return `${childIndent}${prefix}${k}: ${v}`;
    });
    return `${key}:\n${lines.join('\n')}`;
  }
  return `${key}: ${valueSnippet(s)}`;
}

function blockSnippets(ctx: Context, a: Analysis): CompletionItem[] {
  const p = ctx.path.filter((x) => typeof x === 'string').join('.');
  const out: { label: string; body: string; detail: string }[] = [];
  if (p === 'prepare')
    out.push({
      label: 'directory tree + ensure_objects',
      body: TREE_BLOCK,
      detail: 'tree with its matching count',
    });
  if (p === '')
    out.push({
      label: 'prepare: directory tree + ensure_objects',
      body: `prepare:\n${indentLines(TREE_BLOCK, '  ')}`,
      detail: 'tree with its matching count',
    });
  if (p === 'prepare.ensure_objects' || p === 'workload')
    out.push({
      label: 'lognormal size distribution',
      body: LOGNORMAL_BLOCK,
      detail: 'size_distribution (lognormal)',
    });
  if (p === 'distributed.agents')
    out.push({
      label: 'distributed agent',
      body: AGENT_BLOCK.replace(/^- /, ''),
      detail: 'agent address and id',
    });
  if (p === 'distributed') {
    out.push({
      label: 'agents: one distributed agent',
      body: `agents:\n${indentLines(AGENT_BLOCK, '  ')}`,
      detail: 'agents list',
    });
    const loaded = a.loaded();
    out.push({
      label: 'stages with barriers',
      body: esc(stagesBlock(loaded?.model, a.estimate())),
      detail: 'validation first, barriers on every stage (sai3 ≥ 0.8.61)',
    });
  }
  const childIndent = ' '.repeat(ctx.indent);
  return out.map((s, i) => ({
    label: s.label,
    kind: CompletionItemKind.Snippet,
    detail: s.detail,
    sortText: `~${i}`,
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.asIs,
    insertText: s.body.replace(/\n/g, `\n${childIndent}`),
  }));
}

export function completion(a: Analysis, pos: Position, settings: ServerSettings): CompletionItem[] {
  if (!settings.completion.enabled || !a.ours || a.tooBig) return [];
  const ctx = contextAt(a.doc.getText(), pos);
  if (!ctx) return [];
  const range = { start: { line: pos.line, character: ctx.wordStart }, end: pos };
  if (ctx.kind === 'value') {
    const s = describeAt([...ctx.path, ctx.key!]);
    if (!s) return [];
    const vals = new Map<string, string>();
    for (const v of s.enum ?? []) vals.set(scalarText(v), 'allowed value');
    if (typesOf(s).includes('boolean'))
      for (const b of ['true', 'false']) if (!vals.has(b)) vals.set(b, 'boolean');
    if (s.default !== undefined && typeof s.default !== 'object') vals.set(scalarText(s.default), 'default');
    for (const ex of s.examples ?? [])
      if (typeof ex !== 'object' && !vals.has(scalarText(ex))) vals.set(scalarText(ex), 'example');
    return [...vals].map(([v, detail], i) => ({
      label: v,
      kind:
        detail === 'allowed value' || detail === 'boolean'
          ? CompletionItemKind.EnumMember
          : CompletionItemKind.Value,
      detail: v === scalarText(s.default) ? 'default' : detail,
      sortText: String(i).padStart(3, '0'),
      textEdit: { range, newText: v },
    }));
  }
  const props = propertiesAt(ctx.path);
  const childIndent = ' '.repeat(ctx.indent + 2);
  const items: CompletionItem[] = [];
  for (const [key, { schema, required }] of props) {
    if (ctx.siblings.has(key) || schema.doNotSuggest || schema.deprecated) continue;
    items.push({
      label: key,
      kind: CompletionItemKind.Property,
      detail: required ? 'required' : typesOf(schema).join(' | ') || undefined,
      documentation: { kind: 'markdown', value: schemaMarkdown([...ctx.path, key], schema) },
      sortText: `${required ? 0 : 1}${key}`,
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
      textEdit: { range, newText: keySnippet(key, schema, ctx.path, childIndent) },
    });
  }
  for (const s of blockSnippets(ctx, a))
    items.push({ ...s, textEdit: { range, newText: s.insertText! }, insertText: undefined });
  return items;
}
