// End-to-end in a real VS Code (code-server 4.100.3 + Debian Chromium): package the .vsix, install it into a
// fresh profile, open the 4-host FULL config and check what a user sees. Screenshots: test-results/e2e/.
// Needs `bash scripts/setup-code-server.sh` (CI runs it); without it the test fails under CI, skips locally.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  ARTIFACTS,
  ROOT,
  hoverSettled,
  missingPrerequisites,
  openFile,
  runCommand,
  startSession,
  type Session,
} from './harness';

const missing = missingPrerequisites();
if (missing && process.env.CI) throw new Error(`${missing} (CI is set, so the e2e test must run)`);

const VSIX = join(ROOT, 'dist', 'iobench-studio.vsix');
if (!missing) rmSync(ARTIFACTS, { recursive: true, force: true }); // this run's screenshots and logs only
// The 4-host FULL fixture without its header comments (they quote the very figures we look for).
const FOUR_HOST = readFileSync(join(ROOT, 'examples', 'four-host.iobench.yaml'), 'utf8')
  .split('\n')
  .filter((l) => !l.startsWith('#'))
  .join('\n');
// A small config with one mistake: the count does not match the tree (4 × 4 × 10 = 160 files).
const BROKEN = `duration: 5s
prepare:
  directory_structure:
    width: 4
    depth: 2
    files_per_dir: 10
    distribution: bottom
    dir_mask: "d%d_w%d.dir"
  ensure_objects:
    - base_uri: "file:///tmp/iobench-e2e/"
      count: 150
      size_distribution:
        type: uniform
        min: 4KiB
        max: 8KiB
workload:
  - op: get
    path: "*"
    weight: 100
`;

// Never opened in the editor: only Validate Workspace reports it.
const TYPO = `duration: 5s
prepare:
  directory_structure:
    widht: 4
    depth: 2
    files_per_dir: 10
  ensure_objects:
    - count: 160
workload:
  - op: get
    path: "*"
    weight: 100
`;

describe('iobench studio in real VS Code', { skip: missing, timeout: 280_000 }, () => {
  let s: Session;
  const t0 = Date.now();
  const timed = async (name: string, fn: () => Promise<void>) => {
    const t = Date.now();
    try {
      await fn();
    } catch (e) {
      await s.shot(`fail-${name}`).catch(() => undefined);
      throw e;
    } finally {
      s.times[name] = `${((Date.now() - t) / 1000).toFixed(1)}s`;
    }
  };
  const editor = () => s.page.locator('.editor-group-container.active .monaco-editor').first();

  before(async () => {
    const t = Date.now();
    const r = spawnSync(process.execPath, ['scripts/package.mjs', '--out', VSIX], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `packaging failed:\n${r.stdout}\n${r.stderr}`);
    const packageSeconds = `${((Date.now() - t) / 1000).toFixed(1)}s`;
    s = await startSession({
      vsix: VSIX,
      files: {
        'bench.iobench.yaml': FOUR_HOST,
        'broken.iobench.yaml': BROKEN,
        'more/typo.iobench.yaml': TYPO,
      },
    });
    s.times.package = packageSeconds;
  });

  after(async () => {
    await s?.close();
    if (s)
      console.log(
        `e2e timings: ${JSON.stringify({ ...s.times, total: `${((Date.now() - t0) / 1000).toFixed(1)}s` })}`,
      );
    console.log(`e2e artifacts: ${ARTIFACTS}`);
  });

  it('activates on the config and shows the estimate in the language status', () =>
    timed('languageStatus', async () => {
      await openFile(s.page, 'bench.iobench.yaml', 'directory_structure');
      const langStatus = s.page.locator('#status\\.languageStatus');
      await langStatus.waitFor({ timeout: 30_000 });
      await langStatus.click();
      await s.page
        .locator('.hover-language-status', { hasText: '537 TB · 64M files · 4 agents' })
        .waitFor({ timeout: 30_000 });
      await s.shot('02-language-status');
      await s.page.keyboard.press('Escape');
      const m = /activated in (\d+) ms/.exec(s.extensionLog());
      assert.ok(m, 'the extension logs its activation time');
      assert.ok(Number(m[1]) < 1000, `activation took ${m[1]} ms`);
      s.times.activate = `${m[1]}ms`;
    }));

  it('shows the estimate figures as inlay hints', () =>
    timed('inlayHints', async () => {
      await editor().locator('.view-lines', { hasText: '331,776' }).waitFor({ timeout: 30_000 });
      await editor().locator('.view-lines', { hasText: '64,032,768' }).waitFor({ timeout: 10_000 });
      // The whole depth hint is visible: VS Code cuts hints at 43 characters unless the extension's
      // configurationDefaults raise editor.inlayHints.maximumLength for YAML.
      await editor()
        .locator('.view-line', { hasText: '537 TB · tree ≈ 69 s' })
        .first()
        .waitFor({ timeout: 10_000 });
      await s.shot('03-inlay-hints');
    }));

  it('shows Pre-flight and Run CodeLenses', () =>
    timed('codeLens', async () => {
      for (const title of ['Pre-flight', 'Run SIMPLE', 'Run MEDIUM', 'Run FULL']) {
        await editor()
          .locator('.codelens-decoration', { hasText: title })
          .first()
          .waitFor({ timeout: 30_000 });
      }
      await s.shot('04-codelens');
    }));

  it('shows the per-depth table when hovering depth', () =>
    timed('hover', async () => {
      const line = editor().locator('.view-line', { hasText: 'depth: 4' }).first();
      await line.waitFor({ timeout: 10_000 });
      await line.getByText('depth', { exact: true }).first().hover();
      const hover = s.page.locator('.monaco-hover table', { hasText: '331,776' });
      await hover.waitFor({ timeout: 20_000 });
      await hoverSettled(s.page);
      await s.shot('05-hover-depth');
      await s.page.keyboard.press('Escape');
    }));

  it('Show Estimate opens a table per depth and per agent', () =>
    timed('showEstimate', async () => {
      await editor().click({ position: { x: 200, y: 30 } });
      await runCommand(s.page, 'iobench: Show Estimate');
      const frame = s.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await frame.locator('table caption', { hasText: 'Per depth' }).waitFor({ timeout: 30_000 });
      await frame.locator('table.levels tbody tr', { hasText: '331,776' }).waitFor({ timeout: 10_000 });
      await frame.locator('table.agents tbody th', { hasText: 'agent-4' }).waitFor({ timeout: 10_000 });
      await frame.locator('table.agents tbody tr', { hasText: 'All agents' }).waitFor({ timeout: 10_000 });
      // Room for all seven columns in the screenshot: hide the side bar meanwhile.
      await runCommand(s.page, 'View: Toggle Primary Side Bar Visibility');
      await s.page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 10_000 });
      await frame.locator('table.levels').waitFor({ timeout: 10_000 });
      await s.shot('06-show-estimate');
      await runCommand(s.page, 'View: Toggle Primary Side Bar Visibility');
      await s.page.locator('.part.sidebar').waitFor({ state: 'visible', timeout: 10_000 });
    }));

  it('Generate Ladder Files writes SIMPLE, MEDIUM and FULL with the right depths and counts', () =>
    timed('ladder', async () => {
      await openFile(s.page, 'bench.iobench.yaml', 'directory_structure');
      await runCommand(s.page, 'iobench: Generate Ladder Files');
      const expected = [
        { name: 'SIMPLE', depth: 2, count: 24 ** 2 * 193 },
        { name: 'MEDIUM', depth: 3, count: 24 ** 3 * 193 },
        { name: 'FULL', depth: 4, count: 24 ** 4 * 193 },
      ];
      for (const e of expected) {
        await s.page
          .locator('.tabs-container .tab', { hasText: `bench.iobench.${e.name}.yaml` })
          .waitFor({ timeout: 20_000 });
      }
      await s.page
        .locator('.notification-toast.notification-fade-in-done', { hasText: 'iobench: wrote' })
        .waitFor({ timeout: 20_000 });
      await s.shot('07-ladder-files');
      for (const e of expected) {
        const file = join(s.workspace, `bench.iobench.${e.name}.yaml`);
        assert.ok(existsSync(file), `${file} exists`);
        const cfg = parse(readFileSync(file, 'utf8'));
        assert.equal(cfg.prepare.directory_structure.depth, e.depth, `${e.name} depth`);
        assert.equal(cfg.prepare.ensure_objects[0].count, e.count, `${e.name} count`);
      }
    }));

  it('marks a wrong count and fixes it with the quick fix', () =>
    timed('quickFix', async () => {
      await openFile(s.page, 'broken.iobench.yaml', 'count: 150');
      const squiggle = editor().locator('.squiggly-error, .squiggly-warning').first();
      await squiggle.waitFor({ timeout: 30_000 });
      await s.page.locator('#status\\.problems', { hasText: /[1-9]/ }).waitFor({ timeout: 10_000 });
      await editor()
        .locator('.view-line', { hasText: 'count: 150' })
        .getByText('150', { exact: true })
        .click();
      await s.page.keyboard.press('Control+.');
      const fix = s.page.locator('.action-widget .monaco-list-row', { hasText: '160' }).first();
      await fix.waitFor({ timeout: 15_000 });
      await s.shot('08-quick-fix');
      await s.page.keyboard.press('Enter'); // the preferred fix is focused
      await editor().locator('.view-line', { hasText: 'count: 160' }).waitFor({ timeout: 10_000 });
      await editor()
        .locator('.squiggly-error, .squiggly-warning')
        .first()
        .waitFor({ state: 'detached', timeout: 20_000 });
      await s.shot('09-quick-fix-applied');
    }));

  it('Validate Workspace reports configs that are not open in Problems', () =>
    timed('validateWorkspace', async () => {
      await runCommand(s.page, 'iobench: Validate Workspace');
      await s.page
        .locator('.notification-toast.notification-fade-in-done', {
          hasText: /iobench: validated \d+ configs/,
        })
        .waitFor({ timeout: 20_000 });
      const row = s.page.locator('.markers-panel .monaco-list-row', { hasText: 'typo.iobench.yaml' });
      await row.waitFor({ timeout: 15_000 });
      await s.page
        .locator('.markers-panel .monaco-list-row', { hasText: "did you mean 'width'" })
        .waitFor({ timeout: 15_000 });
      await s.shot('11-validate-workspace');
    }));
});

// A config that names no agents: runs use `iobench.run.localAgents` local agents. SIMPLE (depth 2) makes
// 10 × 10 leaf dirs × 50 files = 5,000 files per agent, so prepare reports progress for a second or two, then
// 6 s of execute give LiveStats lines.
const LOCAL_RUN = `duration: 6s
concurrency: 4
prepare:
  prepare_strategy: parallel
  directory_structure:
    width: 10
    depth: 4
    files_per_dir: 50
    distribution: bottom
    dir_mask: "d%d_w%d.dir"
  ensure_objects:
    - base_uri: "file:///tmp/iobench-e2e-run/"
      count: 500000
      fill: zero
      size_distribution:
        type: uniform
        min: 2KiB
        max: 4KiB
  cleanup: true
target: "file:///tmp/iobench-e2e-run/"
workload:
  - op: get
    path: "*"
    weight: 80
  - op: stat
    path: "*"
    weight: 20
`;

describe('runs from the editor', { skip: missing, timeout: 420_000 }, () => {
  let s: Session;
  const t0 = Date.now();
  const editor = () => s.page.locator('.editor-group-container.active .monaco-editor').first();
  const status = (text: string | RegExp) =>
    s.page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: text });
  const toast = (text: string | RegExp) =>
    s.page.locator('.notification-toast.notification-fade-in-done', { hasText: text });
  const timed = async (name: string, fn: () => Promise<void>) => {
    const t = Date.now();
    try {
      await fn();
    } catch (e) {
      await s.shot(`fail-runs-${name}`).catch(() => undefined);
      throw e;
    } finally {
      s.times[name] = `${((Date.now() - t) / 1000).toFixed(1)}s`;
    }
  };
  const runFolders = () => {
    const base = join(s.workspace, 'iobench-results');
    return existsSync(base)
      ? readdirSync(base)
          .sort()
          .map((d) => join(base, d))
      : [];
  };
  const clickRunSimple = async (file = 'run.iobench.yaml') => {
    await openFile(s.page, file, 'directory_structure');
    await editor()
      .locator('.codelens-decoration', { hasText: 'Run SIMPLE' })
      .first()
      .waitFor({ timeout: 30_000 });
    await editor().locator('.codelens-decoration a', { hasText: 'Run SIMPLE' }).first().click();
  };
  before(async () => {
    assert.ok(existsSync(VSIX), 'the .vsix built by the first suite');
    s = await startSession({
      vsix: VSIX,
      // the reload test's run must outlive a reload (the workbench and extension host take ~10–20 s to return)
      files: {
        'run.iobench.yaml': LOCAL_RUN,
        'long.iobench.yaml': LOCAL_RUN.replace('duration: 6s', 'duration: 40s'),
        // SIMPLE alone (depth 4 of 6) is 16 million files: the run asks first (and the tree stays within
        // docs/config-limits.md: 754 million folders, 14.6 billion files)
        'huge.iobench.yaml': LOCAL_RUN.replace('depth: 4', 'depth: 6')
          .replace('width: 10', 'width: 30')
          .replace('files_per_dir: 50', 'files_per_dir: 20')
          .replace('count: 500000', 'count: 14580000000'),
        // an agent nobody listens on: pre-flight marks its address line
        'remote.iobench.yaml': `${LOCAL_RUN}distributed:\n  shared_filesystem: false\n  tree_creation_mode: isolated\n  path_selection: random\n  agents:\n    - address: "127.0.0.1:9"\n`,
      },
      settings: { 'iobench.run.localAgents': 2 },
      label: 'runs',
    });
    await openFile(s.page, 'run.iobench.yaml', 'directory_structure');
    await editor()
      .locator('.codelens-decoration', { hasText: 'Run SIMPLE' })
      .first()
      .waitFor({ timeout: 30_000 });
  });
  after(async () => {
    await s?.close();
    if (s)
      console.log(
        `e2e runs timings: ${JSON.stringify({ ...s.times, total: `${((Date.now() - t0) / 1000).toFixed(1)}s` })}`,
      );
  });

  it('Pre-flight on local agents: a cancellable progress notification, then the outcome', () =>
    timed('preflight', async () => {
      await editor().locator('.codelens-decoration a', { hasText: 'Pre-flight' }).first().click();
      await toast(/iobench: pre-flight passed on 2 agents/).waitFor({ timeout: 60_000 });
      await s.shot('25-preflight-passed');
      assert.match(s.extensionLog(), /agent-1 \(127\.0\.0\.1:\d+\) calibration: Measured.*\d+ mkdir\/s/);
      await s.page.keyboard.press('Escape');
    }));

  it('Pre-flight marks an unreachable agent on its address line', () =>
    timed('preflightDiagnostics', async () => {
      await openFile(s.page, 'remote.iobench.yaml', 'directory_structure');
      await editor().locator('.codelens-decoration a', { hasText: 'Pre-flight' }).first().click();
      const msg = toast(/pre-flight: 1 agent unreachable .*marked in the config/);
      await msg.waitFor({ timeout: 60_000 });
      await msg.locator('a.monaco-button', { hasText: 'Show Problems' }).click();
      const row = s.page
        .locator('.markers-panel .monaco-list-row', { hasText: /pre-flight agent-1 \(127\.0\.0\.1:9\)/ })
        .first();
      await row.waitFor({ timeout: 15_000 });
      await row.click(); // reveals the agent's address line in the editor
      await editor()
        .locator('.view-line', { hasText: 'address: "127.0.0.1:9"' })
        .waitFor({ timeout: 10_000 });
      await editor().locator('.squiggly-error').first().waitFor({ timeout: 10_000 });
      await s.shot('26-preflight-diagnostics');
      await openFile(s.page, 'run.iobench.yaml', 'directory_structure');
    }));

  it('Run SIMPLE on local agents: live status, progress and LiveStats, results, the MEDIUM offer', () =>
    timed('runSimple', async () => {
      await clickRunSimple();
      // The status bar shows the stage with a figure while the run is live.
      await status(/iobench SIMPLE · (prepare|execute) \d+%/)
        .first()
        .waitFor({ timeout: 60_000 });
      // The output panel (revealed without taking focus) shows LiveStats lines with percentiles.
      const output = s.page.locator('.part.panel .monaco-editor .view-lines');
      await output
        .filter({ hasText: /p95\s.*p99\s/ })
        .first()
        .waitFor({ timeout: 60_000 });
      // a stage percentage and a throughput figure
      await status(/iobench SIMPLE · execute \d+% · [\d.,]+ (MiB|GiB|KiB)\/s/)
        .first()
        .waitFor({ timeout: 30_000 });
      await s.shot('20-run-live');
      // Finished: the outcome in the status bar, summary.json ok, and the ladder offer with MEDIUM's prediction.
      await status(/iobench SIMPLE done/)
        .first()
        .waitFor({ timeout: 90_000 });
      const offer = toast(/MEDIUM: [\d,]+ dirs · [\d,]+ files · .* prepare ≈ /);
      await offer.waitFor({ timeout: 30_000 });
      await s.shot('21-run-finished');
      await s.shot('22-ladder-offer');
      const [dir] = runFolders();
      assert.ok(dir, 'a run folder under iobench-results/');
      const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
      assert.equal(summary.ok, true, 'summary.json ok: true');
      const log = s.extensionLog();
      assert.match(log, /prepare · prepare: [\d,]+ \/ [\d,]+ \(\d+%\)/, 'prepare progress in the output');
      assert.match(
        log,
        /\[execute \d+s\] GET [\d,]+ ops\/s.*p95 .*p99 .*agents reporting/,
        'LiveStats lines',
      );
      assert.match(log, /prediction for MEDIUM/);
      await offer.locator('a.monaco-button', { hasText: 'Stop here' }).click();
      await offer.waitFor({ state: 'detached', timeout: 10_000 });
    }));

  it('aborts a second run from the status bar', () =>
    timed('abort', async () => {
      await clickRunSimple();
      await status(/iobench SIMPLE · execute \d+%/)
        .first()
        .waitFor({ timeout: 60_000 });
      await status('Abort').first().click();
      await status(/iobench SIMPLE aborted/)
        .first()
        .waitFor({ timeout: 60_000 });
      const dir = runFolders()[1];
      assert.ok(dir, 'the second run folder');
      const events = readFileSync(join(dir, 'events.ndjson'), 'utf8');
      assert.match(events, /"event":"aborted"/);
      // summary.json is written before the `completed` event the status bar waited for
      const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
      assert.equal(summary.ok, false, 'an aborted run is not ok');
      await s.shot('23-run-aborted');
    }));

  it('Open Results opens the last run summary; Start/Stop Local Agents start and stop agents', () =>
    timed('results-agents', async () => {
      await runCommand(s.page, 'iobench: Open Results');
      await s.page.locator('.tabs-container .tab', { hasText: 'summary.json' }).waitFor({ timeout: 20_000 });
      // and its folder is revealed (selected) in the explorer
      const folder = runFolders()[1].split('/').pop()!;
      await s.page
        .locator('.explorer-folders-view .monaco-list-row.selected', { hasText: folder })
        .waitFor({ timeout: 20_000 });
      await runCommand(s.page, 'iobench: Start Local Agents');
      await toast(/iobench: local agents running on 127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+/).waitFor({
        timeout: 30_000,
      });
      await runCommand(s.page, 'iobench: Stop Local Agents');
      await toast('iobench: stopped 2 local agents').waitFor({ timeout: 30_000 });
    }));

  it('asks before a large run, with its figures, and starts nothing when declined', () =>
    timed('largeRun', async () => {
      const before = runFolders().length;
      await clickRunSimple('huge.iobench.yaml');
      const dialog = s.page.locator('.monaco-dialog-box', {
        hasText: /This run creates [\d,]+ files · [\d,]+ dirs · .* prepare ≈ .* on 2 local agents/,
      });
      await dialog.waitFor({ timeout: 30_000 });
      await s.shot('27-large-run-question');
      await dialog.locator('a.monaco-button', { hasText: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached', timeout: 10_000 });
      assert.equal(runFolders().length, before, 'no run started');
    }));

  it('finds a running run again after a window reload and follows it to the end', () =>
    timed('reload', async () => {
      await clickRunSimple('long.iobench.yaml');
      await status(/iobench SIMPLE · (prepare|execute)/)
        .first()
        .waitFor({ timeout: 60_000 });
      const dir = runFolders()[2];
      assert.ok(dir, 'the third run folder');
      await s.page.reload();
      await s.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      // Found again: the status bar comes back live (before the run ends), then shows its end.
      await status(/iobench SIMPLE · (prepare|execute|pre-flight|starting)/)
        .first()
        .waitFor({ timeout: 60_000 });
      await s.shot('24-run-reattached');
      await status(/iobench SIMPLE done/)
        .first()
        .waitFor({ timeout: 90_000 });
      assert.match(s.extensionLog(), /re-attaching to the SIMPLE run in .*\(pid \d+\)/);
      const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
      assert.equal(summary.ok, true);
    }));
});

describe('iobench studio in Restricted Mode', { skip: missing, timeout: 120_000 }, () => {
  let s: Session;

  before(async () => {
    assert.ok(existsSync(VSIX), 'the .vsix built by the first suite');
    s = await startSession({
      vsix: VSIX,
      files: { 'bench.iobench.yaml': FOUR_HOST },
      trusted: false,
      label: 'restricted',
    });
  });
  after(async () => {
    await s?.close();
    if (s) console.log(`e2e restricted-mode timings: ${JSON.stringify(s.times)}`);
  });

  it('keeps authoring working and explains why runs are disabled', async () => {
    const editor = s.page.locator('.editor-group-container.active .monaco-editor').first();
    await openFile(s.page, 'bench.iobench.yaml', 'directory_structure');
    await s.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ timeout: 30_000 });
    await editor.locator('.view-lines', { hasText: '331,776' }).waitFor({ timeout: 30_000 });
    // The palette offers authoring commands but not the ones that run something.
    await s.page.keyboard.press('F1');
    const input = s.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill('>iobench: ');
    const rows = s.page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'iobench: Show Estimate' }).first().waitFor({ timeout: 15_000 });
    assert.equal(await rows.filter({ hasText: 'iobench: Pre-flight' }).count(), 0, 'Pre-flight hidden');
    assert.equal(await rows.filter({ hasText: /iobench: Run$/ }).count(), 0, 'Run hidden');
    await s.page.keyboard.press('Escape');
    // The server's lens is still there; clicking it explains instead of running.
    await editor.locator('.codelens-decoration a', { hasText: 'Pre-flight' }).first().click();
    await s.page
      .locator('.notification-toast.notification-fade-in-done', { hasText: 'disabled in Restricted Mode' })
      .waitFor({ timeout: 15_000 });
    await s.shot('12-restricted-mode');
  });
});
