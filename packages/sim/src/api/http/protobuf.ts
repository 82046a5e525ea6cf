// Just enough of the Kubernetes protobuf encoding to read what kubectl's typed `create namespace`,
// `create configmap` and `create secret` commands send (client-go always sends built-in kinds as
// protobuf there). Other kinds stay unsupported; their 415 says what to do instead.
import { StatusError } from '../../core/types.ts';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

type Field =
  | { name: string; type: 'string' | 'bytes' | 'bool' | 'int' }
  | { name: string; type: 'strings' }
  | { name: string; type: 'map' | 'bytesMap' }
  | { name: string; type: 'message'; schema: Schema };
type Schema = Record<number, Field>;

const OBJECT_META: Schema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'generateName', type: 'string' },
  3: { name: 'namespace', type: 'string' },
  11: { name: 'labels', type: 'map' },
  12: { name: 'annotations', type: 'map' },
  14: { name: 'finalizers', type: 'strings' },
};

const SCHEMAS: Record<string, Schema> = {
  Namespace: {
    1: { name: 'metadata', type: 'message', schema: OBJECT_META },
    2: { name: 'spec', type: 'message', schema: { 1: { name: 'finalizers', type: 'strings' } } },
  },
  ConfigMap: {
    1: { name: 'metadata', type: 'message', schema: OBJECT_META },
    2: { name: 'data', type: 'map' },
    3: { name: 'binaryData', type: 'bytesMap' },
    4: { name: 'immutable', type: 'bool' },
  },
  Secret: {
    1: { name: 'metadata', type: 'message', schema: OBJECT_META },
    2: { name: 'data', type: 'bytesMap' },
    3: { name: 'type', type: 'string' },
    4: { name: 'stringData', type: 'map' },
    5: { name: 'immutable', type: 'bool' },
  },
};

class Reader {
  offset = 0;
  constructor(readonly buf: Buffer) {}
  get done(): boolean {
    return this.offset >= this.buf.length;
  }
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.offset >= this.buf.length) throw new Error('truncated varint');
      const byte = this.buf[this.offset++] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }
  bytes(): Buffer {
    const length = this.varint();
    const out = this.buf.subarray(this.offset, this.offset + length);
    if (out.length !== length) throw new Error('truncated field');
    this.offset += length;
    return out;
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.offset += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.offset += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

function mapEntry(buf: Buffer): [string, Buffer] {
  const reader = new Reader(buf);
  let key = '';
  let value: Buffer = Buffer.alloc(0);
  while (!reader.done) {
    const tag = reader.varint();
    if (tag >>> 3 === 1 && (tag & 7) === 2) key = reader.bytes().toString('utf8');
    else if (tag >>> 3 === 2 && (tag & 7) === 2) value = reader.bytes();
    else reader.skip(tag & 7);
  }
  return [key, value];
}

function decodeMessage(buf: Buffer, schema: Schema): Record<string, unknown> {
  const reader = new Reader(buf);
  const out: Record<string, unknown> = {};
  while (!reader.done) {
    const tag = reader.varint();
    const field = schema[tag >>> 3];
    const wire = tag & 7;
    if (!field) {
      reader.skip(wire);
      continue;
    }
    switch (field.type) {
      case 'string':
        out[field.name] = reader.bytes().toString('utf8');
        break;
      case 'bytes':
        out[field.name] = reader.bytes().toString('base64');
        break;
      case 'bool':
        out[field.name] = reader.varint() !== 0;
        break;
      case 'int':
        out[field.name] = reader.varint();
        break;
      case 'strings': {
        const list = (out[field.name] as string[] | undefined) ?? [];
        list.push(reader.bytes().toString('utf8'));
        out[field.name] = list;
        break;
      }
      case 'map':
      case 'bytesMap': {
        const [key, value] = mapEntry(reader.bytes());
        const map = (out[field.name] as Record<string, string> | undefined) ?? {};
        map[key] = field.type === 'map' ? value.toString('utf8') : value.toString('base64');
        out[field.name] = map;
        break;
      }
      case 'message':
        out[field.name] = decodeMessage(reader.bytes(), field.schema);
        break;
    }
  }
  return out;
}

/** Decodes a `k8s\0`-prefixed protobuf body of a kind listed above into its JSON form. */
export function decodeProtobufObject(body: Buffer, expectedKind: string): Record<string, unknown> {
  const schema = SCHEMAS[expectedKind];
  if (!schema || body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) {
    throw new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (the workshop sim reads protobuf only for Namespace, ConfigMap and Secret; \`kubectl create ${expectedKind.toLowerCase()}\` sends protobuf for ${expectedKind}: write a manifest and use \`kubectl apply -f\`, or pipe \`kubectl create … --dry-run=client -o yaml\` into \`kubectl apply -f -\`)`,
    );
  }
  try {
    const envelope = decodeMessage(body.subarray(4), {
      1: {
        name: 'typeMeta',
        type: 'message',
        schema: { 1: { name: 'apiVersion', type: 'string' }, 2: { name: 'kind', type: 'string' } },
      },
      2: { name: 'raw', type: 'bytes' },
    });
    const typeMeta = (envelope.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
    const object = decodeMessage(Buffer.from(String(envelope.raw ?? ''), 'base64'), schema);
    return {
      apiVersion: typeMeta.apiVersion ?? 'v1',
      kind: typeMeta.kind ?? expectedKind,
      metadata: {},
      ...object,
    };
  } catch (error) {
    throw new StatusError(
      400,
      'BadRequest',
      `the protobuf body could not be decoded: ${(error as Error).message}`,
      undefined,
      { cause: error },
    );
  }
}
