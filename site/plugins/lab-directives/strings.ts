// The few words the directives add around a lab's own strings, in each locale the site is built in.
// Anything a lab says (titles, hints) comes from lab.yaml and its overlays, not from here.

export interface DirectiveStrings {
  checks: { check: string; points: string; hint: string; section: string; total: string; none: string };
  commands: { title: string; start: string; grade: string; reset: string };
  lessons: { number: string; lesson: string; lab: string; coming: string };
}

const en: DirectiveStrings = {
  checks: {
    check: 'The grader checks',
    points: 'Points',
    hint: 'Hint when it fails',
    section: 'Explained in',
    total: 'Total',
    none: 'The grader for this lab is still being written; its checks will be listed here.',
  },
  commands: {
    title: 'Lab {id}',
    start: "cluster up (or reuse), namespace {namespace}, the lab's base deployed",
    grade: 'lint → apply → checks → scorecard with hints',
    reset: 'start over (your version is backed up first)',
  },
  lessons: { number: '#', lesson: 'Lesson', lab: 'Lab', coming: 'coming' },
};

const ko: DirectiveStrings = {
  checks: {
    check: '채점 항목',
    points: '배점',
    hint: '실패 시 힌트',
    section: '설명',
    total: '합계',
    none: '이 실습의 채점기는 아직 작성 중입니다. 완성되면 채점 항목이 여기에 나옵니다.',
  },
  commands: {
    title: '실습 {id}',
    start: '클러스터 시작(있으면 재사용), 네임스페이스 {namespace}, 실습의 base 배포',
    grade: '린트 → 적용 → 채점 → 힌트가 붙은 점수표',
    reset: '처음부터 다시 (지금 파일은 먼저 백업됨)',
  },
  lessons: { number: '#', lesson: '강의', lab: '실습', coming: '준비 중' },
};

const byLocale: Record<string, DirectiveStrings> = { en, ko };

/** The strings of `locale`, English for a locale that has none. */
export function stringsFor(locale: string): DirectiveStrings {
  return byLocale[locale] ?? en;
}

/** `fill('Lab {id}', { id: '01' })` → `Lab 01` */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
