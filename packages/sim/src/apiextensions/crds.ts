// The CRDs every sim cluster starts with: the Gateway API release's manifests (gateway-api/*.yaml).
// Parsing 780 KB of YAML takes ~300 ms, so the parsed objects are cached as JSON in the OS temp
// directory under the hash of the YAML (a changed file means a new cache entry) and kept in memory
// for the rest of the process.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { KubeObject } from '../core/types.ts';

const DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'gateway-api');

let loaded: KubeObject[] | undefined;

function cacheDir(): string {
  return path.join(tmpdir(), 'workshop-sim-cache');
}

/** The Gateway API CRDs (fresh copies: callers may mutate them). */
export function gatewayApiCrds(): KubeObject[] {
  if (!loaded) {
    const files = readdirSync(DATA_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    const texts = files.map((f) => readFileSync(path.join(DATA_DIR, f), 'utf8'));
    const hash = createHash('sha256');
    for (const [i, text] of texts.entries()) hash.update(`${files[i]}\0${text}\0`);
    const cacheFile = path.join(cacheDir(), `gateway-api-crds-${hash.digest('hex').slice(0, 24)}.json`);
    try {
      loaded = JSON.parse(readFileSync(cacheFile, 'utf8')) as KubeObject[];
    } catch {
      loaded = texts.map((text) => parse(text) as KubeObject);
      try {
        mkdirSync(cacheDir(), { recursive: true });
        const partial = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(partial, JSON.stringify(loaded));
        renameSync(partial, cacheFile);
      } catch {
        // A read-only temp directory only costs the parse next time.
      }
    }
  }
  return structuredClone(loaded);
}
