// Lint: TypeScript and Vue rules, plus the architecture's import rules (which folder may import what).
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import { builtinModules } from 'node:module';
import { layerImportsRule } from './tools/lint/layer-imports.js';

// The import rules resolve relative paths against the repository, so they hold at any folder depth.
const layerImports = layerImportsRule({ root: import.meta.dirname, aliases: { '@shared': 'shared' } });
const bare = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '')))];
const electronModule = { name: 'electron', message: "Only electron/main and electron/preload may import 'electron' (importing it in Node starts a binary download)." };
const noBuiltins = [...bare, ...bare.map((m) => `node:${m}`)].map((name) => ({ name, message: 'This folder runs in the browser or in both processes: no Node built-ins.' }));
const folder = (path, message) => ({ path, message });
const kuaifan = { rules: { 'layer-imports': layerImports } };
const layers = (rule) => ({ plugins: { kuaifan }, rules: { 'kuaifan/layer-imports': ['error', rule] } });
const hostAndCli = [
  folder('renderer', 'The host never imports the renderer.'),
  folder('electron/main', 'The host and CLI never import the Electron shell.'),
  folder('electron/preload', 'The host and CLI never import the preload.'),
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'docs/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    ...layers({
      folders: [folder('electron', 'shared/ may not import from electron/.'), folder('renderer', 'shared/ may not import from renderer/.')],
      modules: [electronModule, ...noBuiltins],
    }),
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'window', message: 'shared/ has no DOM.' }, { name: 'document', message: 'shared/ has no DOM.' }, { name: 'process', message: 'shared/ runs in the browser too.' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    ...layers({
      folders: [folder('electron', 'The renderer talks to the host through the contract only, never electron/.')],
      modules: [electronModule, ...noBuiltins],
    }),
  },
  {
    files: ['electron/host/**/*.ts'],
    ignores: ['electron/host/**/*.test.ts'],
    ...layers({
      folders: [...hostAndCli, folder('electron/cli', 'The host never imports the CLI (the CLI drives the host).')],
      modules: [electronModule],
    }),
  },
  {
    // The CLI's own tests, and host tests that check what a CLI command does to a running host, may call the CLI.
    files: ['electron/cli/**/*.ts', 'electron/host/**/*.test.ts'],
    ...layers({ folders: hostAndCli, modules: [electronModule] }),
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    ...layers({ folders: [folder('renderer', 'The shell loads the renderer by URL, never imports it.'), folder('electron/cli', 'The shell does not use the CLI.')] }),
  },
);
