// Which language a person reads, and a lab's strings in it: lab.<lang>.yaml replaces the title, the
// objectives and each check's title, hint and fix; anything it leaves out stays English.
import type { LabData, OverlayData } from './schema.ts';

/** The languages the workshop is written in; English is the source of every string. */
export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * `--lang ko` wins; else the locale variables in POSIX order (LC_ALL, LC_MESSAGES, LANG):
 * `ko_KR.UTF-8` → ko. Anything the workshop does not speak reads English.
 */
export function pickLanguage(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Language {
  if (flag !== undefined) {
    const lang = flag.trim().toLowerCase();
    if (!(LANGUAGES as readonly string[]).includes(lang)) {
      throw new Error(`unknown language "${flag}"; the workshop is written in ${LANGUAGES.join(', ')}`);
    }
    return lang as Language;
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const lang = locale.split(/[_.@-]/)[0]?.toLowerCase() ?? '';
  return (LANGUAGES as readonly string[]).includes(lang) ? (lang as Language) : 'en';
}

const levels = (hint: string | string[]): string[] => (Array.isArray(hint) ? hint : [hint]);

/** The lab's strings with the overlay laid over them, string by string. */
export function applyOverlay(data: LabData, overlay: OverlayData | undefined): LabData {
  if (!overlay) return data;
  return {
    ...data,
    title: overlay.title ?? data.title,
    objectives: data.objectives.map((objective, i) => overlay.objectives?.[i] ?? objective),
    entry: data.entry && { ...data.entry, ...overlay.entry },
    checks: data.checks.map((check) => {
      const translated = overlay.checks?.[check.id];
      if (!translated) return check;
      const english = levels(check.hint);
      const hint = translated.hint ? levels(translated.hint) : [];
      return {
        ...check,
        title: translated.title ?? check.title,
        hint: english.map((level, i) => hint[i] ?? level),
        fix: translated.fix ?? check.fix,
      };
    }),
  };
}

export { levels as hintLevels };
