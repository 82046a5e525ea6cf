// What a fresh cluster holds before anyone applies anything: the four system namespaces, the one
// Node, the `kubernetes` Service (first service IP, 443 → the API port) with its endpoints, and
// the `kube-dns` Service at the tenth address, and the Gateway API CRDs.

import { gatewayApiCrds } from '../apiextensions/crds.ts';
import type { ApiClient } from '../core/client.ts';
import { dnsServiceIP, kubernetesServiceIP, type NetworkPlan, NODE_NAME } from '../core/network.ts';
import type { KubeObject } from '../core/types.ts';

export interface BootstrapOptions {
  network: NetworkPlan;
  /** Where the API server listens (the `kubernetes` Service forwards there). */
  apiHost: string;
  apiPort: number;
  nodeName?: string;
}

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

function timestamp(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

export function nodeObject(name: string, network: NetworkPlan): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': process.arch === 'arm64' ? 'arm64' : 'amd64',
        'node-role.kubernetes.io/control-plane': '',
      },
    },
    spec: { podCIDR: network.podCIDR, podCIDRs: [network.podCIDR] },
  };
}

export function nodeStatus(name: string, network: NetworkPlan): KubeObject['status'] {
  const now = timestamp();
  const resources = { cpu: '2', memory: '4Gi', pods: '110', 'ephemeral-storage': '20Gi' };
  return {
    addresses: [
      { type: 'InternalIP', address: network.nodeIP },
      { type: 'Hostname', address: name },
    ],
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
        lastHeartbeatTime: now,
        lastTransitionTime: now,
      },
    ],
    capacity: resources,
    allocatable: resources,
    nodeInfo: {
      kubeletVersion: 'v1.33.1-sim',
      kubeProxyVersion: 'v1.33.1-sim',
      containerRuntimeVersion: 'sim://1.0.0',
      operatingSystem: 'linux',
      architecture: process.arch === 'arm64' ? 'arm64' : 'amd64',
      osImage: 'workshop sim (processes on the host)',
      kernelVersion: process.version,
      machineID: '',
      systemUUID: '',
      bootID: '',
    },
  };
}

export function bootstrapCluster(client: ApiClient, options: BootstrapOptions): void {
  const { network, apiHost, apiPort } = options;
  const nodeName = options.nodeName ?? NODE_NAME;
  for (const name of SYSTEM_NAMESPACES) {
    client.create(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
      { fieldManager: 'kube-apiserver' },
    );
  }
  const node = client.create(nodeObject(nodeName, network), { fieldManager: 'kubelet' });
  client.update(
    { ...node, status: nodeStatus(nodeName, network) },
    { subresource: 'status', fieldManager: 'kubelet' },
  );

  const kubernetesIP = kubernetesServiceIP(network);
  client.create(
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: {
        type: 'ClusterIP',
        clusterIP: kubernetesIP,
        clusterIPs: [kubernetesIP],
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiPort }],
        sessionAffinity: 'None',
      },
    },
    { fieldManager: 'kube-apiserver' },
  );
  client.create(
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      },
      subsets: [{ addresses: [{ ip: apiHost }], ports: [{ name: 'https', port: apiPort, protocol: 'TCP' }] }],
    },
    { fieldManager: 'kube-apiserver' },
  );
  client.create(
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'kubernetes.io/service-name': 'kubernetes' },
      },
      addressType: 'IPv4',
      endpoints: [{ addresses: [apiHost], conditions: { ready: true, serving: true, terminating: false } }],
      ports: [{ name: 'https', port: apiPort, protocol: 'TCP' }],
    },
    { fieldManager: 'kube-apiserver' },
  );

  const dnsIP = dnsServiceIP(network);
  // No selector: the sim's DNS server is not a Pod, so the endpoints controller must leave it alone.
  client.create(
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: {
          'k8s-app': 'kube-dns',
          'kubernetes.io/cluster-service': 'true',
          'kubernetes.io/name': 'CoreDNS',
        },
      },
      spec: {
        type: 'ClusterIP',
        clusterIP: dnsIP,
        clusterIPs: [dnsIP],
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        ],
      },
    },
    { fieldManager: 'kube-apiserver' },
  );
  client.create(
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } },
    { fieldManager: 'kube-apiserver' },
  );
  // Gateway API v1.5.1 (standard channel), installed as its release manifests are: see src/apiextensions.
  for (const crd of gatewayApiCrds()) client.create(crd, { fieldManager: 'kubectl' });
}
