// Lint: typescript-eslint's recommended type-aware rules, no `any`, and the
// layer rules of docs/architecture.md — a wrong import arrow fails lint.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Each layer and the layers it must not import. */
const forbidden = {
  core: ['protocols', 'providers', 'routing', 'policy', 'pipeline', 'server', 'store', 'cli', 'config', 'secrets'],
  protocols: ['providers', 'routing', 'policy', 'pipeline', 'server', 'store', 'cli', 'config', 'secrets'],
  providers: ['routing', 'policy', 'pipeline', 'server', 'store', 'cli', 'config'],
  secrets: ['protocols', 'providers', 'routing', 'policy', 'pipeline', 'server', 'store', 'cli', 'config'],
  routing: ['pipeline', 'server', 'store', 'cli', 'config'],
  policy: ['pipeline', 'server', 'store', 'cli', 'config'],
  pipeline: ['server', 'store', 'cli', 'config'],
  store: ['pipeline', 'routing', 'server', 'cli'],
  config: ['protocols', 'providers', 'routing', 'policy', 'pipeline', 'server', 'store', 'cli'],
};

const layerRules = Object.entries(forbidden).map(([layer, banned]) => ({
  files: [`src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: banned.map((target) => ({
          group: [`**/${target}/*`, `**/${target}/**`, `../${target}`, `../../${target}`],
          message: `${layer}/ must not depend on ${target}/ (layers depend downward only; see docs/architecture.md).`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // node:test's test() returns a promise the runner itself awaits.
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['scripts/**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  ...layerRules,
);
