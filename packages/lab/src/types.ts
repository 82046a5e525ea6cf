// The lab as every program sees it: what lab.yaml says (strings already in the chosen language), where
// its files are, and the lesson page it belongs to.

export interface LabPolicy {
  allowedKinds: string[];
  allowedImages: string[];
}

/** The manifest field a check is about: a file of exercise/ and a YAML path in it. */
export interface CheckField {
  file: string;
  path: string;
}

export interface LabCheck {
  /** Stable key: the implementation in checks.ts, the self-test data and the reports use it. */
  id: string;
  points: number;
  title: string;
  /** Heading id in the lesson page (`{#what-a-service-gives-you}`). */
  section: string;
  /** Hint levels, at least one: the first is shown with a failure, the rest on request. */
  hint: string[];
  /** The literal fix, shown only when asked for (`lab hint <lab> <check> --fix`). */
  fix?: string;
  field?: CheckField;
  /** Deadline for the check (default 120 s). */
  timeoutMs?: number;
}

export interface LessonRef {
  /** The page's doc id (`why-services`). */
  id: string;
  /** Its URL path (`/lessons/why-services`). */
  slug: string;
  title: string;
  /** The English page (absolute path). */
  file: string;
}

export interface LabPaths {
  labYaml: string;
  base: string;
  exercise: string;
  solution: string;
  checks: string;
  setup: string;
  selfTest: string;
}

export interface Lab {
  /** Two digits, e.g. "01". */
  id: string;
  slug: string;
  /** `01-clusterip` */
  folder: string;
  /** Absolute path of the lab folder. */
  dir: string;
  /** The folder as shown to a person (relative to the repository when inside it). */
  shown: string;
  /** The language the strings below are in (English where the overlay has no translation). */
  lang: string;
  title: string;
  minutes: number;
  objectives: string[];
  /** The first namespace receives base/ and the submission. */
  namespaces: string[];
  /** The files the learner edits, relative to the lab folder (exercise/…). */
  exercise: string[];
  policy: LabPolicy;
  /** Lines `lab start` prints as they are. */
  entry?: Record<string, unknown>;
  /** Lint rules whose findings `lab grade` and `lab lint --lab` leave out (lab.yaml `lint.skip`). */
  lintSkip: string[];
  checks: LabCheck[];
  /** The sum of the checks' points. */
  maxScore: number;
  lesson: LessonRef;
  paths: LabPaths;
}
