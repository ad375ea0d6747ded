import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canMoveIncident, incidentMoveRefusal, incidentStates, incidentTransitions, type IncidentState } from './incident-state';
import { canMoveUnit, dispatchRefusal, unitMoveRefusal, unitStatuses, unitTransitions, type UnitStatus } from './unit-state';

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
    expect(dispatchRefusal({ id: 'U1', callsign: '特巡1', status: 'off_duty' })).toBe('特巡1 (U1) is 下班 (off duty)');
    expect(dispatchRefusal({ id: 'U1', status: 'unavailable' })).toMatch(/不可用/);
    expect(dispatchRefusal({ id: 'U1', status: 'en_route', incidentId: 'JQ-1' })).toMatch(/already 途中 \(en_route\) on incident JQ-1/);
    expect(dispatchRefusal({ id: 'U1', status: 'patrolling' })).toBeNull();
  });
});
