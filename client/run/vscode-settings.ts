// `iobench.run.*` read from VS Code for one resource (the config), mapped by run-settings.ts.
import * as vscode from 'vscode';
import { SECTION } from '../settings-map';
import { mapRunSettings, type RunSettings } from './run-settings';

export function readRunSettings(scope: vscode.Uri): RunSettings {
  const cfg = vscode.workspace.getConfiguration(SECTION, scope);
  return mapRunSettings((key) => {
    const i = cfg.inspect(key);
    return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue ?? undefined;
  });
}
