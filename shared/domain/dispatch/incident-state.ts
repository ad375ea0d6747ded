// The incident's life: 新警情 → 已派警 → 途中 → 到场 → 处置中 → 已结束, as a transition table.

export const incidentStates = ['new', 'dispatched', 'en_route', 'on_scene', 'handling', 'closed'] as const;
export type IncidentState = (typeof incidentStates)[number];

export const incidentStateLabels: Record<IncidentState, string> = {
  new: '新警情',
  dispatched: '已派警',
  en_route: '途中',
  on_scene: '到场',
  handling: '处置中',
  closed: '已结束',
};

// Skipping 途中 is allowed (a unit can report arrival without having reported departure);
// closing from any open state is allowed (false alarm, duplicate, cancelled by the caller).
export const incidentTransitions: Record<IncidentState, readonly IncidentState[]> = {
  new: ['dispatched', 'closed'],
  dispatched: ['en_route', 'on_scene', 'closed'],
  en_route: ['on_scene', 'closed'],
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
  if (from === 'closed') return `the incident is already ${incidentStateLabels.closed} (closed)`;
  const allowed = incidentTransitions[from].map((s) => `${incidentStateLabels[s]} (${s})`).join(', ');
  return `an incident in ${incidentStateLabels[from]} (${from}) cannot go to ${incidentStateLabels[to]} (${to}); next can be: ${allowed}`;
}

const order: Record<IncidentState, number> = { new: 0, dispatched: 1, en_route: 2, on_scene: 3, handling: 4, closed: 5 };

/** True when `state` is at or past `mark` on the way to closure (e.g. an arrival already counted). */
export const reached = (state: IncidentState, mark: IncidentState): boolean => order[state] >= order[mark];

export const outcomes = ['resolved', 'arrested', 'referred', 'false_alarm', 'duplicate', 'cancelled', 'drill_done'] as const;
export type Outcome = (typeof outcomes)[number];
export const outcomeLabels: Record<Outcome, string> = {
  resolved: '已处置',
  arrested: '已抓获',
  referred: '移交处理',
  false_alarm: '误报',
  duplicate: '重复警情',
  cancelled: '报警人取消',
  drill_done: '演练结束',
};
