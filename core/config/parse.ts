// YAML text → first document + plain value, with every parser error/warning as a diagnostic at its position.
// Never throws: size, nesting and alias limits are checked here so later stages only see bounded input.
import { LineCounter, parseAllDocuments, visit, type Document, type YAMLError } from 'yaml';
import { DIAGNOSTIC_CODES as C } from './codes';
import { MAX_ALIAS_COUNT, MAX_NESTING, MAX_TEXT_LENGTH } from './limits';
import { rangeAt, zeroRange } from './ranges';
import type { ConfigDiagnostic } from './types';

export interface Parsed {
  doc: Document.Parsed | undefined;
  lineCounter: LineCounter;
  value: unknown;
  diagnostics: ConfigDiagnostic[];
  /** False when the value must not be validated further (too large, alias bomb, unparseable). */
  usable: boolean;
}

/** Nesting depth of flow/block collections, by a linear scan that ignores quoted text and comments (cheap guard). */
function roughNesting(text: string): number {
  let flow = 0;
  let max = 0;
  let indentMax = 0;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart && c === 32) {
      indent++;
      continue;
    }
    if (lineStart) {
      lineStart = false;
      if (indent > indentMax) indentMax = indent;
    }
    if (c === 91 || c === 123)
      max = Math.max(max, ++flow); // [ {
    else if (c === 93 || c === 125) flow = Math.max(0, flow - 1);
  }
  return Math.max(max, Math.floor(indentMax / 2));
}

/** First C0 control character other than tab, LF, CR (or U+FFFE/U+FFFF): a binary file, usually. */
function firstControlChar(text: string): { index: number; 0: string } | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffe || c === 0xffff)
      return { index: i, 0: text[i] };
  }
  return undefined;
}

const firstLine = (m: string) => m.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '');

export function parseText(text: string): Parsed {
  const lineCounter = new LineCounter();
  const out: Parsed = { doc: undefined, lineCounter, value: undefined, diagnostics: [], usable: false };
  if (text.length > MAX_TEXT_LENGTH) {
    out.diagnostics.push({
      range: zeroRange(),
      severity: 'error',
      code: C.limit,
      message: `file is too large to check (${(text.length / 1048576).toFixed(1)} MB; the limit is ${MAX_TEXT_LENGTH / 1048576} MB). sai3-bench configs are a few KB.`,
    });
    return out;
  }
  // NUL and other C0 controls (except tab/CR/LF) are not allowed in YAML; reported after parsing (positions).
  const bad = firstControlChar(text);
  if (roughNesting(text) > MAX_NESTING) {
    out.diagnostics.push({
      range: zeroRange(),
      severity: 'error',
      code: C.limit,
      message: `nesting is deeper than ${MAX_NESTING} levels; not checked further`,
    });
    return out;
  }
  let docs: Document.Parsed[];
  try {
    const all = parseAllDocuments(text, {
      lineCounter,
      merge: true,
      prettyErrors: true,
      uniqueKeys: true,
      logLevel: 'error', // warnings become diagnostics; never print to stderr (stdio LSP)
    });
    docs = Array.isArray(all) ? all : [];
  } catch (e) {
    out.diagnostics.push({
      range: zeroRange(),
      severity: 'error',
      code: C.yamlSyntax,
      message: `YAML: ${String(e)}`,
    });
    return out;
  }
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    out.diagnostics.push({
      range: rangeAt(lineCounter, text, bad.index, bad.index + 1),
      severity: 'error',
      code: C.yamlSyntax,
      message: `control character U+${code} is not allowed in YAML (binary file?)`,
    });
  }
  const yamlDiag = (e: YAMLError, severity: 'error' | 'warning'): ConfigDiagnostic => ({
    range: rangeAt(lineCounter, text, e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)),
    severity,
    code: C.yamlSyntax,
    message: firstLine(e.message),
    data: { yamlCode: e.code },
  });
  const doc = docs[0];
  out.doc = doc;
  if (!doc) {
    out.diagnostics.push({
      range: zeroRange(),
      severity: 'error',
      code: C.required,
      message: 'empty file: a sai3-bench config needs at least a `workload` list',
      data: { missing: 'workload' },
    });
    return out;
  }
  for (const e of doc.errors) out.diagnostics.push(yamlDiag(e, 'error'));
  for (const w of doc.warnings) out.diagnostics.push(yamlDiag(w, 'warning'));
  for (const extra of docs.slice(1)) {
    const start = extra.range[0];
    out.diagnostics.push({
      range: rangeAt(lineCounter, text, start, Math.min(text.length, start + 3)),
      severity: 'warning',
      code: C.multiDocument,
      message:
        'only the first YAML document is a config; sai3-bench reads one document and this one is ignored',
    });
    for (const e of extra.errors) out.diagnostics.push(yamlDiag(e, 'error'));
  }
  keepBigIntegersExact(doc);
  try {
    out.value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    out.usable = doc.errors.length === 0;
  } catch (e) {
    const msg = String((e as Error)?.message ?? e);
    const bomb = /alias count/i.test(msg);
    out.diagnostics.push({
      range: firstAliasRange(text, lineCounter) ?? zeroRange(),
      severity: 'error',
      code: bomb ? C.limit : C.yamlSyntax,
      message: bomb
        ? `aliases expand to too many nodes (limit ${MAX_ALIAS_COUNT}); an alias bomb? Not checked further`
        : `YAML: ${firstLine(msg)}`,
    });
  }
  return out;
}

function firstAliasRange(text: string, lc: LineCounter) {
  const m = /(^|[\s[{,:-])\*[^\s,\]}]+/m.exec(text);
  if (!m) return undefined;
  const start = m.index + m[1].length;
  return rangeAt(lc, text, start, start + m[0].length - m[1].length);
}

/**
 * An integer literal past 2^53 would lose digits as a JS number (`count: 9007199254740993`). Keep its source
 * text instead: the count and tree fields accept digit strings (§1.2d), so they stay exact; any other field
 * reports a type error rather than silently using a rounded number.
 */
function keepBigIntegersExact(doc: Document.Parsed): void {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'number' || Number.isSafeInteger(node.value) || !Number.isInteger(node.value))
        return;
      const src = (node as { source?: string }).source;
      if (typeof src === 'string' && /^[+]?[0-9][0-9_]*$/.test(src.trim()))
        node.value = src.trim().replace(/^\+/, '');
    },
  });
}
