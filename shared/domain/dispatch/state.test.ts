import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canMoveIncident, deriveIncidentState, incidentMoveRefusal, incidentStateLabels, incidentStates, type IncidentFacts, type IncidentState } from './incident-state';
import { canMoveUnit, dispatchRefusal, unitMoveRefusal, unitStatuses, unitStatusLabels, unitStatusRefusal, unitTransitions, type UnitStatus } from './unit-state';

/**
 * The transition tables as the doctrine states them, written out here independently of the code's tables:
 * one row per from-state, one character per to-state in the order of the state list, 'x' = allowed.
 */
function expectedPairs<S extends string>(states: readonly S[], rows: Record<S, string>): Set<string> {
  const allowed = new Set<string>();
  for (const from of states) {
    expect(rows[from], `row ${from}`).toHaveLength(states.length);
    [...rows[from]].forEach((c, i) => { if (c === 'x') allowed.add(`${from}>${states[i]}`); });
  }
  return allowed;
}

// 新警情 → 已派警 → 途中 → 到场 → 处置中 → 已结束; 途中 may be skipped; before the first arrival a recall steps
// back; an arrival is never undone; any open incident may be closed.
//                 new dispatched en_route on_scene handling closed
const incidentExpected = expectedPairs(incidentStates, {
  new: '.x...x',
  dispatched: 'x.xx.x',
  en_route: 'xx.x.x',
  on_scene: '....xx',
  handling: '.....x',
  closed: '......',
});

// Free (可用, 巡逻) units may be sent, go unavailable or off duty; busy ones move on or are released, never off
// duty mid-incident; 处置中 may step back to 到场; 不可用 and 下班 return to a free status (不可用 may clock off).
//                 available patrolling en_route on_scene handling unavailable off_duty
const unitExpected = expectedPairs(unitStatuses, {
  available: '.xxx.xx',
  patrolling: 'x.xx.xx',
  en_route: 'xx.x.x.',
  on_scene: 'xx..xx.',
  handling: 'xx.x.x.',
  unavailable: 'xx....x',
  off_duty: 'xx.....',
});

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
  // All 36 pairs, not a sample: the space is small enough to check whole.
  it('every (from, to) pair is allowed exactly when the doctrine table says so, and a refusal names both states and what may come next', () => {
    for (const a of incidentStates) for (const b of incidentStates) {
      const allowed = incidentExpected.has(`${a}>${b}`);
      expect(canMoveIncident(a, b), `${a} -> ${b}`).toBe(allowed);
      const refusal = incidentMoveRefusal(a, b);
      if (allowed) expect(refusal).toBeNull();
      else if (a === 'closed') expect(refusal).toBe('the incident is already 已结束 (closed)');
      else {
        expect(refusal).toContain(`an incident in ${incidentStateLabels[a].zh} (${a}) cannot go to ${incidentStateLabels[b].zh} (${b})`);
        const next = incidentStates.filter((s) => incidentExpected.has(`${a}>${s}`)).map((s) => `${incidentStateLabels[s].zh} (${s})`);
        expect(refusal!.slice(refusal!.indexOf('next can be: ') + 13).split(', ').sort()).toEqual(next.sort());
      }
    }
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
  it('every (from, to) pair is allowed exactly when the doctrine table says so (staying put too); a refusal names both and what may come next', () => {
    for (const a of unitStatuses) for (const b of unitStatuses) {
      const allowed = unitExpected.has(`${a}>${b}`);
      expect(canMoveUnit(a, b), `${a} -> ${b}`).toBe(allowed);
      const refusal = unitMoveRefusal(a, b);
      if (allowed || a === b) expect(refusal).toBeNull();
      else {
        expect(refusal).toContain(`a unit that is ${unitStatusLabels[a].zh} (${a}) cannot become ${unitStatusLabels[b].zh} (${b})`);
        const next = unitStatuses.filter((s) => unitExpected.has(`${a}>${s}`)).map((s) => `${unitStatusLabels[s].zh} (${s})`);
        expect(refusal!.slice(refusal!.indexOf('next can be: ') + 13).split(', ').sort()).toEqual(next.sort());
      }
    }
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
