// A synthetic county-scale road network with units and key targets, seeded so every run measures the same thing.
import type { GeoTarget, GeoUnit } from '../shared/contract/geo';
import { roadClassCode } from '../shared/domain/geo/road-class';
import type { RoadWay } from '../shared/domain/geo/road-graph';
import type { TravelMode } from '../shared/domain/geo/road-class';
import { seededRandom } from '../shared/domain/seeded-random';

export interface SyntheticCounty {
  ways: RoadWay[];
  units: GeoUnit[];
  targets: GeoTarget[];
  /** Points inside the town, for isochrone origins and unit moves. */
  townPoint(): { lat: number; lon: number };
  side: number;
}

/**
 * A jittered side x side street grid (about 110 m blocks, 35 km across for side = 320): trunk roads every
 * 40 streets, primaries every 10, the rest residential with one street in 7 one-way, and about 8 % of
 * blocks missing, so routes detour as in a real town. Units and targets cluster in a 8 km town centre
 * (70 %) with the rest spread across the county.
 */
export function syntheticCounty(opts: { side?: number; units?: number; targets?: number; seed?: number } = {}): SyntheticCounty {
  const side = opts.side ?? 320;
  const rnd = seededRandom(opts.seed ?? 135);
  const lat0 = 26.75, lon0 = 101.93;
  const dLat = 0.001, dLon = 0.00112; // ~111 m both ways at 26.9 N
  const lonAt = new Float64Array(side * side), latAt = new Float64Array(side * side);
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) {
    lonAt[r * side + c] = lon0 + (c + (rnd() - 0.5) * 0.3) * dLon;
    latAt[r * side + c] = lat0 + (r + (rnd() - 0.5) * 0.3) * dLat;
  }
  const classOf = (i: number): number => roadClassCode(i % 40 === 0 ? 'trunk' : i % 10 === 0 ? 'primary' : 'residential');
  const ways: RoadWay[] = [];
  const addLine = (nodes: number[], cls: number, oneway: -1 | 0 | 1): void => {
    // Missing blocks split the street into separate ways.
    let coords: number[] = [];
    const flush = (): void => { if (coords.length >= 4) ways.push({ coords, cls, oneway }); coords = []; };
    for (let k = 0; k < nodes.length; k++) {
      if (k > 0 && cls === roadClassCode('residential') && rnd() < 0.08) { flush(); }
      coords.push(lonAt[nodes[k]], latAt[nodes[k]]);
    }
    flush();
  };
  for (let r = 0; r < side; r++) {
    const cls = classOf(r);
    const oneway = cls === roadClassCode('residential') && r % 7 === 3 ? (r % 2 ? 1 : -1) : 0;
    addLine(Array.from({ length: side }, (_, c) => r * side + c), cls, oneway);
  }
  for (let c = 0; c < side; c++) {
    const cls = classOf(c);
    const oneway = cls === roadClassCode('residential') && c % 7 === 5 ? 1 : 0;
    addLine(Array.from({ length: side }, (_, r) => r * side + c), cls, oneway);
  }
  const townHalf = 36; // blocks: ~8 km town centre
  const centre = side / 2;
  const place = (): { lat: number; lon: number } => {
    const town = rnd() < 0.7;
    const half = town ? townHalf : side / 2 - 2;
    const c = centre + (rnd() * 2 - 1) * half, r = centre + (rnd() * 2 - 1) * half;
    // Off the street by up to 30 m, as a building or a parked car is.
    return { lon: lon0 + (c + (rnd() - 0.5) * 0.5) * dLon, lat: lat0 + (r + (rnd() - 0.5) * 0.5) * dLat };
  };
  const modes: TravelMode[] = ['car', 'car', 'car', 'car', 'car', 'car', 'motorcycle', 'motorcycle', 'motorcycle', 'foot'];
  const units: GeoUnit[] = Array.from({ length: opts.units ?? 200 }, (_, i) => ({
    id: `u${i}`, ...place(), mode: modes[i % modes.length], available: rnd() < 0.9,
  }));
  const tiersOf: (1 | 3 | 5)[] = [1, 3, 3, 3, 5, 5, 5, 5, 5, 5];
  const targets: GeoTarget[] = Array.from({ length: opts.targets ?? 500 }, (_, i) => ({ id: `t${i}`, ...place(), tier: tiersOf[i % tiersOf.length] }));
  const townPoint = (): { lat: number; lon: number } => {
    const c = centre + (rnd() * 2 - 1) * townHalf, r = centre + (rnd() * 2 - 1) * townHalf;
    return { lon: lon0 + c * dLon, lat: lat0 + r * dLat };
  };
  return { ways, units, targets, townPoint, side };
}
