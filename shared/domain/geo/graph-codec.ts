// Binary form of a built road graph, for the cache file: header with the source key, then the typed arrays.
import { reverseIndex, type RoadGraph, RoadGraphError } from './road-graph';

const MAGIC = 0x3147464b; // 'KFG1' little-endian
export const GRAPH_FORMAT_VERSION = 1;
const KEY_BYTES = 64;

type Arr = Float64Array | Float32Array | Uint32Array | Uint8Array;

function stored(g: RoadGraph): Arr[] {
  return [g.lon, g.lat, g.offsets, g.head, g.length, g.cls, g.vehicle, g.segAB, g.segBA];
}

const pad8 = (x: number): number => (x + 7) & ~7;

/** `key` identifies the source (a hash); at most 64 ASCII characters. */
export function encodeGraph(g: RoadGraph, key: string): Uint8Array {
  if (key.length > KEY_BYTES) throw new RoadGraphError(`cache key longer than ${KEY_BYTES} characters`);
  const arrays = stored(g);
  let size = 24 + KEY_BYTES;
  for (const a of arrays) size = pad8(size + a.byteLength);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, GRAPH_FORMAT_VERSION, true);
  view.setUint32(8, g.nodeCount, true);
  view.setUint32(12, g.edgeCount, true);
  view.setUint32(16, g.segmentCount, true);
  for (let i = 0; i < key.length; i++) out[24 + i] = key.charCodeAt(i) & 0x7f;
  let pos = 24 + KEY_BYTES;
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), pos);
    pos = pad8(pos + a.byteLength);
  }
  return out;
}

/** The source key stored in a cache file, or null when the bytes are not a graph cache of this version. */
export function graphKeyOf(bytes: Uint8Array): string | null {
  if (bytes.byteLength < 24 + KEY_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== GRAPH_FORMAT_VERSION) return null;
  let key = '';
  for (let i = 0; i < KEY_BYTES && bytes[24 + i] !== 0; i++) key += String.fromCharCode(bytes[24 + i]);
  return key;
}

export function decodeGraph(bytes: Uint8Array): RoadGraph {
  if (graphKeyOf(bytes) === null) throw new RoadGraphError('not a Kuaifan road-graph cache of this version');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(8, true);
  const m = view.getUint32(12, true);
  const s = view.getUint32(16, true);
  let pos = 24 + KEY_BYTES;
  // Copy each array out so it is aligned and independent of the file buffer.
  const take = <T extends Arr>(ctor: { new (len: number): T; BYTES_PER_ELEMENT: number }, len: number): T => {
    const bytesLen = len * ctor.BYTES_PER_ELEMENT;
    if (pos + bytesLen > bytes.byteLength) throw new RoadGraphError('road-graph cache is truncated');
    const arr = new ctor(len);
    new Uint8Array(arr.buffer).set(bytes.subarray(pos, pos + bytesLen));
    pos = pad8(pos + bytesLen);
    return arr;
  };
  const lon = take(Float64Array, n);
  const lat = take(Float64Array, n);
  const offsets = take(Uint32Array, n + 1);
  const head = take(Uint32Array, m);
  const length = take(Float32Array, m);
  const cls = take(Uint8Array, m);
  const vehicle = take(Uint8Array, m);
  const segAB = take(Uint32Array, s);
  const segBA = take(Uint32Array, s);
  const tail = new Uint32Array(m);
  for (let v = 0; v < n; v++) tail.fill(v, offsets[v], offsets[v + 1]);
  const { revOffsets, revEdges } = reverseIndex(n, head);
  return { nodeCount: n, edgeCount: m, segmentCount: s, lon, lat, offsets, head, tail, length, cls, vehicle, revOffsets, revEdges, segAB, segBA };
}
