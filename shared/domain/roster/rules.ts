// Roster rules over a date range: staffing, shift leader, armed readiness squad, overlap, rest, consecutive shifts.
import { isoDay, type Day } from './calendar';
import type { RosterEngine } from './engine';
import { offKindLabel, type RosterRules } from './model';

export type RuleCode = 'noStaff' | 'minStaff' | 'leader' | 'squadArmed' | 'overlap' | 'rest' | 'consecutive' | 'swapStale';
export type Severity = 'error' | 'warning';

/**
 * Errors are what the hall must never run with: an empty shift, a shift with no leader, an officer on two
 * shifts at once or without the minimum rest. Warnings are weaker: below the staffing or armed-squad
 * minimum, too many shifts in a row, a swap the rota no longer matches.
 */
export const severityOf: Record<RuleCode, Severity> = {
  noStaff: 'error',
  leader: 'error',
  overlap: 'error',
  rest: 'error',
  minStaff: 'warning',
  squadArmed: 'warning',
  consecutive: 'warning',
  swapStale: 'warning',
};

export interface Violation {
  rule: RuleCode;
  severity: Severity;
  day: Day;
  /** Shift code, for shift-level rules and for the later shift of an officer-level one. */
  shift: string | null;
  officerId: number | null;
  message: string;
  messageEn: string;
}

export interface ShiftStaffing {
  day: Day;
  shift: string;
  crewIds: number[];
  count: number;
  minimum: number;
  leaders: number;
  /** Readiness squad on this shift: on-duty officers flagged for the squad. */
  squad: number;
  squadArmed: number;
  /** Rota crew members not working it, with why (请假 / 换班 …). */
  absent: { officerId: number; why: string }[];
}

export function minimumFor(rules: RosterRules, code: string): number {
  return rules.minStaff[code] ?? rules.defaultMinStaff;
}

export function staffingOf(engine: RosterEngine, code: string, day: Day): ShiftStaffing {
  const rules = engine.model.rules;
  const crewIds = engine.crewsOn(code, day);
  const staff = engine.staffOn(code, day);
  const working = new Set(staff.map((s) => s.officerId));
  let leaders = 0;
  let squad = 0;
  let squadArmed = 0;
  for (const s of staff) {
    const o = engine.officer(s.officerId);
    if (!o) continue;
    if (o.leader) leaders++;
    if (o.squad) {
      squad++;
      if (o.armed) squadArmed++;
    }
  }
  const absent: { officerId: number; why: string }[] = [];
  for (const crewId of crewIds) {
    for (const id of engine.membersOn(crewId, day)) {
      if (working.has(id)) continue;
      const d = engine.officerDay(id, day);
      absent.push({ officerId: id, why: d.off ? offKindLabel[d.off.kind] : d.swappedOut.length ? '换班' : '不在班' });
    }
  }
  return { day, shift: code, crewIds, count: staff.length, minimum: minimumFor(rules, code), leaders, squad, squadArmed, absent };
}

function who(engine: RosterEngine, officerId: number): string {
  const o = engine.officer(officerId);
  return o ? `${o.name}（${o.policeNo}）` : `#${officerId}`;
}

function whoEn(engine: RosterEngine, officerId: number): string {
  const o = engine.officer(officerId);
  return o ? `${o.name} (${o.policeNo})` : `#${officerId}`;
}

function shiftName(engine: RosterEngine, code: string, day: Day): string {
  return engine.template(code, day)?.name ?? code;
}

/** Shift-level rules for one shift occurrence. */
export function checkShift(engine: RosterEngine, st: ShiftStaffing): Violation[] {
  const rules = engine.model.rules;
  const out: Violation[] = [];
  if (st.count >= st.minimum && st.leaders >= rules.minLeaders && st.squadArmed >= rules.squadArmedMin) return out;
  const date = isoDay(st.day);
  const name = shiftName(engine, st.shift, st.day);
  const crewNames = st.crewIds.map((c) => engine.crew(c)?.name ?? `#${c}`).join('、') || '无';
  const absentZh = st.absent.length ? `；缺：${st.absent.map((a) => `${engine.officer(a.officerId)?.name ?? a.officerId}（${a.why}）`).join('、')}` : '';
  const absentEn = st.absent.length ? `; absent: ${st.absent.map((a) => `${engine.officer(a.officerId)?.name ?? a.officerId} (${a.why})`).join(', ')}` : '';
  const base = { day: st.day, shift: st.shift, officerId: null };
  if (st.count === 0) {
    out.push({ ...base, rule: 'noStaff', severity: severityOf.noStaff,
      message: `${date} ${name}（${crewNames}班）无人在岗${absentZh}`,
      messageEn: `${date} ${name} (crew ${crewNames}): nobody is on duty${absentEn}` });
    return out;
  }
  if (st.count < st.minimum) {
    out.push({ ...base, rule: 'minStaff', severity: severityOf.minStaff,
      message: `${date} ${name}（${crewNames}班）在岗 ${st.count} 人，少于最低 ${st.minimum} 人${absentZh}`,
      messageEn: `${date} ${name} (crew ${crewNames}): ${st.count} on duty, below the minimum of ${st.minimum}${absentEn}` });
  }
  if (st.leaders < rules.minLeaders) {
    out.push({ ...base, rule: 'leader', severity: severityOf.leader,
      message: `${date} ${name}（${crewNames}班）没有带班人员，至少需要 ${rules.minLeaders} 名`,
      messageEn: `${date} ${name} (crew ${crewNames}): no shift leader on duty; at least ${rules.minLeaders} needed` });
  }
  if (st.squadArmed < rules.squadArmedMin) {
    out.push({ ...base, rule: 'squadArmed', severity: severityOf.squadArmed,
      message: `${date} ${name}（${crewNames}班）战备处突小组持枪人员 ${st.squadArmed} 名，少于 ${rules.squadArmedMin} 名`,
      messageEn: `${date} ${name} (crew ${crewNames}): ${st.squadArmed} armed officers in the readiness squad, below ${rules.squadArmedMin}` });
  }
  return out;
}

interface Worked {
  day: Day;
  shift: string;
  start: number;
  end: number;
}

/** Officer-level rules (overlap, rest, consecutive shifts, stale swaps) for shifts dated from..to. */
export function checkOfficer(engine: RosterEngine, officerId: number, from: Day, to: Day): Violation[] {
  const rules = engine.model.rules;
  const out: Violation[] = [];
  // Every working day holds at least one shift, so a run that is already too long by `from` began within this window.
  const lookback = Math.max(2, rules.maxConsecutiveShifts + 1);
  const worked: Worked[] = [];
  const workDays: { day: Day; shifts: number }[] = [];
  for (let day = from - lookback; day <= to; day++) {
    const d = engine.officerDay(officerId, day);
    if (d.work.length) workDays.push({ day, shifts: d.work.length });
    for (const w of d.work) {
      if (!engine.template(w.shift, day)) continue;
      const win = engine.window(w.shift, day);
      worked.push({ day, shift: w.shift, start: win.start, end: win.end });
    }
    if (day >= from) {
      for (const s of d.swappedOut) {
        if (!s.stale) continue;
        out.push({ rule: 'swapStale', severity: severityOf.swapStale, day, shift: s.shift, officerId,
          message: `${isoDay(day)} ${who(engine, officerId)} 换班换出的${shiftName(engine, s.shift, day)}已不在轮班表中，请核对换班记录 #${s.exceptionId}`,
          messageEn: `${isoDay(day)} ${whoEn(engine, officerId)}: the ${shiftName(engine, s.shift, day)} given away in swap #${s.exceptionId} is no longer on the rota; check the swap` });
      }
    }
  }
  worked.sort((a, b) => a.start - b.start);
  let prev: Worked | null = null;
  for (const w of worked) {
    if (prev && w.day >= from) {
      const restH = (w.start - prev.end) / 3_600_000;
      if (w.start < prev.end || restH < rules.minRestHours) {
        const who1 = who(engine, officerId);
        const who1En = whoEn(engine, officerId);
        const prevName = `${isoDay(prev.day)} ${shiftName(engine, prev.shift, prev.day)}`;
        const thisName = `${isoDay(w.day)} ${shiftName(engine, w.shift, w.day)}`;
        if (w.start < prev.end) {
          out.push({ rule: 'overlap', severity: severityOf.overlap, day: w.day, shift: w.shift, officerId,
            message: `${who1} 同时排在 ${prevName} 和 ${thisName}，两班时间重叠`,
            messageEn: `${who1En} is on ${prevName} and ${thisName}, which overlap` });
        } else {
          out.push({ rule: 'rest', severity: severityOf.rest, day: w.day, shift: w.shift, officerId,
            message: `${who1} 从 ${prevName} 到 ${thisName} 只休息 ${formatHours(restH)} 小时，少于 ${rules.minRestHours} 小时`,
            messageEn: `${who1En} rests only ${formatHours(restH)} h between ${prevName} and ${thisName}, below ${rules.minRestHours} h` });
        }
      }
    }
    if (!prev || w.end > prev.end) prev = w;
  }
  // A run is the shifts on working days with no rest day between; it is reported once, on the day it passes the limit.
  let run = 0;
  let runDays = 0;
  let last: Day | null = null;
  for (const { day, shifts } of workDays) {
    const continues = last !== null && day === last + 1;
    const before = continues ? run : 0;
    run = before + shifts;
    runDays = continues ? runDays + 1 : 1;
    last = day;
    const max = rules.maxConsecutiveShifts;
    if (before <= max && run > max && day >= from) {
      out.push({ rule: 'consecutive', severity: severityOf.consecutive, day, shift: null, officerId,
        message: `${who(engine, officerId)} 到 ${isoDay(day)} 已连续上班 ${run} 个班次（${runDays} 天），超过 ${max} 个`,
        messageEn: `${whoEn(engine, officerId)} works ${run} shifts in a row (${runDays} days) up to ${isoDay(day)}, more than ${max}` });
    }
  }
  return out;
}

function formatHours(h: number): string {
  return Number.isInteger(h) ? String(h) : h.toFixed(1);
}

/** Every violation on shifts dated from..to, shift-level first, in date order. */
export function checkRoster(engine: RosterEngine, from: Day, to: Day): Violation[] {
  const out: Violation[] = [];
  for (let day = from; day <= to; day++) {
    for (const code of engine.shiftCodesOn(day)) out.push(...checkShift(engine, staffingOf(engine, code, day)));
  }
  for (const o of engine.model.officers) out.push(...checkOfficer(engine, o.id, from, to));
  return out.sort((a, b) => a.day - b.day || (a.officerId === null ? -1 : 0) - (b.officerId === null ? -1 : 0));
}
