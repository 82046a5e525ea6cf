// Deployment and ReplicaSet strategies: defaults, empty status on create, validation.
import type { ResourceStrategy } from '../../core/strategy.ts';
import { toInvalid } from '../field-errors.ts';
import { unknownFields } from '../strict-decode.ts';
import { defaultDeployment, defaultReplicaSet } from './defaults.ts';
import {
  validateDeployment,
  validateDeploymentUpdate,
  validateReplicaSet,
  validateReplicaSetUpdate,
} from './validation.ts';

export function deploymentStrategy(): ResourceStrategy {
  return {
    unknownFields,
    default: defaultDeployment,
    prepareForCreate(deployment) {
      deployment.status = {};
    },
    validateCreate: (d) => toInvalid('Deployment', 'apps', d.metadata.name ?? '', validateDeployment(d)),
    validateUpdate: (d, old) =>
      toInvalid('Deployment', 'apps', d.metadata.name ?? '', validateDeploymentUpdate(d, old)),
  };
}

export function replicaSetStrategy(): ResourceStrategy {
  return {
    unknownFields,
    default: defaultReplicaSet,
    prepareForCreate(replicaSet) {
      replicaSet.status = { replicas: 0 };
    },
    validateCreate: (rs) => toInvalid('ReplicaSet', 'apps', rs.metadata.name ?? '', validateReplicaSet(rs)),
    validateUpdate: (rs, old) =>
      toInvalid('ReplicaSet', 'apps', rs.metadata.name ?? '', validateReplicaSetUpdate(rs, old)),
  };
}
