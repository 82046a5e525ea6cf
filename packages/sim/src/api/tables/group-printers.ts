// Table rows for apps, discovery and networking kinds, after kubectl's printers.go.
import type { KubeObject } from '../../core/types.ts';
import { AGE, column, NAME } from './columns.ts';
import type { Printer } from './core-printers.ts';
import { firstFew, formatLabelSelector, objectAge, orNone } from './format.ts';

const containerNames = (o: KubeObject) =>
  (o.spec?.template?.spec?.containers ?? []).map((c: { name: string }) => c.name).join(',');
const containerImages = (o: KubeObject) =>
  (o.spec?.template?.spec?.containers ?? []).map((c: { image: string }) => c.image).join(',');

const CONTAINERS = column('Containers', 'string', 1, '', 'Names of each container in the template.');
const IMAGES = column('Images', 'string', 1, '', 'Images referenced by each container in the template.');
const SELECTOR = column(
  'Selector',
  'string',
  1,
  '',
  'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
);

export const deploymentPrinter: Printer = {
  columns: [
    NAME,
    column('Ready', 'string', 0, '', 'Number of the pod with ready state'),
    column(
      'Up-to-date',
      'string',
      0,
      '',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    column(
      'Available',
      'string',
      0,
      '',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells: (d) => [
    d.metadata.name,
    `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
    d.status?.updatedReplicas ?? 0,
    d.status?.availableReplicas ?? 0,
    objectAge(d),
    containerNames(d),
    containerImages(d),
    formatLabelSelector(d.spec?.selector),
  ],
};

export const replicaSetPrinter: Printer = {
  columns: [
    NAME,
    column(
      'Desired',
      'integer',
      0,
      '',
      'Number of desired pods. This is a pointer to distinguish between explicit zero and unspecified.',
    ),
    column('Current', 'integer', 0, '', 'Replicas is the most recently observed number of replicas.'),
    column('Ready', 'integer', 0, '', 'The number of ready replicas for this replica set.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  cells: (rs) => [
    rs.metadata.name,
    rs.spec?.replicas ?? 0,
    rs.status?.replicas ?? 0,
    rs.status?.readyReplicas ?? 0,
    objectAge(rs),
    containerNames(rs),
    containerImages(rs),
    formatLabelSelector(rs.spec?.selector),
  ],
};

export const endpointSlicePrinter: Printer = {
  columns: [
    NAME,
    column('AddressType', 'string', 0, '', 'Type of address carried by this EndpointSlice.'),
    column('Ports', 'string', 0, '', 'Port numbers which will be exposed on each endpoint.'),
    column('Endpoints', 'string', 0, '', 'Endpoints is a list of unique endpoints in this slice.'),
    AGE,
  ],
  cells(slice) {
    const ports = (slice.ports ?? []).map((p: { port?: number }) =>
      p.port === undefined || p.port === null ? '<unset>' : String(p.port),
    );
    const addresses = (slice.endpoints ?? []).flatMap((e: { addresses?: string[] }) => e.addresses ?? []);
    return [
      slice.metadata.name,
      slice.addressType ?? '',
      ports.length === 0 ? '<unset>' : firstFew(ports),
      // kubectl's formatDiscoveryEndpoints prints <unset> for an empty slice (Endpoints print <none>).
      addresses.length === 0 ? '<unset>' : firstFew(addresses),
      objectAge(slice),
    ];
  },
};

export const ingressPrinter: Printer = {
  columns: [
    NAME,
    column('Class', 'string', 0, '', 'The name of the IngressClass resource.'),
    column(
      'Hosts',
      'string',
      0,
      '',
      'Hosts that incoming requests are matched against before the ingress rule',
    ),
    column('Address', 'string', 0, '', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 0, '', 'Ports of TLS configurations that open'),
    AGE,
  ],
  cells(ing) {
    const hosts = (ing.spec?.rules ?? []).map((r: { host?: string }) => r.host || '*');
    const hostText =
      hosts.length === 0
        ? '*'
        : hosts.length > 4
          ? `${hosts.slice(0, 4).join(',')} + ${hosts.length - 4} more...`
          : hosts.join(',');
    const address = (ing.status?.loadBalancer?.ingress ?? [])
      .map((i: { ip?: string; hostname?: string }) => i.ip || i.hostname || '')
      .filter((x: string) => x !== '')
      .join(',');
    return [
      ing.metadata.name,
      orNone(ing.spec?.ingressClassName),
      hostText,
      address,
      (ing.spec?.tls ?? []).length > 0 ? '80, 443' : '80',
      objectAge(ing),
    ];
  },
};

export const ingressClassPrinter: Printer = {
  columns: [
    NAME,
    column('Controller', 'string', 0, '', 'Controller that is responsible for handling this class.'),
    column('Parameters', 'string', 0, '', 'A reference to a resource with additional parameters.'),
    AGE,
  ],
  cells(ic) {
    const p = ic.spec?.parameters;
    const params = p ? `${p.kind}.${p.apiGroup ?? ''}/${p.name}`.replace('./', '/') : '<none>';
    return [ic.metadata.name, ic.spec?.controller ?? '', params, objectAge(ic)];
  },
};

/** Kinds without a dedicated printer print NAME and AGE, like custom resources without columns. */
export const defaultPrinter: Printer = {
  columns: [NAME, AGE],
  cells: (o) => [o.metadata.name, objectAge(o)],
};
