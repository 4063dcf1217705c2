// ESLint with typed rules, plus the import boundaries that keep each runtime in its home and the
// import direction between the source folders (docs/architecture.md, "Runtimes and their homes").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = {
  group: ['node:*'],
  message: 'Browser and shared code must not import Node built-ins.',
};
const noVscode = {
  name: 'vscode',
  message: 'Only src/extension and test/integration may import vscode.',
};
const noOrt = {
  name: 'onnxruntime-node',
  message: 'Only src/core/backend/ort.ts imports onnxruntime-node.',
};

/**
 * The import direction between the source folders (docs/architecture.md): a relative import that
 * climbs into one of `folders` from a file of `from`.
 */
function noImportOf(folders, from, why) {
  return {
    regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`,
    message: `${from} must not import src/{${folders.join(',')}}: ${why}`,
  };
}
const layers = {
  core: noImportOf(
    ['worker', 'cli', 'extension', 'webview'],
    'src/core',
    'core is the plain library every runtime uses; the CLI wires the worker in (EngineHost).',
  ),
  worker: noImportOf(
    ['cli', 'extension', 'webview'],
    'src/worker',
    'the worker hosts core engines and speaks shared/ protocols only.',
  ),
  cli: noImportOf(['extension', 'webview'], 'src/cli', 'the CLI runs without VS Code.'),
  extension: noImportOf(
    ['webview', 'worker'],
    'src/extension',
    'webviews talk through shared/ protocols; inference runs in the CLI child process.',
  ),
  shared: noImportOf(
    ['core', 'worker', 'cli', 'extension', 'webview'],
    'src/shared',
    'shared holds pure types, protocols and validators every side can import.',
  ),
  webview: noImportOf(
    ['core', 'worker', 'cli', 'extension'],
    'src/webview',
    'browser code sees the host only through shared/ protocols.',
  ),
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      '.venv/**',
      '.cache/**',
      '.vscode-test/**',
      'python/**',
      'test/fixtures/**',
      'test-artifacts/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { paths: [noVscode, noOrt] }],
    },
  },
  // Later blocks replace the rule's options for their files, so each lists everything it forbids.
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode, noOrt], patterns: [layers.core] }],
    },
  },
  {
    files: ['src/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode, noOrt], patterns: [layers.worker] }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode, noOrt], patterns: [layers.cli] }],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noOrt], patterns: [layers.extension] }] },
  },
  {
    files: ['test/integration/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noOrt] }] },
  },
  {
    files: ['src/core/backend/ort.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [layers.core] }] },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode, noOrt, 'sharp', 'fs', 'path', 'child_process'],
          patterns: [nodeBuiltins, layers.shared],
        },
      ],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode, noOrt, 'sharp', 'fs', 'path', 'child_process'],
          patterns: [nodeBuiltins, layers.webview],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
