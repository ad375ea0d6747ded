import { describe, expect, it } from 'vitest';
import { deriveTier, type TierTarget } from './tier';
import { destination, haversineM } from './geometry';

const seat = { lat: 26.89, lon: 102.11 };
const core: TierTarget = { id: 'T-core', lat: seat.lat, lon: seat.lon, tier: 1, zoneRadiusM: 200 };
const schoolAt = destination(seat, 90, 300);
const school: TierTarget = { id: 'T-school', ...schoolAt, tier: 3, zoneRadiusM: 250 };

describe('deriveTier on circular zones', () => {
  it('inside a core zone is tier 1', () => {
    expect(deriveTier(destination(seat, 10, 150), [core, school])).toEqual({ tier: 1, targetId: 'T-core' });
  });
  it('exactly on the edge counts as inside, at every bearing', () => {
    for (let b = 0; b < 360; b += 15) {
      const edge = destination(seat, b, 200);
      expect(Math.abs(haversineM(edge, seat) - 200)).toBeLessThan(1e-6);
      expect(deriveTier(edge, [core]).tier).toBe(1);
    }
  });
  it('just outside the edge (5 cm) is not inside', () => {
    expect(deriveTier(destination(seat, 0, 200.05), [core])).toEqual({ tier: 5, targetId: null });
  });
  it('outside every zone is tier 5', () => {
    expect(deriveTier(destination(seat, 270, 2000), [core, school])).toEqual({ tier: 5, targetId: null });
  });
  it('the smallest tier wins where zones overlap', () => {
    // 120 m east of the core: inside the core zone (200 m) and the school zone (300-120 = 180 m < 250 m).
    const overlap = destination(seat, 90, 120);
    expect(deriveTier(overlap, [school, core])).toEqual({ tier: 1, targetId: 'T-core' });
  });
  it('inside only the crowded place is tier 3', () => {
    expect(deriveTier(destination(schoolAt, 90, 240), [core, school])).toEqual({ tier: 3, targetId: 'T-school' });
  });
});

describe('deriveTier on polygon zones', () => {
  // A 0.002° square around the hospital; the polygon replaces the 10 m circle.
  const hosp: TierTarget = {
    id: 'T-hosp', lat: 26.9, lon: 102.12, tier: 3, zoneRadiusM: 10,
    zone: [[[102.119, 26.899], [102.121, 26.899], [102.121, 26.901], [102.119, 26.901], [102.119, 26.899]]],
  };
  it('inside the polygon, far beyond the radius', () => {
    expect(deriveTier({ lat: 26.9008, lon: 102.1208 }, [hosp]).tier).toBe(3);
  });
  it('on an edge and on a corner counts as inside', () => {
    expect(deriveTier({ lat: 26.899, lon: 102.1203 }, [hosp]).tier).toBe(3);
    expect(deriveTier({ lat: 26.901, lon: 102.121 }, [hosp]).tier).toBe(3);
  });
  it('outside the polygon is tier 5', () => {
    expect(deriveTier({ lat: 26.9011, lon: 102.12 }, [hosp]).tier).toBe(5);
  });
});
