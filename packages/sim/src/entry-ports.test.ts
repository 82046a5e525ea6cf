import { describe, expect, it } from 'vitest';
import { pickEntryPorts } from './entry-ports.ts';

const probe =
  (refused: Record<number, string>) =>
  async (port: number): Promise<{ ok: true } | { ok: false; why: string }> =>
    refused[port] ? { ok: false, why: refused[port] } : { ok: true };

describe('pickEntryPorts: the one rule for every runtime', () => {
  it('takes 80/443 when both can be used, with no note', async () => {
    expect(await pickEntryPorts(probe({}))).toEqual({ http: 80, https: 443 });
  });

  it('moves to 8080/8443 when 80 or 443 cannot be used, and says why in one line', async () => {
    const bindOnly = 'this user may not bind ports below 1024';
    expect(await pickEntryPorts(probe({ 80: bindOnly, 443: bindOnly }))).toEqual({
      http: 8080,
      https: 8443,
      note: `entry points on 8080/8443: ports 80 and 443: ${bindOnly}`,
    });
    expect((await pickEntryPorts(probe({ 443: 'in use by nginx (pid 7)' }))).http).toBe(8080);
  });

  it('takes the next free pair when 8080/8443 are taken too, and fails with the flags to pass when none is', async () => {
    const taken = { 80: 'in use', 8080: 'in use by java (pid 9)', 8443: 'in use', 8081: 'in use' };
    expect(await pickEntryPorts(probe(taken))).toMatchObject({ http: 8082, https: 8445 });
    const all = Object.fromEntries(
      [80, 443, ...Array.from({ length: 10 }, (_, i) => 8080 + i)].map((p) => [p, 'in use']),
    );
    await expect(pickEntryPorts(probe(all))).rejects.toThrow(/pass --http-port and --https-port$/);
  });
});
