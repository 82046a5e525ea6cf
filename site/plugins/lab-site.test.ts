// The site's wiring: which locale is being built, and the check that every lab a page names exists.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadContext } from '@docusaurus/types';
import { afterEach, describe, expect, it } from 'vitest';
import { buildLocale, labSite } from './lab-site.ts';

describe('buildLocale', () => {
  it('takes the locale Docusaurus is building, and the default for anything else', () => {
    expect(buildLocale('ko', ['en', 'ko'], 'en')).toBe('ko');
    expect(buildLocale(undefined, ['en', 'ko'], 'en')).toBe('en');
    // `docusaurus start` without --locale sets the variable to the string "undefined".
    expect(buildLocale('undefined', ['en', 'ko'], 'en')).toBe('en');
  });
});

describe('the site plugin', () => {
  let root: string | undefined;
  afterEach(() => root && rmSync(root, { recursive: true, force: true }));

  it('fails the build naming the page whose front matter names a lab that does not exist', async () => {
    root = mkdtempSync(join(tmpdir(), 'lab-site-'));
    mkdirSync(join(root, 'labs'));
    mkdirSync(join(root, 'site/docs/lessons'), { recursive: true });
    writeFileSync(join(root, 'site/docs/lessons/03-dns.mdx'), '---\nlab: 03-dns\n---\n\n# DNS\n');
    const plugin = labSite({ labsRoot: join(root, 'labs'), locale: 'en' }).plugin({
      siteDir: join(root, 'site'),
    } as LoadContext);
    await expect(plugin.loadContent?.()).rejects.toThrow(
      'site/docs/lessons/03-dns.mdx: its front matter names lab "03-dns", which is not a folder of labs/',
    );
  });
});
