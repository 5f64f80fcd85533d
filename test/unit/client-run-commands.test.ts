// The run half's command table against package.json: every command is contributed with the same title, the ones
// that start work are hidden from the palette in Restricted Mode, and nothing is contributed that no one handles.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_COMMAND_LIST, RUN_COMMANDS, refusal } from '../../client/run/command-table';
import { COMMANDS } from '../../core/lsp-contract';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const contributed: { command: string; title: string; category?: string }[] = pkg.contributes.commands;
const palette: { command: string; when?: string }[] = pkg.contributes.menus.commandPalette;
// Authoring commands registered in client/commands/index.ts (not part of the run half).
const AUTHORING = [
  'iobench.showEstimate',
  'iobench.validateWorkspace',
  'iobench.generateLadder',
  'iobench.restartServer',
];

describe('run command table', () => {
  it('has every command the issue names', () => {
    const titles = RUN_COMMAND_LIST.map((c) => c.title);
    for (const t of [
      'Pre-flight',
      'Run',
      'Abort Run',
      'Attach to Run…',
      'Open Results',
      'Start Local Agents',
      'Stop Local Agents',
      'Show Output',
    ])
      assert.ok(titles.includes(t), `${t} in the table`);
    assert.ok(titles.some((t) => t.startsWith('Run Ladder')));
  });

  it('matches package.json: same ids and titles, category iobench', () => {
    for (const c of RUN_COMMAND_LIST) {
      const p = contributed.find((x) => x.command === c.id);
      assert.ok(p, `${c.id} is contributed`);
      assert.equal(p.title, c.title, `${c.id} title`);
      assert.equal(p.category, 'iobench');
    }
    const known = new Set([...RUN_COMMAND_LIST.map((c) => c.id), ...AUTHORING]);
    for (const p of contributed) assert.ok(known.has(p.command), `${p.command} has a handler`);
  });

  it('uses the ids the language server puts on CodeLenses', () => {
    assert.equal(RUN_COMMANDS.preflight.id, COMMANDS.preflight);
    assert.equal(RUN_COMMANDS.run.id, COMMANDS.run);
  });

  it('hides commands that start work from the palette in Restricted Mode', () => {
    for (const c of RUN_COMMAND_LIST.filter((x) => x.needsTrust)) {
      const entry = palette.find((x) => x.command === c.id);
      assert.ok(entry?.when?.includes('isWorkspaceTrusted'), `${c.id} palette entry needs trust`);
    }
  });

  it('explains the refusal in Restricted Mode, and only there', () => {
    const why = refusal(RUN_COMMANDS.run, false);
    assert.match(why ?? '', /Run is disabled in Restricted Mode/);
    assert.match(why ?? '', /Trust this workspace/);
    assert.equal(refusal(RUN_COMMANDS.run, true), undefined);
    assert.equal(refusal(RUN_COMMANDS.showOutput, false), undefined);
  });

  it('declares the run settings per resource', () => {
    const props = pkg.contributes.configuration.properties;
    for (const k of ['iobench.run.localAgents', 'iobench.run.root', 'iobench.run.resultsDir'])
      assert.equal(props[k]?.scope, 'resource', k);
  });
});
