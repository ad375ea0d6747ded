// ESLint rule enforcing the architecture's import rules: which folder may import which folder or module.
// Relative specifiers are resolved against the importing file's folder, so '../../../main/ipc' is caught at any
// depth; static imports, re-exports, dynamic import() and require() are all checked.
import { dirname, relative, resolve, sep } from 'node:path';

const optionSchema = {
  type: 'object',
  properties: {
    /** Repository folders (relative to the root) this file may not import from. */
    folders: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['path', 'message'], additionalProperties: false } },
    /** Bare module names this file may not import (a name also covers its subpaths: 'fs' covers 'fs/promises'). */
    modules: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, message: { type: 'string' } }, required: ['name', 'message'], additionalProperties: false } },
  },
  additionalProperties: false,
};

const inside = (path, folder) => path === folder || path.startsWith(`${folder}/`);

/**
 * @param {{ root: string, aliases?: Record<string, string> }} setup root: the repository folder;
 *   aliases: bare prefixes that name a repository folder (as in vite.config.ts), e.g. { '@shared': 'shared' }.
 */
export function layerImportsRule({ root, aliases = {} }) {
  return {
    meta: {
      type: 'problem',
      docs: { description: 'Enforce which folder may import which folder or module (docs/architecture.md, import rules).' },
      schema: [optionSchema],
      messages: { refused: "'{{specifier}}': {{message}}" },
    },
    create(context) {
      const { folders = [], modules = [] } = context.options[0] ?? {};
      const fileDir = dirname(context.filename);

      /** The specifier as a repository-relative path with '/' separators, or null when it names a package. */
      const repoPath = (specifier) => {
        let abs = null;
        if (specifier.startsWith('.') || specifier.startsWith('/')) abs = resolve(fileDir, specifier);
        for (const [alias, folder] of Object.entries(aliases)) {
          if (specifier === alias || specifier.startsWith(`${alias}/`)) abs = resolve(root, folder, `.${specifier.slice(alias.length)}`);
        }
        return abs === null ? null : relative(root, abs).split(sep).join('/');
      };

      const check = (node, specifier) => {
        const path = repoPath(specifier);
        const hit = path !== null
          ? folders.find((f) => inside(path, f.path))
          : modules.find((m) => specifier === m.name || specifier.startsWith(`${m.name}/`));
        if (hit) context.report({ node, messageId: 'refused', data: { specifier, message: hit.message } });
      };

      /** A string literal or a template literal without ${}: anything computed cannot be checked and is left alone. */
      const literal = (node) => {
        if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
        if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
        return null;
      };

      const fromSource = (node) => {
        const s = literal(node.source);
        if (s !== null) check(node.source, s);
      };

      return {
        ImportDeclaration: fromSource,
        ExportNamedDeclaration: (node) => node.source && fromSource(node),
        ExportAllDeclaration: fromSource,
        ImportExpression: fromSource,
        TSImportEqualsDeclaration(node) {
          const s = node.moduleReference.type === 'TSExternalModuleReference' ? literal(node.moduleReference.expression) : null;
          if (s !== null) check(node, s);
        },
        CallExpression(node) {
          if (node.callee.type !== 'Identifier' || node.callee.name !== 'require' || node.arguments.length !== 1) return;
          const s = literal(node.arguments[0]);
          if (s !== null) check(node.arguments[0], s);
        },
      };
    },
  };
}
