// Kept for configs that import the shared settings by relative path.
export { default } from './vitest.shared.mjs';
