// The typed iobench settings, read from VS Code (the mapping itself lives in settings-map.ts, VS-Code-free).
import * as vscode from 'vscode';
import { mapSettings, restartNeeded, SECTION, type IobenchSettings } from './settings-map';

export function readSettings(scope?: vscode.ConfigurationScope | null): IobenchSettings {
  const cfg = vscode.workspace.getConfiguration(SECTION, scope ?? null);
  return mapSettings((key) => {
    const i = cfg.inspect(key);
    // Only values someone set count; the contributed defaults are mirrored in settings-map.ts.
    return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue ?? undefined;
  });
}

/** Calls `onRestartNeeded(keys)` when a setting the server reads once changes, `onChange` for any iobench change. */
export function watchSettings(
  onChange: () => void,
  onRestartNeeded: (keys: string[]) => void,
): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(SECTION)) return;
    onChange();
    const keys = restartNeeded((s) => e.affectsConfiguration(s));
    if (keys.length) onRestartNeeded(keys);
  });
}
