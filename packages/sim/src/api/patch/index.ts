// The patch formats the API server accepts, keyed by Content-Type.
export { applyJsonPatch } from './json-patch.ts';
export { applyMergePatch } from './merge-patch.ts';
export { recordManagedFields } from './record.ts';
export { type ApplyOptions, applyConfiguration } from './server-side-apply.ts';
export { applyStrategicMergePatch } from './strategic-merge.ts';
