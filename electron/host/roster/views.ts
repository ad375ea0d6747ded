// Turns engine answers into the contract's shapes: on-duty JSON, the month grid, schedules, violations.
import type {
  ExceptionView, OnDuty, OnDutyNow, OnDutyPerson, OnDutyShift, OfficerSchedule, RosterCell, RosterOfficer, RosterView, ViolationView,
} from '../../../shared/contract/roster';
import { dayOf, isoDay, weekdayOf, type Day } from '../../../shared/domain/roster/calendar';
import type { OfficerDay, RosterEngine, ShiftOccurrence } from '../../../shared/domain/roster/engine';
import { yearsWithoutData, type HolidayCalendar } from '../../../shared/domain/roster/holidays';
import { offKindLabel, type Officer } from '../../../shared/domain/roster/model';
import { checkOfficer, staffingOf, checkShift, type Violation } from '../../../shared/domain/roster/rules';
import type { ExceptionRow } from './store';

export function violationView(v: Violation): ViolationView {
  return { rule: v.rule, severity: v.severity, date: isoDay(v.day), shift: v.shift, officerId: v.officerId, message: v.message, messageEn: v.messageEn };
}

export function officerView(engine: RosterEngine, o: Officer, today: Day): RosterOfficer {
  return {
    id: o.id, policeNo: o.policeNo, name: o.name, rank: o.rank, department: o.department,
    armed: o.armed, leader: o.leader, driver: o.driver, medic: o.medic, squad: o.squad, sample: o.sample,
    version: o.version, crewId: engine.crewOf(o.id, today),
  };
}

const person = (engine: RosterEngine, officerId: number): string => {
  const o = engine.officer(officerId);
  return o ? `${o.name}（${o.policeNo}）` : `#${officerId}`;
};

const shiftName = (engine: RosterEngine, code: string | null, day: Day): string => (code ? (engine.template(code, day)?.name ?? code) : '');

export function exceptionSummary(engine: RosterEngine, r: ExceptionRow): string {
  const reason = r.reason ? `：${r.reason}` : '';
  switch (r.kind) {
    case 'leave':
    case 'sick':
    case 'timeOff': {
      const span = r.from_day === r.to_day ? r.from_day : `${r.from_day}～${r.to_day}`;
      return `${offKindLabel[r.kind]} ${span} ${person(engine, r.officer_id!)}${reason}`;
    }
    case 'swap': {
      const a = `${person(engine, r.officer_id!)} ${r.from_day} ${shiftName(engine, r.shift, dayOf(r.from_day))}`;
      const b = `${person(engine, r.partner_id!)} ${r.partner_day} ${shiftName(engine, r.partner_shift, dayOf(r.partner_day!))}`;
      return `换班 ${a} ⇄ ${b}${reason}`;
    }
    case 'extra':
      return `加班 ${person(engine, r.officer_id!)} ${r.from_day} ${shiftName(engine, r.shift, dayOf(r.from_day))}${reason}`;
    case 'reanchor': {
      const crew = engine.crew(r.crew_id!)?.name ?? `#${r.crew_id}`;
      return `${crew}班 自 ${r.from_day} 起重排为轮转第 ${(r.slot ?? 0) + 1} 天${reason}`;
    }
  }
}

export function exceptionView(engine: RosterEngine, r: ExceptionRow): ExceptionView {
  return {
    id: r.id, kind: r.kind, officerId: r.officer_id, partnerId: r.partner_id, crewId: r.crew_id,
    from: r.from_day, to: r.to_day, shift: r.shift, partnerDay: r.partner_day, partnerShift: r.partner_shift, slot: r.slot,
    reason: r.reason, author: r.author, at: engine.zone.formatIso(r.created_at),
    revokedAt: r.revoked_at === null ? null : engine.zone.formatIso(r.revoked_at), revokedBy: r.revoked_by,
    version: r.version, summary: exceptionSummary(engine, r),
  };
}

/** The exact shape of `roster on-duty --json` and GET /api/v1/roster/on-duty. */
export function onDutyJson(engine: RosterEngine, instant: number): OnDuty {
  return {
    at: engine.zone.formatIso(instant),
    shifts: engine.onDutyAt(instant).map((occ) => ({
      shift: occ.template.name,
      crew: crewNames(engine, occ),
      start: engine.zone.formatIso(occ.window.start),
      end: engine.zone.formatIso(occ.window.end),
      officers: sortedStaff(engine, occ).map(({ officer }) => ({ name: officer.name, policeNo: officer.policeNo, leader: officer.leader, armed: officer.armed })),
    })),
  };
}

function crewNames(engine: RosterEngine, occ: ShiftOccurrence): string | null {
  const names = occ.crewIds.map((id) => engine.crew(id)?.name).filter((n): n is string => !!n);
  return names.length ? names.join('、') : null;
}

function sortedStaff(engine: RosterEngine, occ: ShiftOccurrence): { officer: Officer; source: OnDutyPerson['source'] }[] {
  return occ.staff
    .map((s) => ({ officer: engine.officer(s.officerId)!, source: s.item.source }))
    .filter((s) => s.officer)
    .sort((a, b) => Number(b.officer.leader) - Number(a.officer.leader) || a.officer.policeNo.localeCompare(b.officer.policeNo));
}

export function onDutyShift(engine: RosterEngine, occ: ShiftOccurrence): OnDutyShift {
  const people: OnDutyPerson[] = sortedStaff(engine, occ).map(({ officer: o, source }) => ({
    id: o.id, name: o.name, policeNo: o.policeNo, rank: o.rank, armed: o.armed, leader: o.leader, driver: o.driver,
    medic: o.medic, squad: o.squad, sample: o.sample, source,
  }));
  return {
    date: isoDay(occ.day),
    code: occ.code,
    shift: occ.template.name,
    short: occ.template.short,
    crew: crewNames(engine, occ),
    start: engine.zone.formatIso(occ.window.start),
    end: engine.zone.formatIso(occ.window.end),
    leaders: people.filter((p) => p.leader),
    squad: people.filter((p) => p.squad),
    officers: people,
  };
}

export function onDutyNow(engine: RosterEngine, instant: number, revision: number): OnDutyNow {
  const next = engine.nextBoundaryAfter(instant);
  return {
    at: engine.zone.formatIso(instant),
    zone: engine.zone.zone,
    revision,
    shifts: engine.onDutyAt(instant).map((occ) => onDutyShift(engine, occ)),
    nextChangeAt: next === null ? null : engine.zone.formatIso(next),
  };
}

/** One grid cell: the mark (白/夜/休/假/换/加 …), what it is, and why. */
export function cellOf(engine: RosterEngine, d: OfficerDay, reasons: Map<number, ExceptionRow>): Omit<RosterCell, 'violation'> {
  const reasonOf = (id: number | null): string => (id !== null && reasons.get(id)?.reason) || '';
  if (d.off) {
    const mark = { leave: '假', sick: '病', timeOff: '调' }[d.off.kind];
    const why = reasonOf(d.off.exceptionId);
    return { mark, kind: 'off', shifts: [], note: `${offKindLabel[d.off.kind]}${why ? `：${why}` : ''}`, exceptionIds: [d.off.exceptionId] };
  }
  const ids = [...d.work.map((w) => w.exceptionId), ...d.swappedOut.map((s) => s.exceptionId)].filter((x): x is number => x !== null);
  const shifts = d.work.map((w) => w.shift);
  const notes: string[] = [];
  for (const w of d.work) {
    if (w.source === 'swap') notes.push(`换入${shiftName(engine, w.shift, d.day)}（与${person(engine, w.partnerId!)}）${reasonOf(w.exceptionId) ? `：${reasonOf(w.exceptionId)}` : ''}`);
    if (w.source === 'extra') notes.push(`加班${shiftName(engine, w.shift, d.day)}${reasonOf(w.exceptionId) ? `：${reasonOf(w.exceptionId)}` : ''}`);
  }
  for (const s of d.swappedOut) notes.push(`换出${shiftName(engine, s.shift, d.day)}（给${person(engine, s.partnerId)}）`);
  const note = notes.join('；');
  if (d.work.some((w) => w.source === 'extra')) return { mark: '加', kind: 'extra', shifts, note, exceptionIds: ids };
  if (d.work.some((w) => w.source === 'swap')) return { mark: '换', kind: 'swap', shifts, note, exceptionIds: ids };
  if (d.work.length) return { mark: engine.template(d.work[0]!.shift, d.day)?.short ?? d.work[0]!.shift, kind: 'work', shifts, note, exceptionIds: ids };
  if (d.swappedOut.length) return { mark: '换', kind: 'swap', shifts: [], note, exceptionIds: ids };
  return { mark: '休', kind: 'rest', shifts: [], note, exceptionIds: ids };
}

const worse = (a: 'error' | 'warning' | null, b: 'error' | 'warning'): 'error' | 'warning' => (a === 'error' || b === 'error' ? 'error' : 'warning');

export interface RosterViewInput {
  engine: RosterEngine;
  holidays: HolidayCalendar;
  from: Day;
  to: Day;
  today: Day;
  revision: number;
  /** Every exception touching the range (revoked ones too, for the reasons shown in cells). */
  exceptions: ExceptionRow[];
}

export function rosterView({ engine, holidays, from, to, today, revision, exceptions }: RosterViewInput): RosterView {
  const reasons = new Map(exceptions.map((e) => [e.id, e]));
  const violations: Violation[] = [];
  const days: RosterView['days'] = [];
  for (let day = from; day <= to; day++) {
    const h = holidays.on(day);
    const shifts = engine.shiftCodesOn(day).map((code) => {
      const st = staffingOf(engine, code, day);
      const found = checkShift(engine, st);
      violations.push(...found);
      const t = engine.template(code, day)!;
      const w = engine.window(code, day);
      return {
        code, name: t.name, short: t.short,
        crews: st.crewIds.map((c) => engine.crew(c)?.name ?? `#${c}`),
        start: engine.zone.formatIso(w.start), end: engine.zone.formatIso(w.end),
        count: st.count, minimum: st.minimum, leaders: st.leaders, squadArmed: st.squadArmed,
        violation: found.reduce<'error' | 'warning' | null>((acc, v) => worse(acc, v.severity), null),
      };
    });
    days.push({ date: isoDay(day), weekday: weekdayOf(day), holiday: h.holiday, makeupWorkday: h.makeupWorkday, shifts });
  }

  // The first shift of each day per short mark: a plain rota cell is sent as its mark alone.
  const shortToCode = days.map((d) => {
    const m = new Map<string, string>();
    for (const sh of d.shifts) if (!m.has(sh.short)) m.set(sh.short, sh.code);
    return m;
  });
  const assigned = new Set(engine.model.memberships.map((m) => m.officerId));
  type GroupKey = number | null;
  const groups = new Map<GroupKey, RosterView['groups'][number]['officers']>();
  for (const o of engine.model.officers) {
    let crewId: number | null = null;
    let touched = false;
    let marks = '';
    const details: RosterView['groups'][number]['officers'][number]['cells'] = [];
    const officerViolations = checkOfficer(engine, o.id, from, to);
    violations.push(...officerViolations);
    const worst = new Map<Day, 'error' | 'warning'>();
    for (const v of officerViolations) worst.set(v.day, worse(worst.get(v.day) ?? null, v.severity));
    for (let day = from; day <= to; day++) {
      const d = engine.officerDay(o.id, day);
      if (d.crewId !== null) crewId = d.crewId;
      if (d.crewId !== null || d.work.length || d.off || d.swappedOut.length) touched = true;
      const i = day - from;
      const violation = worst.get(day) ?? null;
      // The common case, a plain rota day or rest, is sent as its mark alone.
      if (violation === null && !d.off && d.swappedOut.length === 0 && d.work.length <= 1 && (d.work.length === 0 || d.work[0]!.source === 'rota')) {
        const code = d.work[0]?.shift;
        const short = code === undefined ? '休' : engine.template(code, day)?.short;
        if (short !== undefined && short.length === 1 && (code === undefined || shortToCode[i]!.get(short) === code)) {
          marks += short;
          continue;
        }
      }
      const cell: RosterCell = { ...cellOf(engine, d, reasons), violation };
      marks += cell.mark.length === 1 ? cell.mark : '?';
      details.push({ ...cell, day: i });
    }
    if (!touched && assigned.has(o.id)) continue; // left every crew before this range and has nothing in it
    const list = groups.get(crewId) ?? [];
    list.push({ ...officerView(engine, o, today), marks, cells: details });
    groups.set(crewId, list);
  }
  const order = [...engine.model.crews].sort((a, b) => a.sort - b.sort || a.id - b.id);
  const byLeader = (a: RosterOfficer, b: RosterOfficer): number => Number(b.leader) - Number(a.leader) || a.policeNo.localeCompare(b.policeNo);
  const groupList: RosterView['groups'] = order
    .filter((c) => groups.has(c.id))
    .map((c) => ({ crewId: c.id, crew: c.name, officers: groups.get(c.id)!.sort(byLeader) }));
  if (groups.has(null)) groupList.push({ crewId: null, crew: null, officers: groups.get(null)!.sort(byLeader) });

  return {
    from: isoDay(from),
    to: isoDay(to),
    zone: engine.zone.zone,
    revision,
    days,
    holidayWarnings: yearsWithoutData(holidays, from, to).map((year) => ({
      year,
      message: `${year} 年没有法定节假日数据：日历无法标出节假日和调休上班日。请在“节假日”中导入国务院办公厅 ${year} 年节假日安排通知的数据。`,
      messageEn: `No statutory holiday data for ${year}: holidays and make-up working days are not marked. Load the State Council's ${year} holiday notice under Holidays.`,
    })),
    groups: groupList,
    violations: violations.sort((a, b) => a.day - b.day).map(violationView),
    exceptions: exceptions.filter((e) => e.revoked_at === null).map((e) => exceptionView(engine, e)),
  };
}

export function officerSchedule(engine: RosterEngine, o: Officer, from: Day, to: Day, today: Day, exceptions: ExceptionRow[]): OfficerSchedule {
  const reasons = new Map(exceptions.map((e) => [e.id, e]));
  const days: OfficerSchedule['days'] = [];
  for (let day = from; day <= to; day++) {
    const d = engine.officerDay(o.id, day);
    const cell = cellOf(engine, d, reasons);
    days.push({
      date: isoDay(day),
      mark: cell.mark,
      kind: cell.kind,
      crew: d.crewId === null ? null : (engine.crew(d.crewId)?.name ?? null),
      note: cell.note,
      shifts: d.work.map((w) => {
        const win = engine.window(w.shift, day);
        return { code: w.shift, shift: shiftName(engine, w.shift, day), start: engine.zone.formatIso(win.start), end: engine.zone.formatIso(win.end), source: w.source };
      }),
    });
  }
  return { officer: officerView(engine, o, today), from: isoDay(from), to: isoDay(to), days, violations: checkOfficer(engine, o.id, from, to).map(violationView) };
}
