// Default travel speed per road class and mode: plain editable data, validated with zod before use.
import { z } from 'zod';
import { roadClasses, type RoadClass, type TravelMode } from './road-class';

const Kmh = z.number().min(0, 'speed must be 0 (not allowed) or positive km/h').max(200, 'speed above 200 km/h is not plausible');
const ModeSpeeds = z.object({ car: Kmh, motorcycle: Kmh, foot: Kmh }).strict();

/** km/h per class and mode; 0 means the mode may not use that class (e.g. cars on footways). */
export const SpeedTable = z.object(
  Object.fromEntries(roadClasses.map((c) => [c, ModeSpeeds])) as Record<RoadClass, typeof ModeSpeeds>,
).strict();
export type SpeedTable = z.infer<typeof SpeedTable>;

// Police vehicles in a county seat: emergency driving, but narrow streets and mixed traffic keep speeds modest.
export const defaultSpeedTable: SpeedTable = {
  motorway: { car: 90, motorcycle: 70, foot: 0 },
  trunk: { car: 60, motorcycle: 55, foot: 5 },
  primary: { car: 45, motorcycle: 45, foot: 5 },
  secondary: { car: 40, motorcycle: 40, foot: 5 },
  tertiary: { car: 35, motorcycle: 35, foot: 5 },
  unclassified: { car: 30, motorcycle: 30, foot: 5 },
  residential: { car: 25, motorcycle: 28, foot: 5 },
  living_street: { car: 12, motorcycle: 15, foot: 5 },
  service: { car: 15, motorcycle: 18, foot: 5 },
  track: { car: 15, motorcycle: 20, foot: 4 },
  pedestrian: { car: 0, motorcycle: 8, foot: 5 },
  footway: { car: 0, motorcycle: 0, foot: 5 },
  path: { car: 0, motorcycle: 0, foot: 4 },
  steps: { car: 0, motorcycle: 0, foot: 2 },
  cycleway: { car: 0, motorcycle: 0, foot: 5 },
};

/** Metres per second for every class code, for one mode (index = class code). */
export function speedsMps(table: SpeedTable, mode: TravelMode): Float64Array {
  const out = new Float64Array(roadClasses.length);
  roadClasses.forEach((c, i) => { out[i] = table[c][mode] / 3.6; });
  return out;
}
