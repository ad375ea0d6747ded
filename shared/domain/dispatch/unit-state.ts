// A unit's status (可用, 巡逻, 途中, 到场, 处置中, 不可用, 下班) and the moves allowed between them.
import type { TravelMode, UnitKind } from '../../contract/mapdata';

export type { TravelMode, UnitKind };

export const unitStatuses = ['available', 'patrolling', 'en_route', 'on_scene', 'handling', 'unavailable', 'off_duty'] as const;
export type UnitStatus = (typeof unitStatuses)[number];

export const unitStatusLabels: Record<UnitStatus, { zh: string; en: string }> = {
  available: { zh: '可用', en: 'Available' },
  patrolling: { zh: '巡逻', en: 'Patrolling' },
  en_route: { zh: '途中', en: 'En route' },
  on_scene: { zh: '到场', en: 'On scene' },
  handling: { zh: '处置中', en: 'Handling' },
  unavailable: { zh: '不可用', en: 'Unavailable' },
  off_duty: { zh: '下班', en: 'Off duty' },
};

const label = (s: UnitStatus): string => `${unitStatusLabels[s].zh} (${s})`;

// A unit goes off duty only from a free status, so nobody clocks off in the middle of an incident;
// any working status may become 不可用 (breakdown, injury) and a recall returns a busy unit to 可用/巡逻.
// A patrol may report 到场 straight away: it found the incident itself or never reported departure.
export const unitTransitions: Record<UnitStatus, readonly UnitStatus[]> = {
  available: ['patrolling', 'en_route', 'on_scene', 'unavailable', 'off_duty'],
  patrolling: ['available', 'en_route', 'on_scene', 'unavailable', 'off_duty'],
  en_route: ['on_scene', 'available', 'patrolling', 'unavailable'],
  on_scene: ['handling', 'available', 'patrolling', 'unavailable'],
  handling: ['on_scene', 'available', 'patrolling', 'unavailable'],
  unavailable: ['available', 'patrolling', 'off_duty'],
  off_duty: ['available', 'patrolling'],
};

/** Statuses that only make sense on an incident: the unit is on its way, there, or handling it. */
export const busyStatuses: readonly UnitStatus[] = ['en_route', 'on_scene', 'handling'];
export const isBusy = (s: UnitStatus): boolean => busyStatuses.includes(s);
/** Statuses from which a unit may be sent to an incident. */
export const freeStatuses: readonly UnitStatus[] = ['available', 'patrolling'];

export function canMoveUnit(from: UnitStatus, to: UnitStatus): boolean {
  return unitTransitions[from].includes(to);
}

/** Why the status table refuses the move; null when allowed (staying put is allowed). */
export function unitMoveRefusal(from: UnitStatus, to: UnitStatus): string | null {
  if (from === to || canMoveUnit(from, to)) return null;
  const allowed = unitTransitions[from].map(label).join(', ');
  return `a unit that is ${label(from)} cannot become ${label(to)}; next can be: ${allowed}`;
}

export interface UnitStatusFacts {
  id: string;
  callsign?: string;
  status: UnitStatus;
  /** The incident the unit is assigned to, if any. */
  incidentId: string | null;
}

const who = (u: { id: string; callsign?: string }): string => (u.callsign ? `${u.callsign} (${u.id})` : u.id);

/**
 * Why a unit may not change to `to`, taking its assignment into account; null when it may. A busy status
 * needs an incident (dispatch first), and a unit still assigned may not clock off (release it first).
 */
export function unitStatusRefusal(unit: UnitStatusFacts, to: UnitStatus): string | null {
  const table = unitMoveRefusal(unit.status, to);
  if (table) return `${who(unit)}: ${table}`;
  if (isBusy(to) && !unit.incidentId) {
    return `${who(unit)} is on no incident, so it cannot be ${label(to)}; dispatch it to an incident first`;
  }
  if (to === 'off_duty' && unit.incidentId) {
    return `${who(unit)} is still assigned to incident ${unit.incidentId}; release it from the incident before it goes ${label('off_duty')}`;
  }
  return null;
}

/** True when this status change ends the unit's part in its incident (it is free, or out of service). */
export const releasesAssignment = (to: UnitStatus): boolean => !isBusy(to);

export interface DispatchFacts extends UnitStatusFacts {
  /** From the duty roster: false when nobody is rostered on the unit now; undefined when the roster does not know it. */
  onDuty?: boolean;
}

/** Null when the unit may be sent to an incident; otherwise the reason it may not. */
export function dispatchRefusal(unit: DispatchFacts): string | null {
  switch (unit.status) {
    case 'available':
    case 'patrolling':
      if (unit.incidentId) return `${who(unit)} is already assigned to incident ${unit.incidentId}`;
      if (unit.onDuty === false) return `${who(unit)} has no crew on duty now according to the duty roster (值班表)`;
      return null;
    case 'off_duty':
      return `${who(unit)} is ${label('off_duty')}`;
    case 'unavailable':
      return `${who(unit)} is ${label('unavailable')}`;
    default:
      return `${who(unit)} is already ${label(unit.status)}${unit.incidentId ? ` on incident ${unit.incidentId}` : ''}`;
  }
}

/** The status a unit seeded from map data starts in (the map layer has its own, coarser list). */
export function statusFromMapData(s: 'patrolling' | 'available' | 'standby' | 'busy' | 'off-duty'): UnitStatus {
  switch (s) {
    case 'patrolling':
      return 'patrolling';
    case 'available':
    case 'standby':
      return 'available';
    case 'busy':
      // Busy on a call the hall has no record of: not dispatchable until somebody frees it.
      return 'unavailable';
    case 'off-duty':
      return 'off_duty';
  }
}
