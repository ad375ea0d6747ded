import { describe, expect, it } from 'vitest';
import { isPositionFrame, positionFrameReader, positionFrameWriter, PositionFrameError, type PositionFrame } from './position-frame';
import type { UnitPositionBatch } from './dispatch';

const batch: UnitPositionBatch = {
  at: '2026-12-04T02:00:01.250Z',
  ids: ['U-010', 'U-011', '单元-三'],
  lat: [26.8894512, 26.9012003, -0.0000001],
  lon: [102.1107481, 102.1089212, 179.9999999],
  fixedAt: [1764813601000, 1764813600750, 0],
  speed: [32.5, null, 0],
  heading: [90, null, 359.9],
};

/** The bytes of a frame as a browser hands them over: an ArrayBuffer of its own. */
const received = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;
/** The ids a frame's header sends anew. */
const newIdsOf = (bytes: Uint8Array): string[] => {
  const h = new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true);
  return (JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + h))) as { newIds: string[] }).newIds;
};
const plain = (f: PositionFrame) => ({ ...f, lat: [...f.lat], lon: [...f.lon], fixedAt: [...f.fixedAt], speed: [...f.speed], heading: [...f.heading] });

describe('units.moved as a binary frame', () => {
  it('carries the batch unchanged: same ids in order, same numbers, NaN where a fix had no speed or heading', () => {
    const frame = positionFrameReader().read(received(positionFrameWriter().write(batch)));
    expect(frame.at).toBe(batch.at);
    expect(frame.ids).toEqual(batch.ids);
    expect(Array.from(frame.lat)).toEqual(batch.lat);
    expect(Array.from(frame.lon)).toEqual(batch.lon);
    expect(Array.from(frame.fixedAt)).toEqual(batch.fixedAt);
    expect(Array.from(frame.speed)).toEqual([32.5, NaN, 0]);
    expect(Array.from(frame.heading)).toEqual([90, NaN, 359.9]);
  });

  it('sends each id over a link once; later frames name units by slot, in any order, with new units added as they come', () => {
    const writer = positionFrameWriter();
    const reader = positionFrameReader();
    const first = writer.write(batch);
    expect(newIdsOf(first)).toEqual(batch.ids);
    expect(reader.read(received(first)).ids).toEqual(batch.ids);

    const later: UnitPositionBatch = { at: '2026-12-04T02:00:02.250Z', ids: ['单元-三', 'U-099', 'U-010'], lat: [1, 2, 3], lon: [4, 5, 6], fixedAt: [7, 8, 9], speed: [null, 1, 2], heading: [3, null, 4] };
    const second = writer.write(later);
    expect(newIdsOf(second)).toEqual(['U-099']);
    const read = reader.read(received(second));
    expect(plain(read)).toEqual({ ...later, speed: [NaN, 1, 2], heading: [3, NaN, 4] });
    // The same strings every second, not new ones: the page's maps find them at once.
    expect(read.ids[2]).toBe(reader.read(received(writer.write({ ...later, ids: ['U-010'], lat: [0], lon: [0], fixedAt: [0], speed: [0], heading: [0] }))).ids[0]);
    // Another link has its own table: the ids go over it in full.
    expect(newIdsOf(positionFrameWriter().write(later))).toEqual(later.ids);
  });

  it('has its columns 8-byte aligned whatever the ids, so they are read in place', () => {
    for (const ids of [[], ['a'], ['ab'], ['abcdefg'], ['U-1', 'U-22', 'U-333']]) {
      const n = ids.length;
      const b = { at: batch.at, ids, lat: ids.map(() => 1), lon: ids.map(() => 2), fixedAt: ids.map(() => 3), speed: ids.map(() => null), heading: ids.map(() => 4) };
      const bytes = positionFrameWriter().write(b);
      expect(bytes.byteLength % 8).toBe(0);
      const frame = positionFrameReader().read(received(bytes));
      expect(frame.ids).toEqual(ids);
      expect(frame.lat).toBeInstanceOf(Float64Array);
      expect(Array.from(frame.heading)).toEqual(ids.map(() => 4));
      expect(frame.lat.length).toBe(n);
    }
  });

  it('is told apart from other binary data', () => {
    expect(isPositionFrame(received(positionFrameWriter().write(batch)))).toBe(true);
    expect(isPositionFrame(received(new TextEncoder().encode('{"type":"event"}')))).toBe(false);
    expect(isPositionFrame(new ArrayBuffer(3))).toBe(false);
  });

  it('refuses a frame that is not one, from another version, cut short, or with a header that does not match', () => {
    const good = positionFrameWriter().write(batch);
    const read = (bytes: Uint8Array | ArrayBuffer) => () => positionFrameReader().read(bytes instanceof ArrayBuffer ? bytes : received(bytes));
    expect(read(new ArrayBuffer(64))).toThrow(/no KFUM magic/);
    const other = good.slice();
    other[4] = 1;
    expect(read(other)).toThrow(/version 1; this screen reads version 2 \(reload it/);
    expect(read(good.subarray(0, good.length - 8))).toThrow(/3 units make/);
    const claims2 = good.slice();
    new DataView(claims2.buffer).setUint32(8, 2, true); // claims 2 units: the columns and the length disagree
    expect(read(claims2)).toThrow(/2 units make/);
    try {
      read(other)();
    } catch (err) {
      expect(err).toBeInstanceOf(PositionFrameError);
      expect((err as PositionFrameError).kind).toBe('format');
    }
  });

  it('refuses a frame naming a slot the link never carried (a lost frame), and keeps its table as it was', () => {
    const writer = positionFrameWriter();
    const reader = positionFrameReader();
    reader.read(received(writer.write({ ...batch, ids: ['U-010'], lat: [1], lon: [1], fixedAt: [1], speed: [1], heading: [1] })));
    writer.write(batch); // lost on the way: carries U-011 and 单元-三 anew
    const after = writer.write({ ...batch, at: '2026-12-04T02:00:03.000Z' });
    expect(newIdsOf(after)).toEqual([]);
    let refused: unknown = null;
    try {
      reader.read(received(after));
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(PositionFrameError);
    expect((refused as PositionFrameError).kind).toBe('table');
    expect((refused as Error).message).toMatch(/names unit slot 1; this link has carried 1 ids \(a frame was lost: connect again\)/);
    // Nothing of the refused frame stuck: the next frame that brings new ids gets them at the right slots.
    const fresh = positionFrameWriter();
    const r2 = positionFrameReader();
    r2.read(received(fresh.write({ ...batch, ids: ['A'], lat: [1], lon: [1], fixedAt: [1], speed: [1], heading: [1] })));
    expect(() => r2.read(received(after))).toThrow(PositionFrameError);
    expect(r2.read(received(fresh.write({ ...batch, ids: ['B', 'A'], lat: [1, 2], lon: [1, 2], fixedAt: [1, 2], speed: [1, 2], heading: [1, 2] }))).ids).toEqual(['B', 'A']);
  });
});
