// The roster as plain values: officers, crews with dated membership, shift templates, rotation, exceptions.
import type { Day } from './calendar';
import type { RotationPattern, ShiftTemplate } from './patterns';

export interface Officer {
  id: number;
  policeNo: string;
  name: string;
  rank: string;
  department: string;
  /** 持枪: qualified and issued to carry a firearm on duty. */
  armed: boolean;
  /** 带班: may lead a shift. */
  leader: boolean;
  driver: boolean;
  medic: boolean;
  /** Designated for the readiness squad (战备处突小组) whenever on duty. */
  squad: boolean;
  /** Sample data shipped with the demo hall (示例). */
  sample: boolean;
  version: number;
}

export interface Crew {
  id: number;
  name: string;
  sort: number;
  version: number;
}

/** An officer belongs to a crew from `from` (inclusive) until `until` (exclusive; null while still a member). */
export interface Membership {
  id: number;
  officerId: number;
  crewId: number;
  from: Day;
  until: Day | null;
}

/** A shift template in effect from a date on; later revisions replace it for later dates only. */
export interface ShiftRevision extends ShiftTemplate {
  from: Day;
}

/** A rotation in effect from `from` on: pattern, anchor date and crews in order (crew 0 works slot 0 on the anchor). */
export interface RotationSegment {
  from: Day;
  patternId: string;
  anchor: Day;
  crewIds: number[];
}

export type OffKind = 'leave' | 'sick' | 'timeOff';
export type ExceptionKind = OffKind | 'swap' | 'extra' | 'reanchor';

interface ExceptionBase {
  id: number;
  reason: string;
  author: string;
  /** When it was recorded (epoch ms, UTC). */
  at: number;
  version: number;
}

/** 请假 / 病假 / 调休: the officer works nothing from `from` to `to` (inclusive). */
export interface OffException extends ExceptionBase {
  kind: OffKind;
  officerId: number;
  from: Day;
  to: Day;
}

/**
 * 换班: the officer's `shift` on `day` goes to the partner, and the partner's `partnerShift` on `partnerDay`
 * comes to the officer. Both sides are stored, so each schedule is computed from this record alone.
 */
export interface SwapException extends ExceptionBase {
  kind: 'swap';
  officerId: number;
  day: Day;
  shift: string;
  partnerId: number;
  partnerDay: Day;
  partnerShift: string;
}

/** 加班: the officer is added to `shift` on `day`. */
export interface ExtraException extends ExceptionBase {
  kind: 'extra';
  officerId: number;
  day: Day;
  shift: string;
}

/** The crew works cycle slot `slot` on `from`, and walks on from there; days before are unchanged. */
export interface ReanchorException extends ExceptionBase {
  kind: 'reanchor';
  crewId: number;
  from: Day;
  slot: number;
}

export type RosterException = OffException | SwapException | ExtraException | ReanchorException;

export interface RosterRules {
  /** Minimum officers per shift code; codes not listed use `defaultMinStaff`. */
  minStaff: Record<string, number>;
  defaultMinStaff: number;
  minLeaders: number;
  /** Armed officers the readiness squad needs on every shift. */
  squadArmedMin: number;
  minRestHours: number;
  /** Most shifts an officer may work in a row, counted over days with no rest day between; two shifts on one day count twice. */
  maxConsecutiveShifts: number;
}

export const defaultRosterRules: RosterRules = {
  minStaff: { day: 6, night: 4 },
  defaultMinStaff: 4,
  minLeaders: 1,
  squadArmedMin: 4,
  minRestHours: 12,
  maxConsecutiveShifts: 6,
};

export interface RosterModel {
  zone: string;
  officers: Officer[];
  crews: Crew[];
  memberships: Membership[];
  shifts: ShiftRevision[];
  patterns: RotationPattern[];
  rotations: RotationSegment[];
  /** Exceptions in force (revoked ones left out), in the order they were recorded. */
  exceptions: RosterException[];
  rules: RosterRules;
}

export const offKindLabel: Record<OffKind, string> = { leave: '请假', sick: '病假', timeOff: '调休' };
