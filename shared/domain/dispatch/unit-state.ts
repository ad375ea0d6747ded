// A unit's status (可用, 巡逻, 途中, 到场, 处置中, 不可用, 下班) and the moves allowed between them.

export const unitStatuses = ['available', 'patrolling', 'en_route', 'on_scene', 'handling', 'unavailable', 'off_duty'] as const;
export type UnitStatus = (typeof unitStatuses)[number];

export const unitStatusLabels: Record<UnitStatus, string> = {
  available: '可用',
  patrolling: '巡逻',
  en_route: '途中',
  on_scene: '到场',
  handling: '处置中',
  unavailable: '不可用',
  off_duty: '下班',
};

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

export const busyStatuses: readonly UnitStatus[] = ['en_route', 'on_scene', 'handling'];
export const isBusy = (s: UnitStatus): boolean => busyStatuses.includes(s);

export function canMoveUnit(from: UnitStatus, to: UnitStatus): boolean {
  return unitTransitions[from].includes(to);
}

export function unitMoveRefusal(from: UnitStatus, to: UnitStatus): string | null {
  if (from === to || canMoveUnit(from, to)) return null;
  const allowed = unitTransitions[from].map((s) => `${unitStatusLabels[s]} (${s})`).join(', ');
  return `a unit that is ${unitStatusLabels[from]} (${from}) cannot become ${unitStatusLabels[to]} (${to}); next can be: ${allowed}`;
}

/** Null when the unit may be sent to an incident; otherwise the reason it may not. */
export function dispatchRefusal(unit: { id: string; callsign?: string; status: UnitStatus; incidentId?: string | null }): string | null {
  const who = unit.callsign ? `${unit.callsign} (${unit.id})` : unit.id;
  switch (unit.status) {
    case 'available':
    case 'patrolling':
      return unit.incidentId ? `${who} is already assigned to incident ${unit.incidentId}` : null;
    case 'off_duty':
      return `${who} is ${unitStatusLabels.off_duty} (off duty)`;
    case 'unavailable':
      return `${who} is ${unitStatusLabels.unavailable} (unavailable)`;
    default:
      return `${who} is already ${unitStatusLabels[unit.status]} (${unit.status})${unit.incidentId ? ` on incident ${unit.incidentId}` : ''}`;
  }
}

export const unitKinds = [
  'special-patrol-car', 'station-patrol-car', 'traffic-motorcycle', 'readiness-squad', 'foot-patrol', 'security-guard', 'grid-worker',
] as const;
export type UnitKind = (typeof unitKinds)[number];
export const unitKindLabels: Record<UnitKind, string> = {
  'special-patrol-car': '特警巡逻车',
  'station-patrol-car': '派出所巡逻车',
  'traffic-motorcycle': '交警摩托',
  'readiness-squad': '战备处突小组',
  'foot-patrol': '步巡',
  'security-guard': '保安',
  'grid-worker': '网格员',
};

export const travelModes = ['car', 'motorcycle', 'foot'] as const;
export type TravelMode = (typeof travelModes)[number];
