// Wires the lab directives into the site: the remark plugin for the docs, a Docusaurus plugin that
// fails the build early when a lesson names a lab that does not exist, and a webpack rule that makes
// pages depend on the lab files they show.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';
import type { PageDependencies } from './lab-directives/index.ts';

const require = createRequire(import.meta.url);
// Docusaurus loads the config with jiti, which hands `import { z } from 'zod'` zod's default export
// instead of its exports and so breaks @workshop/lab; tsx's require loads the directives (and the
// lab package under them) the way Node does.
const { require: tsxRequire } = require('tsx/cjs/api') as typeof import('tsx/cjs/api');
const directives = tsxRequire(
  './lab-directives/index.ts',
  import.meta.url,
) as typeof import('./lab-directives/index.ts');
const remarkLabDirectives = directives.default;

export interface LabSiteOptions {
  labsRoot: string;
  /** The locale being built (see buildLocale). */
  locale: string;
}

/**
 * The locale Docusaurus is building: it sets DOCUSAURUS_CURRENT_LOCALE before it loads the config
 * for each locale (`build` does every locale in turn; `start` only the one of --locale, and the
 * string "undefined" without it).
 */
export function buildLocale(env: string | undefined, locales: string[], defaultLocale: string): string {
  return env && locales.includes(env) ? env : defaultLocale;
}

export function labSite(options: LabSiteOptions) {
  const dependencies: PageDependencies = new Map();
  return {
    remarkPlugin: [remarkLabDirectives, { ...options, dependencies }] as [
      typeof remarkLabDirectives,
      Parameters<typeof remarkLabDirectives>[0],
    ],
    plugin(context: LoadContext): Plugin {
      return {
        name: 'workshop-lab-site',
        async loadContent() {
          try {
            directives.checkLessonBindings(options.labsRoot);
          } catch (error) {
            if (error instanceof Error && error.name === 'LabFormatError') {
              throw new Error(error.message, { cause: error });
            }
            throw error;
          }
        },
        configureWebpack() {
          return {
            module: {
              rules: [
                {
                  test: /\.mdx?$/,
                  // Docusaurus's fallback MDX rule excludes what the MDX rules include; say it.
                  include: [join(context.siteDir, 'docs'), join(context.siteDir, 'i18n')],
                  enforce: 'post' as const,
                  use: [{ loader: require.resolve('./dependency-loader.cjs'), options: { dependencies } }],
                },
              ],
            },
          };
        },
      };
    },
  };
}
