// The rotation engine: who works which shift on any date and who is on duty at any instant, computed on
// demand from the rotation and the exceptions on top of it; no day is ever stored.
import { mod, type Day } from './calendar';
import type {
  Crew, ExtraException, Membership, OffException, OffKind, Officer, ReanchorException, RosterModel, RotationSegment,
  ShiftRevision, SwapException,
} from './model';
import { crewStride, type RotationPattern } from './patterns';
import { hallZone, type HallZone } from './zone';

export type WorkSource = 'rota' | 'swap' | 'extra';

/** One shift an officer works on a date, and why. */
export interface WorkItem {
  shift: string;
  source: WorkSource;
  /** The swap or extra-duty record behind it (null for the plain rota). */
  exceptionId: number | null;
  /** For a swap: the officer on the other side. */
  partnerId: number | null;
}

export interface OfficerDay {
  officerId: number;
  day: Day;
  crewId: number | null;
  /** What the rotation alone gives the officer's crew that day (null: rest or no rotation). */
  rota: string | null;
  work: WorkItem[];
  /** Leave, sickness or time off covering the day; `work` is then empty. */
  off: { kind: OffKind; exceptionId: number } | null;
  /** Shifts given away in a swap that day. */
  swappedOut: { shift: string; exceptionId: number; partnerId: number; stale: boolean }[];
}

export interface ShiftWindow {
  start: number;
  end: number;
}

/** One shift slot on one date: its template, times, rota crews and the officers working it. */
export interface ShiftOccurrence {
  day: Day;
  code: string;
  template: ShiftRevision;
  window: ShiftWindow;
  crewIds: number[];
  staff: { officerId: number; item: WorkItem }[];
}

const key = (officerId: number, day: Day): number => officerId * 1_000_000 + (day + 500_000);

export interface RosterEngine {
  readonly model: RosterModel;
  readonly zone: HallZone;
  officer(id: number): Officer | undefined;
  crew(id: number): Crew | undefined;
  pattern(id: string): RotationPattern | undefined;
  segmentOn(day: Day): RotationSegment | null;
  /** Shift codes worked on a date (those of the pattern in force), in cycle order. */
  shiftCodesOn(day: Day): string[];
  template(code: string, day: Day): ShiftRevision | undefined;
  window(code: string, day: Day): ShiftWindow;
  crewOf(officerId: number, day: Day): number | null;
  membersOn(crewId: number, day: Day): number[];
  /** The cycle slot and shift a crew works on a date, or null when it is not in the rotation then. */
  crewSlot(crewId: number, day: Day): { slot: number; shift: string | null } | null;
  /** The crews the rota puts on `code` on `day`. */
  crewsOn(code: string, day: Day): number[];
  officerDay(officerId: number, day: Day): OfficerDay;
  /** Officers working `code` on `day`, after every exception. */
  staffOn(code: string, day: Day): { officerId: number; item: WorkItem }[];
  occurrence(code: string, day: Day): ShiftOccurrence;
  /** Every shift running at the instant (a night shift that began the evening before included). */
  onDutyAt(instant: number): ShiftOccurrence[];
  /** The first shift start or end strictly after the instant (null without a rotation nearby). */
  nextBoundaryAfter(instant: number): number | null;
}

export function createRosterEngine(model: RosterModel): RosterEngine {
  const zone = hallZone(model.zone);
  const officers = new Map(model.officers.map((o) => [o.id, o]));
  const crews = new Map(model.crews.map((c) => [c.id, c]));
  const patterns = new Map(model.patterns.map((p) => [p.id, p]));
  const rotations = [...model.rotations].sort((a, b) => a.from - b.from);

  const membershipsByOfficer = new Map<number, Membership[]>();
  const membershipsByCrew = new Map<number, Membership[]>();
  for (const m of model.memberships) {
    push(membershipsByOfficer, m.officerId, m);
    push(membershipsByCrew, m.crewId, m);
  }

  const shiftRevisions = new Map<string, ShiftRevision[]>();
  for (const s of model.shifts) push(shiftRevisions, s.code, s);
  for (const list of shiftRevisions.values()) list.sort((a, b) => a.from - b.from);

  const offsByOfficer = new Map<number, OffException[]>();
  const swapsByKey = new Map<number, { ex: SwapException; side: 'officer' | 'partner' }[]>();
  const extrasByKey = new Map<number, ExtraException[]>();
  const touchedByDay = new Map<Day, Set<number>>();
  const reanchorsByCrew = new Map<number, ReanchorException[]>();
  const touch = (day: Day, officerId: number): void => {
    let s = touchedByDay.get(day);
    if (!s) touchedByDay.set(day, (s = new Set()));
    s.add(officerId);
  };
  for (const ex of model.exceptions) {
    switch (ex.kind) {
      case 'leave':
      case 'sick':
      case 'timeOff':
        push(offsByOfficer, ex.officerId, ex);
        break;
      case 'swap':
        for (const day of ex.day === ex.partnerDay ? [ex.day] : [ex.day, ex.partnerDay]) {
          push(swapsByKey, key(ex.officerId, day), { ex, side: 'officer' });
          push(swapsByKey, key(ex.partnerId, day), { ex, side: 'partner' });
        }
        touch(ex.day, ex.partnerId);
        touch(ex.partnerDay, ex.officerId);
        break;
      case 'extra':
        push(extrasByKey, key(ex.officerId, ex.day), ex);
        touch(ex.day, ex.officerId);
        break;
      case 'reanchor':
        push(reanchorsByCrew, ex.crewId, ex);
        break;
    }
  }
  for (const list of reanchorsByCrew.values()) list.sort((a, b) => a.from - b.from || a.at - b.at);

  function segmentOn(day: Day): RotationSegment | null {
    let found: RotationSegment | null = null;
    for (const r of rotations) {
      if (r.from > day) break;
      found = r;
    }
    return found;
  }

  function template(code: string, day: Day): ShiftRevision | undefined {
    const list = shiftRevisions.get(code);
    if (!list) return undefined;
    let found: ShiftRevision | undefined;
    for (const s of list) {
      if (s.from > day) break;
      found = s;
    }
    return found ?? list[0];
  }

  const windowMemo = new Map<string, Map<Day, ShiftWindow>>();
  function window(code: string, day: Day): ShiftWindow {
    let byDay = windowMemo.get(code);
    if (!byDay) windowMemo.set(code, (byDay = new Map()));
    let w = byDay.get(day);
    if (!w) {
      const t = template(code, day);
      if (!t) throw new RangeError(`Unknown shift ${code}`);
      w = { start: zone.instantOf(day, t.start), end: zone.instantOf(day, t.start + t.minutes) };
      if (byDay.size > 100_000) byDay.clear();
      byDay.set(day, w);
    }
    return w;
  }

  function crewOf(officerId: number, day: Day): number | null {
    const list = membershipsByOfficer.get(officerId);
    if (!list) return null;
    for (const m of list) if (m.from <= day && (m.until === null || day < m.until)) return m.crewId;
    return null;
  }

  function membersOn(crewId: number, day: Day): number[] {
    const out: number[] = [];
    for (const m of membershipsByCrew.get(crewId) ?? []) if (m.from <= day && (m.until === null || day < m.until)) out.push(m.officerId);
    return out;
  }

  // The model never changes under an engine (a change builds a new one), so answers per day are kept.
  const slotMemo = new Map<number, { slot: number; shift: string | null } | null>();
  const dayMemo = new Map<number, OfficerDay>();

  function crewSlot(crewId: number, day: Day): { slot: number; shift: string | null } | null {
    const k = key(crewId, day);
    let found = slotMemo.get(k);
    if (found === undefined) {
      if (slotMemo.size > 500_000) slotMemo.clear();
      found = computeCrewSlot(crewId, day);
      slotMemo.set(k, found);
    }
    return found;
  }

  function computeCrewSlot(crewId: number, day: Day): { slot: number; shift: string | null } | null {
    const seg = segmentOn(day);
    if (!seg) return null;
    const index = seg.crewIds.indexOf(crewId);
    const pattern = patterns.get(seg.patternId);
    if (index < 0 || !pattern) return null;
    let slot = mod(day - seg.anchor + index * crewStride(pattern), pattern.cycle.length);
    let re: ReanchorException | undefined;
    for (const r of reanchorsByCrew.get(crewId) ?? []) if (r.from >= seg.from && r.from <= day) re = r;
    if (re) slot = mod(re.slot + (day - re.from), pattern.cycle.length);
    return { slot, shift: pattern.cycle[slot] ?? null };
  }

  function shiftCodesOn(day: Day): string[] {
    const seg = segmentOn(day);
    const pattern = seg ? patterns.get(seg.patternId) : undefined;
    if (!pattern) return [];
    const codes: string[] = [];
    for (const c of pattern.cycle) if (c !== null && !codes.includes(c)) codes.push(c);
    return codes;
  }

  function crewsOn(code: string, day: Day): number[] {
    const seg = segmentOn(day);
    if (!seg) return [];
    return seg.crewIds.filter((c) => crewSlot(c, day)?.shift === code);
  }

  function officerDay(officerId: number, day: Day): OfficerDay {
    const k = key(officerId, day);
    let found = dayMemo.get(k);
    if (!found) {
      if (dayMemo.size > 500_000) dayMemo.clear();
      found = computeOfficerDay(officerId, day);
      dayMemo.set(k, found);
    }
    return found;
  }

  function computeOfficerDay(officerId: number, day: Day): OfficerDay {
    const crewId = crewOf(officerId, day);
    const rota = crewId === null ? null : (crewSlot(crewId, day)?.shift ?? null);
    const result: OfficerDay = { officerId, day, crewId, rota, work: [], off: null, swappedOut: [] };
    for (const off of offsByOfficer.get(officerId) ?? []) {
      if (off.from <= day && day <= off.to) {
        result.off = { kind: off.kind, exceptionId: off.id };
        return result;
      }
    }
    const work: WorkItem[] = rota ? [{ shift: rota, source: 'rota', exceptionId: null, partnerId: null }] : [];
    const k = key(officerId, day);
    const swaps = swapsByKey.get(k);
    if (swaps) {
      // Give away first, then receive, so a same-day exchange of 白 for 夜 works either way round.
      for (const { ex, side } of swaps) {
        const giveDay = side === 'officer' ? ex.day : ex.partnerDay;
        const giveShift = side === 'officer' ? ex.shift : ex.partnerShift;
        const partnerId = side === 'officer' ? ex.partnerId : ex.officerId;
        if (giveDay !== day) continue;
        const i = work.findIndex((w) => w.shift === giveShift);
        if (i >= 0) work.splice(i, 1);
        // Stale: the rota changed after the swap was agreed, so there was no such shift left to give.
        result.swappedOut.push({ shift: giveShift, exceptionId: ex.id, partnerId, stale: i < 0 });
      }
      for (const { ex, side } of swaps) {
        const getDay = side === 'officer' ? ex.partnerDay : ex.day;
        const getShift = side === 'officer' ? ex.partnerShift : ex.shift;
        const partnerId = side === 'officer' ? ex.partnerId : ex.officerId;
        if (getDay !== day) continue;
        work.push({ shift: getShift, source: 'swap', exceptionId: ex.id, partnerId });
      }
    }
    for (const ex of extrasByKey.get(k) ?? []) work.push({ shift: ex.shift, source: 'extra', exceptionId: ex.id, partnerId: null });
    result.work = work;
    return result;
  }

  function staffOn(code: string, day: Day): { officerId: number; item: WorkItem }[] {
    const candidates = new Set<number>();
    for (const crewId of crewsOn(code, day)) for (const id of membersOn(crewId, day)) candidates.add(id);
    for (const id of touchedByDay.get(day) ?? []) candidates.add(id);
    const out: { officerId: number; item: WorkItem }[] = [];
    for (const id of candidates) {
      const d = officerDay(id, day);
      const item = d.work.find((w) => w.shift === code);
      if (item) out.push({ officerId: id, item });
    }
    return out;
  }

  function occurrence(code: string, day: Day): ShiftOccurrence {
    const t = template(code, day);
    if (!t) throw new RangeError(`Unknown shift ${code}`);
    return { day, code, template: t, window: window(code, day), crewIds: crewsOn(code, day), staff: staffOn(code, day) };
  }

  function onDutyAt(instant: number): ShiftOccurrence[] {
    const today = zone.localOf(instant).day;
    const found: ShiftOccurrence[] = [];
    // A shift lasts at most 24 h and starts within its date, so it began today, yesterday or (across a
    // DST change) the day before.
    for (let day = today - 2; day <= today; day++) {
      for (const code of shiftCodesOn(day)) {
        const w = window(code, day);
        if (w.start <= instant && instant < w.end) found.push(occurrence(code, day));
      }
    }
    return found.sort((a, b) => a.window.start - b.window.start);
  }

  function nextBoundaryAfter(instant: number): number | null {
    const today = zone.localOf(instant).day;
    let best: number | null = null;
    for (let day = today - 2; day <= today + 2; day++) {
      for (const code of shiftCodesOn(day)) {
        const w = window(code, day);
        for (const t of [w.start, w.end]) if (t > instant && (best === null || t < best)) best = t;
      }
    }
    return best;
  }

  return {
    model,
    zone,
    officer: (id) => officers.get(id),
    crew: (id) => crews.get(id),
    pattern: (id) => patterns.get(id),
    segmentOn,
    shiftCodesOn,
    template,
    window,
    crewOf,
    membersOn,
    crewSlot,
    crewsOn,
    officerDay,
    staffOn,
    occurrence,
    onDutyAt,
    nextBoundaryAfter,
  };
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}
