// `units.moved` as one binary WebSocket frame, for screens that ask for it (`/ws?positions=binary`).
//
// A county fleet's batch is about 100 KB of JSON a second per screen. As text, the page's main thread turns it into
// a string and parses it (2 to 2.5 ms a second on a hall PC's core); as columns of float64 it takes views on the
// bytes it received and parses only the ids. The batch is the same: same ids, same rounded coordinates, same order.
//
// Layout, little-endian:
//   0  "KFUM"             magic (Kuaifan units.moved)
//   4  u8 version (1), 3 bytes zero
//   8  u32 n              units in the batch
//  12  u32 h              bytes of the header
//  16  header             UTF-8 JSON { "at": <instant>, "ids": [<n ids>] }, then zeros up to a multiple of 8
//   …  5 × n float64      lat, lon, fixedAt (epoch ms), speed, heading; NaN where a fix had no speed or heading
import type { UnitPositionBatch } from './dispatch';

const MAGIC = [0x4b, 0x46, 0x55, 0x4d]; // K F U M
const VERSION = 1;
const FIXED = 16;
const COLUMNS = 5;

/** A batch as a screen reads it: arrays from JSON, or views on a binary frame's bytes (NaN for a missing value). */
export interface UnitPositionColumns {
  at: string;
  ids: readonly string[];
  lat: ArrayLike<number>;
  lon: ArrayLike<number>;
  fixedAt: ArrayLike<number>;
  speed: ArrayLike<number | null>;
  heading: ArrayLike<number | null>;
}

/** A decoded frame: the columns are float64 views on the frame's bytes. */
export interface PositionFrame extends UnitPositionColumns {
  lat: Float64Array;
  lon: Float64Array;
  fixedAt: Float64Array;
  speed: Float64Array;
  heading: Float64Array;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const pad8 = (n: number): number => (n + 7) & ~7;

export function encodePositionFrame(batch: UnitPositionBatch): Uint8Array {
  const n = batch.ids.length;
  const header = new TextEncoder().encode(JSON.stringify({ at: batch.at, ids: batch.ids }));
  const columnsAt = FIXED + pad8(header.length);
  const bytes = new Uint8Array(columnsAt + COLUMNS * 8 * n);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint8(4, VERSION);
  view.setUint32(8, n, true);
  view.setUint32(12, header.length, true);
  bytes.set(header, FIXED);
  const columns = [batch.lat, batch.lon, batch.fixedAt, batch.speed, batch.heading];
  for (let c = 0; c < COLUMNS; c++) {
    const col = columns[c];
    const base = columnsAt + c * 8 * n;
    for (let i = 0; i < n; i++) view.setFloat64(base + i * 8, col[i] ?? NaN, true);
  }
  return bytes;
}

/** Whether a binary frame is a position batch (the only binary frame the host sends). */
export function isPositionFrame(bytes: ArrayBuffer): boolean {
  if (bytes.byteLength < FIXED) return false;
  const head = new Uint8Array(bytes, 0, 4);
  return MAGIC.every((b, i) => head[i] === b);
}

/** Reads a frame made by encodePositionFrame; throws with what is wrong when it is not one. */
export function decodePositionFrame(bytes: ArrayBuffer): PositionFrame {
  if (!isPositionFrame(bytes)) throw new Error('not a units.moved frame (no KFUM magic)');
  const view = new DataView(bytes);
  const version = view.getUint8(4);
  if (version !== VERSION) throw new Error(`units.moved frame version ${version}; this screen reads version ${VERSION} (reload it after the host was updated)`);
  const n = view.getUint32(8, true);
  const h = view.getUint32(12, true);
  const columnsAt = FIXED + pad8(h);
  const expected = columnsAt + COLUMNS * 8 * n;
  if (bytes.byteLength !== expected) throw new Error(`units.moved frame of ${bytes.byteLength} bytes; ${n} units make ${expected}`);
  const header: unknown = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes, FIXED, h)));
  const { at, ids } = (header ?? {}) as { at?: unknown; ids?: unknown };
  if (typeof at !== 'string' || !Array.isArray(ids) || ids.length !== n || !ids.every((id) => typeof id === 'string')) {
    throw new Error(`units.moved frame header must be { at, ids } with ${n} string ids`);
  }
  const column = (c: number): Float64Array => {
    const at = columnsAt + c * 8 * n;
    if (littleEndian) return new Float64Array(bytes, at, n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = view.getFloat64(at + i * 8, true);
    return out;
  };
  return { at, ids: ids as string[], lat: column(0), lon: column(1), fixedAt: column(2), speed: column(3), heading: column(4) };
}
