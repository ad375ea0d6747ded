import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bandAt, compareQueue, countdown, formatCountdown, secondEchelonAt, secondEchelonDue, type QueuedIncident } from './queue';
import { incidentStates } from './incident-state';
import { responseTimes } from './metrics';
import { rankUnits, ROAD_MIN_REACHED, ROAD_SEARCH_MARGIN_S, type CandidateUnit } from './recommend';
import { straightLineSeconds, chinaHourOf } from './eta';
import { destination } from './geometry';

const T0 = Date.UTC(2026, 11, 3, 2, 0, 0);
const inc = (over: Partial<QueuedIncident> = {}): QueuedIncident => ({
  id: 'A', state: 'new', intakeAt: T0, deadlineAt: T0 + 180_000, budgetS: 180, firstArrivalAt: null, ...over,
});

describe('countdown', () => {
  it('formats mm:ss and negative once overdue', () => {
    expect(formatCountdown(180_000)).toBe('03:00');
    expect(formatCountdown(59_400)).toBe('00:59');
    expect(formatCountdown(-400)).toBe('-00:01');
    expect(formatCountdown(-61_000)).toBe('-01:01');
  });
  it('bands move green → amber → red → overdue', () => {
    expect(countdown(inc(), T0).band).toBe('green');
    expect(countdown(inc(), T0 + 100_000).band).toBe('amber');
    expect(countdown(inc(), T0 + 130_000).band).toBe('red');
    expect(countdown(inc(), T0 + 181_000).band).toBe('overdue');
  });
  it('second echelon rises at 30 % left while nobody is on the way, not after', () => {
    expect(secondEchelonAt(inc())).toBe(T0 + 126_000);
    expect(countdown(inc(), T0 + 125_999).secondEchelon).toBe(false);
    expect(countdown(inc(), T0 + 126_000).secondEchelon).toBe(true);
    expect(countdown(inc({ state: 'dispatched' }), T0 + 150_000).secondEchelon).toBe(true);
    expect(countdown(inc({ state: 'en_route' }), T0 + 150_000).secondEchelon).toBe(false);
  });
  it('freezes at closure without an arrival, neither met nor missed', () => {
    expect(countdown(inc({ state: 'closed', closedAt: T0 + 20_000 }), T0 + 999_000)).toMatchObject({ remainingMs: 160_000, band: 'closed', secondEchelon: false });
  });
  it('freezes at first arrival: met or missed', () => {
    expect(countdown(inc({ state: 'on_scene', firstArrivalAt: T0 + 170_000 }), T0 + 999_000)).toMatchObject({ remainingMs: 10_000, band: 'met', text: '00:10' });
    expect(countdown(inc({ state: 'on_scene', firstArrivalAt: T0 + 190_000 }), T0 + 999_000).band).toBe('missed');
  });
  it('the band and flag the queue asks for each second agree with countdown(), for any incident at any instant', () => {
    // Whole seconds, so the band edges and the second-echelon instant come up exactly.
    const anInstant = fc.integer({ min: -600, max: 900 }).map((s) => T0 + s * 1000);
    fc.assert(fc.property(
      fc.constantFrom(...incidentStates), fc.constantFrom(60, 180, 300), fc.option(anInstant, { freq: 2 }), fc.option(anInstant, { freq: 2 }), fc.boolean(), anInstant,
      (state, budgetS, firstArrivalAt, closedAt, omitClosed, now) => {
        const i = inc({ state, budgetS, deadlineAt: T0 + budgetS * 1000, firstArrivalAt, ...(omitClosed ? {} : { closedAt }) });
        const c = countdown(i, now);
        expect(bandAt(i, now)).toBe(c.band);
        expect(secondEchelonDue(i, now)).toBe(c.secondEchelon);
      },
    ), { numRuns: 2000 });
    // And at every edge exactly: arrival or closure on the deadline, each second around the band edges.
    for (const edge of [{ firstArrivalAt: T0 + 60_000 }, { closedAt: T0 + 60_000 }, { firstArrivalAt: T0 + 59_999 }, {}]) {
      for (let s = -5; s <= 65; s++) {
        const i = inc({ budgetS: 60, deadlineAt: T0 + 60_000, ...edge });
        const now = T0 + s * 1000;
        expect([bandAt(i, now), secondEchelonDue(i, now)]).toEqual([countdown(i, now).band, countdown(i, now).secondEchelon]);
      }
    }
  });
  it('queue orders waiting incidents by time left, arrived ones after', () => {
    const a = inc({ id: 'A', deadlineAt: T0 + 300_000 });
    const b = inc({ id: 'B', intakeAt: T0 + 60_000, deadlineAt: T0 + 120_000 });
    const c = inc({ id: 'C', deadlineAt: T0 + 60_000, firstArrivalAt: T0 + 50_000, state: 'on_scene' });
    expect([a, c, b].sort(compareQueue).map((i) => i.id)).toEqual(['B', 'A', 'C']);
  });
});

describe('closure metrics', () => {
  it('keeps the three intervals and budget verdict', () => {
    expect(responseTimes({ intakeAt: T0, deadlineAt: T0 + 60_000, firstDispatchAt: T0 + 15_000, firstArrivalAt: T0 + 55_000 })).toEqual({
      intakeToDispatchS: 15, dispatchToFirstArrivalS: 40, intakeToFirstArrivalS: 55, budgetMet: true,
    });
    expect(responseTimes({ intakeAt: T0, deadlineAt: T0 + 60_000, firstDispatchAt: T0 + 15_000, firstArrivalAt: T0 + 61_000 }).budgetMet).toBe(false);
    expect(responseTimes({ intakeAt: T0, deadlineAt: T0 + 60_000, firstDispatchAt: null, firstArrivalAt: null })).toEqual({
      intakeToDispatchS: null, dispatchToFirstArrivalS: null, intakeToFirstArrivalS: null, budgetMet: null,
    });
  });
});

describe('recommendation', () => {
  const p = { lat: 26.89, lon: 102.11 };
  const at = (id: string, m: number, over: Partial<CandidateUnit> = {}): CandidateUnit => ({
    id, callsign: id, kind: 'station-patrol-car', mode: 'car', status: 'available', incidentId: null, ...destination(p, 0, m), ...over,
  });
  const units = [
    at('far-car', 2000),
    at('near-foot', 300, { mode: 'foot', kind: 'foot-patrol' }),
    at('mid-moto', 800, { mode: 'motorcycle', kind: 'traffic-motorcycle', status: 'patrolling' }),
    at('off', 10, { status: 'off_duty' }),
    at('broken', 10, { status: 'unavailable' }),
    at('busy', 10, { status: 'en_route', incidentId: 'JQ-9' }),
    { ...at('nopos', 0), lat: null, lon: null },
  ];
  const rec = rankUnits({ point: p, units, budgetS: 180, remainingS: 150, hour: 10 });
  it('ranks by ETA, not distance: the motorcycle at 800 m beats the walker at 300 m', () => {
    expect(rec.method).toBe('straight-line');
    expect(rec.ranked.map((r) => r.unitId)).toEqual(['mid-moto', 'near-foot', 'far-car']);
    expect(rec.ranked[0].etaS).toBeCloseTo(straightLineSeconds(units[2] as never, p, 'motorcycle'), 6);
  });
  it('compares each ETA with the budget and the time left', () => {
    const moto = rec.ranked[0];
    expect(moto.etaS! < 150).toBe(true);
    expect(moto.withinDeadline && moto.withinBudget).toBe(true);
    const car = rec.ranked[2];
    expect(car.etaS! > 300).toBe(true);
    expect(car.withinBudget).toBe(false);
  });
  it('excludes off-duty, unavailable, busy and unlocated units with the reason', () => {
    const reasons = Object.fromEntries(rec.excluded.map((e) => [e.unitId, e.reason]));
    expect(reasons.off).toMatch(/下班/);
    expect(reasons.broken).toMatch(/不可用/);
    expect(reasons.busy).toMatch(/JQ-9/);
    expect(reasons.nopos).toMatch(/no position/);
  });
  it('uses the road source when given and says so; null ETAs rank last; a failing source falls back with the reason', () => {
    const road = { etaFromUnits: (_p: unknown, us: readonly { id: string }[]) => us.map((u) => ({ unitId: u.id, etaS: u.id === 'far-car' ? 30 : u.id === 'mid-moto' ? null : 100 })) };
    const r = rankUnits({ point: p, units, budgetS: 180, remainingS: 150, hour: 10, road });
    expect(r.method).toBe('road');
    expect(r.fallbackReason).toBeNull();
    expect(r.ranked.map((x) => x.unitId)).toEqual(['far-car', 'near-foot', 'mid-moto']);
    expect(r.ranked[2].withinDeadline).toBe(false);
    const broken = { etaFromUnits: () => { throw new Error('graph not loaded'); } };
    const f = rankUnits({ point: p, units, budgetS: 180, remainingS: 150, hour: 10, road: broken });
    expect(f.method).toBe('straight-line');
    expect(f.fallbackReason).toMatch(/graph not loaded/);
    expect(f.ranked.map((x) => x.unitId)).toEqual(['mid-moto', 'near-foot', 'far-car']);
    const offRoads = { etaFromUnits: (_p: unknown, us: readonly { id: string }[]) => us.map((u) => ({ unitId: u.id, etaS: null })) };
    const o = rankUnits({ point: p, units, budgetS: 180, remainingS: 150, hour: 10, road: offRoads });
    expect(o.method).toBe('straight-line');
    expect(o.fallbackReason).toMatch(/off the roads/);
  });
  it('asks the road source to search the budget (or the time left) plus a margin, and to time at least the listed units', () => {
    const asked: unknown[] = [];
    const road = { etaFromUnits: (_p: unknown, us: readonly { id: string }[], o?: unknown) => { asked.push(o); return us.map((u) => ({ unitId: u.id, etaS: 1 })); } };
    rankUnits({ point: p, units, budgetS: 180, remainingS: 150, hour: 10, road });
    rankUnits({ point: p, units, budgetS: 60, remainingS: 400, hour: 10, road, limit: 25 });
    expect(asked).toEqual([
      { hour: 10, cutoffS: 180 + ROAD_SEARCH_MARGIN_S, minReached: ROAD_MIN_REACHED },
      { hour: 10, cutoffS: 400 + ROAD_SEARCH_MARGIN_S, minReached: 25 },
    ]);
  });
  it('units beyond the road search get a straight-line estimate marked as such, at least the search limit, ranked after road times and never on time', () => {
    const beyond = 300;
    const road = { etaFromUnits: (_p: unknown, us: readonly { id: string }[]) => us.map((u) => (u.id === 'far-car' ? { unitId: u.id, etaS: 250 } : { unitId: u.id, etaS: null, beyondS: beyond })) };
    const r = rankUnits({ point: p, units, budgetS: 180, remainingS: 150, hour: 10, road });
    expect(r.method).toBe('road');
    expect(r.roadSearchS).toBe(beyond);
    // Both estimates are held at the 300 s the road search proved; the nearer unit comes first.
    expect(r.ranked.map((x) => [x.unitId, x.etaBasis])).toEqual([['far-car', 'road'], ['near-foot', 'beyond-road-search'], ['mid-moto', 'beyond-road-search']]);
    const foot = r.ranked.find((x) => x.unitId === 'near-foot')!;
    expect(foot.etaS).toBeCloseTo(Math.max(beyond, straightLineSeconds(units[1] as never, p, 'foot')), 6);
    const moto = r.ranked.find((x) => x.unitId === 'mid-moto')!;
    // Its straight line alone (~140 s) would be on time; the road search proved it takes more than 300 s.
    expect(straightLineSeconds(units[2] as never, p, 'motorcycle')).toBeLessThan(150);
    expect(moto).toMatchObject({ etaS: beyond, withinDeadline: false, withinBudget: false });
    expect(r.fallbackReason).toMatch(/2 of the units listed are not reached within 5 min by road/);
    // When the list shown holds road times only, nothing is said about the units cut off.
    const top = rankUnits({ point: p, units, budgetS: 180, remainingS: 150, hour: 10, road, limit: 1 });
    expect(top.ranked.map((x) => x.etaBasis)).toEqual(['road']);
    expect(top.fallbackReason).toBeNull();
    // Nobody reached at all: the whole recommendation falls back, saying how far the road search went.
    const none = { etaFromUnits: (_p: unknown, us: readonly { id: string }[]) => us.map((u) => ({ unitId: u.id, etaS: null, beyondS: 1800 })) };
    const n = rankUnits({ point: p, units, budgetS: 180, remainingS: 150, hour: 10, road: none });
    expect(n.method).toBe('straight-line');
    expect(n.ranked.every((x) => x.etaBasis === 'straight-line')).toBe(true);
    expect(n.fallbackReason).toMatch(/no unit reaches the point within 30 min on the road network/);
  });
  it('the hour reaches the road source; limits cut both lists but the excluded count stays whole', () => {
    const hours: number[] = [];
    rankUnits({ point: p, units, budgetS: 180, remainingS: 150, hour: 7.5, road: { etaFromUnits: (_p, us, o) => { hours.push(o!.hour!); return us.map((u) => ({ unitId: u.id, etaS: 1 })); } } });
    expect(hours).toEqual([7.5]);
    const cut = rankUnits({ point: p, units, budgetS: 180, remainingS: 150, hour: 10, limit: 1 });
    expect(cut.ranked).toHaveLength(1);
    expect(cut.excluded).toHaveLength(1);
    expect(cut.excludedCount).toBe(4);
  });
  it('a unit the roster says has no crew on duty is excluded with that reason', () => {
    const r = rankUnits({ point: p, units: [at('nocrew', 50, { onDuty: false }), at('crewed', 900, { onDuty: true })], budgetS: 180, remainingS: 150, hour: 10 });
    expect(r.ranked.map((x) => x.unitId)).toEqual(['crewed']);
    expect(r.excluded[0].reason).toMatch(/no crew on duty/);
  });
  it('China hour is UTC+8 whatever the PC zone', () => {
    expect(chinaHourOf(Date.UTC(2026, 0, 1, 23, 30))).toBeCloseTo(7.5, 9);
  });
});
