// The incident's life: 新警情 → 已派警 → 途中 → 到场 → 处置中 → 已结束, derived from its facts and checked against a table.

export const incidentStates = ['new', 'dispatched', 'en_route', 'on_scene', 'handling', 'closed'] as const;
export type IncidentState = (typeof incidentStates)[number];
export const openIncidentStates: readonly IncidentState[] = ['new', 'dispatched', 'en_route', 'on_scene', 'handling'];

export const incidentStateLabels: Record<IncidentState, { zh: string; en: string }> = {
  new: { zh: '新警情', en: 'New' },
  dispatched: { zh: '已派警', en: 'Dispatched' },
  en_route: { zh: '途中', en: 'En route' },
  on_scene: { zh: '到场', en: 'On scene' },
  handling: { zh: '处置中', en: 'Handling' },
  closed: { zh: '已结束', en: 'Closed' },
};

const label = (s: IncidentState): string => `${incidentStateLabels[s].zh} (${s})`;

// Skipping 途中 is allowed (a unit can report arrival without having reported departure). Before the first
// arrival a recall can step back (every unit sent was recalled: back to 新警情); an arrival is a fact and is
// never undone. Closing from any open state is allowed (false alarm, duplicate, cancelled by the caller).
export const incidentTransitions: Record<IncidentState, readonly IncidentState[]> = {
  new: ['dispatched', 'closed'],
  dispatched: ['new', 'en_route', 'on_scene', 'closed'],
  en_route: ['new', 'dispatched', 'on_scene', 'closed'],
  on_scene: ['handling', 'closed'],
  handling: ['closed'],
  closed: [],
};

export function canMoveIncident(from: IncidentState, to: IncidentState): boolean {
  return incidentTransitions[from].includes(to);
}

/** Why a move is refused, in words the commander can act on; null when allowed. */
export function incidentMoveRefusal(from: IncidentState, to: IncidentState): string | null {
  if (canMoveIncident(from, to)) return null;
  if (from === 'closed') return `the incident is already ${label('closed')}`;
  const allowed = incidentTransitions[from].map(label).join(', ');
  return `an incident in ${label(from)} cannot go to ${label(to)}; next can be: ${allowed}`;
}

/** What the state is derived from: stored instants and the units still assigned. */
export interface IncidentFacts {
  closedAt: number | null;
  firstArrivalAt: number | null;
  handlingAt: number | null;
  /** Units assigned and not yet released. */
  active: readonly { enRouteAt: number | null; arrivedAt: number | null }[];
}

/** The state that the facts imply; the service stores it and checks each change against the table. */
export function deriveIncidentState(f: IncidentFacts): IncidentState {
  if (f.closedAt !== null) return 'closed';
  if (f.handlingAt !== null) return 'handling';
  if (f.firstArrivalAt !== null) return 'on_scene';
  if (f.active.some((a) => a.enRouteAt !== null)) return 'en_route';
  if (f.active.length > 0) return 'dispatched';
  return 'new';
}

export const outcomes = ['resolved', 'arrested', 'referred', 'false_alarm', 'duplicate', 'cancelled', 'drill_done'] as const;
export type Outcome = (typeof outcomes)[number];
export const outcomeLabels: Record<Outcome, { zh: string; en: string }> = {
  resolved: { zh: '已处置', en: 'Resolved' },
  arrested: { zh: '已抓获', en: 'Suspect detained' },
  referred: { zh: '移交处理', en: 'Referred' },
  false_alarm: { zh: '误报', en: 'False alarm' },
  duplicate: { zh: '重复警情', en: 'Duplicate' },
  cancelled: { zh: '报警人取消', en: 'Cancelled by caller' },
  drill_done: { zh: '演练结束', en: 'Drill finished' },
};
