// Just enough of the Kubernetes protobuf encoding to read what kubectl's typed `create` commands send
// (client-go always sends built-in kinds as protobuf there): namespace, configmap, secret, deployment
// and service. Other kinds stay unsupported; their 415 says what to do instead.
import { StatusError } from '../../core/types.ts';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

import { SCHEMAS, type Schema } from './protobuf-schemas.ts';

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
    const scalar = (value: string | number | boolean) => {
      if (value !== '' && value !== 0 && value !== false) out[field.name] = value;
      else if ('keepZero' in field && field.keepZero) out[field.name] = value;
    };
    switch (field.type) {
      case 'string':
        scalar(reader.bytes().toString('utf8'));
        break;
      case 'bytes':
        scalar(reader.bytes().toString('base64'));
        break;
      case 'bool':
        scalar(reader.varint() !== 0);
        break;
      case 'int':
        scalar(reader.varint());
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
      case 'messages': {
        const list = (out[field.name] as unknown[] | undefined) ?? [];
        list.push(decodeMessage(reader.bytes(), field.schema));
        out[field.name] = list;
        break;
      }
      case 'intOrString': {
        // intstr.IntOrString: type 0 (int, field 2) or 1 (string, field 3).
        const value = decodeMessage(reader.bytes(), INT_OR_STRING);
        out[field.name] = value.type === 1 ? (value.strVal ?? '') : (value.intVal ?? 0);
        break;
      }
    }
  }
  return out;
}

const INT_OR_STRING: Schema = {
  1: { name: 'type', type: 'int' },
  2: { name: 'intVal', type: 'int' },
  3: { name: 'strVal', type: 'string' },
};

/** Decodes a `k8s\0`-prefixed protobuf body of a kind listed above into its JSON form. */
export function decodeProtobufObject(body: Buffer, expectedKind: string): Record<string, unknown> {
  const schema = SCHEMAS[expectedKind];
  if (!schema || body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) {
    throw new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (the workshop sim reads protobuf only for Namespace, ConfigMap, Secret, Deployment and Service; \`kubectl create ${expectedKind.toLowerCase()}\` sends protobuf for ${expectedKind}: write a manifest and use \`kubectl apply -f\`, or pipe \`kubectl create … --dry-run=client -o yaml\` into \`kubectl apply -f -\`)`,
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
