// A relative import: Node cannot load the shared .ts config through the package name while the config
// file itself is being loaded (ERR_UNKNOWN_FILE_EXTENSION), but a relative file gets bundled.
export { default } from '../tsconfig/vitest.shared.ts';
