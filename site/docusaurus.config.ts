// The workshop site: one lesson per curriculum row, each paired with a lab in ../labs.

import { fileURLToPath } from 'node:url';
import type * as Preset from '@docusaurus/preset-classic';
import type { Config } from '@docusaurus/types';
import { themes as prismThemes } from 'prism-react-renderer';
import { buildLocale, labSite } from './plugins/lab-site.ts';

const locales = ['en', 'ko'];
// Docusaurus loads this file once per locale it builds; pages built as the English fallback of an
// untranslated page still get the lab's strings in that locale.
const locale = buildLocale(process.env.DOCUSAURUS_CURRENT_LOCALE, locales, 'en');
const labs = labSite({ labsRoot: fileURLToPath(new URL('../labs', import.meta.url)), locale });
// The site's name in each page's <title> and its description: no translation file holds these two.
const site = {
  en: {
    title: 'Service & Ingress workshop',
    tagline: 'How a request travels from a user to a Pod — and how to debug every hop',
  },
  ko: {
    title: '서비스와 인그레스 워크숍',
    tagline: '요청이 사용자에게서 파드까지 가는 길, 그리고 구간마다 디버깅하는 법',
  },
}[locale as 'en' | 'ko'];

const config: Config = {
  title: site.title,
  tagline: site.tagline,
  favicon: 'img/favicon.svg',
  url: 'https://workshop.example.org',
  baseUrl: '/',
  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  markdown: {
    mermaid: true,
    hooks: { onBrokenMarkdownLinks: 'throw' },
  },
  i18n: {
    defaultLocale: 'en',
    locales,
    localeConfigs: {
      en: { label: 'English', htmlLang: 'en' },
      ko: { label: '한국어', htmlLang: 'ko' },
    },
  },
  presets: [
    [
      'classic',
      {
        docs: {
          routeBasePath: '/',
          sidebarPath: './sidebars.ts',
          beforeDefaultRemarkPlugins: [labs.remarkPlugin],
        },
        blog: false,
        theme: { customCss: './src/css/custom.css' },
      } satisfies Preset.Options,
    ],
  ],
  themes: [
    '@docusaurus/theme-mermaid',
    [
      '@easyops-cn/docusaurus-search-local',
      {
        hashed: true,
        docsRouteBasePath: '/',
        indexBlog: false,
        language: ['en'],
        highlightSearchTermsOnTargetPage: true,
      },
    ],
  ],
  plugins: [labs.plugin],
  themeConfig: {
    navbar: {
      title: 'Service & Ingress workshop',
      logo: { alt: 'Workshop logo', src: 'img/favicon.svg' },
      items: [
        { type: 'docSidebar', sidebarId: 'lessons', position: 'left', label: 'Lessons' },
        { to: '/running-the-labs', label: 'Running the labs', position: 'left' },
        { type: 'localeDropdown', position: 'right' },
      ],
    },
    footer: {
      style: 'dark',
      copyright: 'The Service & Ingress workshop — open source. Lessons are paired with labs in labs/.',
    },
    prism: {
      theme: prismThemes.github,
      darkTheme: prismThemes.dracula,
      additionalLanguages: ['bash', 'yaml'],
    },
    mermaid: { theme: { light: 'neutral', dark: 'dark' } },
  } satisfies Preset.ThemeConfig,
};

export default config;
