// Lint rules, including the layer boundaries of DESIGN.md: each folder may import only the folders below it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, forbidden, extra = []) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...forbidden.map((dir) => ({
            group: [`**/${dir}`, `**/${dir}/**`, `../${dir}/*`, `../../${dir}/*`],
            message: `DESIGN.md layers: this folder may not import ${dir}/.`,
          })),
          ...extra,
        ],
      },
    ],
  },
});
const io = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'net',
  'node:net',
  'child_process',
  'node:child_process',
  'http',
  'http2',
  'node:http',
  'node:http2',
  '@grpc/grpc-js',
  'worker_threads',
  'node:worker_threads',
].map((m) => ({
  group: [m],
  message: 'core/ does no I/O (DESIGN.md).',
}));
const vscodeOnlyInClient = { group: ['vscode'], message: '`vscode` is imported only in client/.' };
const lspOnlyInServer = {
  group: ['vscode-languageserver', 'vscode-languageserver/*'],
  message: 'vscode-languageserver only in server/.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.cache/**',
      'test-results/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  layer(
    ['core/**/*.ts'],
    ['server', 'controller', 'agent', 'client', 'cli'],
    [...io, vscodeOnlyInClient, lspOnlyInServer],
  ),
  layer(['server/**/*.ts'], ['controller', 'agent', 'client', 'cli'], [vscodeOnlyInClient]),
  layer(['controller/**/*.ts'], ['server', 'agent', 'client', 'cli'], [vscodeOnlyInClient, lspOnlyInServer]),
  layer(['agent/**/*.ts'], ['server', 'controller', 'client', 'cli'], [vscodeOnlyInClient, lspOnlyInServer]),
  layer(['client/**/*.ts'], ['server', 'agent', 'cli'], [lspOnlyInServer]),
  layer(['cli/**/*.ts'], ['client'], [vscodeOnlyInClient]),
);
