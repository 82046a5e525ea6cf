export { default } from '@workshop/tsconfig/vitest';
