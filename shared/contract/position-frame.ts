// `units.moved` as one binary WebSocket frame, for screens that ask for it (`/ws?positions=binary`).
//
// A county fleet's batch is about 100 KB of JSON a second per screen. As text, the page's main thread turns it into
// a string and parses it (2 to 2.5 ms a second on a hall PC's core); as columns of float64 it takes views on the
// bytes it received. Nor are the ids text each second: each link keeps a table of the unit ids it has carried, and
// a frame names a unit by its place in that table (its slot); an id goes over the link once, in the frame that
// first carries it. (Parsing 2,000 ids a second cost the console's page 0.6-0.7 ms, ten times what the same parse
// costs on an empty page, and the table's strings are the same ones every second, found at once in the page's maps.)
// The batch is the same: same ids, same rounded coordinates, same order.
//
// Layout, little-endian:
//   0  "KFUM"             magic (Kuaifan units.moved)
//   4  u8 version (2), 3 bytes zero
//   8  u32 n              units in the batch
//  12  u32 h              bytes of the header
//  16  header             UTF-8 JSON { "at": <instant>, "newIds": [<ids new to this link>] }, then zeros up to a
//                         multiple of 8; the new ids take the next slots in order (the first frame's start at 0)
//   …  6 × n float64      slot, lat, lon, fixedAt (epoch ms), speed, heading; NaN where a fix had no speed or heading
//
// The table lives as long as the link: a screen that connects again starts a new one with the host.
import type { UnitPositionBatch } from './dispatch';

const MAGIC = [0x4b, 0x46, 0x55, 0x4d]; // K F U M
const VERSION = 2;
const FIXED = 16;
const COLUMNS = 6;

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

/** Why a frame could not be read: `format`, it is not a frame this screen reads; `table`, the link's id tables disagree. */
export class PositionFrameError extends Error {
  constructor(readonly kind: 'format' | 'table', message: string) {
    super(message);
    this.name = 'PositionFrameError';
  }
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const pad8 = (n: number): number => (n + 7) & ~7;

/** Writes one link's frames (one writer per link: it remembers which ids the link has carried). */
export interface PositionFrameWriter {
  write(batch: UnitPositionBatch): Uint8Array;
}

export function positionFrameWriter(): PositionFrameWriter {
  const slots = new Map<string, number>();
  return {
    write(batch) {
      const n = batch.ids.length;
      const slot = new Float64Array(n);
      const newIds: string[] = [];
      for (let i = 0; i < n; i++) {
        const id = batch.ids[i];
        let s = slots.get(id);
        if (s === undefined) {
          slots.set(id, (s = slots.size));
          newIds.push(id);
        }
        slot[i] = s;
      }
      const header = new TextEncoder().encode(JSON.stringify({ at: batch.at, newIds }));
      const columnsAt = FIXED + pad8(header.length);
      const bytes = new Uint8Array(columnsAt + COLUMNS * 8 * n);
      const view = new DataView(bytes.buffer);
      bytes.set(MAGIC, 0);
      view.setUint8(4, VERSION);
      view.setUint32(8, n, true);
      view.setUint32(12, header.length, true);
      bytes.set(header, FIXED);
      const columns = [slot, batch.lat, batch.lon, batch.fixedAt, batch.speed, batch.heading];
      for (let c = 0; c < COLUMNS; c++) {
        const col = columns[c];
        const base = columnsAt + c * 8 * n;
        for (let i = 0; i < n; i++) view.setFloat64(base + i * 8, col[i] ?? NaN, true);
      }
      return bytes;
    },
  };
}

/** Whether a binary frame is a position batch (the only binary frame the host sends). */
export function isPositionFrame(bytes: ArrayBuffer): boolean {
  if (bytes.byteLength < FIXED) return false;
  const head = new Uint8Array(bytes, 0, 4);
  return MAGIC.every((b, i) => head[i] === b);
}

/** Reads one link's frames, in the order they came (one reader per link, new with each connection). */
export interface PositionFrameReader {
  /** The batch; throws a PositionFrameError saying what is wrong, and then the table is as it was. */
  read(bytes: ArrayBuffer): PositionFrame;
}

export function positionFrameReader(): PositionFrameReader {
  const table: string[] = [];
  return {
    read(bytes) {
      if (!isPositionFrame(bytes)) throw new PositionFrameError('format', 'not a units.moved frame (no KFUM magic)');
      const view = new DataView(bytes);
      const version = view.getUint8(4);
      if (version !== VERSION) throw new PositionFrameError('format', `units.moved frame version ${version}; this screen reads version ${VERSION} (reload it after the host was updated)`);
      const n = view.getUint32(8, true);
      const h = view.getUint32(12, true);
      const columnsAt = FIXED + pad8(h);
      const expected = columnsAt + COLUMNS * 8 * n;
      if (bytes.byteLength !== expected) throw new PositionFrameError('format', `units.moved frame of ${bytes.byteLength} bytes; ${n} units make ${expected}`);
      const header: unknown = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes, FIXED, h)));
      const { at, newIds } = (header ?? {}) as { at?: unknown; newIds?: unknown };
      if (typeof at !== 'string' || !Array.isArray(newIds) || !newIds.every((id) => typeof id === 'string')) {
        throw new PositionFrameError('format', 'units.moved frame header must be { at, newIds } with string ids');
      }
      const column = (c: number): Float64Array => {
        const from = columnsAt + c * 8 * n;
        if (littleEndian) return new Float64Array(bytes, from, n);
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) out[i] = view.getFloat64(from + i * 8, true);
        return out;
      };
      const slot = column(0);
      const known = table.length + newIds.length;
      const ids = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        const s = slot[i];
        if (!(Number.isInteger(s) && s >= 0 && s < known)) {
          throw new PositionFrameError('table', `units.moved frame names unit slot ${s}; this link has carried ${known} ids (a frame was lost: connect again)`);
        }
        ids[i] = s < table.length ? table[s] : (newIds[s - table.length] as string);
      }
      for (const id of newIds as string[]) table.push(id);
      return { at, ids, lat: column(1), lon: column(2), fixedAt: column(3), speed: column(4), heading: column(5) };
    },
  };
}
