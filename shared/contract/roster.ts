// Commands and events of the duty roster (三班两运转): rotation, exceptions, rules, on-duty feed, import/export.
import { z } from 'zod';
import { command, event, type Role } from './define';
import { PoliceNo } from './system';
import { parseClock, parseDay } from '../domain/roster/calendar';
import { parseInstant } from '../domain/roster/zone';
import { HolidayYear } from '../domain/roster/holidays';

const readers: readonly Role[] = ['commander', 'watch', 'display'];
const editors: readonly Role[] = ['watch'];

export const IsoDate = z.string().refine((s) => parseDay(s) !== null, 'must be a date written YYYY-MM-DD, e.g. 2026-12-24');
/** An instant with its offset, e.g. 2026-12-25T09:00:00+08:00 or 2026-12-25T01:00:00Z. */
export const IsoInstant = z.string().refine((s) => parseInstant(s) !== null, 'must be an ISO 8601 time with its offset, e.g. 2026-12-25T09:00:00+08:00');
export const ClockTime = z.string().refine((s) => parseClock(s) !== null, 'must be a time of day HH:MM, e.g. 08:00');
const Version = z.number().int().positive();
const Reason = z.string().trim().min(1, 'a reason is required (事由)').max(200);
const Name = z.string().trim().min(1, 'name is required').max(40);
const CrewName = z.string().trim().min(1, 'crew name is required').max(20);
const ShiftCode = z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, 'shift code: lower-case letters, digits, dashes (day, night, early …)');

export const Qualifications = z.object({
  armed: z.boolean(),
  leader: z.boolean(),
  driver: z.boolean(),
  medic: z.boolean(),
  /** Designated for the readiness squad (战备处突小组) when on duty. */
  squad: z.boolean(),
});

export const RosterOfficer = Qualifications.extend({
  id: z.number().int(),
  policeNo: z.string(),
  name: z.string(),
  rank: z.string(),
  department: z.string(),
  sample: z.boolean(),
  version: z.number().int(),
  /** Crew today (in the hall's zone), or null. */
  crewId: z.number().int().nullable(),
});
export type RosterOfficer = z.infer<typeof RosterOfficer>;

export const RosterCrew = z.object({ id: z.number().int(), name: z.string(), sort: z.number().int(), version: z.number().int(), members: z.number().int() });
export type RosterCrew = z.infer<typeof RosterCrew>;

export const MembershipView = z.object({
  id: z.number().int(),
  officerId: z.number().int(),
  crewId: z.number().int(),
  joined: z.string(),
  /** First day no longer a member; null while still one. */
  left: z.string().nullable(),
});

export const ShiftTemplateView = z.object({
  code: z.string(),
  name: z.string(),
  short: z.string(),
  start: z.string(),
  end: z.string(),
  minutes: z.number().int(),
  /** In force from this date on (earlier dates keep the earlier revision). */
  from: z.string(),
  version: z.number().int(),
});
export type ShiftTemplateView = z.infer<typeof ShiftTemplateView>;

export const PatternView = z.object({
  id: z.string(),
  name: z.string(),
  nameEn: z.string(),
  crews: z.number().int(),
  cycle: z.array(z.string().nullable()),
  builtin: z.boolean(),
  version: z.number().int(),
});
export type PatternView = z.infer<typeof PatternView>;

export const RotationView = z.object({
  from: z.string(),
  pattern: z.string(),
  anchor: z.string(),
  crews: z.array(z.string()),
  crewIds: z.array(z.number().int()),
});

export const RosterRulesView = z.object({
  minStaff: z.record(z.string(), z.number().int().min(0).max(500)),
  defaultMinStaff: z.number().int().min(0).max(500),
  minLeaders: z.number().int().min(0).max(20),
  squadArmedMin: z.number().int().min(0).max(100),
  minRestHours: z.number().min(0).max(48),
  /** Most shifts in a row (days with no rest day between; two shifts on one day count twice). */
  maxConsecutiveShifts: z.number().int().min(1).max(120),
});
export type RosterRulesView = z.infer<typeof RosterRulesView>;

export const HolidayYearInfo = z.object({ year: z.number().int(), source: z.string(), origin: z.enum(['shipped', 'loaded']) });

export const RosterConfig = z.object({
  zone: z.string(),
  revision: z.number().int(),
  officers: z.array(RosterOfficer),
  crews: z.array(RosterCrew),
  memberships: z.array(MembershipView),
  shifts: z.array(ShiftTemplateView),
  patterns: z.array(PatternView),
  rotations: z.array(RotationView),
  /** Version of the rotation as a whole (rotation.set compares it). */
  rotationVersion: z.number().int(),
  rules: RosterRulesView,
  rulesVersion: z.number().int(),
  holidayYears: z.array(HolidayYearInfo),
});
export type RosterConfig = z.infer<typeof RosterConfig>;

export const ExceptionKind = z.enum(['leave', 'sick', 'timeOff', 'swap', 'extra', 'reanchor']);
export type ExceptionKind = z.infer<typeof ExceptionKind>;

export const ExceptionView = z.object({
  id: z.number().int(),
  kind: ExceptionKind,
  officerId: z.number().int().nullable(),
  partnerId: z.number().int().nullable(),
  crewId: z.number().int().nullable(),
  /** Leave: first and last day; swap and extra: the day (from = to); re-anchor: the first day. */
  from: z.string(),
  to: z.string(),
  shift: z.string().nullable(),
  partnerDay: z.string().nullable(),
  partnerShift: z.string().nullable(),
  slot: z.number().int().nullable(),
  reason: z.string(),
  author: z.string(),
  at: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  version: z.number().int(),
  /** One line for the history and the cell tooltip, e.g. 请假 2026-12-24～2026-12-26 张三. */
  summary: z.string(),
});
export type ExceptionView = z.infer<typeof ExceptionView>;

export const Severity = z.enum(['error', 'warning']);
export const ViolationView = z.object({
  rule: z.enum(['noStaff', 'minStaff', 'leader', 'squadArmed', 'overlap', 'rest', 'consecutive', 'swapStale']),
  severity: Severity,
  date: z.string(),
  shift: z.string().nullable(),
  officerId: z.number().int().nullable(),
  message: z.string(),
  messageEn: z.string(),
});
export type ViolationView = z.infer<typeof ViolationView>;

/** The answer of `roster.onDuty`, `kuaifan roster on-duty --json` and `GET /api/v1/roster/on-duty`. */
export const OnDuty = z.object({
  at: z.string(),
  shifts: z.array(
    z.object({
      shift: z.string(),
      crew: z.string().nullable(),
      start: z.string(),
      end: z.string(),
      officers: z.array(z.object({ name: z.string(), policeNo: z.string(), leader: z.boolean(), armed: z.boolean() })),
    }),
  ),
});
export type OnDuty = z.infer<typeof OnDuty>;

export const OnDutyPerson = Qualifications.extend({
  id: z.number().int(),
  name: z.string(),
  policeNo: z.string(),
  rank: z.string(),
  sample: z.boolean(),
  /** rota, or brought in by a swap (换班) or extra duty (加班). */
  source: z.enum(['rota', 'swap', 'extra']),
});
export type OnDutyPerson = z.infer<typeof OnDutyPerson>;

export const OnDutyShift = z.object({
  date: z.string(),
  code: z.string(),
  shift: z.string(),
  short: z.string(),
  crew: z.string().nullable(),
  start: z.string(),
  end: z.string(),
  leaders: z.array(OnDutyPerson),
  /** The readiness squad (战备处突小组): on-duty officers flagged for the squad. */
  squad: z.array(OnDutyPerson),
  officers: z.array(OnDutyPerson),
});
export type OnDutyShift = z.infer<typeof OnDutyShift>;

/** What the console's unit-roster pane shows; also the payload of `roster.shiftChanged`. */
export const OnDutyNow = z.object({
  at: z.string(),
  zone: z.string(),
  revision: z.number().int(),
  shifts: z.array(OnDutyShift),
  /** The next shift start or end: the pane switches then (roster.shiftChanged). */
  nextChangeAt: z.string().nullable(),
});
export type OnDutyNow = z.infer<typeof OnDutyNow>;

export const RosterCell = z.object({
  mark: z.string(),
  kind: z.enum(['work', 'rest', 'off', 'swap', 'extra']),
  /** Shift codes worked that day. */
  shifts: z.array(z.string()),
  /** Details for the tooltip (换班 with whom, 事由 …); empty for a plain rota day. */
  note: z.string(),
  exceptionIds: z.array(z.number().int()),
  violation: Severity.nullable(),
});
export type RosterCell = z.infer<typeof RosterCell>;

export const RosterDayView = z.object({
  date: z.string(),
  weekday: z.number().int(),
  holiday: z.string().nullable(),
  makeupWorkday: z.boolean(),
  shifts: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      short: z.string(),
      crews: z.array(z.string()),
      start: z.string(),
      end: z.string(),
      count: z.number().int(),
      minimum: z.number().int(),
      leaders: z.number().int(),
      squadArmed: z.number().int(),
      violation: Severity.nullable(),
    }),
  ),
});
export type RosterDayView = z.infer<typeof RosterDayView>;

export const RosterView = z.object({
  from: z.string(),
  to: z.string(),
  zone: z.string(),
  revision: z.number().int(),
  days: z.array(RosterDayView),
  /** Years in the range without a holiday file: the calendar cannot mark their holidays. */
  holidayWarnings: z.array(z.object({ year: z.number().int(), message: z.string(), messageEn: z.string() })),
  groups: z.array(
    z.object({
      crewId: z.number().int().nullable(),
      crew: z.string().nullable(),
      officers: z.array(
        RosterOfficer.extend({
          /** One mark per day of the range: a shift's short mark (白, 夜 …), 休, 假, 病, 调, 换 or 加. */
          marks: z.string(),
          /** Only the days that are more than plain rota or rest (exceptions, notes, violations); see cellsOf(). */
          cells: z.array(RosterCell.extend({ day: z.number().int().describe('index into days') })),
        }),
      ),
    }),
  ),
  violations: z.array(ViolationView),
  exceptions: z.array(ExceptionView),
});
export type RosterView = z.infer<typeof RosterView>;

export const ScheduleEntry = z.object({
  date: z.string(),
  mark: z.string(),
  kind: RosterCell.shape.kind,
  crew: z.string().nullable(),
  note: z.string(),
  shifts: z.array(z.object({ code: z.string(), shift: z.string(), start: z.string(), end: z.string(), source: z.enum(['rota', 'swap', 'extra']) })),
});

export const OfficerSchedule = z.object({ officer: RosterOfficer, from: z.string(), to: z.string(), days: z.array(ScheduleEntry), violations: z.array(ViolationView) });
export type OfficerSchedule = z.infer<typeof OfficerSchedule>;

export const RosterCheck = z.object({
  from: z.string(),
  to: z.string(),
  errors: z.number().int(),
  warnings: z.number().int(),
  violations: z.array(ViolationView),
});
export type RosterCheck = z.infer<typeof RosterCheck>;

export const StaffingGap = z.object({
  date: z.string(),
  shift: z.string(),
  shiftName: z.string(),
  crews: z.array(z.string()),
  start: z.string(),
  count: z.number().int(),
  minimum: z.number().int(),
  leaders: z.number().int(),
  squadArmed: z.number().int(),
  violations: z.array(ViolationView),
});
export const RosterGaps = z.object({ from: z.string(), to: z.string(), gaps: z.array(StaffingGap) });
export type RosterGaps = z.infer<typeof RosterGaps>;

export const HistoryRow = z.object({ id: z.number().int(), at: z.string(), actor: z.string(), action: z.string(), subject: z.string(), summary: z.string() });
export type HistoryRow = z.infer<typeof HistoryRow>;

export const ImportIssue = z.object({
  /** Line in the file (CSV) or row number (XLSX), counting the header as 1; null for the file as a whole. */
  line: z.number().int().nullable(),
  column: z.string().nullable(),
  message: z.string(),
});
export type ImportIssue = z.infer<typeof ImportIssue>;

export const ImportPreview = z.object({
  ok: z.boolean(),
  format: z.enum(['csv', 'xlsx']),
  digest: z.string(),
  revision: z.number().int(),
  rows: z.array(
    z.object({
      line: z.number().int(),
      policeNo: z.string(),
      name: z.string(),
      crew: z.string().nullable(),
      action: z.enum(['create', 'update', 'unchanged']),
      changes: z.array(z.string()),
    }),
  ),
  errors: z.array(ImportIssue),
  summary: z.object({
    create: z.number().int(),
    update: z.number().int(),
    unchanged: z.number().int(),
    newCrews: z.array(z.string()),
    /** Sample officers (示例) the import replaces: a hall holding only samples gets its real officers. */
    removesSample: z.number().int(),
  }),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

const ImportFile = z.object({
  fileName: z.string().trim().min(1).max(200),
  /** The file's bytes, base64. */
  data: z.string().max(8_000_000, 'file too large: import at most about 6 MB'),
});

export const ExportFile = z.object({ fileName: z.string(), mime: z.string(), data: z.string(), bytes: z.number().int() });

const OfficerRef = { officerVersion: Version.optional() };

export const ExceptionInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['leave', 'sick', 'timeOff']), officerId: z.number().int(), from: IsoDate, to: IsoDate, reason: Reason, ...OfficerRef }).strict(),
  z
    .object({
      kind: z.literal('swap'),
      officerId: z.number().int(),
      day: IsoDate,
      /** Which of the officer's shifts that day, when there is more than one. */
      shift: ShiftCode.optional(),
      partnerId: z.number().int(),
      partnerDay: IsoDate,
      partnerShift: ShiftCode.optional(),
      reason: Reason,
      ...OfficerRef,
      partnerVersion: Version.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('extra'), officerId: z.number().int(), day: IsoDate, shift: ShiftCode, reason: Reason, ...OfficerRef }).strict(),
  z
    .object({
      kind: z.literal('reanchor'),
      crewId: z.number().int(),
      from: IsoDate,
      /** Cycle slot (0-based) the crew works on `from`. */
      slot: z.number().int().min(0).max(99),
      reason: Reason,
      crewVersion: Version.optional(),
    })
    .strict(),
]);
export type ExceptionInput = z.infer<typeof ExceptionInput>;

const EditResult = z.object({ exception: ExceptionView, revision: z.number().int(), violations: z.array(ViolationView) });

const OfficerInput = Qualifications.partial().extend({
  id: z.number().int().optional(),
  version: Version.optional(),
  policeNo: PoliceNo,
  name: Name,
  rank: z.string().trim().max(20).default(''),
  department: z.string().trim().max(40).default(''),
  /** Crew to join (created when new) from `joined` (default today). */
  crew: CrewName.nullable().optional(),
  joined: IsoDate.optional(),
});

const ChangedSummary = z.object({ revision: z.number().int() });

export const rosterCommands = {
  'roster.onDuty': command({
    input: z.object({ at: IsoInstant.optional() }).strict(),
    output: OnDuty,
    roles: readers,
    mutates: false,
    summary: 'Who is on duty at an instant (default now), per running shift; the night shift that began the evening before counts.',
  }),
  'roster.onDutyNow': command({
    input: z.object({}).strict(),
    output: OnDutyNow,
    roles: readers,
    mutates: false,
    summary: 'The shift on duty now with its crew, shift leaders and readiness squad, and when it changes (the console unit-roster pane).',
  }),
  'roster.config': command({
    input: z.object({}).strict(),
    output: RosterConfig,
    roles: readers,
    mutates: false,
    summary: 'Officers, crews, memberships, shift templates, patterns, rotation, rules and holiday years.',
  }),
  'roster.view': command({
    input: z.object({ from: IsoDate, to: IsoDate }).strict(),
    output: RosterView,
    roles: readers,
    mutates: false,
    summary: 'The roster grid for a date range (at most 93 days): a cell per officer and day, staffing per shift, holidays, violations.',
  }),
  'roster.schedule': command({
    input: z.object({ officerId: z.number().int().optional(), policeNo: z.string().optional(), from: IsoDate, to: IsoDate }).strict(),
    output: OfficerSchedule,
    roles: readers,
    mutates: false,
    summary: "One officer's schedule: every day with its shifts and their times.",
  }),
  'roster.check': command({
    input: z.object({ from: IsoDate.optional(), days: z.number().int().min(1).max(366).default(14) }).strict(),
    output: RosterCheck,
    roles: readers,
    mutates: false,
    summary: 'Every rule violation from a date (default today) for N days, errors and warnings with their reasons.',
  }),
  'roster.gaps': command({
    input: z.object({ from: IsoDate.optional(), days: z.number().int().min(1).max(92).default(14) }).strict(),
    output: RosterGaps,
    roles: readers,
    mutates: false,
    summary: 'Shifts over the next N days below a staffing, leader or armed-squad minimum.',
  }),
  'roster.exceptions': command({
    input: z.object({ from: IsoDate, to: IsoDate, includeRevoked: z.boolean().default(false) }).strict(),
    output: z.array(ExceptionView),
    roles: readers,
    mutates: false,
    summary: 'Leave, swaps, extra duty and re-anchors touching a date range.',
  }),
  'roster.history': command({
    input: z.object({ limit: z.number().int().min(1).max(500).default(50), beforeId: z.number().int().optional() }).strict(),
    output: z.array(HistoryRow),
    roles: readers,
    mutates: false,
    summary: 'Who changed what in the roster, and when (newest first, from the audit log).',
  }),
  'roster.export': command({
    input: z.object({ from: IsoDate, to: IsoDate, format: z.enum(['csv', 'xlsx']) }).strict(),
    output: ExportFile,
    roles: readers,
    mutates: false,
    summary: 'The roster grid for a date range as CSV or XLSX (base64).',
  }),
  'roster.import.preview': command({
    input: ImportFile.strict(),
    output: ImportPreview,
    roles: editors,
    mutates: false,
    summary: 'Check an officers-and-crews file (CSV or XLSX): what it would create or change, and every bad row by line.',
  }),
  'roster.import.apply': command({
    input: ImportFile.extend({ digest: z.string().min(1), revision: z.number().int() }).strict(),
    output: ImportPreview.pick({ summary: true, revision: true }),
    roles: editors,
    mutates: true,
    summary: 'Import the previewed file, all or nothing; refused when the file or the roster changed since the preview.',
  }),
  'roster.officer.save': command({
    input: OfficerInput.strict(),
    output: RosterOfficer,
    roles: editors,
    mutates: true,
    summary: 'Add an officer, or change one (give its version).',
  }),
  'roster.officer.moveCrew': command({
    input: z.object({ officerId: z.number().int(), version: Version, crewId: z.number().int().nullable(), from: IsoDate }).strict(),
    output: RosterOfficer,
    roles: editors,
    mutates: true,
    summary: 'Move an officer to another crew (or out of every crew) from a date on; history keeps the old crew.',
  }),
  'roster.officer.setUnit': command({
    input: z
      .object({
        officerId: z.number().int(),
        version: Version,
        /** The unit the officer rides (车组), by id or callsign (e.g. 特巡01); null: on no unit from `from` on. */
        unit: z.string().trim().min(1).max(40).nullable(),
        /** First day of the assignment (default: today in the hall's zone). */
        from: IsoDate.optional(),
      })
      .strict(),
    output: RosterOfficer,
    roles: editors,
    mutates: true,
    summary: 'Put an officer on a unit (车组/岗位) from a date on, or take them off; history keeps the old assignment.',
  }),
  'roster.crew.save': command({
    input: z.object({ id: z.number().int().optional(), version: Version.optional(), name: CrewName }).strict(),
    output: RosterCrew,
    roles: editors,
    mutates: true,
    summary: 'Add a crew, or rename one.',
  }),
  'roster.rotation.set': command({
    input: z
      .object({
        pattern: z.string().min(1),
        anchor: IsoDate,
        crews: z.array(CrewName).min(1).max(12),
        /** In force from this date (default: the anchor); later rotations are replaced, earlier ones kept. */
        from: IsoDate.optional(),
        version: Version.optional(),
      })
      .strict(),
    output: ChangedSummary.extend({ rotations: z.array(RotationView), rotationVersion: z.number().int() }),
    roles: editors,
    mutates: true,
    summary: 'Set the rotation: pattern, anchor date and crews in order (crew 0 works the first slot on the anchor).',
  }),
  'roster.pattern.save': command({
    input: z
      .object({
        id: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z_-]{0,19}$/, 'pattern id: letters, digits, - and _'),
        name: Name,
        crews: z.number().int().min(1).max(12),
        /** Shift code per cycle day, null for rest (休). */
        cycle: z.array(ShiftCode.nullable()).min(1).max(60),
        version: Version.optional(),
      })
      .strict(),
    output: PatternView,
    roles: editors,
    mutates: true,
    summary: 'Add or change a custom rotation pattern (the built-in ones are fixed).',
  }),
  'roster.shift.set': command({
    input: z
      .object({ code: ShiftCode, from: IsoDate, start: ClockTime, end: ClockTime, name: Name.optional(), short: z.string().trim().length(1).optional(), version: Version.optional() })
      .strict(),
    output: ShiftTemplateView,
    roles: editors,
    mutates: true,
    summary: 'Change a shift template (e.g. 白班 08:30-20:30) from a date on; earlier dates keep the old times.',
  }),
  'roster.rules.set': command({
    input: z.object({ rules: RosterRulesView.partial(), version: Version.optional() }).strict(),
    output: ChangedSummary.extend({ rules: RosterRulesView, rulesVersion: z.number().int() }),
    roles: editors,
    mutates: true,
    summary: 'Change the roster rules (minimum staffing, leaders, armed squad, rest, consecutive shifts).',
  }),
  'roster.exception.add': command({
    input: ExceptionInput,
    output: EditResult,
    roles: editors,
    mutates: true,
    summary: 'Record leave, sickness, 调休, a swap, extra duty or a crew re-anchor, with its reason.',
  }),
  'roster.exception.revoke': command({
    input: z.object({ id: z.number().int(), version: Version, reason: z.string().trim().max(200).optional() }).strict(),
    output: EditResult,
    roles: editors,
    mutates: true,
    summary: 'Withdraw an exception (undo); the record stays in the history.',
  }),
  'roster.exception.restore': command({
    input: z.object({ id: z.number().int(), version: Version }).strict(),
    output: EditResult,
    roles: editors,
    mutates: true,
    summary: 'Put a withdrawn exception back in force (undo of a withdrawal).',
  }),
  'roster.holidays.load': command({
    input: z.object({ file: HolidayYear }).strict(),
    output: HolidayYearInfo,
    roles: editors,
    mutates: true,
    summary: "Load a year's statutory holidays and make-up working days (the State Council notice), replacing that year's data.",
  }),
} as const;

export const RosterChanged = z.object({ revision: z.number().int(), action: z.string(), subject: z.string(), actor: z.string(), at: z.string() });

export const rosterEvents = {
  'roster.changed': event({ payload: RosterChanged, summary: 'The roster changed (an edit, an import, a rotation); screens reload what they show.' }),
  'roster.shiftChanged': event({ payload: OnDutyNow, summary: 'A shift began or ended: the new on-duty shift, sent at the boundary.' }),
} as const;
