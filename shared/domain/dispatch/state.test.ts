import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canMoveIncident, deriveIncidentState, incidentMoveRefusal, incidentStates, incidentTransitions, type IncidentFacts, type IncidentState } from './incident-state';
import { canMoveUnit, dispatchRefusal, unitMoveRefusal, unitStatuses, unitStatusRefusal, unitTransitions, type UnitStatus } from './unit-state';

/** A tiny machine over the table: applies a move only if allowed, as the service does. */
function walk<S extends string>(start: S, moves: S[], table: Record<S, readonly S[]>): { state: S; visited: S[] } {
  let state = start;
  const visited = [state];
  for (const to of moves) {
    const before = state;
    if (table[state].includes(to)) state = to;
    else expect(state).toBe(before);
    visited.push(state);
  }
  return { state, visited };
}

describe('incident state machine', () => {
  it('the happy path is allowed step by step', () => {
    const path: IncidentState[] = ['new', 'dispatched', 'en_route', 'on_scene', 'handling', 'closed'];
    for (let i = 0; i + 1 < path.length; i++) expect(canMoveIncident(path[i], path[i + 1])).toBe(true);
  });
  it('closed is final and going backwards is refused with a reason', () => {
    for (const s of incidentStates) expect(canMoveIncident('closed', s)).toBe(false);
    expect(incidentMoveRefusal('on_scene', 'dispatched')).toMatch(/cannot go to 已派警/);
    expect(incidentMoveRefusal('new', 'handling')).toMatch(/next can be: 已派警 \(dispatched\), 已结束 \(closed\)/);
  });
  it('property: random move sequences only ever visit states reachable by the table', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...incidentStates), { maxLength: 40 }), (moves) => {
        const { visited } = walk<IncidentState>('new', moves, incidentTransitions);
        for (let i = 1; i < visited.length; i++) {
          if (visited[i] !== visited[i - 1]) expect(incidentTransitions[visited[i - 1]]).toContain(visited[i]);
        }
      }),
    );
  });
  it('property: every pair is either in the table or refused with a message', () => {
    fc.assert(
      fc.property(fc.constantFrom(...incidentStates), fc.constantFrom(...incidentStates), (a, b) => {
        expect(incidentMoveRefusal(a, b) === null).toBe(incidentTransitions[a].includes(b));
      }),
    );
  });
});

describe('incident state derived from its facts', () => {
  // Random facts in the order they can happen; the derived sequence must only take steps the table allows.
  type Step = 'dispatch' | 'depart' | 'arrive' | 'handle' | 'recall' | 'close';
  const steps: Step[] = ['dispatch', 'depart', 'arrive', 'handle', 'recall', 'close'];
  function apply(f: IncidentFacts, step: Step, t: number): IncidentFacts {
    if (f.closedAt !== null) return f;
    const active = [...f.active];
    switch (step) {
      case 'dispatch': return { ...f, active: [...active, { enRouteAt: null, arrivedAt: null }] };
      case 'depart': return active.length ? { ...f, active: [{ ...active[0], enRouteAt: t }, ...active.slice(1)] } : f;
      case 'arrive': return active.length ? { ...f, firstArrivalAt: f.firstArrivalAt ?? t, active: [{ ...active[0], arrivedAt: t }, ...active.slice(1)] } : f;
      case 'handle': return f.firstArrivalAt !== null && active.some((a) => a.arrivedAt !== null) ? { ...f, handlingAt: f.handlingAt ?? t } : f;
      case 'recall': return { ...f, active: active.slice(1) };
      case 'close': return { ...f, closedAt: t };
    }
  }
  it('property: any order of dispatches, departures, arrivals, recalls and closure moves only along the table', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...steps), { maxLength: 30 }), (seq) => {
        let facts: IncidentFacts = { closedAt: null, firstArrivalAt: null, handlingAt: null, active: [] };
        let state = deriveIncidentState(facts);
        expect(state).toBe('new');
        seq.forEach((step, i) => {
          facts = apply(facts, step, i + 1);
          const next = deriveIncidentState(facts);
          if (next !== state) expect(canMoveIncident(state, next), `${state} -> ${next} after ${step}`).toBe(true);
          state = next;
        });
      }),
      { numRuns: 500 },
    );
  });
  it('an arrival is never undone by a recall', () => {
    expect(deriveIncidentState({ closedAt: null, firstArrivalAt: 5, handlingAt: null, active: [] })).toBe('on_scene');
    expect(deriveIncidentState({ closedAt: null, firstArrivalAt: null, handlingAt: null, active: [] })).toBe('new');
  });
});

describe('unit status machine', () => {
  it('off duty only from a free status; never from the middle of an incident', () => {
    expect(canMoveUnit('available', 'off_duty')).toBe(true);
    for (const s of ['en_route', 'on_scene', 'handling'] as UnitStatus[]) expect(canMoveUnit(s, 'off_duty')).toBe(false);
    expect(unitMoveRefusal('en_route', 'off_duty')).toMatch(/cannot become 下班/);
  });
  it('every status has a way back to 可用', () => {
    for (const s of unitStatuses) {
      const seen = new Set<UnitStatus>([s]);
      const queue = [s];
      while (queue.length) for (const n of unitTransitions[queue.shift()!]) if (!seen.has(n)) { seen.add(n); queue.push(n); }
      expect(seen.has('available')).toBe(true);
    }
  });
  it('property: random sequences stay in the table; refused moves leave the status unchanged', () => {
    fc.assert(
      fc.property(fc.constantFrom(...unitStatuses), fc.array(fc.constantFrom(...unitStatuses), { maxLength: 40 }), (start, moves) => {
        const { visited } = walk<UnitStatus>(start, moves, unitTransitions);
        for (let i = 1; i < visited.length; i++) {
          if (visited[i] !== visited[i - 1]) expect(unitTransitions[visited[i - 1]]).toContain(visited[i]);
          expect(unitStatuses).toContain(visited[i]);
        }
      }),
    );
  });
  it('dispatch refusals name the reason', () => {
    expect(dispatchRefusal({ id: 'U1', callsign: '特巡1', status: 'off_duty', incidentId: null })).toBe('特巡1 (U1) is 下班 (off_duty)');
    expect(dispatchRefusal({ id: 'U1', status: 'unavailable', incidentId: null })).toMatch(/不可用/);
    expect(dispatchRefusal({ id: 'U1', status: 'en_route', incidentId: 'JQ-1' })).toMatch(/already 途中 \(en_route\) on incident JQ-1/);
    expect(dispatchRefusal({ id: 'U1', status: 'patrolling', incidentId: 'JQ-2' })).toMatch(/already assigned to incident JQ-2/);
    expect(dispatchRefusal({ id: 'U1', status: 'patrolling', incidentId: null, onDuty: false })).toMatch(/no crew on duty/);
    expect(dispatchRefusal({ id: 'U1', status: 'patrolling', incidentId: null })).toBeNull();
  });
  it('a busy status needs an incident, and an assigned unit may not clock off', () => {
    expect(unitStatusRefusal({ id: 'U1', status: 'available', incidentId: null }, 'en_route')).toMatch(/on no incident.*dispatch it/);
    expect(unitStatusRefusal({ id: 'U1', status: 'available', incidentId: 'JQ-1' }, 'en_route')).toBeNull();
    expect(unitStatusRefusal({ id: 'U1', status: 'available', incidentId: 'JQ-1' }, 'off_duty')).toMatch(/still assigned to incident JQ-1/);
    expect(unitStatusRefusal({ id: 'U1', status: 'handling', incidentId: 'JQ-1' }, 'off_duty')).toMatch(/cannot become 下班/);
  });
});
