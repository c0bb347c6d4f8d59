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
  { ignores: ['dist/', 'libs/*/dist/', 'coverage/', 'bench/results/', '**/node_modules/'] },
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
    // The dashboard (React, its own tsconfig): the same promise rules over its .ts and .tsx files.
    files: ['apps/dashboard/**/*.tsx'],
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
    // Apps declare bus handlers on controllers and call other services through BusClients, so the
    // transport (acks, retries, dead letters, Nest's pipes and interceptors) is the only way in.
    files: ['apps/*/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(onEvent|onCommand)$/]',
          message: 'Declare a bus handler on a controller: @EventPattern(Contract.type, { lane }) with @Payload() and @Ctx().',
        },
        {
          selector: "CallExpression[callee.property.name='handle'][callee.object.property.name='rpc']",
          message: 'Declare an RPC handler on a controller: @MessagePattern(Contract.type).',
        },
        {
          selector: "CallExpression[callee.property.name='call'][callee.object.property.name='rpc'][callee.object.object.type!='ThisExpression']",
          message: "Call another service through its BusClient: BusClientsModule.register('billing'), then @InjectBusClient('billing').",
        },
      ],
    },
  },
  {
    // Configuration files run by Node as CommonJS (jest.config.js) or ESM (this file).
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
