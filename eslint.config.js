// Lint rules: typescript-eslint's recommended type-aware set, run by `npm test`, and the layering of
// docs/decisions.md §9 (domain code never imports HTTP, views or Fastify).
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Domain folders under src/: services, repositories and entities, which never see a request or a page. */
const DOMAIN_FOLDERS = ['accounts', 'apps', 'callbacks', 'dashboard', 'developers', 'faults', 'graph', 'media', 'oauth', 'ratelimit', 'requestlog', 'world', 'snapshot', 'storage', 'health', 'metrics', 'overview'];
/** Top-level src files that are not domain code: the Fastify app and the process entry point. */
const HTTP_ENTRY_FILES = ['src/app.ts', 'src/main.ts'];
const LAYERING = 'Domain code never imports HTTP, views or Fastify: a handler maps requests to services (docs/decisions.md §9).';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.igloo/', '.bench/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['bin/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // node:test's describe/it return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', name: ['it', 'test', 'describe', 'suite'], package: 'node:test' }] }],
    },
  },
  {
    files: [...DOMAIN_FOLDERS.map((folder) => `src/${folder}/**/*.ts`), 'src/*.ts'],
    ignores: HTTP_ENTRY_FILES,
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver()] },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [{ target: './src', from: ['./src/http', './src/views'], message: LAYERING }] }],
      'no-restricted-imports': ['error', { paths: [{ name: 'fastify', message: LAYERING }], patterns: [{ group: ['@fastify/*'], message: LAYERING }] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { process: 'readonly', console: 'readonly' } },
  },
);
