// Opens the built site in Debian's Chromium: intro → lesson 01, and checks that the lab's real
// files, its checks and the Mermaid diagram rendered, and that the Korean site shows the lab's
// Korean strings. Screenshots go to site/screenshots/ (git-ignored).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLab, loadLabs, readLessonPages } from '@workshop/lab';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from './static-server.ts';

const siteDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(siteDir, '..');
const labsRoot = join(repoRoot, 'labs');
const buildDir = join(siteDir, 'build');
const screenshots = join(siteDir, 'screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Under CI the browser test is required (.ci/run installs Chromium); on a machine without it,
// `npm test` skips it and says why rather than failing.
const skipReason =
  !existsSync(chromiumPath) && !process.env.CI
    ? `skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH; required when CI is set)`
    : undefined;
if (skipReason) console.warn(`site.e2e.test.ts ${skipReason}`);

describe.skipIf(skipReason)(`the built site in a browser${skipReason ? ` (${skipReason})` : ''}`, () => {
  let browser: Browser;
  let site: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) {
      throw new Error(
        `Chromium not found at ${chromiumPath}; install it with \`apt-get install chromium\` (.ci/run does), or set CHROMIUM_PATH.`,
      );
    }
    if (!existsSync(join(buildDir, 'index.html'))) {
      throw new Error(
        `No built site in ${buildDir}; run \`npm run build -w site\` first (turbo does it for \`npm test\`).`,
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

  it('goes from the introduction to lesson 01 and shows the lab files, its checks and the diagram', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.url}/`);
    await expect(page.locator('h1').first().textContent()).resolves.toContain(
      'The road from a browser to a Pod',
    );
    await page.locator('.docusaurus-mermaid-container svg').first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(screenshots, 'intro.png'), fullPage: false });

    // The intro's table is built from the lesson files: one row per page, in file order.
    const lessons = readLessonPages(siteDir, repoRoot).filter((p) => p.locale === 'en');
    const links = page.locator('[data-lesson-table] tbody tr td:nth-child(2) a');
    await expect(links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).resolves.toEqual(
      lessons.map((lesson) => lesson.slug),
    );
    const lab01 = loadLab(labsRoot, '01-clusterip');
    await expect(page.locator('[data-lesson-table] tbody tr').first().textContent()).resolves.toContain(
      lab01.title,
    );

    await page.locator('article a[href="/lessons/why-services"]').first().click();
    await page.waitForURL('**/lessons/why-services');
    // The client-side navigation renders the new page a moment after the URL changes.
    await page.locator('h1', { hasText: 'Why Services exist' }).first().waitFor();

    // The reference solution is folded away; the learner opens it.
    const solution = page.locator('[data-lab-file="labs/01-clusterip/solution/service-api-service.yaml"]');
    await expect(solution.isVisible()).resolves.toBe(false);
    await page.locator('details:has([data-lab-file$="solution/service-api-service.yaml"]) > summary').click();
    await solution.waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: innerText keeps the code block's line breaks.
    const shown = (await solution.locator('code').innerText()).replace(/\s+/g, ' ');
    const onDisk = readFileSync(join(labsRoot, '01-clusterip/solution/service-api-service.yaml'), 'utf8');
    expect(shown).toContain('targetPort: 8080');
    expect(shown.trim()).toBe(onDisk.replace(/\s+/g, ' ').trim());
    await expect(solution.locator('.theme-code-block-highlighted-line').count()).resolves.toBeGreaterThan(0);

    const checks = page.locator('[data-lab-checks="01-clusterip"]');
    for (const check of lab01.checks) {
      await expect(checks.textContent()).resolves.toContain(check.title);
    }
    await expect(checks.locator(`a[href="#${lab01.checks[0]?.section}"]`).count()).resolves.toBeGreaterThan(
      0,
    );

    const diagram = page.locator('.docusaurus-mermaid-container svg').first();
    await diagram.waitFor({ timeout: 20_000 });
    await expect(diagram.locator('text=api-service').count()).resolves.toBeGreaterThan(0);
    await solution.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'lesson-01.png'), fullPage: false });
    await page.close();
  });

  it('fits every lab file in the column at 1280 px, keeps diagrams readable and shades every highlighted line', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const pages = ['/', ...loadLabs(labsRoot).map((lab) => lab.lesson.slug)];
    for (const path of pages) {
      await page.goto(`${site.url}${path}`);
      // Open every folded block as a reader does (Docusaurus animates it open).
      for (const summary of await page.locator('article details > summary').all()) await summary.click();
      await page.waitForTimeout(400);
      if ((await page.locator('.docusaurus-mermaid-container').count()) > 0) {
        await page.locator('.docusaurus-mermaid-container svg').first().waitFor({ timeout: 20_000 });
      }
      const found = await page.evaluate(() => {
        const out: string[] = [];
        for (const box of Array.from(document.querySelectorAll<HTMLElement>('[data-lab-file]'))) {
          const pre = box.querySelector('pre');
          if (!pre) continue;
          const name = box.dataset.labFile;
          if (pre.scrollWidth > pre.clientWidth + 1) {
            out.push(`${name} scrolls sideways (${pre.scrollWidth} px in ${pre.clientWidth} px)`);
          }
          const bottom = pre.getBoundingClientRect().bottom;
          for (const line of Array.from(pre.querySelectorAll('.theme-code-block-highlighted-line'))) {
            const rect = line.getBoundingClientRect();
            const shade = getComputedStyle(line).backgroundColor;
            if (shade === 'rgba(0, 0, 0, 0)' || rect.bottom > bottom + 0.5 || rect.height === 0) {
              out.push(`${name}: a highlighted line is not shaded in full (${line.textContent?.trim()})`);
            }
          }
        }
        for (const svg of Array.from(document.querySelectorAll('.docusaurus-mermaid-container svg'))) {
          const width = Number((svg.getAttribute('viewBox') ?? '').split(/\s+/)[2]);
          const scale = svg.getBoundingClientRect().width / width;
          // Mermaid draws 16 px labels; below 0.75 they are smaller than 12 px.
          if (width > 0 && scale < 0.75) out.push(`a diagram is shrunk to ${Math.round(scale * 100)}%`);
        }
        return out;
      });
      problems.push(...found.map((problem) => `${path}: ${problem}`));
    }
    await page.goto(`${site.url}/lessons/why-services`);
    await page.screenshot({ path: join(screenshots, 'lesson-01-full.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });

  it("serves the Korean locale with lab 01's check titles in Korean", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${site.url}/ko/lessons/why-services`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ko');
    await page.locator('[data-lab-file="labs/01-clusterip/solution/service-api-service.yaml"]').waitFor({
      state: 'attached',
    });
    const checks = page.locator('[data-lab-checks="01-clusterip"]');
    const korean = loadLab(labsRoot, '01-clusterip', { lang: 'ko' });
    const english = loadLab(labsRoot, '01-clusterip');
    for (const check of korean.checks) {
      await expect(checks.textContent()).resolves.toContain(check.title);
    }
    // With labs/01-clusterip/lab.ko.yaml in place, the titles are not the English ones.
    if (existsSync(join(labsRoot, '01-clusterip/lab.ko.yaml'))) {
      expect(korean.checks.map((c) => c.title)).not.toEqual(english.checks.map((c) => c.title));
      await expect(checks.getAttribute('lang')).resolves.toBe('ko');
    }
    await checks.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'ko-lesson-01.png') });
    await page.close();
  });

  it("shows every lab's checks in its Korean strings under /ko/, translated page or English fallback", async () => {
    const page = await browser.newPage();
    for (const lab of loadLabs(labsRoot, { lang: 'ko' })) {
      const response = await page.goto(`${site.url}/ko${lab.lesson.slug}`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ko');
      const checks = page.locator(`[data-lab-checks="${lab.folder}"]`);
      for (const check of lab.checks) await expect(checks.textContent()).resolves.toContain(check.title);
    }
    await page.screenshot({ path: join(screenshots, 'ko-last-lab.png') });
    await page.close();
  });
});
