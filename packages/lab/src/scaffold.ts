// `lab new <nn>-<slug>`: the skeleton of a lab and its lesson. It passes the format's checks (the
// loader, the check ids, the self-test data) and fails its own self-test on purpose — its one check
// is a TODO — until the author writes the proofs.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabFormatError } from './errors.ts';
import { siteDirOf } from './lessons.ts';
import { FOLDER } from './load.ts';
import { labTemplate, lessonTemplate } from './templates/lab-template.ts';

export interface ScaffoldResult {
  /** Files written, absolute. */
  written: string[];
  /** The lesson page: written, or an existing page the lab was bound to. */
  lesson: { file: string; created: boolean };
}

export function scaffoldLab(
  labsRoot: string,
  folder: string,
  options: { siteDir?: string } = {},
): ScaffoldResult {
  const match = FOLDER.exec(folder);
  if (!match) {
    throw new LabFormatError(
      `"${folder}" is not a lab folder name; write two digits, a hyphen and a slug, e.g. 09-host-routing`,
    );
  }
  const [, id = '', slug = ''] = match;
  const dir = join(labsRoot, folder);
  if (existsSync(dir))
    throw new LabFormatError(`${dir} exists already; choose another folder name or edit that lab`);
  const taken = existsSync(labsRoot)
    ? readdirSync(labsRoot).find((name) => name.startsWith(`${id}-`))
    : undefined;
  if (taken) throw new LabFormatError(`lab ${id} exists already (${taken}); a lab id names one lab`);

  const written: string[] = [];
  for (const [path, text] of Object.entries(labTemplate({ id, slug, folder }))) {
    const file = join(dir, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
    written.push(file);
  }

  const lessons = join(options.siteDir ?? siteDirOf(labsRoot), 'docs', 'lessons');
  mkdirSync(lessons, { recursive: true });
  const existing = readdirSync(lessons).find((name) => name.startsWith(`${id}-`) && /\.mdx?$/.test(name));
  if (existing) {
    const file = join(lessons, existing);
    writeFileSync(file, bindPage(readFileSync(file, 'utf8'), folder));
    written.push(file);
    return { written, lesson: { file, created: false } };
  }
  const file = join(lessons, `${folder}.mdx`);
  writeFileSync(file, lessonTemplate({ id, slug, folder }));
  written.push(file);
  return { written, lesson: { file, created: true } };
}

/** An existing lesson page (a "coming" stub) bound to the new lab: `lab:` and a lab section. */
function bindPage(text: string, folder: string): string {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!front)
    throw new LabFormatError(`the lesson page for lab ${folder} has no front matter to bind it with`);
  const frontText = front[1] ?? '';
  if (/^lab:/m.test(frontText)) {
    throw new LabFormatError(
      `the lesson page for ${folder} names a lab already (${/^lab:.*$/m.exec(frontText)?.[0]})`,
    );
  }
  let out = text.replace(front[0], `---\n${frontText}\nlab: ${folder}\n---`);
  if (!out.includes('{#the-lab}'))
    out = `${out.trimEnd()}\n\n## The lab {#the-lab}\n\n::lab-commands\n\n::lab-checks\n`;
  return out;
}
