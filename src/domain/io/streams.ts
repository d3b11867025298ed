// What the data commands read from and write to. The CLI builds these over files or stdin/stdout
// (src/cli/byte-streams.ts); tests can build them over buffers. Nothing here touches fs/process.

/** A sequential source of bytes (a file or stdin). */
export interface ByteSource {
  /** Total bytes when known up front (a regular file), undefined for a pipe. */
  readonly size?: number;
  /** Up to `max` bytes, fewer only at the end; an empty buffer at the end. */
  read(max: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** A sequential destination (a file or stdout). */
export interface ByteSink {
  write(data: Buffer): Promise<void>;
  /** `length` zero bytes: a hole in a regular file, written zeros on a pipe. */
  skip(length: number): Promise<void>;
  /** Completes the output at `size` bytes (a trailing hole is kept by truncating). */
  close(size: number): Promise<void>;
}

/** utils::ProgressContext: `<operation>: N% complete...` then `done.`/`failed.`. */
export interface ProgressMeter {
  update(done: number, total: number): void;
  finish(): void;
  fail(): void;
}

export const NO_PROGRESS: ProgressMeter = { update: () => undefined, finish: () => undefined, fail: () => undefined };
