import { describe, expect, it } from 'vitest';
import { selectInFrame, type Frame } from './frame';
import { destination } from './geometry';

const units = [
  { id: 'U1', lat: 26.89, lon: 102.11 },
  { id: 'U2', lat: 26.895, lon: 102.115 },
  { id: 'U3', lat: 26.9, lon: 102.12 },
  { id: 'U4', lat: 26.91, lon: 102.13 },
  { id: 'U5', lat: null, lon: null },
];

describe('framed selection', () => {
  it('rectangle, edges inclusive', () => {
    const f: Frame = { kind: 'rectangle', south: 26.89, west: 102.11, north: 26.9, east: 102.12 };
    expect(selectInFrame(units, f)).toEqual(['U1', 'U2', 'U3']);
  });
  it('polygon (triangle), a vertex and an edge point included, outside excluded', () => {
    const f: Frame = { kind: 'polygon', points: [{ lat: 26.89, lon: 102.11 }, { lat: 26.9, lon: 102.12 }, { lat: 26.89, lon: 102.13 }] };
    // U1 and U3 are vertices, U2 lies on the edge U1-U3, U4 is outside.
    expect(selectInFrame(units, f)).toEqual(['U1', 'U2', 'U3']);
    const f2: Frame = { kind: 'polygon', points: [{ lat: 26.892, lon: 102.1 }, { lat: 26.898, lon: 102.1 }, { lat: 26.898, lon: 102.14 }, { lat: 26.892, lon: 102.14 }] };
    expect(selectInFrame(units, f2)).toEqual(['U2']);
  });
  it('circle, a unit exactly on the rim included', () => {
    const center = { lat: 26.89, lon: 102.11 };
    const rim = destination(center, 45, 500);
    const all = [...units, { id: 'RIM', ...rim }, { id: 'OUT', ...destination(center, 45, 500.1) }];
    expect(selectInFrame(all, { kind: 'circle', center, radiusM: 500 })).toEqual(['U1', 'RIM']);
  });
  it('units with no position are never selected', () => {
    expect(selectInFrame(units, { kind: 'rectangle', south: -90, west: -180, north: 90, east: 180 })).not.toContain('U5');
  });
});
