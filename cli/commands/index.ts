// Every subcommand lives in its own file (DESIGN.md: a feature is a file) and registers itself here.
import type { Command } from 'commander';
import * as validate from './validate';
import * as estimate from './estimate';
import * as tree from './tree';
import * as ladder from './ladder';
import * as lsp from './lsp';
import * as agent from './agent';
import * as preflight from './preflight';
import * as run from './run';
import * as attach from './attach';
import * as compare from './compare';
import * as deploy from './deploy';

export function registerCommands(program: Command): void {
  for (const c of [validate, estimate, tree, ladder, lsp, agent, preflight, run, attach, compare, deploy])
    c.register(program);
}
