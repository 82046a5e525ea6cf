// The lab format as schemas: lab.yaml, its locale overlays (lab.<lang>.yaml) and selftest.yaml. Each
// rule carries the sentence a lab author reads when it is broken; validate.ts adds where and what.
import { z } from 'zod';

const text = (what = 'a non-empty string') =>
  z
    .string({ error: `must be ${what}` })
    .trim()
    .min(1, `must be ${what}`);
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** One hint or hint levels: what is wrong and where to look first, then closer. */
export const hintSchema = z.union([text(), z.array(text()).min(1, 'must list at least one hint level')], {
  error: 'must be a sentence or a list of sentences (hint levels, the first shown first)',
});

export const fieldSchema = z.strictObject({
  file: text('a path inside exercise/, e.g. exercise/service-api-service.yaml').refine(
    (v) => v.startsWith('exercise/') && !v.includes('..'),
    'must be a path inside exercise/',
  ),
  path: text('a YAML path such as spec.ports[0].targetPort'),
});

export const checkSchema = z.strictObject({
  id: text().regex(ID, 'must be lowercase words joined by hyphens, e.g. "endpoints-ready"'),
  points: z.int({ error: 'must be a whole number ≥ 0' }).min(0, 'must be a whole number ≥ 0'),
  title: text('a sentence saying what the check proves'),
  section: text('the id of a heading in the lesson, e.g. "what-a-service-gives-you"').regex(
    ID,
    'must be a heading id: lowercase words joined by hyphens',
  ),
  hint: hintSchema,
  fix: text().optional(),
  field: fieldSchema.optional(),
  timeoutMs: z.int({ error: 'must be a whole number of milliseconds' }).positive().optional(),
});

/**
 * The lint rules a lab may leave out (lab.yaml `lint.skip`): only the ones that compare objects with
 * each other, which name a fault a break-fix lab wants found on the cluster. Schema, syntax and
 * policy rules always apply.
 */
export const SKIPPABLE_LINT_RULES = [
  'selector-matches-nothing',
  'target-port-not-exposed',
  'named-target-port-missing',
  'backend-service-missing',
  'backend-port-missing',
] as const;

export const labSchema = z.strictObject({
  id: text('two digits in quotes, e.g. "01"').regex(/^\d{2}$/, 'must be two digits in quotes, e.g. "01"'),
  slug: text().regex(ID, 'must be lowercase words joined by hyphens, e.g. "clusterip"'),
  title: text('the lab title'),
  minutes: z.int({ error: 'must be a whole number above 0' }).positive('must be a whole number above 0'),
  objectives: z
    .array(text('a sentence'), { error: 'must be a list of sentences' })
    .min(1, 'must list at least one objective'),
  namespaces: z
    .array(
      z
        .string({ error: 'must be a namespace name' })
        .max(63)
        .regex(DNS_LABEL, 'must be a namespace name (a lowercase DNS label)'),
      { error: 'must be a list of namespace names' },
    )
    .min(1, 'must name at least one namespace, e.g. lab-01'),
  exercise: z.array(
    z
      .string({ error: 'must be a path inside exercise/' })
      .refine((v) => v.startsWith('exercise/') && !v.includes('..'), 'must be a path inside exercise/'),
    { error: 'must be a list of paths inside exercise/' },
  ),
  policy: z.strictObject(
    {
      allowedKinds: z.array(z.string(), { error: 'must be a list of kinds' }),
      allowedImages: z.array(z.string(), { error: 'must be a list of images' }),
    },
    { error: 'must be a mapping with allowedKinds and allowedImages' },
  ),
  entry: z.record(z.string(), z.unknown(), { error: 'must be a mapping of lines to print' }).optional(),
  lint: z
    .strictObject(
      {
        skip: z
          .array(
            z.enum(SKIPPABLE_LINT_RULES, {
              error: `must be one of the lint rules that compare objects: ${SKIPPABLE_LINT_RULES.join(', ')}`,
            }),
          )
          .min(1, 'must list at least one lint rule'),
      },
      { error: 'must be a mapping with skip: a list of lint rules' },
    )
    .optional(),
  checks: z.array(checkSchema, { error: 'must be a list of checks' }).min(1, 'must list at least one check'),
});

export const overlaySchema = z.strictObject({
  title: text().optional(),
  objectives: z.array(text('a sentence')).optional(),
  entry: z.record(z.string(), z.unknown()).optional(),
  checks: z
    .record(
      z.string(),
      z.strictObject({ title: text().optional(), hint: hintSchema.optional(), fix: text().optional() }),
    )
    .optional(),
});

const words = z.array(z.string(), { error: 'must be a list of words the message must contain' });
/** check id → the words its failure message must contain (an empty list: any message). */
const failing = z.record(z.string(), words.nullable(), {
  error: 'must map each failing check id to the words its message must contain',
});
const lintRule = z.union([z.string(), z.strictObject({ rule: z.string(), message: z.string().optional() })]);

const expectation = {
  /** Where the pipeline must stop: lint stops before anything is applied. */
  stage: z.enum(['lint', 'policy', 'apply', 'checks']).optional(),
  fails: failing.optional(),
  lint: z.array(lintRule).optional(),
  /** Regular expressions the scorecard (stderr) must match. */
  output: z.array(z.string()).optional(),
};

export const mistakeSchema = z.strictObject({
  name: text('a sentence naming the mistake'),
  file: text('a file of solution/, e.g. service-api-service.yaml'),
  set: z.record(z.string(), z.unknown()).optional(),
  delete: z.array(z.string()).optional(),
  ...expectation,
});

export const selfTestSchema = z.strictObject({
  start: z.strictObject({ output: z.array(z.string()) }).optional(),
  exercise: z.strictObject(expectation),
  mistakes: z.array(mistakeSchema).default([]),
});

export type LabData = z.infer<typeof labSchema>;
export type OverlayData = z.infer<typeof overlaySchema>;
export type SelfTestData = z.infer<typeof selfTestSchema>;
export type MistakeData = z.infer<typeof mistakeSchema>;
