// Types for bundle-inputs.mjs (plain JavaScript, loaded by bin/lab.mjs before tsx).
export declare const BUNDLE_NAME: string;
export declare const BUNDLE_EXTERNAL: string[];
export declare const SHARED_PACKAGES: string[];
export declare function bundleInputs(): Record<string, string>;
export declare function registerBundleHooks(
  entries: Record<string, string>,
  bundle: { dir: string; files: Record<string, string> },
): () => void;
