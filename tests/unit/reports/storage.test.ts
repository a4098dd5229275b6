import { describe, expect, it } from "vitest";
import { MultipartSink, type PartUpload } from "../../../src/reports/storage";

function fakeUpload() {
  const parts: { n: number; bytes: Uint8Array }[] = [];
  let completed: R2UploadedPart[] | null = null;
  let aborted = false;
  const upload: PartUpload = {
    async uploadPart(n, value) {
      parts.push({ n, bytes: value.slice() });
      return { partNumber: n, etag: `e${n}` };
    },
    async complete(ps) {
      completed = ps;
    },
    async abort() {
      aborted = true;
    },
  };
  return { upload, parts, completed: () => completed, aborted: () => aborted };
}

describe("MultipartSink", () => {
  it("cuts the bytes into equal parts, the last one shorter, in order and complete", async () => {
    const f = fakeUpload();
    const sink = new MultipartSink(f.upload, 1000);
    const all: number[] = [];
    for (let i = 0; i < 57; i++) {
      const chunk = Uint8Array.from({ length: 37 + ((i * 131) % 300) }, (_, j) => (i + j) % 251);
      all.push(...chunk);
      sink.push(chunk);
      if (i % 5 === 0) await sink.drain();
    }
    const done = await sink.complete();
    expect(done.bytes).toBe(all.length);
    expect(f.parts.map((p) => p.n)).toEqual(f.parts.map((_, i) => i + 1));
    expect(f.parts.slice(0, -1).every((p) => p.bytes.length === 1000)).toBe(true);
    expect(f.parts.at(-1)!.bytes.length).toBe(all.length % 1000 || 1000);
    expect(Array.from(f.parts.flatMap((p) => [...p.bytes]))).toEqual(all);
    expect(f.completed()!.map((p) => p.partNumber)).toEqual(f.parts.map((p) => p.n));
  });

  it("uploads one empty part for an empty file, and aborts on request", async () => {
    const f = fakeUpload();
    const sink = new MultipartSink(f.upload, 1000);
    await sink.complete();
    expect(f.parts).toHaveLength(1);
    expect(f.parts[0]!.bytes.length).toBe(0);
    const g = fakeUpload();
    const other = new MultipartSink(g.upload, 1000);
    other.push(new Uint8Array(10));
    await other.abort();
    expect(g.aborted()).toBe(true);
    expect(g.parts).toHaveLength(0);
  });

  it("uses 5 MiB parts by default, the least R2 accepts", async () => {
    const f = fakeUpload();
    const sink = new MultipartSink(f.upload);
    sink.push(new Uint8Array(11 * 1024 * 1024));
    await sink.complete();
    expect(f.parts.map((p) => p.bytes.length)).toEqual([5 * 1024 * 1024, 5 * 1024 * 1024, 1024 * 1024]);
  });
});
