// The roster host service: queries answered from a cached engine, edits each in one IMMEDIATE transaction
// with its audit row and version checks, and a change feed for the module to broadcast.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HallError } from '../../../shared/contract/errors';
import type {
  ExceptionInput, ExceptionView, HistoryRow, ImportPreview, OnDuty, OnDutyNow, OfficerSchedule, RosterCheck, RosterConfig, RosterCrew,
  RosterGaps, RosterOfficer, RosterRulesView, RosterView, PatternView, ShiftTemplateView, ViolationView,
} from '../../../shared/contract/roster';
import { dayOf, formatClock, isoDay, parseClock, type Day } from '../../../shared/domain/roster/calendar';
import { createRosterEngine, type RosterEngine } from '../../../shared/domain/roster/engine';
import { createHolidayCalendar, HolidayYear, type HolidayCalendar } from '../../../shared/domain/roster/holidays';
import { parseOfficerTable, type ImportedOfficer } from '../../../shared/domain/roster/import-rows';
import { offKindLabel, type RosterRules } from '../../../shared/domain/roster/model';
import { patternProblems, type RotationPattern } from '../../../shared/domain/roster/patterns';
import { checkOfficer, checkRoster, checkShift, staffingOf } from '../../../shared/domain/roster/rules';
import { hallZone, parseInstant, UnknownZoneError } from '../../../shared/domain/roster/zone';
import type { AppendAudit } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { HallDatabase } from '../db/open';
import type { Logger } from '../logging/logger';
import { rosterCsv, rosterXlsx } from './export';
import { readTable } from './import-file';
import { createRosterStore, exceptionOf, patternOf, type ExceptionRow, type OfficerRow } from './store';
import { exceptionSummary, exceptionView, officerSchedule, officerView, onDutyJson, onDutyNow, rosterView, violationView } from './views';
import { sampleRoster, sampleUnitOf } from './sample';
import { createUnitAssignmentStore, findUnit, unitCrewsAt, unitOfOfficer, type RosterUnit, type UnitCrewNow } from './unit-crews';

export interface RosterServiceDeps {
  db: HallDatabase;
  clock: Clock;
  audit: AppendAudit;
  /** The hall's zone (settings.hallZone); read on every query so a change applies at once. */
  zone: () => string;
  /** Folder of the shipped holiday files (resources/holidays/cn-holidays-YYYY.json). */
  holidaysDir: string;
  log?: Logger;
  /** The map's units layer, read on every use: the units an officer may be put on (车组), by id or callsign. */
  units?: () => readonly RosterUnit[];
}

export interface RosterChange {
  revision: number;
  action: string;
  subject: string;
  actor: string;
  at: string;
}

const MAX_VIEW_DAYS = 93;
const MAX_RANGE_DAYS = 366;

function badInput(message: string): HallError {
  return new HallError('BAD_INPUT', message);
}

function rangeOf(fromText: string, toText: string, maxDays: number): { from: Day; to: Day } {
  const from = dayOf(fromText);
  const to = dayOf(toText);
  if (to < from) throw badInput(`to (${toText}) is before from (${fromText}); give the earlier date first.`);
  if (to - from + 1 > maxDays) throw badInput(`${fromText}..${toText} is ${to - from + 1} days; ask for at most ${maxDays} days at a time.`);
  return { from, to };
}

export function createRosterService(deps: RosterServiceDeps) {
  const { db, clock, audit } = deps;
  const store = createRosterStore(db);
  const unitAssignments = createUnitAssignmentStore(db);
  const units = (): readonly RosterUnit[] => deps.units?.() ?? [];
  const listeners = new Set<(c: RosterChange) => void>();

  const shipped = loadShippedHolidays(deps.holidaysDir, deps.log);
  let cache: { engine: RosterEngine; holidays: HolidayCalendar; zone: string; dataVersion: number } | null = null;
  let dirty = true;

  function current(): { engine: RosterEngine; holidays: HolidayCalendar } {
    const zone = deps.zone();
    const dataVersion = db.pragma('data_version', { simple: true }) as number;
    if (!cache || dirty || cache.zone !== zone || cache.dataVersion !== dataVersion) {
      try {
        hallZone(zone);
      } catch (err) {
        if (err instanceof UnknownZoneError) throw new HallError('REFUSED', `${err.message} (settings.hallZone)`);
        throw err;
      }
      const engine = createRosterEngine(store.load(zone));
      cache = { engine, holidays: createHolidayCalendar([...shipped.values(), ...loadedHolidayYears().values()]), zone, dataVersion };
      dirty = false;
    }
    return cache;
  }
  const engine = (): RosterEngine => current().engine;
  const today = (): Day => engine().zone.localOf(clock.now()).day;
  const iso = (t: number): string => engine().zone.formatIso(t);

  function loadedHolidayYears(): Map<number, HolidayYear> {
    const out = new Map<number, HolidayYear>();
    for (const r of db.prepare<[], { year: number; file: string }>('SELECT year, file FROM roster_holiday_years').all()) {
      const parsed = HolidayYear.safeParse(JSON.parse(r.file));
      if (parsed.success) out.set(r.year, parsed.data);
    }
    return out;
  }

  interface EditOutcome<T> {
    result: T;
    subject: string;
    summary: string;
    detail?: Record<string, unknown>;
  }

  /** Runs one edit: IMMEDIATE transaction (so the state read is the latest), audit row, revision, event. */
  function edit<T>(action: string, actor: string, run: (now: number, engine: RosterEngine) => EditOutcome<T>): { result: T; revision: number } {
    const now = clock.now();
    let subject = '';
    const txn = db.transaction(() => {
      const out = run(now, engine());
      subject = out.subject;
      const revision = store.bumpRevision();
      audit({ actor, action, subject: out.subject, detail: { summary: out.summary, revision, ...out.detail } });
      return { result: out.result, revision };
    });
    let done: { result: T; revision: number };
    try {
      done = txn.immediate();
    } finally {
      dirty = true;
    }
    const change: RosterChange = { revision: done.revision, action, subject, actor, at: iso(now) };
    for (const l of listeners) l(change);
    return done;
  }

  // ---- version checks -------------------------------------------------------------------------------

  function officerRow(id: number): OfficerRow {
    const row = store.officerRow.get(id);
    if (!row) throw new HallError('NOT_FOUND', `No officer #${id} in the roster; reload the roster.`);
    return row;
  }

  function expectOfficerVersion(row: OfficerRow, version: number | undefined): void {
    if (version === undefined || version === row.version) return;
    throw new HallError(
      'CONFLICT',
      `${row.name}（${row.police_no}）was changed by ${row.changed_by} at ${iso(row.changed_at)}${row.change ? ` (${row.change})` : ''} after you loaded it; ` +
        'reload the roster and make your change again.',
    );
  }

  function crewRowOf(id: number) {
    const row = store.crewRow.get(id);
    if (!row) throw new HallError('NOT_FOUND', `No crew #${id}; reload the roster.`);
    return row;
  }

  // ---- queries --------------------------------------------------------------------------------------

  function onDuty(at?: string): OnDuty {
    const instant = at === undefined ? clock.now() : parseInstant(at);
    if (instant === null) throw badInput(`at: ${at} is not an ISO 8601 time with an offset, e.g. 2026-12-25T09:00:00+08:00.`);
    return onDutyJson(engine(), instant);
  }

  function onDutyNowView(at: number = clock.now()): OnDutyNow {
    return onDutyNow(engine(), at, store.revision());
  }

  function shiftViews(): ShiftTemplateView[] {
    return store.shiftRows.all().map((s) => ({
      code: s.code, name: s.name, short: s.short, start: formatClock(s.start_min), end: formatClock(s.start_min + s.minutes),
      minutes: s.minutes, from: s.from_day, version: s.version,
    }));
  }

  function patternView(r: ReturnType<typeof store.patternRows.all>[number]): PatternView {
    const p = patternOf(r);
    return { id: p.id, name: p.name, nameEn: p.nameEn, crews: p.crews, cycle: [...p.cycle], builtin: r.builtin === 1, version: r.version };
  }

  function config(): RosterConfig {
    const e = engine();
    const t = today();
    const rules = store.rules();
    const loaded = loadedHolidayYears();
    const holidayYears = [...new Set([...shipped.keys(), ...loaded.keys()])].sort((a, b) => a - b).map((year) => ({
      year,
      source: (loaded.get(year) ?? shipped.get(year))!.source,
      origin: loaded.has(year) ? ('loaded' as const) : ('shipped' as const),
    }));
    return {
      zone: e.zone.zone,
      revision: store.revision(),
      officers: e.model.officers.map((o) => officerView(e, o, t)),
      crews: e.model.crews.map((c): RosterCrew => ({ id: c.id, name: c.name, sort: c.sort, version: c.version, members: e.membersOn(c.id, t).length })),
      memberships: e.model.memberships.map((m) => ({ id: m.id, officerId: m.officerId, crewId: m.crewId, joined: isoDay(m.from), left: m.until === null ? null : isoDay(m.until) })),
      shifts: shiftViews(),
      patterns: store.patternRows.all().map(patternView),
      rotations: e.model.rotations.map((r) => ({
        from: isoDay(r.from), pattern: r.patternId, anchor: isoDay(r.anchor), crewIds: r.crewIds,
        crews: r.crewIds.map((id) => e.crew(id)?.name ?? `#${id}`),
      })),
      rotationVersion: Number(store.meta('rotation_version') ?? '1'),
      rules: rules.rules,
      rulesVersion: rules.version,
      holidayYears,
    };
  }

  function exceptionRowsTouching(from: Day, to: Day, includeRevoked: boolean): ExceptionRow[] {
    return db
      .prepare<{ from: string; to: string }, ExceptionRow>(
        `SELECT * FROM roster_exceptions
          WHERE ((from_day <= @to AND to_day >= @from) OR (partner_day BETWEEN @from AND @to))
            ${includeRevoked ? '' : 'AND revoked_at IS NULL'}
          ORDER BY id`,
      )
      .all({ from: isoDay(from), to: isoDay(to) });
  }

  function view(fromText: string, toText: string): RosterView {
    const { from, to } = rangeOf(fromText, toText, MAX_VIEW_DAYS);
    const { engine: e, holidays } = current();
    return rosterView({ engine: e, holidays, from, to, today: today(), revision: store.revision(), exceptions: exceptionRowsTouching(from, to, true) });
  }

  function findOfficer(ref: { officerId?: number; policeNo?: string }): OfficerRow {
    if (ref.officerId !== undefined) return officerRow(ref.officerId);
    if (ref.policeNo !== undefined) {
      const row = store.officerByPoliceNo.get(ref.policeNo.trim());
      if (!row) throw new HallError('NOT_FOUND', `No officer with 警号 ${ref.policeNo} in the roster.`);
      return row;
    }
    throw badInput('Name the officer: give officerId or policeNo.');
  }

  function schedule(input: { officerId?: number; policeNo?: string; from: string; to: string }): OfficerSchedule {
    const { from, to } = rangeOf(input.from, input.to, MAX_RANGE_DAYS);
    const row = findOfficer(input);
    const e = engine();
    return officerSchedule(e, e.officer(row.id)!, from, to, today(), exceptionRowsTouching(from, to, false));
  }

  function check(input: { from?: string; days: number }): RosterCheck {
    const from = input.from ? dayOf(input.from) : today();
    const to = from + input.days - 1;
    const violations = checkRoster(engine(), from, to).map(violationView);
    return {
      from: isoDay(from),
      to: isoDay(to),
      errors: violations.filter((v) => v.severity === 'error').length,
      warnings: violations.filter((v) => v.severity === 'warning').length,
      violations,
    };
  }

  function gaps(input: { from?: string; days: number }): RosterGaps {
    const e = engine();
    const from = input.from ? dayOf(input.from) : today();
    const to = from + input.days - 1;
    const out: RosterGaps['gaps'] = [];
    for (let day = from; day <= to; day++) {
      for (const code of e.shiftCodesOn(day)) {
        const st = staffingOf(e, code, day);
        const found = checkShift(e, st);
        if (!found.length) continue;
        out.push({
          date: isoDay(day), shift: code, shiftName: e.template(code, day)?.name ?? code,
          crews: st.crewIds.map((c) => e.crew(c)?.name ?? `#${c}`), start: iso(e.window(code, day).start),
          count: st.count, minimum: st.minimum, leaders: st.leaders, squadArmed: st.squadArmed, violations: found.map(violationView),
        });
      }
    }
    return { from: isoDay(from), to: isoDay(to), gaps: out };
  }

  function exceptions(input: { from: string; to: string; includeRevoked: boolean }): ExceptionView[] {
    const { from, to } = rangeOf(input.from, input.to, MAX_RANGE_DAYS * 5);
    const e = engine();
    return exceptionRowsTouching(from, to, input.includeRevoked).map((r) => exceptionView(e, r));
  }

  function history(input: { limit: number; beforeId?: number }): HistoryRow[] {
    const rows = db
      .prepare<[number, number], { id: number; at: number; actor: string; action: string; subject: string; detail: string }>(
        "SELECT id, at, actor, action, subject, detail FROM audit_log WHERE action LIKE 'roster.%' AND id < ? ORDER BY id DESC LIMIT ?",
      )
      .all(input.beforeId ?? Number.MAX_SAFE_INTEGER, input.limit);
    return rows.map((r) => {
      let summary = r.action;
      try {
        const d = JSON.parse(r.detail) as { summary?: unknown };
        if (typeof d?.summary === 'string') summary = d.summary;
      } catch {
        // an unreadable detail still shows its action
      }
      return { id: r.id, at: iso(r.at), actor: r.actor, action: r.action, subject: r.subject, summary };
    });
  }

  async function exportRoster(input: { from: string; to: string; format: 'csv' | 'xlsx' }) {
    const v = view(input.from, input.to);
    const title = `值班表 ${v.from} 至 ${v.to}`;
    const base = `值班表_${v.from}_${v.to}`;
    const data = input.format === 'csv' ? rosterCsv(v) : await rosterXlsx(v, title);
    return {
      fileName: `${base}.${input.format}`,
      mime: input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      data: data.toString('base64'),
      bytes: data.length,
    };
  }

  // ---- edits ----------------------------------------------------------------------------------------

  function affectedViolations(officerIds: number[], from: Day, to: Day): ViolationView[] {
    const e = engine();
    const out = [];
    for (let day = from - 1; day <= to + 1; day++) for (const code of e.shiftCodesOn(day)) out.push(...checkShift(e, staffingOf(e, code, day)));
    for (const id of officerIds) out.push(...checkOfficer(e, id, from - 1, to + 1));
    return out.sort((a, b) => a.day - b.day).map(violationView);
  }

  function offOverlap(officerId: number, from: Day, to: Day, exceptId?: number): ExceptionRow | undefined {
    return db
      .prepare<[number, string, string, number], ExceptionRow>(
        "SELECT * FROM roster_exceptions WHERE officer_id = ? AND kind IN ('leave','sick','timeOff') AND revoked_at IS NULL AND from_day <= ? AND to_day >= ? AND id != ? LIMIT 1",
      )
      .get(officerId, isoDay(to), isoDay(from), exceptId ?? -1);
  }

  function pickShift(e: RosterEngine, officer: OfficerRow, day: Day, wanted: string | undefined, role: string): string {
    const d = e.officerDay(officer.id, day);
    const who = `${officer.name}（${officer.police_no}）`;
    if (d.off) throw new HallError('REFUSED', `${who} is on ${offKindLabel[d.off.kind]} on ${isoDay(day)}; withdraw that first or pick another day for the ${role}.`);
    const codes = d.work.map((w) => w.shift);
    if (wanted !== undefined) {
      if (!codes.includes(wanted)) {
        throw new HallError('REFUSED', `${who} is not on ${e.template(wanted, day)?.name ?? wanted} on ${isoDay(day)} (${codes.length ? codes.map((c) => e.template(c, day)?.name ?? c).join('、') : '休'}); pick a shift the officer works.`);
      }
      return wanted;
    }
    if (codes.length === 0) throw new HallError('REFUSED', `${who} has no shift on ${isoDay(day)} (休), so there is nothing to swap on that side.`);
    if (codes.length > 1) throw badInput(`${who} works ${codes.join(', ')} on ${isoDay(day)}; say which shift to swap.`);
    return codes[0]!;
  }

  function insertException(values: Record<string, unknown>): number {
    const cols = Object.keys(values);
    const info = db.prepare(`INSERT INTO roster_exceptions (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`).run(values);
    return Number(info.lastInsertRowid);
  }

  function addException(input: ExceptionInput, actor: string) {
    let touched: number[] = [];
    let span: { from: Day; to: Day } = { from: 0, to: 0 };
    const action = `roster.${input.kind}.add`;
    const done = edit(action, actor, (now, e) => {
      const common = { reason: input.reason, author: actor, created_at: now };
      let id: number;
      let subject: string;
      switch (input.kind) {
        case 'leave':
        case 'sick':
        case 'timeOff': {
          const o = officerRow(input.officerId);
          expectOfficerVersion(o, input.officerVersion);
          const from = dayOf(input.from);
          const to = dayOf(input.to);
          if (to < from) throw badInput(`to (${input.to}) is before from (${input.from}).`);
          if (to - from > 365) throw badInput(`${offKindLabel[input.kind]} of ${to - from + 1} days is longer than a year; record it in parts.`);
          const clash = offOverlap(o.id, from, to);
          if (clash) {
            throw new HallError('CONFLICT', `${o.name}（${o.police_no}）already has ${offKindLabel[clash.kind as 'leave']} ${clash.from_day}～${clash.to_day} (#${clash.id}, by ${clash.author}); withdraw or change that one instead.`);
          }
          id = insertException({ ...common, kind: input.kind, officer_id: o.id, from_day: input.from, to_day: input.to });
          touched = [o.id];
          span = { from, to };
          subject = `officer:${o.police_no}`;
          break;
        }
        case 'swap': {
          const a = officerRow(input.officerId);
          const b = officerRow(input.partnerId);
          if (a.id === b.id) throw badInput('A swap needs two different officers.');
          expectOfficerVersion(a, input.officerVersion);
          expectOfficerVersion(b, input.partnerVersion);
          const day = dayOf(input.day);
          const partnerDay = dayOf(input.partnerDay);
          const shift = pickShift(e, a, day, input.shift, 'swap');
          const partnerShift = pickShift(e, b, partnerDay, input.partnerShift, 'swap');
          if (day === partnerDay && shift === partnerShift) {
            throw new HallError('REFUSED', `${a.name} and ${b.name} are both on ${e.template(shift, day)?.name ?? shift} on ${input.day}; there is nothing to exchange.`);
          }
          const aOff = e.officerDay(a.id, partnerDay).off;
          if (aOff) throw new HallError('REFUSED', `${a.name}（${a.police_no}）is on ${offKindLabel[aOff.kind]} on ${input.partnerDay} and cannot take that shift.`);
          const bOff = e.officerDay(b.id, day).off;
          if (bOff) throw new HallError('REFUSED', `${b.name}（${b.police_no}）is on ${offKindLabel[bOff.kind]} on ${input.day} and cannot take that shift.`);
          const first = Math.min(day, partnerDay);
          const last = Math.max(day, partnerDay);
          id = insertException({
            ...common, kind: 'swap', officer_id: a.id, partner_id: b.id, from_day: input.day, to_day: input.day, shift,
            partner_day: input.partnerDay, partner_shift: partnerShift,
          });
          touched = [a.id, b.id];
          span = { from: first, to: last };
          subject = `officer:${a.police_no}`;
          break;
        }
        case 'extra': {
          const o = officerRow(input.officerId);
          expectOfficerVersion(o, input.officerVersion);
          const day = dayOf(input.day);
          const codes = e.shiftCodesOn(day);
          if (!codes.includes(input.shift)) {
            throw new HallError('REFUSED', `The rotation has no ${input.shift} on ${input.day} (shifts that day: ${codes.map((c) => `${c} ${e.template(c, day)?.name ?? ''}`).join(', ') || 'none — set a rotation first'}).`);
          }
          const d = e.officerDay(o.id, day);
          if (d.off) throw new HallError('REFUSED', `${o.name}（${o.police_no}）is on ${offKindLabel[d.off.kind]} on ${input.day}; withdraw that first.`);
          if (d.work.some((w) => w.shift === input.shift)) {
            throw new HallError('REFUSED', `${o.name}（${o.police_no}）already works ${e.template(input.shift, day)?.name} on ${input.day}.`);
          }
          id = insertException({ ...common, kind: 'extra', officer_id: o.id, from_day: input.day, to_day: input.day, shift: input.shift });
          touched = [o.id];
          span = { from: day, to: day };
          subject = `officer:${o.police_no}`;
          break;
        }
        case 'reanchor': {
          const c = crewRowOf(input.crewId);
          if (input.crewVersion !== undefined && input.crewVersion !== c.version) {
            throw new HallError('CONFLICT', `Crew ${c.name} was changed by ${c.changed_by} at ${iso(c.changed_at)}${c.change ? ` (${c.change})` : ''}; reload and try again.`);
          }
          const from = dayOf(input.from);
          const seg = e.segmentOn(from);
          const pattern = seg ? e.pattern(seg.patternId) : undefined;
          if (!seg || !pattern || !seg.crewIds.includes(c.id)) {
            throw new HallError('REFUSED', `Crew ${c.name} is not in the rotation on ${input.from}; set the rotation first.`);
          }
          if (input.slot >= pattern.cycle.length) {
            throw badInput(`slot ${input.slot} is outside the ${pattern.id} cycle (0-${pattern.cycle.length - 1}).`);
          }
          id = insertException({ ...common, kind: 'reanchor', crew_id: c.id, from_day: input.from, to_day: input.from, slot: input.slot });
          store.touchCrew(c.id, now, actor, `re-anchored from ${input.from}`);
          touched = e.membersOn(c.id, from);
          span = { from, to: from + pattern.cycle.length };
          subject = `crew:${c.name}`;
          break;
        }
      }
      const row = store.exceptionRow.get(id)!;
      const summary = exceptionSummary(e, row);
      if (input.kind !== 'reanchor') for (const officerId of touched) store.touchOfficer(officerId, now, actor, summary);
      return { result: row, subject, summary, detail: { exception: exceptionOf(row) } };
    });
    return {
      exception: exceptionView(engine(), store.exceptionRow.get(done.result.id)!),
      revision: done.revision,
      violations: affectedViolations(touched, span.from, span.to),
    };
  }

  function exceptionSpan(r: ExceptionRow): { from: Day; to: Day } {
    const days = [dayOf(r.from_day), dayOf(r.to_day), ...(r.partner_day ? [dayOf(r.partner_day)] : [])];
    return { from: Math.min(...days), to: Math.max(...days) };
  }

  function involved(r: ExceptionRow, e: RosterEngine): number[] {
    if (r.kind === 'reanchor') return e.membersOn(r.crew_id!, dayOf(r.from_day));
    return [r.officer_id!, ...(r.partner_id !== null ? [r.partner_id] : [])];
  }

  function setRevoked(input: { id: number; version: number; reason?: string }, actor: string, revoke: boolean) {
    let touched: number[] = [];
    let span = { from: 0, to: 0 };
    const done = edit(revoke ? 'roster.exception.revoke' : 'roster.exception.restore', actor, (now, e) => {
      const r = store.exceptionRow.get(input.id);
      if (!r) throw new HallError('NOT_FOUND', `No roster exception #${input.id}; reload the roster.`);
      const summary = exceptionSummary(e, r);
      if (r.version !== input.version) {
        const what = r.revoked_at !== null ? `withdrawn by ${r.revoked_by} at ${iso(r.revoked_at)}` : `changed (now version ${r.version})`;
        throw new HallError('CONFLICT', `#${r.id} ${summary} was ${what} after you loaded it; reload the roster.`);
      }
      if (revoke && r.revoked_at !== null) throw new HallError('CONFLICT', `#${r.id} ${summary} is already withdrawn (by ${r.revoked_by}).`);
      if (!revoke && r.revoked_at === null) throw new HallError('CONFLICT', `#${r.id} ${summary} is already in force.`);
      if (!revoke && (r.kind === 'leave' || r.kind === 'sick' || r.kind === 'timeOff')) {
        const clash = offOverlap(r.officer_id!, dayOf(r.from_day), dayOf(r.to_day), r.id);
        if (clash) throw new HallError('CONFLICT', `#${r.id} cannot return: ${clash.from_day}～${clash.to_day} is now covered by #${clash.id} (${clash.author}).`);
      }
      if (revoke) {
        db.prepare('UPDATE roster_exceptions SET revoked_at = ?, revoked_by = ?, revoke_reason = ?, version = version + 1 WHERE id = ?').run(now, actor, input.reason ?? null, r.id);
      } else {
        db.prepare('UPDATE roster_exceptions SET revoked_at = NULL, revoked_by = NULL, revoke_reason = NULL, version = version + 1 WHERE id = ?').run(r.id);
      }
      touched = involved(r, e);
      span = exceptionSpan(r);
      const change = `${revoke ? '撤销' : '恢复'} ${summary}`;
      if (r.kind === 'reanchor') store.touchCrew(r.crew_id!, now, actor, change);
      else for (const id of touched) store.touchOfficer(id, now, actor, change);
      const subject = r.kind === 'reanchor' ? `crew:${e.crew(r.crew_id!)?.name ?? r.crew_id}` : `officer:${e.officer(r.officer_id!)?.policeNo ?? r.officer_id}`;
      return { result: r.id, subject, summary: change, detail: { exceptionId: r.id, reason: input.reason ?? null } };
    });
    return {
      exception: exceptionView(engine(), store.exceptionRow.get(done.result)!),
      revision: done.revision,
      violations: affectedViolations(touched, span.from, span.to),
    };
  }

  function ensureCrew(name: string, now: number, actor: string): number {
    const found = store.crewByName.get(name);
    if (found) return found.id;
    const sort = (db.prepare<[], { s: number | null }>('SELECT max(sort) AS s FROM roster_crews').get()?.s ?? 0) + 1;
    const info = db.prepare('INSERT INTO roster_crews (name, sort, changed_at, changed_by, change) VALUES (?, ?, ?, ?, ?)').run(name, sort, now, actor, 'created');
    return Number(info.lastInsertRowid);
  }

  /** Ends the officer's membership at `from` and starts the new one there (history before stays). */
  function setMembership(officerId: number, crewId: number | null, from: Day): void {
    const fromText = isoDay(from);
    db.prepare('DELETE FROM roster_memberships WHERE officer_id = ? AND from_day >= ?').run(officerId, fromText);
    db.prepare('UPDATE roster_memberships SET until_day = ? WHERE officer_id = ? AND from_day < ? AND (until_day IS NULL OR until_day > ?)').run(fromText, officerId, fromText, fromText);
    if (crewId !== null) db.prepare('INSERT INTO roster_memberships (officer_id, crew_id, from_day) VALUES (?, ?, ?)').run(officerId, crewId, fromText);
  }

  function saveOfficer(
    input: { id?: number; version?: number; policeNo: string; name: string; rank: string; department: string; crew?: string | null; joined?: string } & Partial<Record<'armed' | 'leader' | 'driver' | 'medic' | 'squad', boolean>>,
    actor: string,
  ): RosterOfficer {
    const done = edit(input.id === undefined ? 'roster.officer.create' : 'roster.officer.update', actor, (now, e) => {
      const clash = store.officerByPoliceNo.get(input.policeNo);
      if (clash && clash.id !== input.id) throw new HallError('CONFLICT', `警号 ${input.policeNo} already belongs to ${clash.name}; police numbers are unique.`);
      const flags = ['armed', 'leader', 'driver', 'medic', 'squad'] as const;
      let id: number;
      let summary: string;
      if (input.id === undefined) {
        const info = db
          .prepare(
            'INSERT INTO roster_officers (police_no, name, rank, department, armed, leader, driver, medic, squad, changed_at, changed_by, change) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
          )
          .run(input.policeNo, input.name, input.rank, input.department, ...flags.map((k) => (input[k] ? 1 : 0)), now, actor, 'created');
        id = Number(info.lastInsertRowid);
        summary = `新增警员 ${input.name}（${input.policeNo}）`;
      } else {
        const row = officerRow(input.id);
        expectOfficerVersion(row, input.version);
        db.prepare(
          'UPDATE roster_officers SET police_no = ?, name = ?, rank = ?, department = ?, armed = ?, leader = ?, driver = ?, medic = ?, squad = ?, sample = 0 WHERE id = ?',
        ).run(input.policeNo, input.name, input.rank, input.department, ...flags.map((k) => ((input[k] ?? row[k] === 1) ? 1 : 0)), row.id);
        id = row.id;
        summary = `修改警员 ${input.name}（${input.policeNo}）`;
        store.touchOfficer(id, now, actor, summary);
      }
      if (input.crew !== undefined) {
        const from = input.joined ? dayOf(input.joined) : e.zone.localOf(now).day;
        const crewId = input.crew === null ? null : ensureCrew(input.crew, now, actor);
        if (e.crewOf(id, from) !== crewId || input.id === undefined) setMembership(id, crewId, from);
        if (crewId !== null) summary += `，${input.crew}班自 ${isoDay(from)}`;
      }
      return { result: id, subject: `officer:${input.policeNo}`, summary, detail: { officer: { ...input } } };
    });
    const e = engine();
    return officerView(e, e.officer(done.result)!, today());
  }

  function moveCrew(input: { officerId: number; version: number; crewId: number | null; from: string }, actor: string): RosterOfficer {
    edit('roster.officer.moveCrew', actor, (now) => {
      const row = officerRow(input.officerId);
      expectOfficerVersion(row, input.version);
      const crew = input.crewId === null ? null : crewRowOf(input.crewId);
      setMembership(row.id, crew?.id ?? null, dayOf(input.from));
      const summary = crew ? `${row.name}（${row.police_no}）自 ${input.from} 调入${crew.name}班` : `${row.name}（${row.police_no}）自 ${input.from} 不再编入班组`;
      store.touchOfficer(row.id, now, actor, summary);
      return { result: row.id, subject: `officer:${row.police_no}`, summary };
    });
    const e = engine();
    return officerView(e, e.officer(input.officerId)!, today());
  }

  function requireUnit(ref: string): RosterUnit {
    const unit = findUnit(units(), ref);
    if (unit) return unit;
    const some = units().slice(0, 6).map((u) => u.callsign).join('、');
    throw new HallError('NOT_FOUND', `No unit ${ref} in the map's units layer; give a unit's callsign or id${some ? ` (e.g. ${some})` : ''}.`, [{ path: 'unit', message: `no unit ${ref}` }]);
  }

  function setUnit(input: { officerId: number; version: number; unit: string | null; from?: string }, actor: string): RosterOfficer {
    edit('roster.officer.setUnit', actor, (now, e) => {
      const row = officerRow(input.officerId);
      expectOfficerVersion(row, input.version);
      const unit = input.unit === null ? null : requireUnit(input.unit);
      const from = input.from === undefined ? e.zone.localOf(now).day : dayOf(input.from);
      unitAssignments.set(row.id, unit?.id ?? null, from);
      const summary = unit ? `${row.name}（${row.police_no}）自 ${isoDay(from)} 编入车组 ${unit.callsign}` : `${row.name}（${row.police_no}）自 ${isoDay(from)} 不再编入车组`;
      store.touchOfficer(row.id, now, actor, summary);
      return { result: row.id, subject: `officer:${row.police_no}`, summary, detail: { unitId: unit?.id ?? null, from: isoDay(from) } };
    });
    const e = engine();
    return officerView(e, e.officer(input.officerId)!, today());
  }

  /** The crew of every unit the roster knows at an instant (dispatch's crew source). */
  function crewAt(at: number): Map<string, UnitCrewNow> {
    return unitCrewsAt(engine(), unitAssignments.all(), units(), at);
  }

  function saveCrew(input: { id?: number; version?: number; name: string }, actor: string): RosterCrew {
    const done = edit(input.id === undefined ? 'roster.crew.create' : 'roster.crew.rename', actor, (now) => {
      const clash = store.crewByName.get(input.name);
      if (clash && clash.id !== input.id) throw new HallError('CONFLICT', `There is already a crew named ${input.name}.`);
      if (input.id === undefined) {
        const id = ensureCrew(input.name, now, actor);
        return { result: id, subject: `crew:${input.name}`, summary: `新增班组 ${input.name}` };
      }
      const row = crewRowOf(input.id);
      if (input.version !== undefined && input.version !== row.version) {
        throw new HallError('CONFLICT', `Crew ${row.name} was changed by ${row.changed_by} at ${iso(row.changed_at)}${row.change ? ` (${row.change})` : ''}; reload and try again.`);
      }
      db.prepare('UPDATE roster_crews SET name = ? WHERE id = ?').run(input.name, row.id);
      store.touchCrew(row.id, now, actor, `renamed from ${row.name}`);
      return { result: row.id, subject: `crew:${input.name}`, summary: `班组 ${row.name} 改名为 ${input.name}` };
    });
    const e = engine();
    const c = e.crew(done.result)!;
    return { id: c.id, name: c.name, sort: c.sort, version: c.version, members: e.membersOn(c.id, today()).length };
  }

  function setRotation(input: { pattern: string; anchor: string; crews: string[]; from?: string; version?: number }, actor: string) {
    const done = edit('roster.rotation.set', actor, (now) => {
      const version = Number(store.meta('rotation_version') ?? '1');
      if (input.version !== undefined && input.version !== version) {
        throw new HallError(
          'CONFLICT',
          `The rotation was changed by ${store.meta('rotation_changed_by')} at ${iso(Number(store.meta('rotation_changed_at')))} after you loaded it; reload and try again.`,
        );
      }
      const pr = store.patternRow.get(input.pattern);
      if (!pr) {
        const ids = store.patternRows.all().map((p) => p.id).join(', ');
        throw badInput(`Unknown pattern ${input.pattern}; use one of ${ids}.`);
      }
      const pattern = patternOf(pr);
      const problems = patternProblems(pattern, new Set(store.shiftRows.all().map((s) => s.code)));
      if (problems.length) throw new HallError('REFUSED', `Pattern ${pattern.id} cannot be used: ${problems.join('; ')}.`);
      const names = input.crews.map((c) => c.trim());
      if (new Set(names).size !== names.length) throw badInput(`A crew is named twice in ${names.join(',')}; name each crew once.`);
      if (names.length !== pattern.crews) {
        throw badInput(`${pattern.id} (${pattern.name}) needs ${pattern.crews} crews; you gave ${names.length} (${names.join(',')}).`);
      }
      const crewIds = names.map((n) => ensureCrew(n, now, actor));
      const fromText = input.from ?? input.anchor;
      db.prepare('DELETE FROM roster_rotations WHERE from_day >= ?').run(fromText);
      db.prepare('INSERT INTO roster_rotations (from_day, pattern_id, anchor_day, crew_ids, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?)').run(
        fromText, pattern.id, input.anchor, JSON.stringify(crewIds), now, actor,
      );
      // Re-anchors made against the replaced rotation no longer mean anything.
      const superseded = db
        .prepare("UPDATE roster_exceptions SET revoked_at = ?, revoked_by = ?, revoke_reason = ?, version = version + 1 WHERE kind = 'reanchor' AND revoked_at IS NULL AND from_day >= ?")
        .run(now, actor, `superseded by the rotation from ${fromText}`, fromText).changes;
      store.setMeta('rotation_version', version + 1);
      store.setMeta('rotation_changed_by', actor);
      store.setMeta('rotation_changed_at', now);
      const summary = `轮班设为 ${pattern.id}（${pattern.name}），锚定 ${input.anchor}，班组 ${names.join('、')}，自 ${fromText} 起${superseded ? `；撤销其后的 ${superseded} 条重排` : ''}`;
      return { result: null, subject: 'rotation', summary, detail: { pattern: pattern.id, anchor: input.anchor, crews: names, from: fromText } };
    });
    const c = config();
    return { revision: done.revision, rotations: c.rotations, rotationVersion: c.rotationVersion };
  }

  function savePattern(input: { id: string; name: string; crews: number; cycle: (string | null)[]; version?: number }, actor: string): PatternView {
    edit('roster.pattern.save', actor, (now) => {
      const existing = store.patternRow.get(input.id);
      if (existing?.builtin) throw new HallError('REFUSED', `${input.id} is a built-in pattern and stays as shipped; save yours under another id.`);
      if (existing && input.version !== undefined && existing.version !== input.version) {
        throw new HallError('CONFLICT', `Pattern ${input.id} was changed by ${existing.changed_by} at ${iso(existing.changed_at)}; reload and try again.`);
      }
      const pattern: RotationPattern = { id: input.id, name: input.name, nameEn: input.name, crews: input.crews, cycle: input.cycle };
      const problems = patternProblems(pattern, new Set(store.shiftRows.all().map((s) => s.code)));
      if (problems.length) throw badInput(`Pattern ${input.id} is not a rotation: ${problems.join('; ')}.`);
      if (existing) {
        const used = db.prepare<[string], { from_day: string }>('SELECT from_day FROM roster_rotations WHERE pattern_id = ? LIMIT 1').get(input.id);
        if (used && existing.cycle !== JSON.stringify(input.cycle)) {
          throw new HallError('REFUSED', `Pattern ${input.id} is used by the rotation from ${used.from_day}; changing its cycle would rewrite that history. Save it under a new id.`);
        }
        db.prepare('UPDATE roster_patterns SET name = ?, name_en = ?, crews = ?, cycle = ?, version = version + 1, changed_at = ?, changed_by = ? WHERE id = ?').run(
          input.name, input.name, input.crews, JSON.stringify(input.cycle), now, actor, input.id,
        );
      } else {
        db.prepare('INSERT INTO roster_patterns (id, name, name_en, crews, cycle, builtin, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, 0, ?, ?)').run(
          input.id, input.name, input.name, input.crews, JSON.stringify(input.cycle), now, actor,
        );
      }
      return { result: null, subject: `pattern:${input.id}`, summary: `轮转模式 ${input.id}（${input.name}）：${input.cycle.map((c) => c ?? '休').join(' ')}` };
    });
    return patternView(store.patternRow.get(input.id)!);
  }

  function setShift(input: { code: string; from: string; start: string; end: string; name?: string; short?: string; version?: number }, actor: string): ShiftTemplateView {
    edit('roster.shift.set', actor, (now, e) => {
      const start = parseClock(input.start)!;
      const end = parseClock(input.end)!;
      if (start >= 1440) throw badInput('start must be before 24:00.');
      const minutes = end > start ? end - start : end + 1440 - start;
      const from = dayOf(input.from);
      const inForce = e.template(input.code, from);
      if (!inForce && (!input.name || !input.short)) throw badInput(`${input.code} is a new shift: give its name (e.g. 备勤班) and one-character short mark.`);
      const exact = store.shiftRows.all().find((s) => s.code === input.code && s.from_day === input.from);
      const compareTo = exact ?? store.shiftRows.all().filter((s) => s.code === input.code && s.from_day <= input.from).pop();
      if (compareTo && input.version !== undefined && compareTo.version !== input.version) {
        throw new HallError('CONFLICT', `${compareTo.name} was changed by ${compareTo.changed_by} at ${iso(compareTo.changed_at)}; reload and try again.`);
      }
      const name = input.name ?? inForce!.name;
      const short = input.short ?? inForce!.short;
      if (exact) {
        db.prepare('UPDATE roster_shift_templates SET name = ?, short = ?, start_min = ?, minutes = ?, version = version + 1, changed_at = ?, changed_by = ? WHERE code = ? AND from_day = ?').run(
          name, short, start, minutes, now, actor, input.code, input.from,
        );
      } else {
        db.prepare('INSERT INTO roster_shift_templates (code, from_day, name, short, start_min, minutes, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
          input.code, input.from, name, short, start, minutes, now, actor,
        );
      }
      return { result: null, subject: `shift:${input.code}`, summary: `${name} 自 ${input.from} 起为 ${input.start}-${input.end}` };
    });
    return shiftViews().find((s) => s.code === input.code && s.from === input.from)!;
  }

  function setRules(input: { rules: Partial<RosterRulesView>; version?: number }, actor: string) {
    const done = edit('roster.rules.set', actor, (now) => {
      const cur = store.rules();
      if (input.version !== undefined && input.version !== cur.version) {
        throw new HallError('CONFLICT', `The roster rules were changed by ${cur.changedBy} at ${iso(cur.changedAt)} after you loaded them; reload and try again.`);
      }
      const next: RosterRules = { ...cur.rules, ...input.rules, minStaff: { ...cur.rules.minStaff, ...(input.rules.minStaff ?? {}) } };
      db.prepare('UPDATE roster_rules SET rules = ?, version = version + 1, changed_at = ?, changed_by = ? WHERE id = 1').run(JSON.stringify(next), now, actor);
      const parts = Object.entries(input.rules).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
      return { result: next, subject: 'rules', summary: `值班规则：${parts.join('，')}`, detail: { rules: input.rules } };
    });
    const r = store.rules();
    return { revision: done.revision, rules: r.rules, rulesVersion: r.version };
  }

  function loadHolidays(file: HolidayYear, actor: string) {
    edit('roster.holidays.load', actor, (now) => {
      db.prepare('INSERT INTO roster_holiday_years (year, file, loaded_at, loaded_by) VALUES (?, ?, ?, ?) ON CONFLICT(year) DO UPDATE SET file = excluded.file, loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by').run(
        file.year, JSON.stringify(file), now, actor,
      );
      return { result: null, subject: `holidays:${file.year}`, summary: `导入 ${file.year} 年节假日（${file.source}）` };
    });
    return { year: file.year, source: file.source, origin: 'loaded' as const };
  }

  // ---- import ---------------------------------------------------------------------------------------

  interface Planned {
    preview: ImportPreview;
    officers: ImportedOfficer[];
  }

  async function planImport(fileName: string, data: string): Promise<Planned> {
    const bytes = Buffer.from(data, 'base64');
    const digest = createHash('sha256').update(bytes).digest('hex');
    const table = await readTable(fileName, bytes);
    const parsed = table.errors.length ? { officers: [], errors: [] } : parseOfficerTable(table.rows);
    const errors = [...table.errors, ...parsed.errors];
    for (const o of parsed.officers) {
      if (o.unit !== null && !findUnit(units(), o.unit)) {
        errors.push({ line: o.line, column: '车组', message: `车组“${o.unit}”不是地图上的单位：请写单位的呼号或编号，如 ${units().slice(0, 3).map((u) => u.callsign).join('、') || '特巡01'} (no such unit)` });
      }
    }
    const e = engine();
    const t = today();
    const assignmentRows = unitAssignments.all();
    const callsignOf = (id: string | null): string => (id === null ? '—' : (units().find((u) => u.id === id)?.callsign ?? id));
    const existing = new Map(e.model.officers.map((o) => [o.policeNo, o]));
    const allSample = e.model.officers.length > 0 && e.model.officers.every((o) => o.sample);
    const crewNames = new Set(e.model.crews.map((c) => c.name));
    const newCrews = new Set<string>();
    const rows: ImportPreview['rows'] = [];
    for (const o of parsed.officers) {
      const before = allSample ? undefined : existing.get(o.policeNo);
      if (o.crew && !crewNames.has(o.crew)) newCrews.add(o.crew);
      if (!before) {
        rows.push({ line: o.line, policeNo: o.policeNo, name: o.name, crew: o.crew, action: 'create', changes: [] });
        continue;
      }
      const changes: string[] = [];
      if (before.name !== o.name) changes.push(`姓名 ${before.name} → ${o.name}`);
      if (o.rank !== null && before.rank !== o.rank) changes.push(`警衔 ${before.rank || '—'} → ${o.rank || '—'}`);
      if (o.department !== null && before.department !== o.department) changes.push(`部门 ${before.department || '—'} → ${o.department || '—'}`);
      for (const [k, label] of [['armed', '持枪'], ['leader', '带班'], ['driver', '驾驶员'], ['medic', '医护'], ['squad', '战备']] as const) {
        const v = o.flags[k];
        if (v !== undefined && v !== before[k]) changes.push(`${label} ${before[k] ? '是' : '否'} → ${v ? '是' : '否'}`);
      }
      const crewNow = e.crewOf(before.id, o.joined ?? t);
      const crewNowName = crewNow === null ? null : (e.crew(crewNow)?.name ?? null);
      if (o.crew !== null && o.crew !== crewNowName) changes.push(`班组 ${crewNowName ?? '—'} → ${o.crew}（自 ${isoDay(o.joined ?? t)}）`);
      const unitNow = unitOfOfficer(assignmentRows, before.id, o.joined ?? t);
      const unitWanted = o.unit === null ? null : (findUnit(units(), o.unit)?.id ?? null);
      if (unitWanted !== null && unitWanted !== unitNow) changes.push(`车组 ${callsignOf(unitNow)} → ${callsignOf(unitWanted)}（自 ${isoDay(o.joined ?? t)}）`);
      rows.push({ line: o.line, policeNo: o.policeNo, name: o.name, crew: o.crew, action: changes.length ? 'update' : 'unchanged', changes });
    }
    const ok = errors.length === 0 && parsed.officers.length > 0;
    return {
      officers: ok ? parsed.officers : [],
      preview: {
        ok,
        format: table.format,
        digest,
        revision: store.revision(),
        rows: ok ? rows : [],
        errors,
        summary: {
          create: ok ? rows.filter((r) => r.action === 'create').length : 0,
          update: ok ? rows.filter((r) => r.action === 'update').length : 0,
          unchanged: ok ? rows.filter((r) => r.action === 'unchanged').length : 0,
          newCrews: ok ? [...newCrews] : [],
          removesSample: ok && allSample ? e.model.officers.length : 0,
        },
      },
    };
  }

  async function importPreview(input: { fileName: string; data: string }): Promise<ImportPreview> {
    return (await planImport(input.fileName, input.data)).preview;
  }

  async function importApply(input: { fileName: string; data: string; digest: string; revision: number }, actor: string) {
    const plan = await planImport(input.fileName, input.data);
    const p = plan.preview;
    if (p.digest !== input.digest) throw new HallError('CONFLICT', `${input.fileName} is not the file that was previewed (its content differs); preview it again.`);
    if (!p.ok) {
      throw new HallError('BAD_INPUT', `${input.fileName} has ${p.errors.length} problem(s); nothing was imported. First: ${p.errors[0] ? `${p.errors[0].line ? `line ${p.errors[0].line}: ` : ''}${p.errors[0].message}` : 'no officer rows'}`,
        p.errors.map((er) => ({ path: er.line === null ? '(file)' : `line ${er.line}${er.column ? ` ${er.column}` : ''}`, message: er.message })));
    }
    const done = edit('roster.import', actor, (now, e) => {
      if (store.revision() !== input.revision) {
        throw new HallError('CONFLICT', `The roster changed since the preview (revision ${input.revision} → ${store.revision()}); preview the file again.`);
      }
      const t = e.zone.localOf(now).day;
      const monthStart = t - (Number(isoDay(t).slice(8, 10)) - 1);
      let removed = 0;
      if (p.summary.removesSample > 0) removed = db.prepare('DELETE FROM roster_officers WHERE sample = 1').run().changes;
      for (const o of plan.officers) {
        const before = store.officerByPoliceNo.get(o.policeNo);
        let id: number;
        if (!before) {
          const info = db
            .prepare('INSERT INTO roster_officers (police_no, name, rank, department, armed, leader, driver, medic, squad, changed_at, changed_by, change) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)')
            .run(o.policeNo, o.name, o.rank ?? '', o.department ?? '', ...(['armed', 'leader', 'driver', 'medic', 'squad'] as const).map((k) => (o.flags[k] ? 1 : 0)), now, actor, `imported from ${input.fileName}`);
          id = Number(info.lastInsertRowid);
          // New officers join from the first of this month unless the file says when, so the month being planned is whole.
          if (o.crew) setMembership(id, ensureCrew(o.crew, now, actor), o.joined ?? monthStart);
          if (o.unit) unitAssignments.set(id, requireUnit(o.unit).id, o.joined ?? monthStart);
        } else {
          id = before.id;
          const flag = (k: 'armed' | 'leader' | 'driver' | 'medic' | 'squad'): number => ((o.flags[k] ?? before[k] === 1) ? 1 : 0);
          db.prepare('UPDATE roster_officers SET name = ?, rank = ?, department = ?, armed = ?, leader = ?, driver = ?, medic = ?, squad = ? WHERE id = ?').run(
            o.name, o.rank ?? before.rank, o.department ?? before.department, flag('armed'), flag('leader'), flag('driver'), flag('medic'), flag('squad'), id,
          );
          const row = p.rows.find((r) => r.line === o.line);
          if (row?.action !== 'unchanged') store.touchOfficer(id, now, actor, `imported from ${input.fileName}`);
          if (o.crew) {
            const from = o.joined ?? t;
            const crewId = ensureCrew(o.crew, now, actor);
            if (e.crewOf(id, from) !== crewId) setMembership(id, crewId, from);
          }
          if (o.unit) {
            const from = o.joined ?? t;
            const unitId = requireUnit(o.unit).id;
            if (unitOfOfficer(unitAssignments.all(), id, from) !== unitId) unitAssignments.set(id, unitId, from);
          }
        }
      }
      const s = p.summary;
      const summary = `导入 ${input.fileName}：新增 ${s.create}，修改 ${s.update}，未变 ${s.unchanged}${s.newCrews.length ? `，新班组 ${s.newCrews.join('、')}` : ''}${removed ? `，移除示例警员 ${removed} 名` : ''}`;
      return { result: null, subject: `import:${input.fileName}`, summary, detail: { digest: p.digest, summary: s } };
    });
    return { summary: p.summary, revision: done.revision };
  }

  // ---- sample roster --------------------------------------------------------------------------------

  /** First start only: a sample roster (示例) so the console shows who is on duty; never in a hall with officers. */
  function seedSampleIfEmpty(): boolean {
    if (store.meta('sample_seeded_at') !== null) return false;
    const counts = db.prepare<[], { o: number; c: number; r: number }>(
      'SELECT (SELECT count(*) FROM roster_officers) AS o, (SELECT count(*) FROM roster_crews) AS c, (SELECT count(*) FROM roster_rotations) AS r',
    ).get()!;
    if (counts.o > 0 || counts.c > 0 || counts.r > 0) return false;
    const now = clock.now();
    edit('roster.sample.seed', 'kuaifan', (at, e) => {
      const t = e.zone.localOf(at).day;
      const sample = sampleRoster(t);
      const crewIds = sample.crews.map((name) => ensureCrew(name, at, 'kuaifan'));
      const insert = db.prepare(
        'INSERT INTO roster_officers (police_no, name, rank, department, armed, leader, driver, medic, squad, sample, changed_at, changed_by, change) VALUES (?,?,?,?,?,?,?,?,?,1,?,?,?)',
      );
      for (const o of sample.officers) {
        const id = Number(insert.run(o.policeNo, o.name, o.rank, o.department, +o.armed, +o.leader, +o.driver, +o.medic, +o.squad, at, 'kuaifan', '示例数据').lastInsertRowid);
        db.prepare('INSERT INTO roster_memberships (officer_id, crew_id, from_day) VALUES (?, ?, ?)').run(id, crewIds[o.crewIndex], isoDay(sample.from));
      }
      db.prepare('INSERT INTO roster_rotations (from_day, pattern_id, anchor_day, crew_ids, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?)').run(
        isoDay(sample.from), '3x2', isoDay(sample.anchor), JSON.stringify(crewIds), at, 'kuaifan',
      );
      store.setMeta('sample_seeded_at', now);
      seedSampleUnitsIn(at);
      return { result: null, subject: 'roster', summary: `示例值班表：${sample.crews.join('、')} 三个班组共 ${sample.officers.length} 名示例警员，三班两运转` };
    });
    return true;
  }

  /** Puts the sample officers on the sample units (inside an edit); false when the map has none of them. */
  function seedSampleUnitsIn(at: number): boolean {
    const from = db.prepare<[], { d: string | null }>('SELECT min(from_day) AS d FROM roster_memberships').get()?.d;
    const officers = db.prepare<[], { id: number; police_no: string }>('SELECT id, police_no FROM roster_officers WHERE sample = 1').all();
    let placed = 0;
    for (const o of officers) {
      const m = /^SL\d(\d\d)$/.exec(o.police_no);
      const callsign = m ? sampleUnitOf(Number(m[1]) - 1) : null;
      const unit = callsign === null ? null : findUnit(units(), callsign);
      if (unit) {
        unitAssignments.set(o.id, unit.id, from ? dayOf(from) : engine().zone.localOf(at).day);
        placed++;
      }
    }
    store.setMeta('sample_units_seeded_at', at);
    return placed > 0;
  }

  /** A hall still on the sample roster from before units had crews gets the sample 车组 once. */
  function seedSampleUnitsIfMissing(): boolean {
    if (store.meta('sample_units_seeded_at') !== null || store.meta('sample_seeded_at') === null) return false;
    const c = db.prepare<[], { real: number; assigned: number }>(
      'SELECT (SELECT count(*) FROM roster_officers WHERE sample = 0) AS real, (SELECT count(*) FROM roster_unit_assignments) AS assigned',
    ).get()!;
    if (c.real > 0 || c.assigned > 0 || units().length === 0) return false;
    edit('roster.sample.units', 'kuaifan', (at) => ({ result: seedSampleUnitsIn(at), subject: 'roster', summary: '示例车组：示例警员编入示例单位' }));
    return true;
  }

  return {
    onDuty,
    onDutyNow: onDutyNowView,
    seedSampleUnitsIfMissing,
    config,
    view,
    schedule,
    check,
    gaps,
    exceptions,
    history,
    exportRoster,
    importPreview,
    importApply,
    addException,
    revokeException: (input: { id: number; version: number; reason?: string }, actor: string) => setRevoked(input, actor, true),
    restoreException: (input: { id: number; version: number }, actor: string) => setRevoked(input, actor, false),
    saveOfficer,
    moveCrew,
    setUnit,
    crewAt,
    saveCrew,
    setRotation,
    savePattern,
    setShift,
    setRules,
    loadHolidays,
    seedSampleIfEmpty,
    revision: (): number => store.revision(),
    nextBoundaryAfter: (instant: number): number | null => engine().nextBoundaryAfter(instant),
    engine,
    onChange(listener: (c: RosterChange) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type RosterService = ReturnType<typeof createRosterService>;

function loadShippedHolidays(dir: string, log?: Logger): Map<number, HolidayYear> {
  const out = new Map<number, HolidayYear>();
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => /^cn-holidays-\d{4}\.json$/.test(f));
  } catch {
    log?.warn('no holiday files shipped', { dir });
    return out;
  }
  for (const f of files) {
    try {
      const parsed = HolidayYear.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      if (parsed.success) out.set(parsed.data.year, parsed.data);
      else log?.error('holiday file refused', { file: f, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    } catch (err) {
      log?.error('holiday file unreadable', { file: f, error: String(err) });
    }
  }
  return out;
}
