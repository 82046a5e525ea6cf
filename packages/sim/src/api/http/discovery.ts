// Discovery documents (legacy form, which kubectl accepts): /api, /apis, /api/v1, /apis/<g>,
// /apis/<g>/<v>, plus /version. Short names and the `all` category come from the resource catalog.
import type { KubeObject, ResourceType } from '../../core/types.ts';
import { groupVersion, RESOURCE_TYPES, servedGroupVersions } from '../../resources.ts';

export const SERVER_VERSION = {
  major: '1',
  minor: '33',
  gitVersion: 'v1.33.1-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-05-15T00:00:00Z',
  goVersion: 'go1.24.2',
  compiler: 'gc',
  platform: `linux/${process.arch === 'arm64' ? 'arm64' : 'amd64'}`,
};

export function apiVersions(serverAddress: string): KubeObject {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  } as unknown as KubeObject;
}

function groupEntry(group: string) {
  const versions = servedGroupVersions()
    .filter((gv) => gv.group === group)
    .map((gv) => ({ groupVersion: `${gv.group}/${gv.version}`, version: gv.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(): KubeObject {
  const groups = [...new Set(servedGroupVersions().map((gv) => gv.group))].filter((g) => g !== '');
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(groupEntry) } as unknown as KubeObject;
}

export function apiGroup(group: string): KubeObject | undefined {
  if (!servedGroupVersions().some((gv) => gv.group === group && group !== '')) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group) } as unknown as KubeObject;
}

function subresourceEntries(type: ResourceType) {
  const entries = [];
  for (const sub of type.subresources ?? []) {
    const base = { name: `${type.plural}/${sub}`, singularName: '', namespaced: type.namespaced };
    if (sub === 'status') entries.push({ ...base, kind: type.kind, verbs: ['get', 'patch', 'update'] });
    if (sub === 'scale') {
      entries.push({
        ...base,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
      });
    }
    if (sub === 'log') entries.push({ ...base, kind: 'Pod', verbs: ['get'] });
    if (sub === 'exec' || sub === 'attach' || sub === 'portforward') {
      const options = {
        exec: 'PodExecOptions',
        attach: 'PodAttachOptions',
        portforward: 'PodPortForwardOptions',
      };
      entries.push({ ...base, kind: options[sub], verbs: ['create', 'get'] });
    }
    if (sub === 'proxy') {
      entries.push({
        ...base,
        kind: `${type.kind}ProxyOptions`,
        verbs: ['create', 'delete', 'get', 'patch', 'update'],
      });
    }
  }
  if (type.kind === 'Namespace') {
    entries.push({
      name: 'namespaces/finalize',
      singularName: '',
      namespaced: false,
      kind: 'Namespace',
      verbs: ['update'],
    });
  }
  return entries;
}

export function apiResourceList(group: string, version: string): KubeObject | undefined {
  const types = RESOURCE_TYPES.filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const resources = types.flatMap((t) => [
    {
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      ...(t.categories ? { categories: t.categories } : {}),
    },
    ...subresourceEntries(t),
  ]);
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion({ group, version }),
    resources,
  } as unknown as KubeObject;
}
