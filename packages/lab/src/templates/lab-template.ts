// The files `lab new` writes, as text: one Deployment of the workshop backend in base/, one Service to
// finish in exercise/, its answer in solution/, one TODO check, and the lesson page that explains it.

interface Names {
  id: string;
  slug: string;
  folder: string;
}

export function labTemplate({ id, slug, folder }: Names): Record<string, string> {
  const ns = `lab-${id}`;
  return {
    'lab.yaml': `id: "${id}"
slug: ${slug}
title: "TODO: what the learner builds in lab ${id}"
minutes: 15
objectives:
  - "TODO: one sentence per thing the learner does."
namespaces:
  - ${ns}
exercise:
  - exercise/service-backend.yaml
policy:
  allowedKinds: [Service]
  allowedImages: []
checks:
  - id: service-type
    points: 1
    title: Service "backend" exists and is type ClusterIP
    section: the-lab
    field: { file: exercise/service-backend.yaml, path: spec.type }
    hint:
      - "TODO: where to look first, without the answer."
      - "TODO: a second, closer hint."
    fix: "TODO: the literal fix, shown only by npx lab hint ${id} service-type --fix"
`,
    'base/deployment-backend.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
  labels:
    app: backend
spec:
  replicas: 2
  selector:
    matchLabels:
      app: backend
  template:
    metadata:
      labels:
        app: backend
    spec:
      containers:
        - name: backend
          image: workshop/backend:0.1.0
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: SPRING_APPLICATION_NAME
              value: backend
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: http
            periodSeconds: 1
`,
    'exercise/service-backend.yaml': `# Lab ${id} — TODO: say in two lines what the learner is given and what to change.
apiVersion: v1
kind: Service
metadata:
  name: backend
spec:
  # TODO: the field the lesson is about, left for the learner.
  selector:
    app: backend
  ports:
    - port: 80
      targetPort: 8080
`,
    'solution/service-backend.yaml': `apiVersion: v1
kind: Service
metadata:
  name: backend
spec:
  type: ClusterIP
  selector:
    app: backend
  ports:
    - port: 80
      targetPort: 8080
`,
    'checks.ts': `// Lab ${id}'s proofs, one function per check id in lab.yaml (titles, points and hints are there).
import { defineChecks, fail } from '@workshop/grader';

export default defineChecks({
  'service-type': async () => {
    // TODO: prove what the check's title says, e.g. await ctx.expectServiceType('backend', 'ClusterIP').
    fail('a proof for check "service-type"', 'a TODO in labs/${folder}/checks.ts');
  },
});
`,
    'setup.ts': `// Lab ${id}'s setup steps, run by \`npx lab start ${id}\` once base/ is ready: show the learner the
// state the lesson starts from. Safe to run again.
import type { LabSetupContext } from '@workshop/runtime';

export async function setup(ctx: LabSetupContext): Promise<void> {
  const pods = await ctx.step('Looking up the backend Pods', () =>
    ctx.kube.waitForPodsReady(ctx.namespace, 'app=backend', { minCount: 2, timeoutMs: 120_000 }),
  );
  ctx.info(\`\${pods.length} backend Pods ready; see them with: kubectl get pods -n \${ctx.namespace}\`);
}
`,
    'selftest.yaml': `# What proves lab ${id}: the checks the shipped exercise fails (with words their messages contain)
# and the learner's likely mistakes, each an edit of a solution file. See docs/adding-a-lab.md.
exercise:
  fails:
    service-type: []
mistakes: []
`,
  };
}

export function lessonTemplate({ id, folder }: Names): string {
  return `---
id: ${folder}
slug: /lessons/${folder}
title: "${id} · TODO: the lesson's title"
sidebar_label: "${id} · TODO"
lab: ${folder}
---

# TODO: the lesson's title

TODO: the idea in plain words, then a Mermaid diagram of the hop this lesson is about.

## The lab {#the-lab}

The lab deploys two replicas of the backend. You finish the Service in \`exercise/\`:

::lab-file{path="exercise/service-backend.yaml" highlight="spec.selector"}

1. **\`spec.selector\`** TODO: explain each highlighted field.

## Run it {#run-it}

::lab-commands

Check your work by hand:

\`\`\`bash
$ kubectl get service backend -n lab-${id}
NAME      TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
backend   ClusterIP   …            <none>        80/TCP    …
\`\`\`

## When it goes wrong {#when-it-goes-wrong}

TODO: the symptom of the mistake this lab is about, and how to see it.

## What the grader checks {#what-the-grader-checks}

::lab-checks
`;
}
