// Reads the roster tables into a RosterModel and holds the small bookkeeping the edits share (revision, meta).
import type { HallDatabase } from '../db/open';
import { dayOf } from '../../../shared/domain/roster/calendar';
import type {
  Crew, Membership, Officer, RosterException, RosterModel, RosterRules, RotationSegment, ShiftRevision,
} from '../../../shared/domain/roster/model';
import { defaultRosterRules } from '../../../shared/domain/roster/model';
import type { RotationPattern } from '../../../shared/domain/roster/patterns';

export interface OfficerRow {
  id: number;
  police_no: string;
  name: string;
  rank: string;
  department: string;
  armed: number;
  leader: number;
  driver: number;
  medic: number;
  squad: number;
  sample: number;
  version: number;
  changed_at: number;
  changed_by: string;
  change: string;
}

export interface CrewRow {
  id: number;
  name: string;
  sort: number;
  version: number;
  changed_at: number;
  changed_by: string;
  change: string;
}

export interface ExceptionRow {
  id: number;
  kind: RosterException['kind'];
  officer_id: number | null;
  partner_id: number | null;
  crew_id: number | null;
  from_day: string;
  to_day: string;
  shift: string | null;
  partner_day: string | null;
  partner_shift: string | null;
  slot: number | null;
  reason: string;
  author: string;
  created_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  version: number;
}

export interface ShiftRow {
  code: string;
  from_day: string;
  name: string;
  short: string;
  start_min: number;
  minutes: number;
  version: number;
  changed_at: number;
  changed_by: string;
}

export interface PatternRow {
  id: string;
  name: string;
  name_en: string;
  crews: number;
  cycle: string;
  builtin: number;
  version: number;
  changed_at: number;
  changed_by: string;
}

export const officerOf = (r: OfficerRow): Officer => ({
  id: r.id,
  policeNo: r.police_no,
  name: r.name,
  rank: r.rank,
  department: r.department,
  armed: r.armed === 1,
  leader: r.leader === 1,
  driver: r.driver === 1,
  medic: r.medic === 1,
  squad: r.squad === 1,
  sample: r.sample === 1,
  version: r.version,
});

export function exceptionOf(r: ExceptionRow): RosterException {
  const base = { id: r.id, reason: r.reason, author: r.author, at: r.created_at, version: r.version };
  switch (r.kind) {
    case 'leave':
    case 'sick':
    case 'timeOff':
      return { ...base, kind: r.kind, officerId: r.officer_id!, from: dayOf(r.from_day), to: dayOf(r.to_day) };
    case 'swap':
      return {
        ...base, kind: 'swap', officerId: r.officer_id!, day: dayOf(r.from_day), shift: r.shift!, partnerId: r.partner_id!,
        partnerDay: dayOf(r.partner_day!), partnerShift: r.partner_shift!,
      };
    case 'extra':
      return { ...base, kind: 'extra', officerId: r.officer_id!, day: dayOf(r.from_day), shift: r.shift! };
    case 'reanchor':
      return { ...base, kind: 'reanchor', crewId: r.crew_id!, from: dayOf(r.from_day), slot: r.slot! };
  }
}

export function patternOf(r: PatternRow): RotationPattern {
  return { id: r.id, name: r.name, nameEn: r.name_en, crews: r.crews, cycle: JSON.parse(r.cycle) as (string | null)[] };
}

export function createRosterStore(db: HallDatabase) {
  const metaGet = db.prepare<[string], { value: string }>('SELECT value FROM roster_meta WHERE key = ?');
  const metaSet = db.prepare('INSERT INTO roster_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const officers = db.prepare<[], OfficerRow>('SELECT * FROM roster_officers ORDER BY police_no');
  const crews = db.prepare<[], CrewRow>('SELECT * FROM roster_crews ORDER BY sort, id');
  const memberships = db.prepare<[], { id: number; officer_id: number; crew_id: number; from_day: string; until_day: string | null }>(
    'SELECT * FROM roster_memberships ORDER BY officer_id, from_day',
  );
  const shifts = db.prepare<[], ShiftRow>('SELECT * FROM roster_shift_templates ORDER BY code, from_day');
  const patterns = db.prepare<[], PatternRow>('SELECT * FROM roster_patterns ORDER BY builtin DESC, id');
  const rotations = db.prepare<[], { from_day: string; pattern_id: string; anchor_day: string; crew_ids: string }>(
    'SELECT * FROM roster_rotations ORDER BY from_day',
  );
  const activeExceptions = db.prepare<[], ExceptionRow>('SELECT * FROM roster_exceptions WHERE revoked_at IS NULL ORDER BY id');
  const rulesRow = db.prepare<[], { rules: string; version: number; changed_at: number; changed_by: string }>('SELECT * FROM roster_rules WHERE id = 1');

  const meta = (key: string): string | null => metaGet.get(key)?.value ?? null;
  const setMeta = (key: string, value: string | number): void => {
    metaSet.run(key, String(value));
  };

  function rules(): { rules: RosterRules; version: number; changedAt: number; changedBy: string } {
    const r = rulesRow.get();
    if (!r) return { rules: defaultRosterRules, version: 1, changedAt: 0, changedBy: 'kuaifan' };
    return { rules: { ...defaultRosterRules, ...(JSON.parse(r.rules) as Partial<RosterRules>) }, version: r.version, changedAt: r.changed_at, changedBy: r.changed_by };
  }

  function load(zone: string): RosterModel {
    const officerList: Officer[] = officers.all().map(officerOf);
    const crewList: Crew[] = crews.all().map((c) => ({ id: c.id, name: c.name, sort: c.sort, version: c.version }));
    const membershipList: Membership[] = memberships.all().map((m) => ({
      id: m.id, officerId: m.officer_id, crewId: m.crew_id, from: dayOf(m.from_day), until: m.until_day === null ? null : dayOf(m.until_day),
    }));
    const shiftList: ShiftRevision[] = shifts.all().map((s) => ({ code: s.code, name: s.name, short: s.short, start: s.start_min, minutes: s.minutes, from: dayOf(s.from_day) }));
    const rotationList: RotationSegment[] = rotations.all().map((r) => ({
      from: dayOf(r.from_day), patternId: r.pattern_id, anchor: dayOf(r.anchor_day), crewIds: JSON.parse(r.crew_ids) as number[],
    }));
    return {
      zone,
      officers: officerList,
      crews: crewList,
      memberships: membershipList,
      shifts: shiftList,
      patterns: patterns.all().map(patternOf),
      rotations: rotationList,
      exceptions: activeExceptions.all().map(exceptionOf),
      rules: rules().rules,
    };
  }

  /** Counts one more change of the roster; screens compare revisions to know what they show is current. */
  function bumpRevision(): number {
    const next = Number(meta('revision') ?? '0') + 1;
    setMeta('revision', next);
    return next;
  }

  return {
    load,
    meta,
    setMeta,
    rules,
    bumpRevision,
    revision: (): number => Number(meta('revision') ?? '0'),
    officerRow: db.prepare<[number], OfficerRow>('SELECT * FROM roster_officers WHERE id = ?'),
    officerByPoliceNo: db.prepare<[string], OfficerRow>('SELECT * FROM roster_officers WHERE police_no = ?'),
    crewRow: db.prepare<[number], CrewRow>('SELECT * FROM roster_crews WHERE id = ?'),
    crewByName: db.prepare<[string], CrewRow>('SELECT * FROM roster_crews WHERE name = ?'),
    exceptionRow: db.prepare<[number], ExceptionRow>('SELECT * FROM roster_exceptions WHERE id = ?'),
    shiftRows: shifts,
    patternRows: patterns,
    patternRow: db.prepare<[string], PatternRow>('SELECT * FROM roster_patterns WHERE id = ?'),
    crewRows: crews,
    officerRows: officers,
    /** Marks an officer changed: bumps its version and says by whom and how, for a later conflict message. */
    touchOfficer(id: number, at: number, by: string, change: string): void {
      db.prepare('UPDATE roster_officers SET version = version + 1, changed_at = ?, changed_by = ?, change = ? WHERE id = ?').run(at, by, change, id);
    },
    touchCrew(id: number, at: number, by: string, change: string): void {
      db.prepare('UPDATE roster_crews SET version = version + 1, changed_at = ?, changed_by = ?, change = ? WHERE id = ?').run(at, by, change, id);
    },
  };
}

export type RosterStore = ReturnType<typeof createRosterStore>;
