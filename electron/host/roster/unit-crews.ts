// Which officers ride which unit (车组) at an instant: the dated unit assignments crossed with who is on duty,
// the on-duty readiness squad going to the readiness-squad unit(s). Dispatch reads this as its crew source.
import { isoDay, type Day } from '../../../shared/domain/roster/calendar';
import type { RosterEngine } from '../../../shared/domain/roster/engine';
import type { HallDatabase } from '../db/open';

/** A unit of the map's units layer, as far as the roster needs it. */
export interface RosterUnit {
  id: string;
  callsign: string;
  kind: string;
}

/** The shape dispatch asks for (electron/host/dispatch/service.ts UnitCrew), restated so roster does not import dispatch. */
export interface UnitCrewNow {
  onDuty: boolean;
  officers: { name: string; policeNo: string }[];
  shift: string | null;
}

export interface UnitAssignmentRow {
  officer_id: number;
  unit_id: string;
  from_day: string;
  until_day: string | null;
}

export function createUnitAssignmentStore(db: HallDatabase) {
  const all = db.prepare<[], UnitAssignmentRow>('SELECT officer_id, unit_id, from_day, until_day FROM roster_unit_assignments ORDER BY officer_id, from_day');
  const del = db.prepare<[number, string]>('DELETE FROM roster_unit_assignments WHERE officer_id = ? AND from_day >= ?');
  const close = db.prepare<[string, number, string, string]>(
    'UPDATE roster_unit_assignments SET until_day = ? WHERE officer_id = ? AND from_day < ? AND (until_day IS NULL OR until_day > ?)',
  );
  const insert = db.prepare<[number, string, string]>('INSERT INTO roster_unit_assignments (officer_id, unit_id, from_day) VALUES (?, ?, ?)');
  return {
    all: (): UnitAssignmentRow[] => all.all(),
    /** Ends the officer's assignment at `from` and starts the new one there (null: on no unit from then); history before stays. */
    set(officerId: number, unitId: string | null, from: Day): void {
      const day = isoDay(from);
      del.run(officerId, day);
      close.run(day, officerId, day, day);
      if (unitId !== null) insert.run(officerId, unitId, day);
    },
  };
}

/** The unit an officer rides on `day` by the assignment rows, or null. */
export function unitOfOfficer(rows: readonly UnitAssignmentRow[], officerId: number, day: Day): string | null {
  const d = isoDay(day);
  for (const r of rows) {
    if (r.officer_id === officerId && r.from_day <= d && (r.until_day === null || r.until_day > d)) return r.unit_id;
  }
  return null;
}

const hhmm = (engine: RosterEngine, t: number): string => engine.zone.formatIso(t).slice(11, 16);

/**
 * The crew of every unit the roster knows at `at`. A unit is known when some officer is assigned to it on the
 * local day of `at` or on the day a running shift began, or when it is a readiness-squad unit and the roster
 * has squad officers. Units it does not know are left out (dispatch then goes by their status alone).
 */
export function unitCrewsAt(engine: RosterEngine, rows: readonly UnitAssignmentRow[], units: readonly RosterUnit[], at: number): Map<string, UnitCrewNow> {
  const known = new Set(units.map((u) => u.id));
  const out = new Map<string, UnitCrewNow>();
  const occurrences = engine.onDutyAt(at);
  const days = new Set<Day>([engine.zone.localOf(at).day, ...occurrences.map((o) => o.day)]);
  const dayTexts = [...days].map(isoDay);
  for (const r of rows) {
    if (!known.has(r.unit_id)) continue;
    if (dayTexts.some((d) => r.from_day <= d && (r.until_day === null || r.until_day > d))) {
      out.set(r.unit_id, { onDuty: false, officers: [], shift: null });
    }
  }
  const squadUnits = units.filter((u) => u.kind === 'readiness-squad').map((u) => u.id);
  if (squadUnits.length && engine.model.officers.some((o) => o.squad)) {
    for (const id of squadUnits) out.set(id, { onDuty: false, officers: [], shift: null });
  }
  const shiftsOf = new Map<string, Set<string>>();
  for (const occ of occurrences) {
    const label = `${occ.template.name} ${hhmm(engine, occ.window.start)}-${hhmm(engine, occ.window.end)}`;
    const staff = occ.staff
      .map((s) => engine.officer(s.officerId))
      .filter((o): o is NonNullable<typeof o> => o !== undefined)
      .sort((a, b) => Number(b.leader) - Number(a.leader) || a.policeNo.localeCompare(b.policeNo));
    for (const o of staff) {
      const assigned = unitOfOfficer(rows, o.id, occ.day);
      const targets = assigned !== null ? (known.has(assigned) ? [assigned] : []) : o.squad ? squadUnits : [];
      for (const unitId of targets) {
        const crew = out.get(unitId)!;
        if (crew.officers.some((x) => x.policeNo === o.policeNo)) continue;
        crew.onDuty = true;
        crew.officers.push({ name: o.name, policeNo: o.policeNo });
        const labels = shiftsOf.get(unitId) ?? new Set<string>();
        labels.add(label);
        shiftsOf.set(unitId, labels);
      }
    }
  }
  for (const [unitId, labels] of shiftsOf) out.get(unitId)!.shift = [...labels].join('、');
  return out;
}

/** A unit by id or callsign (what a watch officer types or a file holds), or null. */
export function findUnit(units: readonly RosterUnit[], ref: string): RosterUnit | null {
  const t = ref.trim();
  return units.find((u) => u.id === t) ?? units.find((u) => u.callsign === t) ?? null;
}
