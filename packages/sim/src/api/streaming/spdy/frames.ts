// SPDY/3.1 framing, the part a port-forward server needs: parse control and data frames from a byte
// stream, build SYN_REPLY, DATA, RST_STREAM, PING and GOAWAY, and code the name/value header blocks.
// (kubectl tunnels SPDY inside a WebSocket for port-forward; `ws` cannot help with SPDY itself.)

export const VERSION = 3;
export const TYPE = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const;
export const FLAG_FIN = 0x01;
/** RST_STREAM status codes (SPDY/3 2.6.2). */
export const RST = { PROTOCOL_ERROR: 1, INVALID_STREAM: 2, REFUSED_STREAM: 3, CANCEL: 5 } as const;

export type Frame =
  | { control: true; type: number; flags: number; payload: Buffer }
  | { control: false; streamId: number; flags: number; payload: Buffer };

/** Takes whole frames off the front of `buffer`; returns them and what is left for later. */
export function splitFrames(buffer: Buffer): { frames: Frame[]; rest: Buffer } {
  const frames: Frame[] = [];
  let offset = 0;
  while (buffer.length - offset >= 8) {
    const length = buffer.readUIntBE(offset + 5, 3);
    if (buffer.length - offset < 8 + length) break;
    const flags = buffer[offset + 4] ?? 0;
    const payload = buffer.subarray(offset + 8, offset + 8 + length);
    const first = buffer.readUInt32BE(offset);
    if (first & 0x80000000) frames.push({ control: true, type: first & 0xffff, flags, payload });
    else frames.push({ control: false, streamId: first & 0x7fffffff, flags, payload });
    offset += 8 + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE((0x8000 | VERSION) * 0x10000 + type);
  head[4] = flags;
  head.writeUIntBE(payload.length, 5, 3);
  return Buffer.concat([head, payload]);
}

export function dataFrames(streamId: number, data: Buffer, fin: boolean): Buffer[] {
  const max = 0xffffff;
  const frames: Buffer[] = [];
  for (let offset = 0; offset < data.length || frames.length === 0; offset += max) {
    const slice = data.subarray(offset, offset + max);
    const last = offset + max >= data.length;
    const head = Buffer.alloc(8);
    head.writeUInt32BE(streamId & 0x7fffffff);
    head[4] = fin && last ? FLAG_FIN : 0;
    head.writeUIntBE(slice.length, 5, 3);
    frames.push(Buffer.concat([head, slice]));
  }
  return frames;
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value >>> 0);
  return buffer;
}

export function rstStream(streamId: number, status: number): Buffer {
  return controlFrame(TYPE.RST_STREAM, 0, Buffer.concat([uint32(streamId), uint32(status)]));
}

export function goAway(lastStreamId: number): Buffer {
  return controlFrame(TYPE.GOAWAY, 0, Buffer.concat([uint32(lastStreamId), uint32(0)]));
}

/** The uncompressed name/value block: count, then (length, name, length, value) pairs. */
export function encodeHeaderBlock(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [uint32(Object.keys(headers).length)];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name.toLowerCase());
    const v = Buffer.from(value);
    parts.push(uint32(n.length), n, uint32(v.length), v);
  }
  return Buffer.concat(parts);
}

/** Names lower case; a value with several NUL-separated parts keeps the first, as Go's Header.Get does. */
export function decodeHeaderBlock(block: Buffer): Record<string, string> {
  const headers: Record<string, string> = {};
  if (block.length < 4) return headers;
  const count = block.readUInt32BE(0);
  let offset = 4;
  for (let i = 0; i < count && offset + 4 <= block.length; i++) {
    const nameLength = block.readUInt32BE(offset);
    const name = block
      .subarray(offset + 4, offset + 4 + nameLength)
      .toString()
      .toLowerCase();
    offset += 4 + nameLength;
    const valueLength = block.readUInt32BE(offset);
    const value = block.subarray(offset + 4, offset + 4 + valueLength).toString();
    offset += 4 + valueLength;
    headers[name] = value.split('\0')[0] ?? '';
  }
  return headers;
}
