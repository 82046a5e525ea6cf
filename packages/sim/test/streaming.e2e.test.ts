// The streaming subresources at the HTTP level: discovery advertises them, the bearer token is
// required before any upgrade, and a plain request gets the real server's "Upgrade request required".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { raw, startTestCluster, type TestCluster } from './helpers.ts';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
  await t.kubectl(['run', 'web', '--image=workshop/backend:1.0']);
});
afterAll(async () => {
  await t?.stop();
});

/** Opens a WebSocket like kubectl does and reports the HTTP answer when the server refuses the upgrade. */
function upgrade(
  path: string,
  protocol: string,
  token: string | null,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // Set as a header: `ws` refuses the "/" in kubectl's SPDY/3.1+portforward.k8s.io as a protocol name.
    const ws = new WebSocket(new URL(path, t.cluster.apiUrl.replace('https', 'wss')), {
      rejectUnauthorized: false,
      headers: { 'sec-websocket-protocol': protocol, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

describe('exec, attach and port-forward at the HTTP level', () => {
  it('advertises pods/exec, pods/attach and pods/portforward in discovery as a real server does', async () => {
    const resources = (await raw(t.cluster, 'GET', '/api/v1')).json().resources as Array<{
      name: string;
      kind: string;
      verbs: string[];
    }>;
    for (const [name, kind] of [
      ['pods/exec', 'PodExecOptions'],
      ['pods/attach', 'PodAttachOptions'],
      ['pods/portforward', 'PodPortForwardOptions'],
    ]) {
      expect(resources.find((r) => r.name === name)).toMatchObject({ kind, verbs: ['create', 'get'] });
    }
  });

  it('refuses an upgrade without the bearer token before it looks at the Pod', async () => {
    for (const [path, protocol] of [
      ['/api/v1/namespaces/default/pods/web/exec?command=ls&stdout=true', 'v5.channel.k8s.io'],
      ['/api/v1/namespaces/default/pods/web/portforward', 'SPDY/3.1+portforward.k8s.io'],
    ] as const) {
      const answer = await upgrade(path, protocol, null);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
      const wrong = await upgrade(path, protocol, 'not-the-token');
      expect(wrong.status).toBe(401);
    }
  });

  it('answers a missing Pod and an exec without a command with the Status a real server sends', async () => {
    const missing = await upgrade(
      '/api/v1/namespaces/default/pods/nope/exec?command=ls',
      'v5.channel.k8s.io',
      t.cluster.token,
    );
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).message).toBe('pods "nope" not found');
    const noCommand = await upgrade(
      '/api/v1/namespaces/default/pods/web/exec?stdout=true',
      'v5.channel.k8s.io',
      t.cluster.token,
    );
    expect(noCommand.status).toBe(400);
    expect(JSON.parse(noCommand.body).message).toBe('you must specify at least 1 command');
  });

  it('says "Upgrade request required" to a plain request for a streaming subresource', async () => {
    const answer = await raw(t.cluster, 'POST', '/api/v1/namespaces/default/pods/web/exec?command=ls');
    expect(answer.status).toBe(400);
    expect(answer.json().message).toBe('Upgrade request required');
  });
});
