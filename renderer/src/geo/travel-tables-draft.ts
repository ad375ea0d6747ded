// The travel-tables editor's working copy: text the commander types, turned back into tables checked with their schemas.
import { CongestionTable, type CongestionWindow } from '@shared/domain/geo/congestion';
import { modes, roadClasses, type RoadClass, type TravelMode } from '@shared/domain/geo/road-class';
import { SpeedTable } from '@shared/domain/geo/speed-table';

export interface WindowDraft {
  name: string;
  from: string;
  to: string;
  modes: TravelMode[];
  /** Empty = every class (the table leaves `classes` out then). */
  classes: RoadClass[];
  factor: string;
}

export interface TablesDraft {
  /** km/h as typed, per class and mode. */
  speeds: Record<RoadClass, Record<TravelMode, string>>;
  windows: WindowDraft[];
}

/** What kind of mistake, for a message in the screen's language; `message` keeps the schema's own words. */
export type IssueCode = 'number' | 'speedRange' | 'factorRange' | 'name' | 'modes' | 'sameTimes' | 'startAt24' | 'other';

/** Mistakes keyed by where they are: `speed.residential.car`, `window.2.factor`, `window.0` (the window as a whole). */
export type DraftIssues = Record<string, { code: IssueCode; message: string }>;

const codeOf = (key: string): IssueCode => {
  if (key.startsWith('speed.')) return 'speedRange';
  const field = key.split('.')[2];
  if (field === 'factor') return 'factorRange';
  if (field === 'name') return 'name';
  if (field === 'modes') return 'modes';
  if (field === 'from') return 'startAt24';
  if (field === undefined) return 'sameTimes';
  return 'other';
};

export type DraftCheck =
  | { ok: true; speedTable: SpeedTable; congestionTable: CongestionTable }
  | { ok: false; issues: DraftIssues };

/** Half-hour times a window may start or end at, 00:00 to 24:00. */
export const halfHours: readonly string[] = Array.from({ length: 49 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);

export function draftOf(speedTable: SpeedTable, congestionTable: CongestionTable): TablesDraft {
  const speeds = Object.fromEntries(roadClasses.map((c) => [c, Object.fromEntries(modes.map((m) => [m, String(speedTable[c][m])]))])) as TablesDraft['speeds'];
  return { speeds, windows: congestionTable.windows.map(windowDraftOf) };
}

function windowDraftOf(w: CongestionWindow): WindowDraft {
  return { name: w.name, from: w.from, to: w.to, modes: [...w.modes], classes: [...(w.classes ?? [])], factor: String(w.factor) };
}

export function newWindow(): WindowDraft {
  return { name: '', from: '07:00', to: '09:00', modes: ['car'], classes: [], factor: '0.7' };
}

/** A number typed in a box: null when it is not one (empty, letters), so the schema's own message is not "expected number". */
function numberOf(text: string): number | null {
  const s = text.trim();
  if (s === '' || !/^-?\d*(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** The tables the draft stands for, or every mistake in it; the schemas are the contract's own, so what passes here passes at the host. */
export function checkDraft(draft: TablesDraft): DraftCheck {
  const issues: DraftIssues = {};
  const speed: Record<string, Record<string, number>> = {};
  for (const c of roadClasses) {
    speed[c] = {};
    for (const m of modes) {
      const n = numberOf(draft.speeds[c][m]);
      if (n === null) issues[`speed.${c}.${m}`] = { code: 'number', message: 'not a number' };
      else speed[c][m] = n;
    }
  }
  const windows = draft.windows.map((w, i) => {
    const factor = numberOf(w.factor);
    if (factor === null) issues[`window.${i}.factor`] = { code: 'number', message: 'not a number' };
    return { name: w.name.trim(), from: w.from, to: w.to, modes: w.modes, ...(w.classes.length ? { classes: w.classes } : {}), factor: factor ?? 1 };
  });
  const speedResult = SpeedTable.safeParse(speed);
  if (!speedResult.success) {
    for (const i of speedResult.error.issues) {
      const key = `speed.${i.path.join('.')}`;
      issues[key] ??= { code: codeOf(key), message: i.message };
    }
  }
  const congestionResult = CongestionTable.safeParse({ windows });
  if (!congestionResult.success) {
    for (const i of congestionResult.error.issues) {
      // windows.N.field -> window.N.field; a refinement on the window as a whole has no field.
      const [, index, field] = i.path.map(String);
      const key = field ? `window.${index}.${field}` : `window.${index}`;
      issues[key] ??= { code: codeOf(key), message: i.message };
    }
  }
  if (Object.keys(issues).length || !speedResult.success || !congestionResult.success) return { ok: false, issues };
  return { ok: true, speedTable: speedResult.data, congestionTable: congestionResult.data };
}
