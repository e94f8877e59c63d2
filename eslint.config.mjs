import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'integration.js',
      'lib/**/*.js',
      'bin/**/*.js',
      'dev/**/*.js',
      'test/**/*.js',
      '!dev/preview/public/*.js'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off'
    }
  },
  {
    // The overlay component is plain browser JS loaded by Polarity as it is.
    files: ['components/**/*.js', 'dev/preview/public/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        console: 'readonly',
        Ember: 'readonly',
        polarity: 'readonly',
        PolarityComponent: 'readonly',
        Intl: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly'
      }
    },
    rules: { '@typescript-eslint/no-unused-vars': 'off', '@typescript-eslint/no-require-imports': 'off' }
  },
  {
    files: ['*.mjs'],
    languageOptions: { sourceType: 'module' }
  }
);
