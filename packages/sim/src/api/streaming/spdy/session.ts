// The server side of one SPDY/3.1 connection: accepts the streams the client opens (answering each
// with SYN_REPLY, as the kubelet's stream server does), carries DATA both ways as Node Duplex
// streams, answers PING, and ends with GOAWAY. Header blocks share one zlib context per direction
// with the SPDY dictionary, so frames are handled strictly in order.
import { EventEmitter } from 'node:events';
import { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.ts';
import {
  controlFrame,
  dataFrames,
  decodeHeaderBlock,
  encodeHeaderBlock,
  FLAG_FIN,
  type Frame,
  goAway,
  RST,
  rstStream,
  splitFrames,
  TYPE,
} from './frames.ts';

export interface SpdyStream extends Duplex {
  readonly streamId: number;
  readonly headers: Record<string, string>;
}

/** Runs one zlib stream chunk by chunk: each header block is one sync-flushed piece. */
function zlibPipe(stream: zlib.Inflate | zlib.Deflate): (input: Buffer) => Promise<Buffer> {
  let queue: Promise<Buffer> = Promise.resolve(Buffer.alloc(0));
  return (input) => {
    queue = queue.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          const chunks: Buffer[] = [];
          const collect = (chunk: Buffer) => chunks.push(chunk);
          stream.on('data', collect);
          stream.once('error', reject);
          stream.write(input);
          stream.flush(zlib.constants.Z_SYNC_FLUSH, () => {
            stream.off('data', collect);
            stream.off('error', reject);
            resolve(Buffer.concat(chunks));
          });
        }),
    );
    return queue;
  };
}

export class SpdySession extends EventEmitter {
  readonly #socket: Duplex;
  readonly #streams = new Map<number, SpdyStream>();
  readonly #inflate = zlibPipe(zlib.createInflate({ dictionary: SPDY3_DICTIONARY }));
  readonly #deflate = zlibPipe(zlib.createDeflate({ dictionary: SPDY3_DICTIONARY }));
  #pending: Buffer = Buffer.alloc(0);
  #incoming: Promise<void> = Promise.resolve();
  #outgoing: Promise<void> = Promise.resolve();
  #lastStreamId = 0;
  #closed = false;

  constructor(socket: Duplex) {
    super();
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest } = splitFrames(Buffer.concat([this.#pending, chunk]));
      this.#pending = rest;
      for (const frame of frames) this.#incoming = this.#incoming.then(() => this.#handle(frame));
      this.#incoming = this.#incoming.catch((error: Error) => this.#fail(error));
    });
    socket.on('close', () => this.#teardown());
    socket.on('end', () => this.#teardown());
    socket.on('error', () => this.#teardown());
  }

  /** Sends frames in order; a SYN_REPLY waiting for its compressed block holds back what follows. */
  #send(frame: Buffer | Promise<Buffer>): void {
    this.#outgoing = this.#outgoing.then(async () => {
      const bytes = await frame;
      if (!this.#closed && !this.#socket.destroyed) this.#socket.write(bytes);
    });
    this.#outgoing = this.#outgoing.catch((error: Error) => this.#fail(error));
  }

  async #handle(frame: Frame): Promise<void> {
    if (!frame.control) {
      const stream = this.#streams.get(frame.streamId);
      if (!stream) return this.#send(rstStream(frame.streamId, RST.INVALID_STREAM));
      if (frame.payload.length > 0) stream.push(Buffer.from(frame.payload));
      if (frame.flags & FLAG_FIN) stream.push(null);
      return;
    }
    const { payload } = frame;
    switch (frame.type) {
      case TYPE.SYN_STREAM: {
        const streamId = payload.readUInt32BE(0) & 0x7fffffff;
        const headers = decodeHeaderBlock(await this.#inflate(payload.subarray(10)));
        this.#lastStreamId = Math.max(this.#lastStreamId, streamId);
        const stream = this.#open(streamId, headers);
        this.#send(
          this.#deflate(encodeHeaderBlock({})).then((block) =>
            controlFrame(TYPE.SYN_REPLY, 0, Buffer.concat([payload.subarray(0, 4), block])),
          ),
        );
        if (frame.flags & FLAG_FIN) stream.push(null);
        this.emit('stream', stream);
        return;
      }
      case TYPE.HEADERS:
        // Header blocks must still pass through the shared zlib context to keep it in step.
        await this.#inflate(payload.subarray(4));
        return;
      case TYPE.RST_STREAM: {
        const stream = this.#streams.get(payload.readUInt32BE(0) & 0x7fffffff);
        stream?.destroy();
        return;
      }
      case TYPE.PING:
        return this.#send(controlFrame(TYPE.PING, 0, payload));
      case TYPE.GOAWAY:
        return this.close();
      default:
        return; // SETTINGS, WINDOW_UPDATE: the sim sends little enough not to need flow control.
    }
  }

  #open(streamId: number, headers: Record<string, string>): SpdyStream {
    let finished = false;
    const stream = new Duplex({
      read() {},
      write: (chunk: Buffer, _encoding, callback) => {
        for (const frame of dataFrames(streamId, chunk, false)) this.#send(frame);
        callback();
      },
      final: (callback) => {
        finished = true;
        for (const frame of dataFrames(streamId, Buffer.alloc(0), true)) this.#send(frame);
        callback();
      },
      destroy: (error, callback) => {
        this.#streams.delete(streamId);
        if (!finished && !this.#closed) this.#send(rstStream(streamId, RST.CANCEL));
        callback(error);
      },
    }) as SpdyStream;
    Object.assign(stream, { streamId, headers });
    stream.on('error', () => {});
    this.#streams.set(streamId, stream);
    return stream;
  }

  #fail(error: Error): void {
    this.emit('protocolError', error);
    this.close();
  }

  #teardown(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const stream of this.#streams.values()) stream.destroy();
    this.#streams.clear();
    this.emit('close');
  }

  /** Says goodbye (GOAWAY) and closes the connection once what is queued has been written. */
  close(): void {
    if (this.#closed) return;
    this.#send(goAway(this.#lastStreamId));
    void this.#outgoing.then(() => {
      this.#teardown();
      this.#socket.end();
    });
  }
}
