// The real kubectl against the sim's API server: the commands the workshop's learners and graders run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCluster, type TestCluster } from './helpers.ts';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(async () => {
  await t?.stop();
});

const service = (targetPort: number, extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    app: web${extra}
spec:
  selector: {app: web}
  ports:
  - name: http
    port: 80
    targetPort: ${targetPort}
`;

const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: workshop/backend:1.0
        ports:
        - {name: http, containerPort: 8080}
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
  - {name: http, port: 80, targetPort: http}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
spec:
  rules:
  - host: api.example.test
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: api, port: {number: 80}}
`;

describe('kubectl against the sim', { timeout: 120_000 }, () => {
  it('lists the system namespaces, the node and the kubernetes Service like a fresh cluster', async () => {
    const ns = await t.kubectl(['get', 'ns']);
    expect(ns.stdout).toMatch(/^NAME\s+STATUS\s+AGE\n/);
    for (const name of ['default', 'kube-node-lease', 'kube-public', 'kube-system'])
      expect(ns.stdout).toMatch(new RegExp(`${name}\\s+Active`));
    const nodes = await t.kubectl(['get', 'nodes', '-o', 'wide']);
    expect(nodes.stdout).toMatch(
      /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME/,
    );
    expect(nodes.stdout).toMatch(
      new RegExp(
        `sim-control-plane\\s+Ready\\s+control-plane\\s+\\S+\\s+v1\\.33\\.1-sim\\s+${t.cluster.network.nodeIP.replaceAll('.', '\\.')}`,
      ),
    );
    const svc = await t.kubectl(['get', 'svc', 'kubernetes']);
    expect(svc.stdout).toMatch(/kubernetes\s+ClusterIP\s+127\.\d+\.\d+\.1\s+<none>\s+443\/TCP/);
  });

  it('applies a Service: created, then unchanged, then configured with the field really changed', async () => {
    const path = await t.file('svc.yaml', service(8080));
    expect((await t.kubectl(['apply', '-f', path])).stdout.trim()).toBe('service/web created');
    expect((await t.kubectl(['apply', '-f', path])).stdout.trim()).toBe('service/web unchanged');
    await t.file('svc.yaml', service(9090, '\n    tier: front'));
    expect((await t.kubectl(['apply', '-f', path])).stdout.trim()).toBe('service/web configured');
    const ports = await t.kubectl([
      'get',
      'svc',
      'web',
      '-o',
      'jsonpath={.spec.ports[0].targetPort} {.metadata.labels.tier}',
    ]);
    expect(ports.stdout).toBe('9090 front');
  });

  it('prints the real column headers, wide columns and YAML', async () => {
    const get = await t.kubectl(['get', 'svc', 'web']);
    expect(get.stdout).toMatch(
      /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nweb\s+ClusterIP\s+127\.[\d.]+\s+<none>\s+80\/TCP\s+\d+s\n$/,
    );
    const wide = await t.kubectl(['get', 'svc', 'web', '-o', 'wide']);
    expect(wide.stdout).toMatch(/SELECTOR\n.*\s+app=web\n$/);
    const yaml = await t.kubectl(['get', 'svc', 'web', '-o', 'yaml']);
    expect(yaml.stdout).toContain('kind: Service');
    expect(yaml.stdout).toContain('kubectl.kubernetes.io/last-applied-configuration');
    expect(yaml.stdout).toMatch(/targetPort: 9090/);
  });

  it('applies server-side: creates, then updates the field', async () => {
    const cm = (value: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: ${value}\n`;
    const path = await t.file('cm.yaml', cm('a'));
    expect((await t.kubectl(['apply', '--server-side', '-f', path])).stdout.trim()).toBe(
      'configmap/settings serverside-applied',
    );
    await t.file('cm.yaml', cm('b'));
    await t.kubectl(['apply', '--server-side', '-f', path]);
    expect((await t.kubectl(['get', 'cm', 'settings', '-o', 'jsonpath={.data.mode}'])).stdout).toBe('b');
  });

  it('applies a Deployment, Service and Ingress, and shows them as a real cluster does', async () => {
    const path = await t.file('app.yaml', deployment(2));
    const applied = await t.kubectl(['apply', '-f', path]);
    expect(applied.stdout).toBe(
      'deployment.apps/api created\nservice/api created\ningress.networking.k8s.io/api created\n',
    );
    await eventually('2 ready replicas', async () =>
      (await t.kubectl(['get', 'deploy', 'api'])).stdout.match(/api\s+2\/2\s+2\s+2/),
    );
    const pods = await t.kubectl(['get', 'pods', '-o', 'wide']);
    expect(pods.stdout).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n/,
    );
    expect(pods.stdout).toMatch(
      /api-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\d+s\s+127\.[\d.]+\s+sim-control-plane\s+<none>\s+<none>/,
    );
    const ing = await t.kubectl(['get', 'ingress']);
    expect(ing.stdout).toMatch(
      /^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE\napi\s+\S+\s+api\.example\.test\s+.*80\s+\d+s/,
    );
    const ep = await eventually('endpoints of api', async () => {
      const out = await t.kubectl(['get', 'endpoints', 'api']);
      return /127\.[\d.]+:8080,127\.[\d.]+:8080/.test(out.stdout) ? out : undefined;
    });
    expect(ep.stderr).toContain(
      'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice',
    );
    const all = await t.kubectl(['get', 'all']);
    for (const kind of ['pod/api-', 'service/api', 'deployment.apps/api', 'replicaset.apps/api-'])
      expect(all.stdout).toContain(kind);
  });

  it('describes a Service, Ingress, Deployment, Pod and Endpoints', async () => {
    const svc = await t.kubectl(['describe', 'svc', 'api']);
    expect(svc.stdout).toMatch(/Selector:\s+app=api/);
    expect(svc.stdout).toMatch(/TargetPort:\s+http\/TCP/);
    expect(svc.stdout).toMatch(/Endpoints:\s+127\.[\d.]+:8080,127\.[\d.]+:8080/);
    const ing = await t.kubectl(['describe', 'ingress', 'api']);
    expect(ing.stdout).toMatch(/api\.example\.test\s*\n\s+\/\s+api:80 \(127\.[\d.]+:8080,127\.[\d.]+:8080\)/);
    const deploy = await t.kubectl(['describe', 'deploy', 'api']);
    expect(deploy.stdout).toMatch(
      /ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set api-[a-z0-9]+ from 0 to 2/,
    );
    const pod = (
      await t.kubectl(['get', 'pods', '-l', 'app=api', '-o', 'jsonpath={.items[0].metadata.name}'])
    ).stdout;
    const described = await t.kubectl(['describe', 'pod', pod]);
    expect(described.stdout).toMatch(/Status:\s+Running/);
    expect(described.stdout).toMatch(
      /Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/api-/,
    );
    const ep = await t.kubectl(['describe', 'endpoints', 'api']);
    expect(ep.stdout).toMatch(/Addresses:\s+127\.[\d.]+,127\.[\d.]+/);
  });

  it('scales a Deployment and lists the events about it', async () => {
    expect((await t.kubectl(['scale', 'deploy', 'api', '--replicas=3'])).stdout.trim()).toBe(
      'deployment.apps/api scaled',
    );
    await eventually('3 ready replicas', async () =>
      (await t.kubectl(['get', 'deploy', 'api'])).stdout.match(/api\s+3\/3/),
    );
    const events = await t.kubectl(['get', 'events']);
    expect(events.stdout).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n/);
    expect(events.stdout).toMatch(
      /Normal\s+ScalingReplicaSet\s+deployment\/api\s+Scaled up replica set api-[a-z0-9]+ from 2 to 3/,
    );
    const logs = await t.kubectl(['logs', 'deploy/api']);
    expect(logs.code).toBe(0);
  });

  it('streams a change to `kubectl get -w`', async () => {
    const watch = t.kubectlStream(['get', 'cm', '-w']);
    await eventually('the watch header', () => /NAME\s+DATA\s+AGE/.test(watch.output()));
    await t.kubectl([
      'apply',
      '-f',
      await t.file(
        'watched.yaml',
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: watched\ndata:\n  a: b\n',
      ),
    ]);
    await eventually('the new ConfigMap in the watch', () => /watched\s+1\s+\d+s/.test(watch.output()));
    await watch.stop();
  });

  it('creates a namespace, ConfigMap and Secret with the typed create commands (protobuf bodies)', async () => {
    expect((await t.kubectl(['create', 'namespace', 'lab-03'])).stdout.trim()).toBe(
      'namespace/lab-03 created',
    );
    await t.kubectl(['create', 'configmap', 'cfg', '-n', 'lab-03', '--from-literal=greeting=hello']);
    await t.kubectl(['create', 'secret', 'generic', 'pw', '-n', 'lab-03', '--from-literal=pw=s3cret']);
    expect(
      (await t.kubectl(['get', 'cm', 'cfg', '-n', 'lab-03', '-o', 'jsonpath={.data.greeting}'])).stdout,
    ).toBe('hello');
    expect(
      (await t.kubectl(['get', 'secret', 'pw', '-n', 'lab-03', '-o', 'jsonpath={.data.pw}'])).stdout,
    ).toBe(Buffer.from('s3cret').toString('base64'));
    const typed = await t.kubectl(['create', 'ingress', 'x', '--rule=foo.example.com/=web:80'], {
      allowFailure: true,
    });
    expect(typed.stderr).toContain('use `kubectl apply -f`');
  });

  it('creates a Deployment and Services with the typed create commands, as their dry-run JSON says', async () => {
    const commands = [
      ['create', 'deployment', 'typed', '--image=workshop/backend:1.0', '--replicas=3', '--port=8080'],
      ['create', 'service', 'clusterip', 'typed', '--tcp=80:8080'],
      ['create', 'service', 'nodeport', 'typed-np', '--tcp=80:http', '--node-port=30007'],
    ];
    for (const command of commands) {
      const dryRun = JSON.parse(
        (await t.kubectl([...command, '--dry-run=client', '-o', 'json'])).stdout,
        (_key, value) => (value === null ? undefined : value),
      );
      await t.kubectl(command);
      const kind = command[1] === 'deployment' ? 'deployment' : 'service';
      const name = command[1] === 'deployment' ? command[2] : command[3];
      const stored = JSON.parse((await t.kubectl(['get', kind, name as string, '-o', 'json'])).stdout);
      expect(stored.metadata.labels, command.join(' ')).toEqual(dryRun.metadata.labels);
      expect(stored.spec, command.join(' ')).toMatchObject(dryRun.spec);
    }
    await eventually('3 ready replicas of the typed Deployment', async () =>
      (await t.kubectl(['get', 'deploy', 'typed'])).stdout.match(/typed\s+3\/3/),
    );
  });

  it('deletes what a file describes with delete -f', async () => {
    const path = await t.file('app.yaml', deployment(3));
    const deleted = await t.kubectl(['delete', '-f', path]);
    expect(deleted.stdout).toBe(
      'deployment.apps "api" deleted\nservice "api" deleted\ningress.networking.k8s.io "api" deleted\n',
    );
    const after = await t.kubectl(['get', 'svc', 'api'], { allowFailure: true });
    expect(after.stderr.trim()).toBe('Error from server (NotFound): services "api" not found');
  });
});
