// @workshop/manifests: YAML with source positions, schema validation, lint rules with hints, and the
// policy for untrusted submissions. See README.md for the API.

export {
  countBySeverity,
  displayPath,
  type FormatOptions,
  formatDiagnostics,
  formatSummary,
  type JsonReport,
  toJsonReport,
} from './format.ts';
export {
  type ContextEntry,
  collectManifestFiles,
  fromObject,
  type LintOptions,
  type LintResult,
  lintFiles,
  lintObjects,
  lintText,
  loadManifests,
} from './lint.ts';
export { type PodTemplate, podTemplate } from './pod-templates.ts';
export { checkPolicy } from './policy/check-policy.ts';
export { CLUSTER_SCOPED_KINDS } from './policy/cluster-scoped.ts';
export { DEFAULT_UNTRUSTED_POLICY, imageAllowed, type Policy } from './policy/policy.ts';
export { RULES } from './rules/index.ts';
export { type Output, parseLintArgs, type RunLintOptions, runLint, USAGE } from './run-lint.ts';
export { LIMITS } from './source/limits.ts';
export { fieldPathText, locate } from './source/locate.ts';
export { type ParseResult, parseManifests, readManifestFile } from './source/parse-manifests.ts';
export type {
  Diagnostic,
  FieldPath,
  JsonObject,
  Location,
  ManifestObject,
  Rule,
  RuleContext,
  Severity,
} from './types.ts';
