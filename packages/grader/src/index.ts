// @workshop/grader: the proofs behind a lab's checks.ts (defineChecks and the helpers that show a lab
// works: Services, selection, endpoints, traffic, routes, certificates, DNS), and the grading
// pipeline and reporters behind `lab grade`.
export { GradingContext } from './context.ts';
export { backendImage, type EntryPoints, type GradeContextData } from './context-data.ts';
export { type CheckFunction, defineChecks, type LabChecks } from './define-checks.ts';
export type { CheckEnv } from './env.ts';
export { CheckFailure, type FailureDetails, fail, formatLabels, listText } from './failure.ts';
export type { ConvergedRoutesOptions } from './helpers/converged-routes.ts';
export {
  type ConvergedCertificateOptions,
  expectConvergedCertificate,
  readTlsSecret,
  type TlsSecretContents,
} from './helpers/converged-tls.ts';
export type { EndpointInfo, ServiceEndpoints } from './helpers/endpoints.ts';
export { fetchFromHost, getOnce, type HostFetchOptions } from './helpers/host-traffic.ts';
export {
  explainRoute,
  type IngressBackend,
  type PathVerdict,
  prefixMatches,
  type RouteExplanation,
  routeFor,
} from './helpers/ingress-routing.ts';
export { type PodFetchOptions, PROBE_LABELS, PROBE_POD, type Resolution } from './helpers/probe-pod.ts';
export type { Route, RoutesOptions } from './helpers/routes.ts';
export type { SelectsOptions } from './helpers/selection.ts';
export type { ServicePort } from './helpers/services.ts';
export { covers, type ServedCertificate } from './helpers/tls.ts';
export type { Answer, ReachesOptions, TrafficResult } from './helpers/traffic.ts';
export type { CheckWaitOptions } from './helpers/waits.ts';
export { ApplyRejected, SUBMITTED_LABEL, SUBMITTED_VALUE } from './pipeline/apply-submission.ts';
export { type GradeLabOptions, gradeLab } from './pipeline/grade-lab.ts';
export type { CheckResult, GradeReport, Stage } from './report.ts';
export { classroomNotices, classroomOutput, classroomResult } from './reporters/classroom.ts';
export { formatScorecard, useColor } from './reporters/console.ts';
export { escapeData, escapeProperty, formatAnnotations, formatStepSummary } from './reporters/github.ts';
export {
  defaultReporters,
  parseReporters,
  REPORTERS,
  type ReporterName,
  type WriteReportsOptions,
  writeReports,
} from './reporters/index.ts';
export { formatJunit } from './reporters/junit.ts';
export { type RunChecksOptions, type RunChecksResult, runChecks } from './run/run-checks.ts';
