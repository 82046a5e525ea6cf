import { describe, expect, it } from 'vitest';
import type { ProbeOutcome } from './probe.ts';
import { PLEG_RELIST_MS, ProbeWorker } from './probe-worker.ts';

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function scripted(outcomes: boolean[]) {
  let i = 0;
  return async (): Promise<ProbeOutcome> => {
    const ok = outcomes[Math.min(i++, outcomes.length - 1)] ?? true;
    return ok ? { ok } : { ok, message: `attempt ${i} failed` };
  };
}

describe('ProbeWorker', () => {
  it('starts readiness as not ready and turns ready after successThreshold successes', async () => {
    const results: boolean[] = [];
    const worker = new ProbeWorker({
      kind: 'readiness',
      spec: { periodSeconds: 0.01, successThreshold: 2 },
      target: { podIP: '127.0.0.1', ports: [] },
      startedAt: Date.now(),
      onResult: (ok) => results.push(ok),
      onFailure: () => {},
      probe: scripted([false, true, true]),
    });
    expect(worker.result).toBe(false);
    worker.start();
    await until(() => results.length > 0, 'a readiness result');
    worker.stop();
    expect(results).toEqual([true]);
  });

  it('fails liveness only after failureThreshold consecutive failures and reports each one', async () => {
    const results: boolean[] = [];
    const failures: string[] = [];
    const worker = new ProbeWorker({
      kind: 'liveness',
      spec: { periodSeconds: 0.01, failureThreshold: 3 },
      target: { podIP: '127.0.0.1', ports: [] },
      startedAt: Date.now(),
      onResult: (ok) => results.push(ok),
      onFailure: (m) => failures.push(m),
      probe: scripted([false, false, true, false, false, false]),
    });
    worker.start();
    await until(() => results.length > 0, 'a liveness failure');
    worker.stop();
    expect(results).toEqual([false]);
    expect(failures).toEqual([
      'attempt 1 failed',
      'attempt 2 failed',
      'attempt 4 failed',
      'attempt 5 failed',
      'attempt 6 failed',
    ]);
  });

  it('waits initialDelaySeconds before the first attempt', async () => {
    let attempts = 0;
    const worker = new ProbeWorker({
      kind: 'readiness',
      spec: { periodSeconds: 0.01, initialDelaySeconds: 0.2 },
      target: { podIP: '127.0.0.1', ports: [] },
      startedAt: Date.now(),
      onResult: () => {},
      onFailure: () => {},
      probe: async () => {
        attempts++;
        return { ok: true };
      },
    });
    const started = Date.now();
    worker.start();
    await until(() => attempts > 0, 'the first attempt');
    worker.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('does not probe while inactive (liveness waiting for the startup probe)', async () => {
    let attempts = 0;
    let active = false;
    const worker = new ProbeWorker({
      kind: 'liveness',
      spec: { periodSeconds: 0.01 },
      target: { podIP: '127.0.0.1', ports: [] },
      startedAt: Date.now(),
      active: () => active,
      onResult: () => {},
      onFailure: () => {},
      probe: async () => {
        attempts++;
        return { ok: true };
      },
    });
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(attempts).toBe(0);
    active = true;
    await until(() => attempts > 0, 'an attempt once active');
    worker.stop();
  });

  it('reports no failure for a container that listens before the first tick after its start', async () => {
    const startedAt = Date.now();
    const failures: string[] = [];
    const attemptsAt: number[] = [];
    const worker = new ProbeWorker({
      kind: 'liveness',
      spec: { periodSeconds: 0.3 },
      target: { podIP: '127.0.0.1', ports: [] },
      startedAt,
      tickFrom: startedAt - 50,
      onResult: () => {},
      onFailure: (m) => failures.push(m),
      // The program listens 150 ms after its process started: a probe at the start would be refused.
      probe: async () => {
        attemptsAt.push(Date.now() - startedAt);
        return Date.now() - startedAt >= 150 ? { ok: true } : { ok: false, message: 'connection refused' };
      },
    });
    worker.start();
    await until(() => attemptsAt.length >= 2, 'two liveness attempts');
    worker.stop();
    expect(failures).toEqual([]);
    // The ticker started 50 ms before the container: its ticks are at 250 ms, 550 ms, … after the start.
    expect(attemptsAt[0]).toBeGreaterThanOrEqual(240);
  });

  it('runs readiness once when the kubelet notices the start, long before a slow period’s first tick', async () => {
    const startedAt = Date.now();
    const attemptsAt: number[] = [];
    const results: boolean[] = [];
    const worker = new ProbeWorker({
      kind: 'readiness',
      spec: { periodSeconds: 10 },
      target: { podIP: '127.0.0.1', ports: [] },
      startedAt,
      onResult: (ok) => results.push(ok),
      onFailure: () => {},
      probe: async () => {
        attemptsAt.push(Date.now() - startedAt);
        return { ok: true };
      },
    });
    worker.start();
    await until(() => results.length > 0, 'a readiness result');
    worker.stop();
    expect(results).toEqual([true]);
    expect(attemptsAt).toHaveLength(1);
    expect(attemptsAt[0]).toBeGreaterThanOrEqual(PLEG_RELIST_MS - 10);
    expect(attemptsAt[0]).toBeLessThan(PLEG_RELIST_MS + 2_000);
  });

  it('reports every failed attempt of a container that never answers', async () => {
    const failures: string[] = [];
    const results: boolean[] = [];
    const worker = new ProbeWorker({
      kind: 'liveness',
      spec: { periodSeconds: 0.02, failureThreshold: 3 },
      target: { podIP: '127.0.0.1', ports: [] },
      startedAt: Date.now(),
      // Stopped as the result comes, so a loaded machine cannot slip a fourth attempt in first.
      onResult: (ok) => {
        results.push(ok);
        worker.stop();
      },
      onFailure: (m) => failures.push(m),
      probe: async () => ({ ok: false, message: 'connection refused' }),
    });
    worker.start();
    await until(() => results.length > 0, 'a liveness failure');
    worker.stop();
    expect(results).toEqual([false]);
    expect(failures).toEqual(['connection refused', 'connection refused', 'connection refused']);
  });
});
