// @ts-check
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const deepLibImport = {
  group: ['@zagel/*/**'],
  message: 'Import a lib through its public entry, @zagel/<lib>: its insides may change.',
};
const appImport = {
  group: ['apps/**', '**/apps/**'],
  message: 'A lib never imports an app: move the shared code into a lib.',
};

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'bench/results/', '**/node_modules/'] },
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [deepLibImport] }],
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [deepLibImport, appImport] }] },
  },
  {
    // Configuration files run by Node as CommonJS (jest.config.js) or ESM (this file).
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
