// Every lab in labs/ proves itself on the sim, from its selftest.yaml: one suite per lab, the labs'
// suites running side by side on the one cluster test/global-setup.ts started.
import { checkLessonBindings, labFolders } from '@workshop/lab';
import { describe, expect, it } from 'vitest';
import { LABS_DIR } from './paths.ts';
import { proveLab } from './prove-lab.ts';

describe('the lessons', () => {
  it('name only labs that exist', () => {
    expect(() => checkLessonBindings(LABS_DIR)).not.toThrow();
  });
});

for (const folder of labFolders(LABS_DIR)) proveLab(LABS_DIR, folder);
