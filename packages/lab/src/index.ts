// @workshop/lab: the lab format. One schema and one loader for lab.yaml, its locale overlays, the
// checks' implementations, the self-test data and the lesson page a lab binds to; used by the `lab`
// command, the grader, the site and the self-tests alike.
export { type CheckFunctions, type ImportModule, loadCheckFunctions } from './checks-module.ts';
export { type LessonBlock, type LessonCommand, lessonBlocks, matchOutput } from './commands.ts';
export { LabFormatError } from './errors.ts';
export { type LessonPage, lessonDirs, readLessonPage, readLessonPages, siteDirOf } from './lessons.ts';
export {
  checkLessonBindings,
  FOLDER,
  type LoadOptions,
  labFolders,
  loadLab,
  loadLabs,
  resolveLab,
} from './load.ts';
export { applyOverlay, LANGUAGES, type Language, pickLanguage } from './locale.ts';
export { type ScaffoldResult, scaffoldLab } from './scaffold.ts';
export { loadSelfTest, type Mistake, type SelfTestData } from './self-test.ts';
export {
  lineRange,
  parseFieldPath,
  parseYamlSource,
  readYamlSource,
  type YamlPath,
  type YamlSource,
} from './source.ts';
export type { CheckField, Lab, LabCheck, LabPaths, LabPolicy, LessonRef } from './types.ts';
