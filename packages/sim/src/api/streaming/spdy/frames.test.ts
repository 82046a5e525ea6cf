import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SPDY3_DICTIONARY } from './dictionary.ts';
import {
  controlFrame,
  dataFrames,
  decodeHeaderBlock,
  encodeHeaderBlock,
  FLAG_FIN,
  splitFrames,
  TYPE,
} from './frames.ts';

describe('SPDY/3.1 framing', () => {
  it('splits a byte stream into whole frames and keeps a partial one for later', () => {
    const ping = controlFrame(TYPE.PING, 0, Buffer.from([0, 0, 0, 1]));
    const [data] = dataFrames(3, Buffer.from('hello'), true);
    const stream = Buffer.concat([ping, data as Buffer]);
    const first = splitFrames(stream.subarray(0, stream.length - 2));
    expect(first.frames).toEqual([
      { control: true, type: TYPE.PING, flags: 0, payload: Buffer.from([0, 0, 0, 1]) },
    ]);
    const second = splitFrames(Buffer.concat([first.rest, stream.subarray(stream.length - 2)]));
    expect(second.frames).toEqual([
      { control: false, streamId: 3, flags: FLAG_FIN, payload: Buffer.from('hello') },
    ]);
    expect(second.rest.length).toBe(0);
  });

  it('writes control frames with version 3 and the 24-bit length', () => {
    const frame = controlFrame(TYPE.SYN_REPLY, 0, Buffer.alloc(10));
    expect([...frame.subarray(0, 8)]).toEqual([0x80, 0x03, 0x00, 0x02, 0x00, 0x00, 0x00, 0x0a]);
  });

  it('codes header blocks as kubectl sends them, through zlib with the SPDY dictionary', () => {
    const block = encodeHeaderBlock({ streamType: 'data', port: '8080', requestID: '0' });
    const compressed = zlib.deflateSync(block, { dictionary: SPDY3_DICTIONARY });
    const headers = decodeHeaderBlock(zlib.inflateSync(compressed, { dictionary: SPDY3_DICTIONARY }));
    expect(headers).toEqual({ streamtype: 'data', port: '8080', requestid: '0' });
  });

  it('has the 1423-byte SPDY/3 dictionary that begins with the length-prefixed "options"', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    expect(SPDY3_DICTIONARY.subarray(0, 11)).toEqual(Buffer.from('\0\0\0\x07options', 'latin1'));
    expect(SPDY3_DICTIONARY.subarray(-7).toString('latin1')).toBe(',enq=0.');
  });
});
