// The dispatch module in a real host on a real SQLite file: intake, tiers, dispatch, statuses, closure, orders, audit.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { IncidentView, OrderView, Recommendation, UnitPositionBatch, UnitView } from '../../../shared/contract/dispatch';
import { destination } from '../../../shared/domain/dispatch/geometry';
import { straightLineSeconds } from '../../../shared/domain/dispatch/eta';
import { createFakeClock } from '../clock';
import { openDatabase } from '../db/open';
import { migrations } from '../db/migrations';
import type { GeoModule } from '../geo/geo-module';
import { createDispatchService, type DispatchEvent } from './service';
import { OUTSIDE_ZONES, openTestHall, quietLog, T0, tempDataDir, type TestHall } from './test-kit';

let dir: string;
let hall: TestHall;
beforeEach(() => {
  dir = tempDataDir();
  hall = openTestHall(dir);
});
afterEach(async () => {
  await hall.host.close();
  rmSync(dir, { recursive: true, force: true });
});

const auditActions = (): string[] => hall.host.audit.recent(1000).reverse().map((r) => r.action);
const intake = (over: Record<string, unknown> = {}) =>
  hall.call('incidents.create', { type: 'knife-attack', source: '110', location: OUTSIDE_ZONES, ...over } as never);

describe('intake and tier', () => {
  it('a point in no zone is tier 5: five minutes from intake, the schema holds, and the audit row is written', async () => {
    const inc = await intake({ caller: { name: '张先生', phone: '13800000000' }, notes: '两人持刀' });
    expect(IncidentView.parse(inc)).toBeTruthy();
    expect(inc).toMatchObject({ id: 'JQ-20261203-0001', tier: 5, derivedTier: 5, zoneTargetId: null, state: 'new', version: 1, priority: 2, override: null });
    expect(Date.parse(inc.deadline) - T0).toBe(300_000);
    expect(Date.parse(inc.secondEchelonAt) - T0).toBe(210_000);
    expect(auditActions()).toContain('incident.create');
    expect(hall.events.filter((e) => e.event === 'incident.changed')).toHaveLength(1);
  });

  it('inside the party-government polygon (a core site) is tier 1, on its edge too; picking a school target gives 3', async () => {
    const core = await intake({ location: { lat: 26.8905, lon: 102.1117 } });
    expect(core).toMatchObject({ tier: 1, zoneTargetId: 'T-001', zoneTargetName: '中共米易县委 米易县人民政府' });
    expect(Date.parse(core.deadline) - T0).toBe(60_000);
    // The zone polygon's south edge, halfway along it.
    const edge = await intake({ location: { lat: 26.889212, lon: 102.1115 } });
    expect(edge.tier).toBe(1);
    // The railway station sits far from the core: its own 300 m circle makes it 3.
    const school = await intake({ location: { targetId: 'T-053' } });
    expect(school).toMatchObject({ tier: 3, location: { targetId: 'T-053', targetName: '米易站', lat: 26.892265, lon: 102.099682 } });
  });

  it('just outside a circular zone is 5, just inside is 3', async () => {
    const station = { lat: 26.892265, lon: 102.099682 };
    expect((await intake({ location: destination(station, 270, 299.9) })).tier).toBe(3);
    expect((await intake({ location: destination(station, 270, 300.5) })).tier).toBe(5);
  });

  it('refuses missing and impossible fields, each named, and records nothing', async () => {
    const before = auditActions().length;
    const missing = await hall.refused('incidents.create', { location: {} });
    expect(missing.code).toBe('BAD_INPUT');
    expect(missing.issues!.map((i) => i.path).sort()).toEqual(['location.lat', 'location.lon', 'source', 'type']);
    const swapped = await hall.refused('incidents.create', { type: 'traffic', source: '110', location: { lat: 102.11, lon: 26.89 } });
    expect(swapped.issues).toEqual([{ path: 'location.lat', message: expect.stringMatching(/swapped/) }]);
    const both = await hall.refused('incidents.create', { type: 'traffic', source: '110', location: { targetId: 'T-001', lat: 26.89, lon: 102.11 } });
    expect(both.issues![0]).toMatchObject({ path: 'location.targetId', message: expect.stringMatching(/not both/) });
    const domain = await hall.refused('incidents.create', { type: 'parking', source: '110', location: { lat: 0.1, lon: 0.1 }, receivedAt: T0 + 3_600_000 });
    expect(domain.code).toBe('BAD_INPUT');
    expect(domain.issues!.map((i) => i.path)).toEqual(['type', 'location', 'receivedAt']);
    expect(domain.message).toMatch(/unknown incident type "parking"/);
    expect(domain.message).toMatch(/km from the county seat/);
    expect(domain.message).toMatch(/in the future/);
    const target = await hall.refused('incidents.create', { type: 'traffic', source: 'fax', location: { targetId: 'T-999' } });
    expect(target.issues![0]).toMatchObject({ path: 'source' });
    const target2 = await hall.refused('incidents.create', { type: 'traffic', source: 'patrol', location: { targetId: 'T-999' } });
    expect(target2.issues).toEqual([{ path: 'location.targetId', message: expect.stringMatching(/no key target T-999/) }]);
    expect(auditActions().length).toBe(before);
    expect((await hall.call('incidents.list', {})).incidents).toEqual([]);
  });

  it('the 110 call time starts the countdown; the commander overrides the tier with a reason, and the derived one stays', async () => {
    const inc = await intake({ receivedAt: new Date(T0 - 30_000).toISOString(), tierOverride: { tier: 3, reason: '校门口放学' } });
    expect(inc).toMatchObject({ tier: 3, derivedTier: 5, override: { tier: 3, reason: '校门口放学', by: '110-gateway' } });
    expect(Date.parse(inc.intakeAt)).toBe(T0 - 30_000);
    expect(Date.parse(inc.deadline)).toBe(T0 - 30_000 + 180_000);
    const moved = await hall.call('incidents.overrideTier', { id: inc.id, version: inc.version, tier: 1, reason: '疑似暴恐' });
    expect(moved).toMatchObject({ tier: 1, derivedTier: 5, version: 2, override: { tier: 1, reason: '疑似暴恐' } });
    expect(Date.parse(moved.deadline)).toBe(T0 - 30_000 + 60_000);
    const back = await hall.call('incidents.overrideTier', { id: inc.id, version: 2, tier: 5, reason: '核实为一般纠纷' });
    expect(back).toMatchObject({ tier: 5, override: null });
    const noReason = await hall.refused('incidents.overrideTier', { id: inc.id, version: 3, tier: 1, reason: '' });
    expect(noReason.issues![0]).toMatchObject({ path: 'reason' });
    expect(auditActions().filter((a) => a === 'incident.overrideTier')).toHaveLength(2);
  });

  it('a stale version is a CONFLICT and changes nothing', async () => {
    const inc = await intake();
    await hall.call('incidents.edit', { id: inc.id, version: 1, notes: '嫌疑人已逃离' });
    const stale = await hall.refused('incidents.overrideTier', { id: inc.id, version: 1, tier: 1, reason: '升级' });
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/version 1, it is now 2/);
    expect((await hall.call('incidents.get', { id: inc.id })).tier).toBe(5);
  });

  it('the catalogue is editable; a used type can be retired but not removed; a retired type is refused at intake', async () => {
    await intake({ type: 'traffic' });
    const types = await hall.call('dispatch.catalogue', {});
    expect(types.map((t) => t.label)).toEqual(['暴恐', '个人极端', '持械打架', '持刀伤人', '驾车冲撞', '劫持人质', '爆炸', '群体性事件', '侵财', '交通事故', '其他']);
    const removed = await hall.refused('dispatch.setCatalogue', { types: types.filter((t) => t.code !== 'traffic') });
    expect(removed).toMatchObject({ code: 'REFUSED', message: expect.stringMatching(/traffic \(交通事故\) is used by incidents; retire it/) });
    const next = [...types.map((t) => (t.code === 'traffic' ? { ...t, active: false } : t)), { code: 'drunk', label: '醉酒滋事', labelEn: 'Drunken disorder', active: true }];
    expect((await hall.call('dispatch.setCatalogue', { types: next })).map((t) => t.code)).toContain('drunk');
    const retired = await hall.refused('incidents.create', { type: 'traffic', source: '110', location: OUTSIDE_ZONES });
    expect(retired.issues![0]).toMatchObject({ path: 'type', message: expect.stringMatching(/retired/) });
    expect((await intake({ type: 'drunk' })).typeLabel).toBe('醉酒滋事');
    expect(hall.events.some((e) => e.event === 'dispatch.catalogueChanged')).toBe(true);
  });
});

describe('units, recommendation and dispatch', () => {
  it('the sample units seed the unit table once, with their map positions', async () => {
    const { units } = await hall.call('units.list', {});
    expect(units).toHaveLength(37);
    expect(UnitView.array().parse(units)).toBeTruthy();
    expect(units.find((u) => u.id === 'U-001')).toMatchObject({ callsign: '特巡01', kind: 'special-patrol-car', mode: 'car', status: 'patrolling', lat: 26.878695, lon: 102.108296, positionAt: null });
    // The sample roster puts its officers on the sample units (crew-source.test.ts covers the link itself).
    expect(units.find((u) => u.id === 'U-001')!.crew).toMatchObject({ onDuty: true, shift: '白班 08:00-20:00' });
    expect(units.find((u) => u.id === 'U-026')!.crew).toBeNull();
    expect(units.find((u) => u.id === 'U-021')!.status).toBe('available');
    expect(auditActions().filter((a) => a === 'units.seed')).toHaveLength(1);
  });

  it('recommends by ETA against the budget (road network when the geo module runs), and excludes off-duty and unavailable units with the reason', async () => {
    const here = { lat: 26.878695, lon: 102.108296 };
    const inc = await intake({ location: destination(here, 0, 50) });
    await hall.call('units.setStatus', { id: 'U-015', status: 'unavailable', reason: '车辆故障' });
    await hall.call('units.setStatus', { id: 'U-017', status: 'off_duty' });
    const rec = await hall.call('incidents.recommend', { id: inc.id, limit: 40 });
    expect(Recommendation.parse(rec)).toBeTruthy();
    const roads = hall.host.modules.some((m) => m.name === 'geo');
    expect(rec).toMatchObject({ method: roads ? 'road' : 'straight-line', budgetS: 300, remainingS: 300 });
    // With 40 listed, a walker too far for the road search shows a marked straight-line estimate, and the panel says so.
    const estimated = rec.ranked.filter((r) => r.etaBasis === 'beyond-road-search');
    if (estimated.length) expect(rec.fallbackReason).toMatch(new RegExp(`^${estimated.length} of the units listed .*not reached within 30 min by road`));
    else expect(rec.fallbackReason).toBeNull();
    expect(estimated.every((r) => r.etaS! >= rec.roadSearchS! && !r.withinBudget)).toBe(true);
    // 特巡01 stands 50 m away: first either way.
    expect(rec.ranked[0].unitId).toBe('U-001');
    for (let i = 1; i < rec.ranked.length; i++) expect(rec.ranked[i].etaS ?? Infinity).toBeGreaterThanOrEqual(rec.ranked[i - 1].etaS!);
    expect(rec.ranked.every((r) => r.withinBudget === (r.etaS !== null && r.etaS <= 300))).toBe(true);
    const reasons = Object.fromEntries(rec.excluded.map((e) => [e.unitId, e.reason]));
    expect(reasons['U-015']).toMatch(/不可用/);
    expect(reasons['U-017']).toMatch(/下班/);
    expect(rec.ranked.map((r) => r.unitId)).not.toContain('U-015');
  });

  it('road ETAs use the hour in the hall zone, as coverage does: 10:00 China time is the 08:00 school run in Asia/Urumqi', async () => {
    const geo = hall.host.modules.find((m) => m.name === 'geo') as GeoModule;
    await geo.ready();
    const inc = await intake({ location: destination({ lat: 26.878695, lon: 102.108296 }, 45, 700) });
    const point = { lat: inc.location.lat, lon: inc.location.lon };
    const roadCar = async () => {
      const rec = await hall.call('incidents.recommend', { id: inc.id, limit: 40 });
      expect(rec.method).toBe('road');
      const r = rec.ranked.find((x) => x.mode === 'car' && x.etaBasis === 'road')!;
      const u = (await hall.call('units.list', {})).units.find((x) => x.id === r.unitId)!;
      return { etaS: r.etaS!, from: { lat: u.lat!, lon: u.lon! } };
    };
    const china = await roadCar();
    expect(china.etaS).toBeCloseTo(geo.service.travelTime(china.from, point, 'car', 10)!, 3);
    hall.host.settings.set({ hallZone: 'Asia/Urumqi' });
    const urumqi = await roadCar();
    const atEight = geo.service.travelTime(urumqi.from, point, 'car', 8)!;
    expect(urumqi.etaS).toBeCloseTo(atEight, 3);
    expect(atEight).toBeGreaterThan(geo.service.travelTime(urumqi.from, point, 'car', 10)! + 1);
  });

  it('without a road source the service ranks by straight line × the per-mode factor, and says so', () => {
    const db = openDatabase(join(dir, 'straight.db'), migrations);
    const here = { lat: 26.878695, lon: 102.108296 };
    const svc = createDispatchService({
      db, clock: createFakeClock(T0), audit: () => undefined, log: quietLog, targets: () => [], center: () => null, emit: () => undefined,
      seedUnits: () => [
        { id: 'car', callsign: '特巡01', kind: 'special-patrol-car', mode: 'car', station: null, status: 'patrolling', ...destination(here, 90, 900), sample: true },
        { id: 'moto', callsign: '铁骑01', kind: 'traffic-motorcycle', mode: 'motorcycle', station: null, status: 'patrolling', ...destination(here, 180, 1000), sample: true },
        { id: 'walker', callsign: '步巡01', kind: 'foot-patrol', mode: 'foot', station: null, status: 'available', ...destination(here, 0, 300), sample: true },
      ],
    });
    const inc = svc.createIncident({ type: 'other', priority: 2, source: '110', location: here }, 't');
    const rec = svc.recommend(inc.id, 10);
    expect(rec).toMatchObject({ method: 'straight-line', fallbackReason: null });
    // The motorcycle 1 km off beats the car at 900 m (35 vs 30 km/h, detour 1.3 vs 1.4) and the walker at 300 m.
    expect(rec.ranked.map((r) => r.unitId)).toEqual(['moto', 'car', 'walker']);
    expect(rec.ranked[0].etaS).toBeCloseTo(straightLineSeconds(destination(here, 180, 1000), here, 'motorcycle'), 6);
    db.close();
  });

  it('a failing road source falls back to straight lines with the reason', () => {
    const db = openDatabase(join(dir, 'fallback.db'), migrations);
    const svc = createDispatchService({
      db, clock: createFakeClock(T0), audit: () => undefined, log: quietLog, targets: () => [], center: () => null, emit: () => undefined,
      seedUnits: () => [{ id: 'car', callsign: '特巡01', kind: 'special-patrol-car', mode: 'car', station: null, status: 'patrolling', lat: 26.89, lon: 102.11, sample: true }],
      eta: { etaFromUnits: () => { throw new Error('No road network is loaded yet'); } },
    });
    const inc = svc.createIncident({ type: 'other', priority: 2, source: '110', location: { lat: 26.891, lon: 102.11 } }, 't');
    expect(svc.recommend(inc.id, 10)).toMatchObject({ method: 'straight-line', fallbackReason: expect.stringMatching(/No road network is loaded yet/) });
    db.close();
  });

  it('dispatches several units at once; a refused unit refuses the lot with each reason; the incident moves with its units', async () => {
    const inc = await intake();
    await hall.call('units.setStatus', { id: 'U-017', status: 'off_duty' });
    const lot = await hall.refused('incidents.dispatch', { id: inc.id, version: 1, unitIds: ['U-001', 'U-017', 'U-404'] });
    expect(lot.code).toBe('REFUSED');
    expect(lot.issues).toEqual([
      { path: 'unitIds.1', message: '铁骑03 (U-017) is 下班 (off_duty)' },
      { path: 'unitIds.2', message: 'no unit U-404' },
    ]);
    expect((await hall.call('incidents.get', { id: inc.id })).assignments).toEqual([]);

    hall.clock.advance(20_000);
    const sent = await hall.call('incidents.dispatch', { id: inc.id, version: 1, unitIds: ['U-001', 'U-015'] });
    expect(sent).toMatchObject({ state: 'dispatched', version: 2, firstDispatchAt: new Date(T0 + 20_000).toISOString() });
    expect(sent.assignments.map((a) => [a.unitId, a.callsign])).toEqual([['U-001', '特巡01'], ['U-015', '铁骑01']]);
    const busy = await hall.refused('incidents.dispatch', { id: inc.id, version: 2, unitIds: ['U-001'] });
    expect(busy.issues![0].message).toMatch(/already assigned to incident JQ-20261203-0001/);

    hall.clock.advance(10_000);
    const u1 = await hall.call('units.setStatus', { id: 'U-001', status: 'en_route' });
    expect(u1).toMatchObject({ status: 'en_route', incidentId: inc.id });
    expect((await hall.call('incidents.get', { id: inc.id })).state).toBe('en_route');
    hall.clock.advance(60_000);
    await hall.call('units.setStatus', { id: 'U-015', status: 'on_scene' });
    let now = await hall.call('incidents.get', { id: inc.id });
    expect(now).toMatchObject({ state: 'on_scene', firstArrivalAt: new Date(T0 + 90_000).toISOString() });
    await hall.call('units.setStatus', { id: 'U-015', status: 'handling' });
    now = await hall.call('incidents.get', { id: inc.id });
    expect(now.state).toBe('handling');

    hall.clock.advance(600_000);
    const closed = await hall.call('incidents.close', { id: inc.id, version: now.version, outcome: 'arrested', note: '嫌疑人已控制' });
    expect(closed).toMatchObject({
      state: 'closed', outcome: 'arrested', closureNote: '嫌疑人已控制', closedBy: '110-gateway',
      responseTimes: { intakeToDispatchS: 20, dispatchToFirstArrivalS: 70, intakeToFirstArrivalS: 90, budgetMet: true },
    });
    expect(closed.assignments.every((a) => a.releasedAt !== null)).toBe(true);
    const { units } = await hall.call('units.list', {});
    // Each unit goes back to what it was doing before dispatch (both were patrolling).
    expect(units.find((u) => u.id === 'U-001')).toMatchObject({ status: 'patrolling', incidentId: null });
    expect(units.find((u) => u.id === 'U-015')).toMatchObject({ status: 'patrolling', incidentId: null });
    expect(auditActions().filter((a) => a.startsWith('incident.') || a === 'unit.status')).toEqual([
      'incident.create', 'unit.status', 'incident.dispatch', 'unit.status', 'unit.status', 'unit.status', 'incident.close',
    ]);
    const again = await hall.refused('incidents.close', { id: inc.id, version: closed.version, outcome: 'resolved' });
    expect(again).toMatchObject({ code: 'REFUSED', message: expect.stringMatching(/already closed/) });
  });

  it('a unit cannot go en route without an incident, nor clock off while assigned; a recall steps the incident back', async () => {
    const noInc = await hall.refused('units.setStatus', { id: 'U-002', status: 'en_route' });
    expect(noInc).toMatchObject({ code: 'REFUSED', message: expect.stringMatching(/on no incident/) });
    const inc = await intake();
    const d = await hall.call('incidents.dispatch', { id: inc.id, version: 1, unitIds: ['U-002'] });
    expect((await hall.refused('units.setStatus', { id: 'U-002', status: 'off_duty' })).message).toMatch(/still assigned/);
    await hall.call('units.setStatus', { id: 'U-002', status: 'en_route' });
    const cur = await hall.call('incidents.get', { id: inc.id });
    expect(cur.version).toBe(d.version + 1);
    const back = await hall.call('incidents.recall', { id: inc.id, version: cur.version, unitId: 'U-002', reason: '改派更近警力' });
    expect(back).toMatchObject({ state: 'new' });
    expect(back.assignments[0].releaseReason).toBe('撤回：改派更近警力');
    const u = (await hall.call('units.list', {})).units.find((x) => x.id === 'U-002')!;
    expect(u).toMatchObject({ status: 'patrolling', incidentId: null });
    const badMove = await hall.refused('units.setStatus', { id: 'U-002', status: 'handling' });
    expect(badMove.message).toMatch(/cannot become 处置中/);
    const stale = await hall.refused('units.setStatus', { id: 'U-002', status: 'available', version: 1 });
    expect(stale.code).toBe('CONFLICT');
  });

  it('a drill closes with drill_done only; a closure without arrival keeps budgetMet null', async () => {
    const drill = await intake({ source: 'drill' });
    expect(drill.drill).toBe(true);
    expect((await hall.refused('incidents.close', { id: drill.id, version: 1, outcome: 'resolved' })).issues![0].path).toBe('outcome');
    const closed = await hall.call('incidents.close', { id: drill.id, version: 1, outcome: 'drill_done' });
    expect(closed.responseTimes).toEqual({ intakeToDispatchS: null, dispatchToFirstArrivalS: null, intakeToFirstArrivalS: null, budgetMet: null });
    const late = await intake();
    await hall.call('incidents.dispatch', { id: late.id, version: 1, unitIds: ['U-003'] });
    hall.clock.advance(301_000);
    await hall.call('units.setStatus', { id: 'U-003', status: 'on_scene' });
    const v = (await hall.call('incidents.get', { id: late.id })).version;
    expect((await hall.call('incidents.close', { id: late.id, version: v, outcome: 'resolved' })).responseTimes.budgetMet).toBe(false);
  });

  it('the queue lists open incidents by time left; arrived ones after', async () => {
    const five = await intake();
    hall.clock.advance(30_000);
    const one = await intake({ location: { targetId: 'T-001' } });
    const three = await intake({ location: { targetId: 'T-053' } });
    const q = await hall.call('incidents.list', {});
    expect(q.incidents.map((i) => i.id)).toEqual([one.id, three.id, five.id]);
    await hall.call('incidents.dispatch', { id: one.id, version: 1, unitIds: ['U-021'] });
    await hall.call('units.setStatus', { id: 'U-021', status: 'on_scene' });
    expect((await hall.call('incidents.list', { state: 'open' })).incidents.map((i) => i.id)).toEqual([three.id, five.id, one.id]);
    expect(q.now).toBe(new Date(T0 + 30_000).toISOString());
  });
});

describe('GPS positions', () => {
  it('are kept at once for recommendations, written and broadcast in one batch per 250 ms, latest per unit; older fixes are ignored', async () => {
    const inc = await intake();
    const at = (ms: number) => new Date(T0 + ms).toISOString();
    expect(await hall.call('units.reportPosition', { id: 'U-010', ...OUTSIDE_ZONES, at: at(-1000), speed: 40, heading: 90 })).toEqual({ accepted: true, reason: null });
    // A fix to 1e-11 degree: the hall keeps it whole, the screens get it to 1e-7 (about 1 cm).
    const lon = OUTSIDE_ZONES.lon + 0.00012345678;
    await hall.call('units.reportPosition', { id: 'U-010', lat: OUTSIDE_ZONES.lat, lon, at: at(-500) });
    const old = await hall.call('units.reportPosition', { id: 'U-010', ...OUTSIDE_ZONES, at: at(-2000) });
    expect(old).toMatchObject({ accepted: false, reason: expect.stringMatching(/not newer/) });
    expect((await hall.call('incidents.recommend', { id: inc.id, limit: 1 })).ranked[0].unitId).toBe('U-010');
    expect(hall.events.filter((e) => e.event === 'units.moved')).toHaveLength(0);
    hall.clock.advance(250);
    const moved = hall.events.filter((e) => e.event === 'units.moved');
    expect(moved).toHaveLength(1);
    expect(moved[0].payload).toEqual({ at: at(250), ids: ['U-010'], lat: [OUTSIDE_ZONES.lat], lon: [102.1301235], fixedAt: [T0 - 500], speed: [null], heading: [null] });
    expect(UnitPositionBatch.safeParse(moved[0].payload).success).toBe(true);
    const row = new Database(join(dir, 'kuaifan.db'), { readonly: true }).prepare('SELECT lat, lon, position_at FROM units WHERE id = ?').get('U-010');
    expect(row).toEqual({ lat: OUTSIDE_ZONES.lat, lon, position_at: T0 - 500 });
    const future = await hall.refused('units.reportPosition', { id: 'U-010', ...OUTSIDE_ZONES, at: at(120_000) });
    expect(future).toMatchObject({ code: 'BAD_INPUT', issues: [{ path: 'at' }] });
    expect((await hall.refused('units.reportPosition', { id: 'U-999', ...OUTSIDE_ZONES, at: at(0) })).code).toBe('NOT_FOUND');
    expect(auditActions().filter((a) => a.startsWith('unit'))).toEqual(['units.seed']);
  });
});

describe('framed-area orders', () => {
  it('selects every unit inside a rectangle, polygon or circle; one order to all; each acknowledgement tracked once', async () => {
    // 铁骑02 and 保安03 share a point by the bus station; 特巡04 and 步巡04 are a few hundred metres south.
    const circle = { kind: 'circle' as const, center: { lat: 26.896331, lon: 102.110687 }, radiusM: 50 };
    expect((await hall.call('units.inFrame', { frame: circle })).unitIds).toEqual(['U-016', 'U-028']);
    const rect = { kind: 'rectangle' as const, south: 26.892, west: 102.110, north: 26.8965, east: 102.111 };
    expect((await hall.call('units.inFrame', { frame: rect })).unitIds).toEqual(['U-004', 'U-016', 'U-025', 'U-028']);
    const poly = { kind: 'polygon' as const, points: [{ lat: 26.892, lon: 102.110 }, { lat: 26.8965, lon: 102.110 }, { lat: 26.8965, lon: 102.111 }, { lat: 26.892, lon: 102.111 }] };
    expect((await hall.call('units.inFrame', { frame: poly })).unitIds).toEqual(['U-004', 'U-016', 'U-025', 'U-028']);
    const badRect = await hall.refused('units.inFrame', { frame: { ...rect, south: 27 } });
    expect(badRect.issues![0]).toMatchObject({ path: 'frame.south' });

    // The commander takes 特巡04 out of the selection before sending.
    const order = await hall.call('orders.create', { unitIds: ['U-016', 'U-025', 'U-028'], text: '封控汽车站南出口', target: { lat: 26.8961, lon: 102.1109 }, frame: rect });
    expect(OrderView.parse(order)).toMatchObject({ id: 'ZL-20261203-001', acknowledged: 0, total: 3, frame: rect });
    hall.clock.advance(5_000);
    const acked = await hall.call('orders.ack', { id: order.id, unitId: 'U-025', note: '收到' });
    expect(acked.acknowledged).toBe(1);
    expect(acked.recipients.find((r) => r.unitId === 'U-025')).toMatchObject({ ackAt: new Date(T0 + 5_000).toISOString(), ackBy: '110-gateway', note: '收到' });
    const again = await hall.call('orders.ack', { id: order.id, unitId: 'U-025' });
    expect(again).toEqual(acked);
    const stranger = await hall.refused('orders.ack', { id: order.id, unitId: 'U-001' });
    expect(stranger).toMatchObject({ code: 'REFUSED', message: expect.stringMatching(/not sent to 特巡01/) });
    expect((await hall.call('orders.list', { pending: true })).map((o) => o.id)).toEqual([order.id]);
    await hall.call('orders.ack', { id: order.id, unitId: 'U-016' });
    await hall.call('orders.ack', { id: order.id, unitId: 'U-028' });
    expect(await hall.call('orders.list', { pending: true })).toEqual([]);
    expect(auditActions().filter((a) => a.startsWith('order.'))).toEqual(['order.create', 'order.ack', 'order.ack', 'order.ack']);
    expect(hall.events.filter((e) => e.event === 'order.changed')).toHaveLength(4);
    const missing = await hall.refused('orders.create', { unitIds: ['U-001', 'U-404'], text: '集结' });
    expect(missing.issues).toEqual([{ path: 'unitIds.1', message: 'no unit U-404' }]);
  });
});

describe('audit in the same transaction', () => {
  it('when the audit row cannot be written the change is rolled back, and no event goes out', () => {
    const db = openDatabase(join(dir, 'solo.db'), migrations);
    const events: DispatchEvent[] = [];
    let failAudit = false;
    const svc = createDispatchService({
      db,
      clock: createFakeClock(T0),
      audit: () => { if (failAudit) throw new Error('disk full'); },
      log: quietLog,
      targets: () => [],
      seedUnits: () => [{ id: 'U-1', callsign: '特巡01', kind: 'special-patrol-car', mode: 'car', station: null, status: 'patrolling', lat: 26.89, lon: 102.11, sample: true }],
      center: () => null,
      emit: (e) => events.push(e),
    });
    const inc = svc.createIncident({ type: 'other', priority: 2, source: '110', location: { lat: 26.89, lon: 102.11 } }, 'test');
    failAudit = true;
    events.length = 0;
    expect(() => svc.dispatch({ id: inc.id, version: 1 }, ['U-1'], 'test')).toThrow(/disk full/);
    expect(() => svc.createIncident({ type: 'other', priority: 2, source: '110', location: { lat: 26.89, lon: 102.11 } }, 'test')).toThrow(/disk full/);
    expect(events).toEqual([]);
    expect(svc.getIncident(inc.id)).toMatchObject({ state: 'new', version: 1, assignments: [] });
    expect(svc.listUnits().units[0]).toMatchObject({ incidentId: null, version: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM assignments').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM incidents').get()).toEqual({ n: 1 });
    db.close();
  });
});
