// Export files go to R2 with a multipart upload: the writers hand over their bytes as they make
// them, and this cuts them into equal parts (R2 wants every part but the last the same size, and
// at least 5 MiB), so a file of any length passes through a Worker holding one part at a time.

export const PART_SIZE = 5 * 1024 * 1024;

/** The part of R2MultipartUpload this uses (a fake stands in for it in unit tests). */
export interface PartUpload {
  uploadPart(partNumber: number, value: Uint8Array): Promise<R2UploadedPart>;
  complete(parts: R2UploadedPart[]): Promise<unknown>;
  abort(): Promise<void>;
}

export class MultipartSink {
  private queue: Uint8Array[] = [];
  private readonly buffer: Uint8Array;
  private filled = 0;
  private parts: R2UploadedPart[] = [];
  /** Bytes received so far. */
  bytes = 0;

  constructor(
    private readonly upload: PartUpload,
    private readonly partSize = PART_SIZE,
  ) {
    this.buffer = new Uint8Array(partSize);
  }

  /** Takes bytes from a writer (synchronously: writers emit as they go); `drain` sends them. */
  readonly push = (chunk: Uint8Array): void => {
    if (chunk.length === 0) return;
    this.queue.push(chunk);
    this.bytes += chunk.length;
  };

  /** Sends every full part of what was pushed; the rest waits for more or for `complete`. */
  async drain(): Promise<void> {
    const queue = this.queue;
    this.queue = [];
    for (const chunk of queue) {
      let at = 0;
      while (at < chunk.length) {
        const n = Math.min(this.partSize - this.filled, chunk.length - at);
        this.buffer.set(chunk.subarray(at, at + n), this.filled);
        this.filled += n;
        at += n;
        if (this.filled === this.partSize) await this.send();
      }
    }
  }

  private async send(): Promise<void> {
    // The buffer is reused once the part is stored: uploadPart has read it by then.
    this.parts.push(
      await this.upload.uploadPart(
        this.parts.length + 1,
        this.filled === this.partSize ? this.buffer : this.buffer.slice(0, this.filled),
      ),
    );
    this.filled = 0;
  }

  /** Sends the last part (shorter, possibly empty when nothing came at all) and completes the object. */
  async complete(): Promise<{ bytes: number; parts: number }> {
    await this.drain();
    if (this.filled > 0 || this.parts.length === 0) await this.send();
    await this.upload.complete(this.parts);
    return { bytes: this.bytes, parts: this.parts.length };
  }

  async abort(): Promise<void> {
    this.queue = [];
    await this.upload.abort().catch(() => undefined);
  }
}
