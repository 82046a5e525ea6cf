// Server-side printing: objects as meta.k8s.io/v1 Tables, which is what `kubectl get` asks for
// (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`), so its columns match a real cluster.
import type { KubeObject } from '../../core/types.ts';
import {
  configMapPrinter,
  endpointsPrinter,
  eventPrinter,
  namespacePrinter,
  nodePrinter,
  type Printer,
  podPrinter,
  secretPrinter,
  serviceAccountPrinter,
  servicePrinter,
} from './core-printers.ts';
import {
  defaultPrinter,
  deploymentPrinter,
  endpointSlicePrinter,
  ingressClassPrinter,
  ingressPrinter,
  replicaSetPrinter,
} from './group-printers.ts';

const PRINTERS: Record<string, Printer> = {
  Pod: podPrinter,
  Service: servicePrinter,
  Endpoints: endpointsPrinter,
  Namespace: namespacePrinter,
  Event: eventPrinter,
  Secret: secretPrinter,
  ConfigMap: configMapPrinter,
  ServiceAccount: serviceAccountPrinter,
  Node: nodePrinter,
  Deployment: deploymentPrinter,
  ReplicaSet: replicaSetPrinter,
  EndpointSlice: endpointSlicePrinter,
  Ingress: ingressPrinter,
  IngressClass: ingressClassPrinter,
};

/** Printers of custom resources, from their CRDs' additionalPrinterColumns (by kind). */
const CUSTOM_PRINTERS = new Map<string, Printer>();

export function registerPrinter(kind: string, printer: Printer): void {
  CUSTOM_PRINTERS.set(kind, printer);
}

export function unregisterPrinter(kind: string): void {
  CUSTOM_PRINTERS.delete(kind);
}

export function printerFor(kind: string): Printer {
  return PRINTERS[kind] ?? CUSTOM_PRINTERS.get(kind) ?? defaultPrinter;
}

function partialMetadata(object: KubeObject): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

export interface TableOptions {
  /** Omit column definitions (watch events after the first, as the API server does). */
  noHeaders?: boolean;
  /** `Object` embeds the full object in each row, `None` nothing; `Metadata` (default) PartialObjectMetadata. */
  includeObject?: 'Object' | 'Metadata' | 'None';
}

export function toTable(
  kind: string,
  objects: KubeObject[],
  resourceVersion?: string,
  options: TableOptions = {},
): KubeObject {
  const printer = printerFor(kind);
  const include = options.includeObject ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: resourceVersion ? { resourceVersion } : {},
    columnDefinitions: options.noHeaders ? [] : printer.columns,
    rows: objects.map((object) => ({
      cells: printer.cells(object),
      ...(include === 'None' ? {} : { object: include === 'Object' ? object : partialMetadata(object) }),
    })),
  };
}
