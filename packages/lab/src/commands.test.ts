import { describe, expect, it } from 'vitest';
import { lessonBlocks, matchOutput } from './commands.ts';
import { parseFieldPath } from './source.ts';

const PAGE = [
  'Some prose.',
  '```bash',
  '$ kubectl get svc api-service -n lab-01',
  'NAME          TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
  'api-service   ClusterIP   …            <none>        80/TCP    …',
  '$ kubectl get endpointslices -n lab-01',
  '```',
  '```bash test=skip',
  '$ kubectl delete pod -n lab-01 <one-of-them>',
  '```',
  '```bash',
  'npx lab start 01   # no prompt: shown, never run',
  '```',
  '```bash expect=error',
  '$ curl -s http://127.0.0.1:1/',
  '```',
].join('\n');

describe('lessonBlocks', () => {
  it('finds the runnable blocks, their commands, expected output and annotations', () => {
    const blocks = lessonBlocks(PAGE, 10);
    expect(blocks.map((b) => [b.skip, b.commands.length])).toEqual([
      [false, 2],
      [true, 1],
      [false, 1],
    ]);
    const [first] = blocks[0]?.commands ?? [];
    expect(first).toMatchObject({
      command: 'kubectl get svc api-service -n lab-01',
      line: 12,
      expectError: false,
    });
    expect(first?.output).toHaveLength(2);
    expect(blocks[2]?.commands[0]?.expectError).toBe(true);
  });
});

describe('matchOutput', () => {
  const actual =
    'NAME          TYPE        CLUSTER-IP        EXTERNAL-IP   PORT(S)   AGE\napi-service   ClusterIP   127.102.148.110   <none>        80/TCP    5s\n';
  it('matches lines in order, with … for anything and loose spacing', () => {
    expect(matchOutput(['api-service ClusterIP … <none> 80/TCP …'], actual)).toEqual({ ok: true });
    expect(matchOutput(['NAME … AGE', 'api-service …'], actual)).toEqual({ ok: true });
  });
  it('says which expected line it did not find', () => {
    expect(matchOutput(['api-service NodePort …'], actual)).toEqual({
      ok: false,
      missing: 'api-service NodePort …',
    });
    expect(matchOutput(['api-service …', 'NAME …'], actual)).toEqual({ ok: false, missing: 'NAME …' });
  });
});

describe('parseFieldPath', () => {
  it('reads dotted paths, list indexes and quoted keys', () => {
    expect(parseFieldPath('spec.ports[0].targetPort')).toEqual(['spec', 'ports', 0, 'targetPort']);
    expect(parseFieldPath('metadata.labels["app.kubernetes.io/name"]')).toEqual([
      'metadata',
      'labels',
      'app.kubernetes.io/name',
    ]);
  });
  it('refuses what is not a path, saying where', () => {
    expect(() => parseFieldPath('spec..ports')).toThrow('"spec..ports" is not a YAML path (at "..ports")');
  });
});
