// Reading the entries of a ZIP file (an .xlsx) in any order without holding the file: the central
// directory at the end says where each entry starts and how long it is, and an entry is inflated
// as a stream by the runtime's own DecompressionStream("deflate-raw") (Workers, browsers, Node).
// A spreadsheet writer puts its sheets before the shared strings and styles they refer to, so a
// single front-to-back pass (a streaming unzip) cannot read them in the order they are needed.

/** Bytes that can be read from any offset: an R2 object (range reads) or bytes in memory. */
export interface ByteSource {
  readonly size: number;
  /** The bytes [offset, offset + length) as a stream. */
  stream(offset: number, length: number): Promise<ReadableStream<Uint8Array>>;
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  headerOffset: number;
}

export class ZipError extends Error {}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    async stream(offset, length) {
      const part = bytes.subarray(offset, offset + length);
      return new ReadableStream({
        start(ctl) {
          // In pieces, as a network body comes: a consumer never sees the whole file as one chunk.
          for (let at = 0; at < part.length; at += 65536) ctl.enqueue(part.slice(at, at + 65536));
          ctl.close();
        },
      });
    },
  };
}

export async function readBytes(source: ByteSource, offset: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let filled = 0;
  for await (const chunk of (await source.stream(offset, length)) as unknown as AsyncIterable<Uint8Array>) {
    out.set(chunk.subarray(0, length - filled), filled);
    filled += chunk.length;
    if (filled >= length) break;
  }
  if (filled < length) throw new ZipError("Tệp bị cắt cụt.");
  return out;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of the file by name (from its central directory). */
export async function zipEntries(source: ByteSource): Promise<Map<string, ZipEntry>> {
  // The end record is 22 bytes plus a comment of at most 65,535.
  const tailLength = Math.min(source.size, 22 + 65535 + 20);
  const tail = await readBytes(source, source.size - tailLength, tailLength);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (view.getUint32(i, true) === EOCD) {
      at = i;
      break;
    }
  if (at < 0) throw new ZipError("Không phải tệp ZIP/XLSX hợp lệ (không thấy mục lục cuối tệp).");
  let count = view.getUint16(at + 10, true);
  let dirSize = view.getUint32(at + 12, true);
  let dirOffset = view.getUint32(at + 16, true);
  if ((count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) && at >= 20) {
    if (view.getUint32(at - 20, true) === ZIP64_LOCATOR) {
      const record = await readBytes(source, Number(view.getBigUint64(at - 12, true)), 56);
      const r = new DataView(record.buffer, record.byteOffset, record.byteLength);
      if (r.getUint32(0, true) !== ZIP64_EOCD) throw new ZipError("Mục lục ZIP64 hỏng.");
      count = Number(r.getBigUint64(32, true));
      dirSize = Number(r.getBigUint64(40, true));
      dirOffset = Number(r.getBigUint64(48, true));
    }
  }
  if (dirOffset + dirSize > source.size) throw new ZipError("Tệp bị cắt cụt.");
  const dir = await readBytes(source, dirOffset, dirSize);
  const d = new DataView(dir.buffer, dir.byteOffset, dir.byteLength);
  const names = new TextDecoder();
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let n = 0; n < count && p + 46 <= dir.length; n++) {
    if (d.getUint32(p, true) !== CENTRAL) throw new ZipError("Mục lục ZIP hỏng.");
    const nameLength = d.getUint16(p + 28, true);
    const extraLength = d.getUint16(p + 30, true);
    const commentLength = d.getUint16(p + 32, true);
    const entry: ZipEntry = {
      name: names.decode(dir.subarray(p + 46, p + 46 + nameLength)),
      method: d.getUint16(p + 10, true),
      compressedSize: d.getUint32(p + 20, true),
      size: d.getUint32(p + 24, true),
      headerOffset: d.getUint32(p + 42, true),
    };
    if ((d.getUint16(p + 8, true) & 1) !== 0) throw new ZipError("Tệp được mã hoá bằng mật khẩu.");
    // ZIP64: the sizes and offset too large for 32 bits are in the extra field, in this order.
    for (let x = p + 46 + nameLength; x + 4 <= p + 46 + nameLength + extraLength; ) {
      const id = d.getUint16(x, true);
      const length = d.getUint16(x + 2, true);
      if (id === 0x0001) {
        let v = x + 4;
        const next = () => {
          const value = Number(d.getBigUint64(v, true));
          v += 8;
          return value;
        };
        if (entry.size === 0xffffffff) entry.size = next();
        if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
        if (entry.headerOffset === 0xffffffff) entry.headerOffset = next();
      }
      x += 4 + length;
    }
    entries.set(entry.name, entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The entry's content, inflated as it is read. */
export async function entryStream(
  source: ByteSource,
  entry: ZipEntry,
  onCompressedBytes?: (n: number) => void,
): Promise<ReadableStream<Uint8Array>> {
  const header = await readBytes(source, entry.headerOffset, 30);
  const h = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (h.getUint32(0, true) !== LOCAL) throw new ZipError(`Mục "${entry.name}" của tệp ZIP hỏng.`);
  const start = entry.headerOffset + 30 + h.getUint16(26, true) + h.getUint16(28, true);
  if (start + entry.compressedSize > source.size) throw new ZipError("Tệp bị cắt cụt.");
  let raw = await source.stream(start, entry.compressedSize);
  if (onCompressedBytes) {
    let read = 0;
    raw = raw.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, ctl) {
          read += chunk.length;
          onCompressedBytes(read);
          ctl.enqueue(chunk);
        },
      }),
    );
  }
  if (entry.method === 0) return raw;
  if (entry.method === 8)
    return raw.pipeThrough(
      new DecompressionStream("deflate-raw") as unknown as TransformStream<Uint8Array, Uint8Array>,
    );
  throw new ZipError(`Mục "${entry.name}" nén theo cách không hỗ trợ (${entry.method}).`);
}
