// Hour-of-day congestion: speed factors per mode and road class in time windows (hall time: settings.hallZone), editable data.
import { z } from 'zod';
import { RoadClass, roadClasses, TravelMode, type TravelMode as Mode } from './road-class';

/** Half-hour slots: the school runs start and end on the half hour. */
export const SLOTS_PER_DAY = 48;

const Clock = z.string().regex(/^([01]\d|2[0-3]):[03]0$|^24:00$/, 'time must be HH:00 or HH:30, e.g. 07:30');

export const CongestionWindow = z.object({
  name: z.string().min(1).max(40),
  from: Clock,
  to: Clock,
  modes: z.array(TravelMode).min(1),
  /** Classes slowed; omitted = every class. */
  classes: z.array(RoadClass).optional(),
  /** Multiplies speed: 0.6 = 40 % slower. */
  factor: z.number().gt(0, 'factor must be above 0').max(1, 'factor above 1 would speed traffic up'),
}).strict()
  .refine((w) => w.from !== w.to, { message: 'window from and to must differ (00:00 to 24:00 is the whole day)' })
  .refine((w) => w.from !== '24:00', { path: ['from'], message: 'a window starts at 00:00, not 24:00' });
export type CongestionWindow = z.infer<typeof CongestionWindow>;

export const CongestionTable = z.object({ windows: z.array(CongestionWindow) }).strict();
export type CongestionTable = z.infer<typeof CongestionTable>;

const arterial: RoadClass[] = ['trunk', 'primary', 'secondary', 'tertiary', 'unclassified'];
const local: RoadClass[] = ['tertiary', 'unclassified', 'residential', 'living_street', 'service'];

// Peaks slow cars most; motorcycles filter through traffic and lose less; walking is unchanged.
export const defaultCongestionTable: CongestionTable = {
  windows: [
    { name: '早高峰', from: '07:00', to: '09:00', modes: ['car'], classes: arterial, factor: 0.65 },
    { name: '早高峰', from: '07:00', to: '09:00', modes: ['motorcycle'], classes: arterial, factor: 0.85 },
    { name: '晚高峰', from: '17:00', to: '19:00', modes: ['car'], classes: arterial, factor: 0.6 },
    { name: '晚高峰', from: '17:00', to: '19:00', modes: ['motorcycle'], classes: arterial, factor: 0.85 },
    { name: '上学时段', from: '07:30', to: '08:30', modes: ['car'], classes: local, factor: 0.5 },
    { name: '上学时段', from: '07:30', to: '08:30', modes: ['motorcycle'], classes: local, factor: 0.8 },
    { name: '午间放学', from: '11:30', to: '12:30', modes: ['car'], classes: local, factor: 0.6 },
    { name: '午间放学', from: '11:30', to: '12:30', modes: ['motorcycle'], classes: local, factor: 0.85 },
    { name: '下午放学', from: '16:30', to: '17:30', modes: ['car'], classes: local, factor: 0.5 },
    { name: '下午放学', from: '16:30', to: '17:30', modes: ['motorcycle'], classes: local, factor: 0.8 },
  ],
};

function slotOfClock(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 2 + (m >= 30 ? 1 : 0);
}

/**
 * Factor per (slot, class) for one mode, flattened as slot * classCount + class.
 * Overlapping windows take the slowest factor, so adding a window can only slow traffic, never double-count it.
 * Windows crossing midnight (22:00-02:00) wrap.
 */
export function compileCongestion(table: CongestionTable, mode: Mode): Float64Array {
  const nClass = roadClasses.length;
  const out = new Float64Array(SLOTS_PER_DAY * nClass).fill(1);
  for (const w of table.windows) {
    if (!w.modes.includes(mode)) continue;
    const classes = (w.classes ?? roadClasses).map((c) => roadClasses.indexOf(c));
    const from = slotOfClock(w.from);
    // 00:00-24:00 is the whole day, not an empty window: a span of 0 slots means all 48.
    const span = ((slotOfClock(w.to) - from) % SLOTS_PER_DAY + SLOTS_PER_DAY) % SLOTS_PER_DAY || SLOTS_PER_DAY;
    for (let k = 0; k < span; k++) {
      const s = (from + k) % SLOTS_PER_DAY;
      for (const c of classes) out[s * nClass + c] = Math.min(out[s * nClass + c], w.factor);
    }
  }
  return out;
}

/** Hour of day (fractional, 7.5 = 07:30) to its half-hour slot; hours wrap modulo 24. */
export function slotOfHour(hour: number): number {
  const h = ((hour % 24) + 24) % 24;
  return Math.min(SLOTS_PER_DAY - 1, Math.floor(h * 2));
}

/** Fractional hour of day in China time (UTC+8, no DST), whatever the process time zone. */
export function chinaHourOf(epochMs: number): number {
  const ms = (((epochMs + 8 * 3_600_000) % 86_400_000) + 86_400_000) % 86_400_000;
  return ms / 3_600_000;
}
