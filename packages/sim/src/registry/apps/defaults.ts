// apps/v1 defaulting for Deployments and ReplicaSets, including their Pod templates.
import type { KubeObject } from '../../core/types.ts';
import { defaultPodSpec } from '../core/pod-defaults.ts';
import type { Json } from '../json.ts';

function defaultTemplate(spec: Json): void {
  spec.template ??= {};
  spec.template.spec ??= {};
  defaultPodSpec(spec.template.spec);
}

export function defaultDeployment(deployment: KubeObject): void {
  deployment.spec ??= {};
  const spec = deployment.spec;
  if (spec.replicas == null) spec.replicas = 1;
  spec.strategy ??= {};
  if (!spec.strategy.type) spec.strategy.type = 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {};
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
    spec.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  if (spec.revisionHistoryLimit == null) spec.revisionHistoryLimit = 10;
  if (spec.progressDeadlineSeconds == null) spec.progressDeadlineSeconds = 600;
  defaultTemplate(spec);
}

export function defaultReplicaSet(replicaSet: KubeObject): void {
  replicaSet.spec ??= {};
  const spec = replicaSet.spec;
  if (spec.replicas == null) spec.replicas = 1;
  defaultTemplate(spec);
}
