// Real VS Code for the end-to-end test: code-server 4.100.3 (VS Code 1.100.3) from .cache/code-server,
// Debian's Chromium driven by playwright-core, a fresh profile per run. Follows
// /work/shared/recipes/vscode-e2e (isolated HOME/XDG/TMPDIR, --auth none on a free loopback port).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { get } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(__dirname, '..', '..');
export const CODE_SERVER =
  process.env.CODE_SERVER ?? join(ROOT, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-results', 'e2e');

/** Why the e2e test cannot run here, or undefined. */
export function missingPrerequisites(): string | undefined {
  const missing: string[] = [];
  if (!existsSync(CODE_SERVER))
    missing.push(`code-server (${CODE_SERVER}; run: bash scripts/setup-code-server.sh)`);
  if (!existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM}; run: apt-get install -y chromium)`);
  return missing.length ? `e2e prerequisites missing: ${missing.join('; ')}` : undefined;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}

function status(url: string): Promise<number> {
  return new Promise((res) => {
    const req = get(url, (r) => {
      r.resume();
      res(r.statusCode ?? 0);
    });
    req.on('error', () => res(0));
    req.setTimeout(2000, () => {
      req.destroy();
      res(0);
    });
  });
}

async function waitHttp(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if ((await status(url)) === 200) return;
    await new Promise((r) => setTimeout(r, 200)); // polling a port, not waiting on the UI
  }
  throw new Error(`timeout waiting for ${url}`);
}

export interface Session {
  page: Page;
  workspace: string;
  /** The extension's "iobench" log channel as written so far. */
  extensionLog(): string;
  times: Record<string, string>;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface SessionOptions {
  vsix: string;
  files: Record<string, string>;
  settings?: Record<string, unknown>;
  /** false: workspace trust on and the folder left untrusted, i.e. Restricted Mode. Default true. */
  trusted?: boolean;
  /** Names this session's log artifacts. */
  label?: string;
}

export async function startSession(opts: SessionOptions): Promise<Session> {
  const trusted = opts.trusted ?? true;
  const times: Record<string, string> = {};
  const mark = (k: string, since: number) => (times[k] = `${((Date.now() - since) / 1000).toFixed(1)}s`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const runBase = join(ROOT, '.cache', 'e2e-run');
  mkdirSync(runBase, { recursive: true });
  const tmp = mkdtempSync(join(runBase, 'run-'));
  const home = join(tmp, 'home');
  const userData = join(tmp, 'user-data');
  const extDir = join(tmp, 'extensions');
  const workspace = join(tmp, 'workspace');
  const chromeProfile = join(tmp, 'chrome-profile');
  const tmpdir = join(tmp, 't');
  for (const d of [home, join(userData, 'User'), extDir, workspace, chromeProfile, tmpdir])
    mkdirSync(d, { recursive: true });
  for (const [name, text] of Object.entries(opts.files)) {
    mkdirSync(dirname(join(workspace, name)), { recursive: true });
    writeFileSync(join(workspace, name), text);
  }
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': !trusted,
        // Untrusted runs: no start-up modal, the folder simply opens in Restricted Mode.
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.untrustedFiles': 'open',
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'git.enabled': false,
        'chat.disableAIFeatures': true,
        'editor.inlayHints.enabled': 'on',
        'editor.minimap.enabled': false,
        'workbench.colorTheme': 'Default Dark Modern',
        ...opts.settings,
      },
      null,
      2,
    ),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    TMPDIR: tmpdir, // the extension host puts its vscode-ipc-*.sock in os.tmpdir()
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.IOBENCH_TEST;
  const common = ['--user-data-dir', userData, '--extensions-dir', extDir];

  let t = Date.now();
  execFileSync(CODE_SERVER, [...common, '--install-extension', opts.vsix, '--force'], { env, stdio: 'pipe' });
  mark('installExtension', t);

  const port = await freePort();
  t = Date.now();
  const cs: ChildProcess = spawn(
    CODE_SERVER,
    [
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(trusted ? ['--disable-workspace-trust'] : []),
      '--disable-getting-started-override',
      '--ignore-last-opened',
      workspace,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const csLog = createWriteStream(join(ARTIFACTS, `code-server-${opts.label ?? 'main'}.log`));
  cs.stdout?.pipe(csLog);
  cs.stderr?.pipe(csLog);
  let browser: BrowserContext | undefined;
  const close = async () => {
    if (browser) await browser.close().catch(() => undefined);
    if (cs.pid) {
      try {
        process.kill(-cs.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    await new Promise<void>((r) => (cs.exitCode !== null ? r() : cs.once('exit', () => r())));
    // Keep the extension host's logs (the iobench output channel) as an artifact.
    try {
      execFileSync('cp', [
        '-r',
        join(userData, 'logs'),
        join(ARTIFACTS, `vscode-logs-${opts.label ?? 'main'}`),
      ]);
    } catch {
      /* no logs */
    }
    if (!process.env.KEEP_RUN) rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await waitHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    mark('codeServerReady', t);
    t = Date.now();
    browser = await chromium.launchPersistentContext(chromeProfile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 860 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    mark('workbenchReady', t);
    return {
      page,
      workspace,
      extensionLog: () => readExtensionLog(join(userData, 'logs')),
      times,
      shot: async (name) => {
        await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

function readExtensionLog(logs: string): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'iobench.log') out.push(readFileSync(p, 'utf8'));
    }
  };
  if (existsSync(logs)) walk(logs);
  return out.join('\n');
}

/** Runs a command from the palette (F1) by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

/** Opens a workspace file from the explorer and waits until its text is in the editor. */
export async function openFile(page: Page, name: string, textInEditor: string): Promise<void> {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click();
  await page
    .locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: textInEditor })
    .waitFor({ timeout: 30_000 });
}

/** Waits until the editor hover is fully faded in (VS Code animates its opacity), so screenshots are crisp. */
export async function hoverSettled(page: Page): Promise<void> {
  // A string expression: it runs in the page (tsconfig has no DOM lib for test code).
  await page.waitForFunction(
    `(() => {
      const h = document.querySelector('.monaco-hover:not(.hidden)');
      return !!h && getComputedStyle(h).opacity === '1' && getComputedStyle(h.parentElement || h).opacity === '1';
    })()`,
    undefined,
    { timeout: 10_000 },
  );
}
