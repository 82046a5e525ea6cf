// Types for bundle-fresh.mjs (plain JavaScript, so the `lab` command's entry can load it without tsx).

export declare const BUILD_FORMAT: number;
export declare function digest(text: string): string;
export declare function hashInputs(inputs: string[]): Promise<string>;
export declare function readManifest<T extends { inputs: unknown; hash: unknown }>(
  file: string,
): Promise<T | undefined>;
export declare function installedEsbuildVersion(): string;
export declare function defaultCacheDir(entry: string, name?: string): string;

export interface EntriesLocationOptions {
  name: string;
  cacheDir?: string;
  external?: string[];
}

export interface EntriesLocation {
  absEntries: Record<string, string>;
  names: string[];
  external: string[];
  cacheDir: string;
  key: string;
  manifestPath: string;
}

export declare function entriesLocation(
  entries: Record<string, string>,
  options: EntriesLocationOptions,
): EntriesLocation;
export declare function entryFiles(dir: string, names: string[]): Record<string, string>;
export declare function freshEntries(
  entries: Record<string, string>,
  options: EntriesLocationOptions,
): Promise<{ dir: string; files: Record<string, string> } | undefined>;
