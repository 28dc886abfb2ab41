import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/**
 * The floors of ../shared/ARCHITECTURE.md, bottom first. A file may import from its own floor and
 * from the floors listed before it, never from one listed after it. Identity has a floor of its
 * own inside: users is its bottom (users must not import auth or organizations).
 */
const FLOORS = [
  ['platform', 'src/platform'],
  ['access', 'src/access'],
  ['outbox', 'src/outbox'],
  ['identity-users', 'src/identity/users'],
  ['identity', 'src/identity'],
  ['forum', 'src/forum'],
  ['experts', 'src/experts'],
  ['live-sessions', 'src/live-sessions'],
  ['moderation', 'src/moderation'],
  ['notifications', 'src/notifications'],
  ['realtime', 'src/realtime'],
  ['relay', 'src/relay'],
  ['seed', 'src/seed'],
];
const FLOOR_NAMES = FLOORS.map(([name]) => name);

const NO_FORWARD_REF = { selector: "CallExpression[callee.name='forwardRef']", message: 'No forwardRef: restructure the modules instead.' };
/** Files outside src/platform may not declare @Global(): a global module hides a folder cycle. */
const NO_GLOBAL = {
  selector: "Decorator > CallExpression[callee.name='Global']",
  message: '@Global() is for platform services only (src/platform): import the module that provides the service instead.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', NO_FORWARD_REF, NO_GLOBAL],
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', NO_FORWARD_REF] },
  },
  {
    // Floors: an import (value or type, import/export/require/import()) from a higher floor is an error.
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/root-path': import.meta.dirname,
      'boundaries/include': ['src/**/*.ts'],
      // A floor is a folder matched from the project root; the first descriptor that matches wins,
      // so src/identity/users is its own floor below the rest of src/identity. The composition
      // files (src/app.module.ts, src/app.factory.ts, src/main.ts) belong to no floor and may
      // import anything.
      'boundaries/elements': FLOORS.map(([type, pattern]) => ({ type, pattern, partialMatch: false })),
      'boundaries/dependency-nodes': ['import', 'export', 'require', 'dynamic-import'],
      'import/resolver': { node: { extensions: ['.ts', '.js', '.json'] } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message: 'Floors: {{from.type}} may not import from {{to.type}}, a higher floor (see ../shared/ARCHITECTURE.md).',
          policies: [
            ...FLOORS.map(([type], index) => ({
              from: { element: { type } },
              allow: { to: { element: { type: FLOOR_NAMES.slice(0, index + 1) } } },
            })),
            // Files at the root of src/identity (identity.events.ts) are identity's shared ground.
            { from: { element: { type: 'identity-users' } }, allow: { to: { element: { type: 'identity', fileInternalPath: '*.ts' } } } },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'it', property: 'only' }, { object: 'describe', property: 'only' }, { object: 'it', property: 'skip' }, { object: 'describe', property: 'skip' }] },
  },
);
