import { describe, expect, it } from 'vitest';
import { WaitTimeoutError, waitFor } from './wait-for.ts';

describe('waitFor', () => {
  it('returns the value as soon as the probe is done', async () => {
    let calls = 0;
    const value = await waitFor(
      'three calls',
      async () => (++calls >= 3 ? { done: true, value: calls } : { done: false, seen: `${calls}` }),
      {
        intervalMs: 1,
      },
    );
    expect(value).toBe(3);
  });

  it('names what it waited for and what it saw last when the deadline passes', async () => {
    const error = await waitFor('the moon', async () => ({ done: false, seen: 'clouds' }), {
      timeoutMs: 50,
      intervalMs: 10,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toBe('timed out after 50ms waiting for the moon; last seen: clouds');
  });

  it('treats a throwing probe as not yet and reports its message', async () => {
    await expect(
      waitFor(
        'an answer',
        async () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow('last seen: connection refused');
  });
});
