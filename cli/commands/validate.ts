// `iobench validate FILE... [--json]`: every finding of loadConfig as `file:line:col: severity: message`
// (1-based line and column, as compilers print them), or one JSON array. Exit 1 when any file has an error.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig, type ConfigDiagnostic } from '../../core/config';

export interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  code: string;
  message: string;
}

const SEVERITY = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' } as const;

export function toFinding(file: string, d: ConfigDiagnostic): Finding {
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: SEVERITY[d.severity],
    code: d.code,
    message: d.message,
  };
}

/** Findings of one file; an unreadable file is one error at 1:1. */
export function validateFile(file: string): Finding[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    return [
      {
        file,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        severity: 'error',
        code: 'io',
        message: `cannot read: ${why}`,
      },
    ];
  }
  return loadConfig(text).diagnostics.map((d) => toFinding(file, d));
}

export const formatFinding = (f: Finding) => `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message}`;

export function register(program: Command): void {
  program
    .command('validate')
    .description(
      'check configs: YAML syntax, the schema and sai3-bench rules; exit 1 when any file has an error',
    )
    .argument('<files...>', 'sai3-bench YAML configs')
    .option(
      '--json',
      'print one JSON array of {file, line, column, endLine, endColumn, severity, code, message}',
    )
    .action((files: string[], opts: { json?: boolean }) => {
      const findings = files.flatMap(validateFile);
      const out = opts.json
        ? `${JSON.stringify(findings, null, 2)}\n`
        : findings.map((f) => `${formatFinding(f)}\n`).join('');
      process.stdout.write(out);
      process.exitCode = findings.some((f) => f.severity === 'error') ? 1 : 0;
    });
}
