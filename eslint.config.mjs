// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import globals from 'globals';

/** Node built-ins, with and without the `node:` prefix. */
const nodeBuiltins = builtinModules.flatMap((name) => [name, `node:${name}`]);

export default tseslint.config(
  { ignores: ['**/out/**', 'out-test/**', 'node_modules/**', '.tmp/**', 'dist/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
    },
  },
  {
    // The report service is pure: no editor, no protocol connection, no file system or process.
    // Everything it needs is handed to it (see server/src/service/index.ts).
    files: ['server/src/service/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'The report service must not depend on VS Code.' },
            { name: 'vscode-languageserver', message: 'The report service must not depend on the LSP connection; use vscode-languageserver-types.' },
            { name: 'vscode-languageserver/node', message: 'The report service must not depend on the LSP connection.' },
            ...nodeBuiltins.map((name) => ({ name, message: 'The report service must not use Node built-ins; take what it needs as a parameter.' })),
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
