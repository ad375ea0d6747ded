// Lint: TypeScript and Vue rules, plus the architecture's import rules (which folder may import what).
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const electronModule = { name: 'electron', message: "Only electron/main and electron/preload may import 'electron' (importing it in Node starts a binary download)." };
const noBuiltins = nodeBuiltins.map((name) => ({ name, message: 'This folder runs in the browser or in both processes: no Node built-ins.' }));
const upward = (folder, why) => ({ group: [`**/${folder}/**`, `**/${folder}`], message: why });

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
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronModule, ...noBuiltins],
        patterns: [upward('electron', 'shared/ may not import from electron/.'), upward('renderer', 'shared/ may not import from renderer/.')],
      }],
      'no-restricted-globals': ['error', { name: 'window', message: 'shared/ has no DOM.' }, { name: 'document', message: 'shared/ has no DOM.' }, { name: 'process', message: 'shared/ runs in the browser too.' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronModule, ...noBuiltins],
        patterns: [upward('electron', 'The renderer talks to the host through the contract only, never electron/.')],
      }],
    },
  },
  {
    files: ['electron/host/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronModule],
        patterns: [upward('renderer', 'The host never imports the renderer.'), { group: ['**/electron/main/**', '../main', '../main/**', '../../main/**'], message: 'The host and CLI never import the Electron shell.' }, { group: ['**/electron/preload/**', '../preload', '../preload/**', '../../preload/**'], message: 'The host and CLI never import the preload.' }],
      }],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [upward('renderer', 'The shell loads the renderer by URL, never imports it.'), upward('cli', 'The shell does not use the CLI.')] }],
    },
  },
);
