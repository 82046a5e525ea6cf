// The resource types the controllers read and write, named once.
export const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
export const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;
export const ENDPOINTS = { apiVersion: 'v1', kind: 'Endpoints' } as const;
export const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace' } as const;
export const ENDPOINT_SLICE = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' } as const;
export const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment' } as const;
export const REPLICA_SET = { apiVersion: 'apps/v1', kind: 'ReplicaSet' } as const;
