// Opens the built site in Debian's Chromium: intro → lesson 01, and checks that the lab's real
// manifest and the Mermaid diagram rendered. Screenshots go to site/screenshots/ (git-ignored).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from './static-server.ts';

const siteDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = join(siteDir, 'build');
const screenshots = join(siteDir, 'screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('the built site in a browser', () => {
  let browser: Browser;
  let site: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    if (!existsSync(join(buildDir, 'index.html'))) {
      throw new Error(
        `No built site in ${buildDir}; run \`npm run build -w site\` first (turbo does it for \`npm test\`).`,
      );
    }
    if (!existsSync(chromiumPath)) {
      throw new Error(
        `Chromium not found at ${chromiumPath}; install it with \`apt-get install chromium\` (.ci/run does).`,
      );
    }
    mkdirSync(screenshots, { recursive: true });
    site = await serveStatic(buildDir);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('goes from the introduction to lesson 01 and shows the lab manifest and the diagram', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.url}/`);
    await expect(page.locator('h1').first().textContent()).resolves.toContain(
      'The road from a browser to a Pod',
    );
    await page.locator('.docusaurus-mermaid-container svg').first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(screenshots, 'intro.png'), fullPage: false });

    await page.locator('article a[href="/lessons/why-services"]').first().click();
    await page.waitForURL('**/lessons/why-services');
    await expect(page.locator('h1').first().textContent()).resolves.toContain('Why Services exist');

    const solution = page.locator('[data-lab-file="labs/01-clusterip/solution/service-api-service.yaml"]');
    await solution.waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: innerText keeps the code block's line breaks.
    const shown = (await solution.locator('code').innerText()).replace(/\s+/g, ' ');
    const onDisk = readFileSync(
      join(siteDir, '..', 'labs/01-clusterip/solution/service-api-service.yaml'),
      'utf8',
    );
    expect(shown).toContain('targetPort: 8080');
    expect(shown.trim()).toBe(onDisk.replace(/\s+/g, ' ').trim());
    await expect(solution.locator('.theme-code-block-highlighted-line').count()).resolves.toBeGreaterThan(0);

    const diagram = page.locator('.docusaurus-mermaid-container svg').first();
    await diagram.waitFor({ timeout: 20_000 });
    await expect(diagram.locator('text=api-service').count()).resolves.toBeGreaterThan(0);
    await solution.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'lesson-01.png'), fullPage: false });
    await page.close();
  });

  it('serves the Korean locale, falling back to English text for untranslated pages', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${site.url}/ko/lessons/nodeport`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ko');
    await page.locator('[data-lab-file="labs/05-nodeport/solution/service-spring-service.yaml"]').waitFor();
    await page.screenshot({ path: join(screenshots, 'ko-lesson-05.png') });
    await page.close();
  });
});
