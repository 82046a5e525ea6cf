// Request bodies: read with a size limit (etcd's object limit, so an oversized body is a 413,
// not a crashed server) and parsed as JSON or YAML per Content-Type.
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { StatusError } from '../../core/types.ts';
import { decodeProtobufObject } from './protobuf.ts';

export const BODY_LIMIT = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(
          new StatusError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`, {}),
        );
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
    });
  });
}

/** Parses a body; `what` names the expected thing in the 400 message (`Service`, `patch`). */
export function parseBody(buffer: Buffer, contentType: string | undefined, what: string): unknown {
  if (/protobuf/i.test(contentType ?? '') && buffer.length > 0) return decodeProtobufObject(buffer, what);
  const text = buffer.toString('utf8');
  if (text.trim() === '') {
    throw new StatusError(400, 'BadRequest', `the body of the request was empty; expected a ${what}`);
  }
  if (/cbor/i.test(contentType ?? '')) {
    throw new StatusError(
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    );
  }
  const isYaml = /yaml/i.test(contentType ?? '');
  try {
    return isYaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new StatusError(
      400,
      'BadRequest',
      `the object provided is unrecognized (must be of type ${what}): couldn't get version/kind; ${isYaml ? 'yaml' : 'json'} parse error: ${detail}`,
      undefined,
      { cause: error },
    );
  }
}
