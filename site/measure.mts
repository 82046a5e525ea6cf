import { chromium } from 'playwright-core';
import { serveStatic } from './test/static-server.ts';
const site = await serveStatic(new URL('./build', import.meta.url).pathname);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
for (const path of (process.argv[2] ?? '/lessons/why-services').split(',')) {
  await page.goto(`${site.url}${path}`);
  await page.waitForTimeout(1500);
  const blocks = await page.$$eval('pre', (ps) => ps.map((p) => ({ sw: p.scrollWidth, cw: p.clientWidth, first: (p.textContent ?? '').slice(0, 40) })));
  console.log(path, JSON.stringify(blocks.filter((b) => b.sw > b.cw + 1)), 'of', blocks.length);
  const hl = await page.$$eval('.theme-code-block-highlighted-line', (ls) => ls.length);
  console.log('highlighted lines', hl);
  const svgs = await page.$$eval('.docusaurus-mermaid-container svg', (ss) => ss.map((s) => { const r = s.getBoundingClientRect(); return { w: Math.round(r.width), h: Math.round(r.height), vb: s.getAttribute('viewBox') }; }));
  console.log('mermaid', JSON.stringify(svgs));
  await page.screenshot({ path: `/tmp/shots/${path.replace(/\W+/g, '_')}.png`, fullPage: true });
}
await browser.close(); await site.close();
