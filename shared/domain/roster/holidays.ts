// Chinese statutory holidays (法定节假日) and make-up working days (调休上班) from per-year data files.
import { z } from 'zod';
import { dayOf, parseDay, partsOfDay, type Day } from './calendar';

const IsoDate = z.string().refine((s) => parseDay(s) !== null, 'must be a date written YYYY-MM-DD');

/** One year's file, as the State Council publishes it (resources/holidays/cn-holidays-YYYY.json). */
export const HolidayYear = z
  .object({
    year: z.number().int().min(2000).max(2100),
    /** The notice the dates come from, so a reader can check them. */
    source: z.string().trim().min(8, 'source must cite the State Council notice the dates come from'),
    holidays: z.array(z.object({ name: z.string().trim().min(1).max(20), from: IsoDate, to: IsoDate }).strict()).min(1),
    makeupWorkdays: z.array(IsoDate),
  })
  .strict()
  .superRefine((y, ctx) => {
    y.holidays.forEach((h, i) => {
      const from = dayOf(h.from);
      const to = dayOf(h.to);
      if (to < from) ctx.addIssue({ code: 'custom', path: ['holidays', i, 'to'], message: `${h.name} ends (${h.to}) before it starts (${h.from})` });
      if (to - from > 14) ctx.addIssue({ code: 'custom', path: ['holidays', i, 'to'], message: `${h.name} lasts more than 15 days; check the dates` });
      for (const end of [h.from, h.to]) {
        const yr = partsOfDay(dayOf(end)).year;
        if (Math.abs(yr - y.year) > 1) ctx.addIssue({ code: 'custom', path: ['holidays', i], message: `${end} is not near ${y.year}` });
      }
    });
    y.makeupWorkdays.forEach((d, i) => {
      if (partsOfDay(dayOf(d)).year !== y.year) ctx.addIssue({ code: 'custom', path: ['makeupWorkdays', i], message: `${d} is not in ${y.year}` });
    });
  });
export type HolidayYear = z.infer<typeof HolidayYear>;

export interface DayHoliday {
  /** Name of the holiday the day belongs to (春节 …), or null. */
  holiday: string | null;
  /** A weekend day worked to make up for a holiday (调休上班). */
  makeupWorkday: boolean;
}

export interface HolidayCalendar {
  years(): number[];
  hasYear(year: number): boolean;
  source(year: number): string | null;
  on(day: Day): DayHoliday;
}

export function createHolidayCalendar(files: readonly HolidayYear[]): HolidayCalendar {
  const byYear = new Map<number, HolidayYear>();
  for (const f of files) byYear.set(f.year, f);
  const holidays = new Map<Day, string>();
  const makeup = new Set<Day>();
  for (const f of byYear.values()) {
    for (const h of f.holidays) for (let d = dayOf(h.from); d <= dayOf(h.to); d++) holidays.set(d, h.name);
    for (const m of f.makeupWorkdays) makeup.add(dayOf(m));
  }
  return {
    years: () => [...byYear.keys()].sort((a, b) => a - b),
    hasYear: (y) => byYear.has(y),
    source: (y) => byYear.get(y)?.source ?? null,
    on: (day) => ({ holiday: holidays.get(day) ?? null, makeupWorkday: makeup.has(day) }),
  };
}

/** Years touched by a date range that have no holiday file. */
export function yearsWithoutData(calendar: HolidayCalendar, from: Day, to: Day): number[] {
  const missing: number[] = [];
  for (let y = partsOfDay(from).year; y <= partsOfDay(to).year; y++) if (!calendar.hasYear(y)) missing.push(y);
  return missing;
}
