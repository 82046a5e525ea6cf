// The GitHub Actions workflow of a class repository. On every push it takes the grader from the
// instructor's template repository (pinned with `lab export --grader owner/name@ref`, otherwise the
// template the student's repository was created from), so a student who edits the checks in their
// own tree changes nothing; it grades only the student's exercise files, as untrusted input, on the
// embedded cluster; and it reports points to GitHub Classroom, annotations on the student's files, a
// job summary, and the results (JSON and JUnit) as an artifact.
import { basename } from 'node:path';
import { stringify } from 'yaml';
import type { Lab } from '../labs/load.ts';

export interface WorkflowOptions {
  grader?: string;
}

/** The step id of a lab's grade, which Classroom's reporter reads as `<ID>_RESULTS`. */
export function gradeStepId(lab: Lab): string {
  return `lab-${lab.id}`;
}

/** The shell a lab's grading step runs, from the grader's folder. */
export function gradeCommand(lab: Lab): string {
  return [
    `npx lab grade ${lab.id} --dir "$GITHUB_WORKSPACE/labs/${basename(lab.dir)}/exercise" \\`,
    '  --reporter console,github,classroom,junit',
  ].join('\n');
}

export function classroomWorkflow(labs: Lab[], options: WorkflowOptions = {}): string {
  const gradeSteps = labs.map((lab) => ({
    name: `Grade lab ${lab.id} (${lab.slug})`,
    id: gradeStepId(lab),
    if: "always() && steps.cluster.outcome == 'success'",
    'working-directory': '.grader',
    run: gradeCommand(lab),
  }));
  const runners = labs.map(gradeStepId).join(',');
  const resultsEnv = Object.fromEntries(
    labs.map((lab) => [
      `${gradeStepId(lab).toUpperCase()}_RESULTS`,
      `\${{ steps.${gradeStepId(lab)}.outputs.result }}`,
    ]),
  );
  const workflow = {
    name: 'Grade the labs',
    on: { push: null, workflow_dispatch: null },
    permissions: { contents: 'read', checks: 'write', actions: 'read' },
    env: { CI: 'true', TURBO_TELEMETRY_DISABLED: '1' },
    jobs: {
      grade: {
        'runs-on': 'ubuntu-latest',
        'timeout-minutes': 20,
        steps: [
          { name: 'Check out your work', uses: 'actions/checkout@v4' },
          {
            name: "Find the grader (the instructor's template)",
            id: 'grader',
            env: { GH_TOKEN: '${{ github.token }}', PINNED: options.grader ?? '' },
            run: [
              'if [ -n "$PINNED" ]; then',
              '  repo="${PINNED%@*}"; ref=""',
              '  case "$PINNED" in *@*) ref="${PINNED#*@}";; esac',
              'else',
              `  repo="$(gh api "repos/$GITHUB_REPOSITORY" --jq '.template_repository.full_name // empty')"; ref=""`,
              'fi',
              'if [ -z "$repo" ]; then',
              '  echo "::error::this repository was not created from a template; export it again with lab export --grader owner/name@ref"',
              '  exit 1',
              'fi',
              'echo "repo=$repo" >> "$GITHUB_OUTPUT"',
              'echo "ref=$ref" >> "$GITHUB_OUTPUT"',
            ].join('\n'),
          },
          {
            name: 'Check out the grader',
            uses: 'actions/checkout@v4',
            with: {
              repository: '${{ steps.grader.outputs.repo }}',
              ref: '${{ steps.grader.outputs.ref }}',
              path: '.grader',
            },
          },
          {
            uses: 'actions/setup-node@v4',
            with: {
              'node-version': '20.19',
              cache: 'npm',
              'cache-dependency-path': '.grader/package-lock.json',
            },
          },
          { name: 'npm ci', 'working-directory': '.grader', run: 'npm ci --no-audit --no-fund' },
          {
            name: 'Start the embedded cluster',
            id: 'cluster',
            'working-directory': '.grader',
            run: 'npx lab cluster up --runtime sim',
          },
          ...gradeSteps,
          {
            name: 'Report the points to GitHub Classroom',
            if: 'always()',
            uses: 'classroom-resources/autograding-grading-reporter@v1',
            env: resultsEnv,
            with: { runners },
          },
          {
            name: 'Upload the results',
            if: 'always()',
            uses: 'actions/upload-artifact@v4',
            with: {
              name: 'grading-results',
              path: '.grader/.workshop/results/',
              'include-hidden-files': true,
              'if-no-files-found': 'warn',
            },
          },
        ],
      },
    },
  };
  const header = [
    '# Grades every lab of this class repository on each push (written by `npx lab export`).',
    "# The checks come from the instructor's template, not from this repository's files.",
    '',
  ].join('\n');
  return (
    header + stringify(workflow, { lineWidth: 0 }).replace(/^(\s*)(push|workflow_dispatch): null$/gm, '$1$2:')
  );
}
