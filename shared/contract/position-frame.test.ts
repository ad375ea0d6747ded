import { describe, expect, it } from 'vitest';
import { decodePositionFrame, encodePositionFrame, isPositionFrame } from './position-frame';
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

describe('units.moved as a binary frame', () => {
  it('carries the batch unchanged: same ids in order, same numbers, NaN where a fix had no speed or heading', () => {
    const frame = decodePositionFrame(received(encodePositionFrame(batch)));
    expect(frame.at).toBe(batch.at);
    expect(frame.ids).toEqual(batch.ids);
    expect(Array.from(frame.lat)).toEqual(batch.lat);
    expect(Array.from(frame.lon)).toEqual(batch.lon);
    expect(Array.from(frame.fixedAt)).toEqual(batch.fixedAt);
    expect(Array.from(frame.speed)).toEqual([32.5, NaN, 0]);
    expect(Array.from(frame.heading)).toEqual([90, NaN, 359.9]);
  });

  it('has its columns 8-byte aligned whatever the ids, so they are read in place', () => {
    for (const ids of [[], ['a'], ['ab'], ['abcdefg'], ['U-1', 'U-22', 'U-333']]) {
      const n = ids.length;
      const b = { at: batch.at, ids, lat: ids.map(() => 1), lon: ids.map(() => 2), fixedAt: ids.map(() => 3), speed: ids.map(() => null), heading: ids.map(() => 4) };
      const bytes = encodePositionFrame(b);
      expect(bytes.byteLength % 8).toBe(0);
      const frame = decodePositionFrame(received(bytes));
      expect(frame.ids).toEqual(ids);
      expect(frame.lat).toBeInstanceOf(Float64Array);
      expect(Array.from(frame.heading)).toEqual(ids.map(() => 4));
      expect(frame.lat.length).toBe(n);
    }
  });

  it('is told apart from other binary data', () => {
    expect(isPositionFrame(received(encodePositionFrame(batch)))).toBe(true);
    expect(isPositionFrame(received(new TextEncoder().encode('{"type":"event"}')))).toBe(false);
    expect(isPositionFrame(new ArrayBuffer(3))).toBe(false);
  });

  it('refuses a frame that is not one, from a newer host, cut short, or with a header that does not match', () => {
    const good = encodePositionFrame(batch);
    expect(() => decodePositionFrame(new ArrayBuffer(64))).toThrow(/no KFUM magic/);
    const newer = good.slice();
    newer[4] = 2;
    expect(() => decodePositionFrame(received(newer))).toThrow(/version 2; this screen reads version 1 \(reload it/);
    expect(() => decodePositionFrame(received(good.subarray(0, good.length - 8)))).toThrow(/3 units make/);
    const fewerIds = encodePositionFrame({ ...batch, ids: ['U-010', 'U-011', 'U-012'] });
    new DataView(fewerIds.buffer).setUint32(8, 2, true); // claims 2 units: the header's 3 ids and the length disagree
    expect(() => decodePositionFrame(received(fewerIds))).toThrow(/units make|string ids/);
  });
});
