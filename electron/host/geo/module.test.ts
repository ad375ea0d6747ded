// The geo module in a real hall host: contract over WebSocket, the integration API over HTTP, dispatch as the unit feed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CoverageSnapshot, IsochroneCollection, MoveUpAcceptance, MoveUpSuggestion, type TargetCoverage, TravelTables } from '../../../shared/contract/geo';
import { defaultCongestionTable } from '../../../shared/domain/geo/congestion';
import { createFakeClock } from '../clock';
import { runCli } from '../../cli/main';
import { startTestHall, tempDir, testTokens, until, wsClient } from '../../../tests/contract/host-kit';
import { ETA_ONLY_EVERY_MS, type GeoModule } from './geo-module';

type Hall = Awaited<ReturnType<typeof startTestHall>>;
const commander = testTokens[0].secret;
const display = testTokens[2].secret;
let halls: Hall[] = [];
afterEach(async () => {
  for (const h of halls) await h.stop();
  halls = [];
});

async function hall(opts: Parameters<typeof startTestHall>[0] = {}): Promise<Hall> {
  const h = await startTestHall(opts);
  halls.push(h);
  return h;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are checked field by field or parsed with the contract's schemas
async function api(h: Hall, method: string, path: string, body?: unknown, token = commander): Promise<{ status: number; json: any }> {
  const res = await fetch(`${h.server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function invoke(h: Hall, command: string, input: unknown = {}) {
  const c = h.host.connect({ transport: 'http', ceiling: 'admin', principal: 'test' });
  const r = await c.invoke(command, input);
  c.close();
  return r;
}

const snapshot = async (h: Hall): Promise<CoverageSnapshot> => CoverageSnapshot.parse((await api(h, 'GET', '/coverage')).json);
const target = (s: CoverageSnapshot, id: string): TargetCoverage => s.targets.find((t) => t.id === id)!;
const geoOf = (h: Hall): GeoModule => h.host.modules.find((m) => m.name === 'geo') as GeoModule;

/** Takes away whatever covers the target (units through dispatch, points through staffing) until it is red. */
async function uncover(h: Hall, id: string): Promise<CoverageSnapshot> {
  for (let i = 0; i < 30; i++) {
    const s = await snapshot(h);
    const t = target(s, id);
    if (t.status === 'red') return s;
    if (t.best!.kind === 'unit') {
      const r = await api(h, 'POST', `/units/${t.best!.id}/status`, { status: 'unavailable', reason: 'coverage test' });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      h.clock.advance(1000);
    } else {
      const r = await api(h, 'POST', `/rr-points/${t.best!.id}/staffing`, { staffed: false });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
    }
  }
  throw new Error(`${id} could not be made red`);
}

describe('geo module in the hall host', () => {
  it('serves live coverage of the sample map: every target, the headline per tier, where positions come from', async () => {
    const h = await hall();
    const res = await api(h, 'GET', '/coverage', undefined, display);
    expect(res.status).toBe(200);
    const s = CoverageSnapshot.parse(res.json);
    expect(s.targets).toHaveLength(54);
    expect(s.headline.map((x) => [x.tier, x.total])).toEqual([[1, 1], [3, 28], [5, 25]]);
    expect(s).toMatchObject({ zone: 'Asia/Shanghai', hourLabel: '09:00', unitFeed: 'dispatch', roads: { origin: 'map', format: 'geojson' } });
    // Social forces (6 guards, 6 grid workers) and busy units are not counted.
    expect(s.units).toEqual({ total: 37, counted: 25 });
    expect(s.rrPoints).toEqual({ total: 16, staffed: 13 });
    for (const t of s.targets) if (t.status !== 'red') expect(t.best).not.toBeNull();
    expect((await api(h, 'GET', '/coverage?tier=1')).json.error.message).toMatch(/unknown parameter "tier"/);
  });

  it('turns a target red when its units are taken and its point unstaffed, and announces each change once', async () => {
    const h = await hall();
    const ws = await wsClient(h.server.url, display);
    const red = await uncover(h, 'T-001');
    expect(target(red, 'T-001')).toMatchObject({ tier: 1, status: 'red' });
    // Snapshots are large frames, sent compressed: the last may land a moment after the reply on the other link.
    const coverageEvents = () => ws.events.filter((e) => e.event === 'coverage.changed').map((e) => CoverageSnapshot.parse(e.payload));
    await until('the red snapshot over WebSocket', () => coverageEvents().some((e) => e.version === red.version));
    const events = coverageEvents();
    expect(target(events.at(-1)!, 'T-001').status).toBe('red');
    expect(new Set(events.map((e) => e.version)).size).toBe(events.length);
    // The staffing change is stored and audited: a restart keeps it.
    const rows = h.host.audit.recent(50).filter((r) => r.action === 'coverage.setStaffing');
    expect(rows.length).toBeGreaterThan(0);
    ws.close();
    const again = await hall({ dataDir: h.dataDir });
    const after = await snapshot(again);
    expect(after.rrPoints.staffed).toBe(13 - rows.length);
    expect(rows.every((r) => r.actor === 'desk')).toBe(true); // the API token's name
    expect((await api(again, 'POST', '/rr-points/RR-99/staffing', { staffed: true })).json.error.message).toMatch(/No rapid-response point RR-99/);
    expect((await api(again, 'POST', '/rr-points/RR-01/staffing', { staffed: 'yes' })).json.error.message).toMatch(/staffed: staffed must be true or false/);
    expect((await api(again, 'POST', '/rr-points/RR-01/staffing', { staffed: true }, display)).status).toBe(403);
  });

  it('suggests a move-up that closes the gap; accepting sends dispatch orders, and the unit arriving turns the target green', async () => {
    const h = await hall();
    await uncover(h, 'T-001');
    const suggestion = MoveUpSuggestion.parse((await invoke(h, 'moveUp.suggest', { k: 2 }) as { output: unknown }).output);
    expect(suggestion.gained.map((t) => t.id)).toContain('T-001');
    expect(suggestion.scoreAfter).toBeGreaterThan(suggestion.scoreBefore);
    expect(suggestion.after.find((x) => x.tier === 1)!.green).toBe(1);
    const ws = await wsClient(h.server.url, display);
    const accepted = await invoke(h, 'moveUp.accept', { suggestionId: suggestion.id });
    expect(accepted.ok, JSON.stringify(accepted)).toBe(true);
    const acceptance = MoveUpAcceptance.parse((accepted as { output: unknown }).output);
    expect(acceptance).toMatchObject({ delivered: true, channel: 'dispatch orders', by: 'test' });
    // One dispatch order per moved unit, with the destination as its target.
    const orders = (await api(h, 'GET', '/orders')).json as { text: string; target: { lat: number; lon: number } | null; recipients: { unitId: string }[] }[];
    for (const m of acceptance.moves) {
      const order = orders.find((o) => o.recipients.some((r) => r.unitId === m.unitId));
      expect(order?.text).toMatch(/^快反移防：移防至/);
      expect(order?.target).toEqual({ lat: m.to.lat, lon: m.to.lon });
    }
    expect(h.host.audit.recent(20).find((r) => r.action === 'moveUp.accept')).toMatchObject({ subject: `moveUp:${suggestion.id}`, actor: 'test' });
    await until('moveUp.accepted event', () => ws.events.some((e) => e.event === 'moveUp.accepted'));
    // Nothing moved by itself: the target turns green when the units report their new positions.
    expect(target(await snapshot(h), 'T-001').status).toBe('red');
    for (const m of acceptance.moves) {
      const r = await api(h, 'POST', `/units/${m.unitId}/position`, { lat: m.to.lat, lon: m.to.lon, at: h.clock.now() });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
    }
    h.clock.advance(1000); // dispatch sends positions in batches
    expect(target(await snapshot(h), 'T-001').status).toBe('green');
    // A suggestion is accepted once.
    expect(await invoke(h, 'moveUp.accept', { suggestionId: suggestion.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    ws.close();
  });

  it('without an order channel records the acceptance, says so, and moves no one', async () => {
    const h = await hall();
    await uncover(h, 'T-001');
    geoOf(h).useOrderSink(null);
    const s = MoveUpSuggestion.parse((await invoke(h, 'moveUp.suggest', {}) as { output: unknown }).output);
    const r = await invoke(h, 'moveUp.accept', { suggestionId: s.id });
    const a = MoveUpAcceptance.parse((r as { output: unknown }).output);
    expect(a).toMatchObject({ delivered: false, channel: null, note: expect.stringMatching(/no unit was moved or told/) });
    expect((await api(h, 'GET', '/orders')).json).toEqual([]);
    expect(h.host.audit.recent(5).find((x) => x.action === 'moveUp.accept')?.detail).toMatchObject({ delivered: false });
  });

  it('refuses a stale acceptance: expired, or a unit concerned is no longer available', async () => {
    const h = await hall();
    await uncover(h, 'T-001');
    const s1 = MoveUpSuggestion.parse((await invoke(h, 'moveUp.suggest', {}) as { output: unknown }).output);
    h.clock.advance(11 * 60_000);
    expect(await invoke(h, 'moveUp.accept', { suggestionId: s1.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/expired/) } });
    const s2 = MoveUpSuggestion.parse((await invoke(h, 'moveUp.suggest', {}) as { output: unknown }).output);
    const moved = s2.moves[0];
    await api(h, 'POST', `/units/${moved.unitId}/status`, { status: 'unavailable' });
    const r = await invoke(h, 'moveUp.accept', { suggestionId: s2.id });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/no longer available/) } });
    expect(h.host.audit.recent(50).some((x) => x.action === 'moveUp.accept')).toBe(false);
    expect(await invoke(h, 'moveUp.accept', { suggestionId: s2.id, unitIds: ['U-999'] })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('gives dispatch the road ETAs of the geo engine for its recommendation', async () => {
    const h = await hall();
    const created = await api(h, 'POST', '/incidents', { type: 'armed-fight', source: '110', priority: 1, location: { targetId: 'T-005' } });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const rec = await invoke(h, 'incidents.recommend', { id: created.json.id, limit: 5 }) as { ok: true; output: { method: string; ranked: { unitId: string; mode: 'car' | 'motorcycle' | 'foot'; etaS: number | null }[] } };
    expect(rec.output.method).toBe('road');
    const t5 = target(await snapshot(h), 'T-005');
    const units = (await api(h, 'GET', '/units')).json.units as { id: string; lat: number; lon: number; mode: 'car' | 'motorcycle' | 'foot' }[];
    for (const r of rec.output.ranked) {
      const u = units.find((x) => x.id === r.unitId)!;
      expect(r.etaS).toBeCloseTo(geoOf(h).service.travelTime(u, t5, u.mode)!, 6);
    }
  });

  it('keeps the built road graph in a cache: a restart does not rebuild it', async () => {
    const h = await hall();
    expect(geoOf(h).service.roads()).toMatchObject({ origin: 'map', fromCache: false });
    const again = await hall({ dataDir: h.dataDir });
    expect(geoOf(again).service.roads()).toMatchObject({ origin: 'map', fromCache: true, nodes: 1579 });
  });

  it('draws isochrones over the API and names the bad parameter', async () => {
    const h = await hall();
    const ok = await api(h, 'GET', '/isochrone?lat=26.8904&lon=102.1117&mode=car&minutes=1,3,5&hour=07:30');
    expect(ok.status).toBe(200);
    const fc = IsochroneCollection.parse(ok.json);
    expect(fc.features.map((f) => f.properties.minutes)).toEqual([5, 3, 1]);
    expect(fc.features[0].properties).toMatchObject({ mode: 'car', hour: 7.5, origin: { kind: 'point' } });
    const unit = IsochroneCollection.parse((await api(h, 'GET', '/isochrone?unitId=U-015&minutes=3')).json);
    expect(unit.features[0].properties).toMatchObject({ mode: 'motorcycle', origin: { kind: 'unit', id: 'U-015', label: '铁骑01' } });
    const bad: [string, RegExp][] = [
      ['lat=abc&lon=102.11&mode=car', /^lat: "abc" is not a number/],
      ['lat=26.89&lon=102.11', /mode: mode is required/],
      ['lat=26.89&lon=102.11&mode=bus', /mode: mode must be one of car, motorcycle, foot/],
      ['lat=95&lon=102.11&mode=car', /lat: lat must be -90\.\.90/],
      ['lat=26.89&lon=102.11&mode=car&minutes=1,x', /^minutes: "x" is not a number/],
      ['lat=26.89&lon=102.11&mode=car&hour=25:00', /hour/],
      ['lat=26.89&lon=102.11&mode=car&hour=soon', /^hour: "soon" is neither HH:MM nor a number/],
      ['lat=26.89&mode=car', /lon: lat and lon go together/],
      ['lat=26.89&lon=102.11&mode=car&radius=5', /unknown parameter "radius"/],
      ['unitId=U-404', /No unit U-404/],
    ];
    for (const [q, message] of bad) {
      const r = await api(h, 'GET', `/isochrone?${q}`);
      expect([400, 404], q).toContain(r.status);
      expect(r.json.error.message, q).toMatch(message);
    }
    expect((await api(h, 'GET', '/isochrone?lat=30&lon=110&mode=car')).status).toBe(422);
  });

  it('a GPS batch that only moves travel times is announced at most every 5 s, the newest then; a change of status at once', async () => {
    const h = await hall();
    const ws = await wsClient(h.server.url, display);
    const coverage = () => ws.events.filter((e) => e.event === 'coverage.changed').map((e) => CoverageSnapshot.parse(e.payload));
    /** Everything the host sent before now has arrived: replies come after the events sent before them. */
    const settled = async () => void (await ws.invoke('system.health', {}));
    h.clock.advance(ETA_ONLY_EVERY_MS); // whatever the units' first positions left pending
    await settled();
    // A unit taken off: its target's picture changes, so the snapshot goes at once.
    const s0 = await snapshot(h);
    const unitId = s0.targets.find((t) => t.best?.kind === 'unit')!.best!.id;
    const n0 = coverage().length;
    expect((await api(h, 'POST', `/units/${unitId}/status`, { status: 'unavailable', reason: 'test' })).status).toBe(200);
    await until('the snapshot after the status change', () => coverage().length > n0);
    const afterStatus = coverage().at(-1)!;
    expect(afterStatus.units.counted).toBe(s0.units.counted - 1);

    // Another unit creeps a metre at a time: travel times move, the picture does not; nothing goes for 5 s.
    const mover = (await api(h, 'GET', '/units')).json.units.find((u: { id: string; status: string; lat: number | null }) => u.id !== unitId && u.status === 'patrolling' && u.lat !== null);
    const n1 = coverage().length;
    for (let i = 1; i <= 4; i++) {
      expect((await api(h, 'POST', `/units/${mover.id}/position`, { lat: mover.lat + i * 1e-5, lon: mover.lon, at: new Date(h.clock.now()).toISOString() })).status).toBe(200);
      h.clock.advance(1000);
    }
    await settled();
    expect(coverage()).toHaveLength(n1);
    // At 5 s from the last one the newest snapshot goes, with the unit where it is now.
    h.clock.advance(1000);
    await until('the travel-time snapshot', () => coverage().length > n1);
    const eta = coverage().at(-1)!;
    expect(eta.version).toBeGreaterThan(afterStatus.version);
    expect(eta.at).toBe(new Date(h.clock.now()).toISOString());
    await settled();
    expect(coverage()).toHaveLength(n1 + 1);
    ws.close();
  });

  it('follows the school run by the clock alone: at 07:30 China time coverage is recomputed and announced', async () => {
    const clock = createFakeClock(Date.parse('2026-12-04T07:10:00+08:00'));
    const h = await hall({ clock });
    const ws = await wsClient(h.server.url, display);
    const before = await snapshot(h);
    expect(before.hourLabel).toBe('07:10');
    clock.advance(20 * 60_000);
    // (A snapshot from the start, with travel times moved by the units' first positions, may come first.)
    const event = await until('coverage.changed at 07:30', () => ws.events.find((e) => e.event === 'coverage.changed' && CoverageSnapshot.parse(e.payload).hourLabel === '07:30'));
    const peak = CoverageSnapshot.parse(event.payload);
    // Cars are slower on local streets in the school run: some car-covered targets take longer now.
    const slower = peak.targets.filter((t) => t.best?.mode === 'car' && t.etaS! > target(before, t.id).etaS! + 1e-6);
    expect(slower.length).toBeGreaterThan(0);
    ws.close();
  });

  it('edits the congestion table whole or not at all, persists it, and recomputes', async () => {
    const h = await hall();
    const base = await snapshot(h);
    const bad = await invoke(h, 'travel.setTables', { congestionTable: { windows: [{ name: 'all day', from: '00:00', to: '24:00', modes: ['car'], factor: 1.5 }] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/factor above 1 would speed traffic up/) } });
    // All day, cars at a fifth of their speed everywhere.
    const crawl = { windows: [{ name: 'flood', from: '00:00', to: '24:00', modes: ['car'], factor: 0.2 }] };
    const set = await invoke(h, 'travel.setTables', { congestionTable: crawl });
    expect(TravelTables.parse((set as { output: unknown }).output)).toMatchObject({ congestionDefault: false, speedDefault: true, updatedBy: 'test' });
    const slow = await snapshot(h);
    const carTargets = base.targets.filter((t) => t.best?.mode === 'car');
    expect(carTargets.length).toBeGreaterThan(0);
    for (const t of carTargets) expect(target(slow, t.id).etaS ?? Infinity).toBeGreaterThan(t.etaS!);
    const again = await hall({ dataDir: h.dataDir });
    expect(((await invoke(again, 'travel.tables')) as { output: TravelTables }).output.congestionTable).toEqual(crawl);
    const reset = await invoke(again, 'travel.setTables', { congestionTable: 'default' });
    expect((reset as { output: TravelTables }).output).toMatchObject({ congestionDefault: true, congestionTable: defaultCongestionTable });
  });

  it('plans for 07:30 with a hypothetical point without touching live coverage, and exports CSV', async () => {
    const h = await hall();
    await uncover(h, 'T-001');
    const live = await snapshot(h);
    const base = (await invoke(h, 'planning.baseline')) as { ok: true; output: { units: unknown[]; rrPoints: { id: string }[]; targets: unknown[] } };
    const t1 = target(live, 'T-001');
    const scenario = { hour: '07:30', units: base.output.units, rrPoints: [...base.output.rrPoints, { id: 'RR-NEW', name: '县委南门快反点', lat: t1.lat, lon: t1.lon, modes: ['foot'], staffed: true }] };
    const r = await invoke(h, 'planning.evaluate', scenario);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect((r as { output: { hourLabel: string; targets: TargetCoverage[] } }).output.hourLabel).toBe('07:30');
    expect((r as { output: { targets: TargetCoverage[] } }).output.targets.find((t) => t.id === 'T-001')).toMatchObject({ status: 'green', best: { id: 'RR-NEW', kind: 'rrPoint' } });
    expect(target(await snapshot(h), 'T-001').status).toBe('red');
    const csv = (await invoke(h, 'planning.export', scenario)) as { output: { filename: string; text: string } };
    expect(csv.output.filename).toBe('coverage-plan-0730.csv');
    expect(csv.output.text.split('\r\n')).toContain('1,1,1,0,0,100,07:30');
    const dup = await invoke(h, 'planning.evaluate', { ...scenario, rrPoints: [...scenario.rrPoints, scenario.rrPoints.at(-1)] });
    expect(dup).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/RR-NEW appears twice/) } });
  });

  it('imports an OSM file over the contract; a broken one leaves the network, and the CLI import is followed live', async () => {
    const h = await hall();
    const dir = tempDir('kf-roads-');
    const broken = join(dir, 'broken.osm');
    writeFileSync(broken, '<osm><node id="1" lat="26.8" lon="102.1"><way>');
    expect(await invoke(h, 'roads.import', { path: broken })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/not well-formed OSM XML.*current road network stays in use/) } });
    expect((await api(h, 'GET', '/roads')).json).toMatchObject({ origin: 'map' });
    // A tiny network around the county seat: one two-way street through T-001 and one one-way street.
    const osm = `<osm version="0.6">
  <node id="1" lat="26.8900" lon="102.1100"/><node id="2" lat="26.8904" lon="102.1117"/><node id="3" lat="26.8910" lon="102.1130"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="primary"/></way>
  <way id="11"><nd ref="3"/><nd ref="1"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
</osm>`;
    const file = join(dir, 'seat.osm');
    writeFileSync(file, osm);
    const ws = await wsClient(h.server.url, display);
    const out: string[] = [];
    const code = await runCli(['import', 'roads', file, '--data', h.dataDir], { out: (l) => out.push(l), err: (l) => out.push(l), env: {} });
    expect(code, out.join('\n')).toBe(0);
    expect(out.join('\n')).toMatch(/seat\.osm: 3 nodes, 6 directed edges/);
    await until('roads.changed after the CLI import', () => ws.events.find((e) => e.event === 'roads.changed'), 10_000);
    expect((await api(h, 'GET', '/roads')).json).toMatchObject({ origin: 'file', source: 'seat.osm', nodes: 3 });
    ws.close();
  });
});
