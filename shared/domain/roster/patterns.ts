// Shift templates and rotation patterns as data: a pattern is a cycle of day slots that crews walk through.
import { mod, type Day } from './calendar';

/** One kind of shift, e.g. 白班 08:00 for 12 hours. `start` is minutes after local midnight of its date. */
export interface ShiftTemplate {
  code: string;
  name: string;
  /** One character for the month grid: 白, 夜, 早, 中, 全. */
  short: string;
  start: number;
  minutes: number;
}

/** The cycle of a rotation: each slot names the shift worked that day, or null for a rest day (休). */
export interface RotationPattern {
  id: string;
  name: string;
  nameEn: string;
  crews: number;
  cycle: readonly (string | null)[];
}

/**
 * Built-in shift templates. 4x3 uses 06:00/14:00/22:00, the usual 三班倒 times: the 8-hour night then
 * begins the evening of its date like 夜班 does, and every change in 早早中中夜夜休休 leaves at least 16 h rest
 * (with 00:00-08:00 nights, 中班 ending at midnight would run straight into the 夜班).
 */
export const builtinShiftTemplates: readonly ShiftTemplate[] = [
  { code: 'day', name: '白班', short: '白', start: 8 * 60, minutes: 12 * 60 },
  { code: 'night', name: '夜班', short: '夜', start: 20 * 60, minutes: 12 * 60 },
  { code: 'early', name: '早班', short: '早', start: 6 * 60, minutes: 8 * 60 },
  { code: 'middle', name: '中班', short: '中', start: 14 * 60, minutes: 8 * 60 },
  { code: 'late', name: '夜班', short: '夜', start: 22 * 60, minutes: 8 * 60 },
  { code: 'full', name: '全天班', short: '全', start: 8 * 60, minutes: 24 * 60 },
];

export const builtinPatterns: readonly RotationPattern[] = [
  { id: '3x2', name: '三班两运转', nameEn: 'three crews, two shifts (day, night, rest)', crews: 3, cycle: ['day', 'night', null] },
  { id: '3x2-6', name: '三班两倒（白白夜夜休休）', nameEn: 'three crews, two shifts, 6-day cycle', crews: 3, cycle: ['day', 'day', 'night', 'night', null, null] },
  { id: '4x2', name: '四班两倒', nameEn: 'four crews, two shifts (day, night, rest, rest)', crews: 4, cycle: ['day', 'night', null, null] },
  { id: '4x3', name: '四班三运转', nameEn: 'four crews, three 8-hour shifts', crews: 4, cycle: ['early', 'early', 'middle', 'middle', 'late', 'late', null, null] },
  { id: '24-48', name: '24/48（上一休二）', nameEn: '24 hours on, 48 off', crews: 3, cycle: ['full', null, null] },
];

export const DEFAULT_PATTERN_ID = '3x2';

/** Slots between two neighbouring crews on the anchor date: cycle length ÷ number of crews. */
export function crewStride(pattern: RotationPattern): number {
  return pattern.cycle.length / pattern.crews;
}

/**
 * The cycle slot crew `crewIndex` works on `day`: on the anchor date crew 0 works slot 0 and crew i is
 * i × stride slots ahead of it.
 */
export function slotOf(pattern: RotationPattern, anchor: Day, crewIndex: number, day: Day): number {
  return mod(day - anchor + crewIndex * crewStride(pattern), pattern.cycle.length);
}

/** Shift codes a pattern uses, in first-appearance order. */
export function shiftCodesOf(pattern: RotationPattern): string[] {
  const codes: string[] = [];
  for (const c of pattern.cycle) if (c !== null && !codes.includes(c)) codes.push(c);
  return codes;
}

/**
 * Why a pattern cannot be a rotation, or [] when it can: the cycle divides evenly among the crews and, on
 * every day, each shift the pattern uses is worked by exactly one crew.
 */
export function patternProblems(pattern: RotationPattern, knownShifts: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const { crews, cycle } = pattern;
  if (!Number.isInteger(crews) || crews < 1) problems.push(`crews must be a whole number of at least 1 (got ${crews})`);
  if (cycle.length === 0) problems.push('the cycle has no slots');
  for (const c of cycle) if (c !== null && !knownShifts.has(c)) problems.push(`slot "${c}" is not a known shift (use ${[...knownShifts].join(', ')} or 休)`);
  if (problems.length) return problems;
  if (cycle.length % crews !== 0) {
    return [`a cycle of ${cycle.length} slots does not divide among ${crews} crews; use a multiple of ${crews}`];
  }
  const codes = shiftCodesOf(pattern);
  if (codes.length === 0) return ['the cycle has only rest days; at least one slot must be a shift'];
  const stride = crewStride(pattern);
  for (let r = 0; r < stride; r++) {
    const worked = new Map<string, number>();
    for (let i = 0; i < crews; i++) {
      const c = cycle[r + i * stride];
      if (c != null) worked.set(c, (worked.get(c) ?? 0) + 1);
    }
    for (const code of codes) {
      const n = worked.get(code) ?? 0;
      if (n !== 1) {
        problems.push(`on day ${r + 1} of the cycle ${n === 0 ? 'no crew works' : `${n} crews work`} ${code}; every shift needs exactly one crew each day`);
      }
    }
  }
  return problems;
}
