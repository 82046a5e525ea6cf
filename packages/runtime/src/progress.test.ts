import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.ts';

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text.replace(/\(\d+\.\ds\)/g, '(t)') };
}

describe('progress lines', () => {
  it('marks a step ✓ when it returns and ✗ when it throws, with its time', async () => {
    const out = capture();
    const progress = createProgress({ stream: out.stream, env: {} });
    expect(await progress.step('Starting', async () => 42)).toBe(42);
    await expect(
      progress.step('Waiting', async () => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(out.text()).toBe(' • Starting …\n ✓ Starting (t)\n • Waiting …\n ✗ Waiting (t)\n');
  });

  it('marks a step ✗ that returned a result its caller calls failed (a lint that found errors)', async () => {
    const out = capture();
    const progress = createProgress({ stream: out.stream, env: {} });
    const failed = (errors: number) => errors > 0;
    expect(await progress.step('Linting a', async () => 2, { failed })).toBe(2);
    await progress.step('Linting b', async () => 0, { failed });
    expect(out.text()).toBe(' • Linting a …\n ✗ Linting a (t)\n • Linting b …\n ✓ Linting b (t)\n');
  });
});
