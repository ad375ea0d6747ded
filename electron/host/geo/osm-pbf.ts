// Reads an OpenStreetMap PBF (.osm.pbf) file: OSMHeader/OSMData blobs, dense and plain nodes, ways with tags.
import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { PbfReader } from 'pbf';
import { collectRoadWays, type CollectedWays, OsmNodeTable, type OsmWay } from './osm-ways';

const supportedFeatures = new Set(['OsmSchema-V0.6', 'DenseNodes', 'HistoricalInformation']);
const utf8 = new TextDecoder();

interface BlobHeader { type: string; datasize: number }
interface Blob { raw: Uint8Array | null; zlib: Uint8Array | null; rawSize: number; other: number }

function readBlobHeader(buf: Uint8Array): BlobHeader {
  return new PbfReader(buf).readFields<BlobHeader>((tag, h, pbf) => {
    if (tag === 1) h.type = pbf.readString();
    else if (tag === 3) h.datasize = pbf.readVarint();
  }, { type: '', datasize: -1 });
}

function blobData(buf: Uint8Array): Uint8Array {
  const blob = new PbfReader(buf).readFields<Blob>((tag, b, pbf) => {
    if (tag === 1) b.raw = pbf.readBytes();
    else if (tag === 2) b.rawSize = pbf.readVarint();
    else if (tag === 3) b.zlib = pbf.readBytes();
    else if (tag >= 4 && tag <= 7) b.other = tag;
  }, { raw: null, zlib: null, rawSize: 0, other: 0 });
  if (blob.raw) return blob.raw;
  if (blob.zlib) return inflateSync(blob.zlib);
  const kinds: Record<number, string> = { 4: 'lzma', 5: 'bzip2', 6: 'lz4', 7: 'zstd' };
  throw new Error(`a blob is ${kinds[blob.other] ?? 'empty'}-compressed; only raw and zlib are supported (re-export with osmium: osmium cat -o out.osm.pbf --output-format pbf,pbf_compression=zlib)`);
}

function checkHeader(data: Uint8Array): void {
  const required: string[] = [];
  new PbfReader(data).readFields((tag, _r, pbf) => { if (tag === 4) required.push(pbf.readString()); }, null);
  const missing = required.filter((f) => !supportedFeatures.has(f));
  if (missing.length) throw new Error(`the file needs unsupported features: ${missing.join(', ')}`);
}

interface Block {
  strings: string[];
  granularity: number;
  latOffset: number;
  lonOffset: number;
  groups: Uint8Array[];
}

function readPrimitiveBlock(data: Uint8Array, nodes: OsmNodeTable, ways: OsmWay[]): void {
  const block = new PbfReader(data).readFields<Block>((tag, b, pbf) => {
    if (tag === 1) pbf.readMessage((t, strings: string[], p) => { if (t === 1) strings.push(utf8.decode(p.readBytes())); }, b.strings);
    else if (tag === 2) b.groups.push(pbf.readBytes());
    else if (tag === 17) b.granularity = pbf.readVarint();
    else if (tag === 19) b.latOffset = pbf.readVarint(true);
    else if (tag === 20) b.lonOffset = pbf.readVarint(true);
  }, { strings: [], granularity: 100, latOffset: 0, lonOffset: 0, groups: [] });
  const lat = (v: number): number => 1e-9 * (block.latOffset + block.granularity * v);
  const lon = (v: number): number => 1e-9 * (block.lonOffset + block.granularity * v);
  for (const group of block.groups) {
    new PbfReader(group).readFields((tag, _r, pbf) => {
      if (tag === 1) {
        const n = pbf.readMessage((t, x: { id: number; lat: number; lon: number }, p) => {
          if (t === 1) x.id = p.readSVarint();
          else if (t === 8) x.lat = p.readSVarint();
          else if (t === 9) x.lon = p.readSVarint();
        }, { id: 0, lat: 0, lon: 0 });
        nodes.add(n.id, lon(n.lon), lat(n.lat));
      } else if (tag === 2) {
        const d = pbf.readMessage((t, x: { id: number[]; lat: number[]; lon: number[] }, p) => {
          if (t === 1) p.readPackedSVarint(x.id);
          else if (t === 8) p.readPackedSVarint(x.lat);
          else if (t === 9) p.readPackedSVarint(x.lon);
        }, { id: [], lat: [], lon: [] });
        let id = 0, la = 0, lo = 0;
        for (let i = 0; i < d.id.length; i++) {
          id += d.id[i]; la += d.lat[i]; lo += d.lon[i];
          nodes.add(id, lon(lo), lat(la));
        }
      } else if (tag === 3) {
        const w = pbf.readMessage((t, x: { keys: number[]; vals: number[]; refs: number[] }, p) => {
          if (t === 2) p.readPackedVarint(x.keys);
          else if (t === 3) p.readPackedVarint(x.vals);
          else if (t === 8) p.readPackedSVarint(x.refs);
        }, { keys: [], vals: [], refs: [] });
        const tags = new Map<string, string>();
        w.keys.forEach((k, i) => tags.set(block.strings[k] ?? '', block.strings[w.vals[i]] ?? ''));
        if (!tags.has('highway')) return;
        let ref = 0;
        ways.push({ refs: w.refs.map((delta) => (ref += delta)), tags });
      }
    }, null);
  }
}

export async function readOsmPbf(path: string): Promise<CollectedWays> {
  const buf = new Uint8Array(await readFile(path));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const nodes = new OsmNodeTable();
  const ways: OsmWay[] = [];
  let pos = 0;
  let sawHeader = false;
  while (pos < buf.length) {
    if (pos + 4 > buf.length) throw new Error(`truncated at byte ${pos}: a blob length is cut off`);
    const headerLen = view.getInt32(pos, false);
    if (headerLen <= 0 || headerLen > 64 * 1024 || pos + 4 + headerLen > buf.length) {
      throw new Error(`bad blob header length ${headerLen} at byte ${pos}: the file is not OSM PBF or is damaged`);
    }
    const header = readBlobHeader(buf.subarray(pos + 4, pos + 4 + headerLen));
    pos += 4 + headerLen;
    if (header.datasize < 0 || pos + header.datasize > buf.length) throw new Error(`truncated ${header.type || 'blob'} at byte ${pos}`);
    const data = blobData(buf.subarray(pos, pos + header.datasize));
    pos += header.datasize;
    if (header.type === 'OSMHeader') { checkHeader(data); sawHeader = true; }
    else if (header.type === 'OSMData') {
      if (!sawHeader) throw new Error('OSMData before the OSMHeader blob: the file is not OSM PBF or is damaged');
      readPrimitiveBlock(data, nodes, ways);
    }
  }
  if (!sawHeader) throw new Error('no OSMHeader blob: the file is empty or not OSM PBF');
  return collectRoadWays(nodes, ways);
}
