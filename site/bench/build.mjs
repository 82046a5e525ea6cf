// Benchmark: how long the site takes to build (en + ko), and how much JavaScript a lesson page
// ships before it becomes interactive. Run with `npm run bench -w site`; results go in site/README.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const site = join(dirname(fileURLToPath(import.meta.url)), '..');
const cold = process.argv.includes('--cold');
if (cold) {
  rmSync(join(site, 'build'), { recursive: true, force: true });
  rmSync(join(site, '.docusaurus'), { recursive: true, force: true });
  rmSync(join(site, 'node_modules', '.cache'), { recursive: true, force: true });
  rmSync(join(site, '..', 'node_modules', '.cache'), { recursive: true, force: true });
}

const started = performance.now();
execFileSync('npx', ['docusaurus', 'build'], { cwd: site, stdio: ['ignore', 'ignore', 'inherit'] });
const seconds = (performance.now() - started) / 1000;

function shippedJs(page) {
  const html = readFileSync(join(site, 'build', page, 'index.html'), 'utf8');
  const scripts = new Set();
  for (const match of html.matchAll(
    /<(?:script[^>]*\bsrc|link[^>]*rel="preload"[^>]*\bhref)="([^"]+\.js)"/g,
  )) {
    scripts.add(match[1]);
  }
  let raw = 0;
  let gzip = 0;
  for (const src of scripts) {
    const file = join(site, 'build', src.replace(/^\//, ''));
    if (!existsSync(file)) continue;
    raw += statSync(file).size;
    gzip += gzipSync(readFileSync(file)).length;
  }
  return { files: scripts.size, raw, gzip };
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
console.log(`build (en + ko, ${cold ? 'cold' : 'warm'} cache): ${seconds.toFixed(1)} s`);
for (const page of ['lessons/why-services', 'lessons/path-routing']) {
  const js = shippedJs(page);
  console.log(`JavaScript on /${page}: ${js.files} files, ${kib(js.raw)} (${kib(js.gzip)} gzip)`);
}
