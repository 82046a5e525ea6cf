// The patch formats the API server accepts, keyed by Content-Type.
export { applyJsonPatch } from './json-patch.ts';
export { applyMergePatch } from './merge-patch.ts';
export { applyConfiguration } from './server-side-apply.ts';
export { applyStrategicMergePatch } from './strategic-merge.ts';
