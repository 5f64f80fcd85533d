// Is a document an iobench config? The same answer the server gives: core/detect.ts with the user's globs.
import * as vscode from 'vscode';
import { isIobenchConfig } from '../core/detect';
import { readSettings } from './settings';

export function isConfigDocument(doc: vscode.TextDocument | undefined): boolean {
  if (!doc || doc.languageId !== 'yaml') return false;
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return false;
  return isIobenchConfig(doc.uri.toString(), doc.getText(), readSettings(doc.uri).files);
}
