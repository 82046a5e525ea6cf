// Maps apiVersion + kind to the REST resource (plural name, namespaced or not) the way kubectl does:
// from the server's APIResourceList, cached per group/version and re-read once when a kind is missing
// (a CRD may have been installed meanwhile).
import { isNotFound } from './api-error.ts';
import type { KubeTransport } from './transport.ts';

export interface ResourceInfo {
  apiVersion: string;
  kind: string;
  /** Plural resource name used in URLs, e.g. `services`. */
  name: string;
  namespaced: boolean;
}

interface ApiResourceList {
  resources?: Array<{ name: string; kind: string; namespaced: boolean }>;
}

export class Discovery {
  private readonly cache = new Map<string, ApiResourceList>();
  constructor(private readonly transport: KubeTransport) {}

  static groupVersionPath(apiVersion: string): string {
    return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  }

  async resource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const cached = this.find(this.cache.get(apiVersion), apiVersion, kind);
    if (cached) return cached;
    let list: ApiResourceList | undefined;
    try {
      list = await this.transport.json<ApiResourceList>({ path: Discovery.groupVersionPath(apiVersion) });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    if (list) this.cache.set(apiVersion, list);
    const found = this.find(list, apiVersion, kind);
    if (!found) {
      // kubectl's own wording, so the learner can search for it.
      throw new Error(
        `no matches for kind "${kind}" in version "${apiVersion}"; ensure CRDs are installed first`,
      );
    }
    return found;
  }

  /** The collection or item URL of an object (namespace ignored for cluster-scoped kinds). */
  async path(ref: { apiVersion: string; kind: string; namespace?: string; name?: string }): Promise<string> {
    const info = await this.resource(ref.apiVersion, ref.kind);
    let path = Discovery.groupVersionPath(ref.apiVersion);
    if (info.namespaced) {
      if (!ref.namespace) throw new Error(`${ref.kind} is namespaced but no namespace was given`);
      path += `/namespaces/${encodeURIComponent(ref.namespace)}`;
    }
    path += `/${info.name}`;
    if (ref.name) path += `/${encodeURIComponent(ref.name)}`;
    return path;
  }

  private find(
    list: ApiResourceList | undefined,
    apiVersion: string,
    kind: string,
  ): ResourceInfo | undefined {
    const entry = list?.resources?.find((r) => r.kind === kind && !r.name.includes('/'));
    return entry ? { apiVersion, kind, name: entry.name, namespaced: entry.namespaced } : undefined;
  }
}
