/**
 * Reading a request body without buffering more than a limit: transports stop reading as soon
 * as a body grows past it, so an oversized request costs at most `limit` bytes of memory.
 *
 * @module
 */

/** A body read up to a limit: the bytes, or `undefined` when it was larger than the limit. */
export type BoundedBody = Uint8Array | undefined;

/** A body in any of the forms the transports receive. */
export type BodySource =
  | string
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | AsyncIterable<Uint8Array | string>
  | ReadableStream<Uint8Array>
  | null
  | undefined;

const EMPTY = new Uint8Array(0);

/**
 * Reads `source` whole unless it exceeds `limit` bytes, in which case it stops reading (and
 * cancels a stream) and answers `undefined`.
 */
export async function readBoundedBody(source: BodySource, limit: number): Promise<BoundedBody> {
  if (source === null || source === undefined) return EMPTY;
  if (typeof source === 'string') {
    return Buffer.byteLength(source, 'utf8') > limit ? undefined : Buffer.from(source, 'utf8');
  }
  if (source instanceof Uint8Array) return source.byteLength > limit ? undefined : source;
  if (source instanceof ArrayBuffer) {
    return source.byteLength > limit ? undefined : new Uint8Array(source);
  }
  if (ArrayBuffer.isView(source)) {
    if (source.byteLength > limit) return undefined;
    return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  }
  if (source instanceof ReadableStream) return readWebStream(source, limit);
  return readIterable(source, limit);
}

async function readWebStream(
  stream: ReadableStream<Uint8Array>,
  limit: number,
): Promise<BoundedBody> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return concat(chunks, size);
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return undefined;
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
}

async function readIterable(
  source: AsyncIterable<Uint8Array | string>,
  limit: number,
): Promise<BoundedBody> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += bytes.byteLength;
    // Leaving the loop early closes the source, which stops the reading.
    if (size > limit) return undefined;
    chunks.push(bytes);
  }
  return concat(chunks, size);
}

/** The events of a Node readable stream that {@link readBoundedStream} listens to. */
export interface NodeReadable {
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  off(event: 'end' | 'close', listener: () => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
  pause(): unknown;
}

/**
 * {@link readBoundedBody} for a Node stream (an incoming HTTP request), read through its
 * events: a fraction of the work of its async iterator, on every request. Past `limit` the
 * stream is paused, not destroyed, so that the connection can still carry a 413. Rejects when
 * the stream fails or closes before its end (a client that went away mid-body).
 */
export function readBoundedStream(stream: NodeReadable, limit: number): Promise<BoundedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const stop = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const onData = (chunk: Uint8Array) => {
      size += chunk.byteLength;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      stop();
      stream.pause();
      resolve(undefined);
    };
    const onEnd = () => {
      stop();
      resolve(concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onClose = () => onError(new Error('The stream closed before the end of the body'));
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  return Buffer.concat(chunks, size);
}
