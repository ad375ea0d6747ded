// Units carry their crew from the duty roster, in a real hall host on a SQLite file with a fake clock: the crew
// switches by itself at 08:00 and 20:00 China time, the readiness squad rides 战备01, a unit whose crew is off
// duty is refused with the reason, a unit nobody is assigned to is dispatched as before.
import { afterEach, describe, expect, it } from 'vitest';
import type { UnitView } from '../../../shared/contract/dispatch';
import { createFakeClock } from '../clock';
import { openTestHall, OUTSIDE_ZONES, tempDataDir, type TestHall } from '../dispatch/test-kit';
import type { RosterModule } from './module';

const halls: TestHall[] = [];
afterEach(async () => {
  for (const h of halls.splice(0)) await h.host.close();
});

function hallAt(iso: string): TestHall & { roster: RosterModule } {
  const h = openTestHall(tempDataDir(), createFakeClock(Date.parse(iso)));
  halls.push(h);
  return { ...h, roster: h.host.modules.find((m) => m.name === 'roster') as RosterModule };
}

const unitEvents = (h: TestHall, id: string): UnitView[] =>
  h.events.filter((e) => e.event === 'unit.changed' && (e.payload as UnitView).id === id).map((e) => e.payload as UnitView);
const unitOf = async (h: TestHall, id: string): Promise<UnitView> => (await h.call('units.list', {})).units.find((u) => u.id === id)!;
const policeNos = (u: UnitView): string[] => u.crew!.officers.map((o) => o.policeNo);

describe('unit crews from the duty roster', () => {
  it('特巡01 changes crew exactly at 08:00 and at 20:00 China time, announced by unit.changed', async () => {
    // 2026-12-24: 丙 works the night that began on the 23rd, 甲 the day, 乙 the night (sample rotation).
    const h = hallAt('2026-12-24T07:59:59+08:00');
    expect((await unitOf(h, 'U-001')).crew).toEqual({
      onDuty: true, shift: '夜班 20:00-08:00', officers: [expect.objectContaining({ policeNo: 'SL308' }), expect.objectContaining({ policeNo: 'SL309' })],
    });
    h.clock.advance(999);
    expect(unitEvents(h, 'U-001')).toHaveLength(0);
    h.clock.advance(1);
    const atEight = unitEvents(h, 'U-001');
    expect(atEight).toHaveLength(1);
    expect(atEight[0]!.crew).toMatchObject({ onDuty: true, shift: '白班 08:00-20:00' });
    expect(policeNos(atEight[0]!)).toEqual(['SL108', 'SL109']);
    // What a screen reads without reloading is the same as the event said.
    expect((await unitOf(h, 'U-001')).crew).toEqual(atEight[0]!.crew);
    // The motorcycle changes rider too; a unit with no assignment (特巡04) is never re-sent.
    expect(unitEvents(h, 'U-015').map((u) => policeNos(u))).toEqual([['SL118']]);
    expect(unitEvents(h, 'U-004')).toHaveLength(0);

    h.clock.advance(12 * 3_600_000 - 1);
    expect(unitEvents(h, 'U-001')).toHaveLength(1);
    h.clock.advance(1);
    const atEight2 = unitEvents(h, 'U-001');
    expect(atEight2).toHaveLength(2);
    expect(atEight2[1]!.crew).toMatchObject({ onDuty: true, shift: '夜班 20:00-08:00' });
    expect(policeNos(atEight2[1]!)).toEqual(['SL208', 'SL209']);
  });

  it('战备01 (readiness-squad unit) takes the on-duty readiness squad, without any assignment', async () => {
    const h = hallAt('2026-12-24T10:00:00+08:00');
    const onDuty = h.roster.service.onDutyNow();
    const squad = onDuty.shifts.flatMap((s) => s.squad.map((p) => p.policeNo)).sort();
    expect(squad).toEqual(['SL103', 'SL104', 'SL105', 'SL106', 'SL107']);
    const unit = await unitOf(h, 'U-021');
    expect(unit.kind).toBe('readiness-squad');
    expect(unit.crew).toMatchObject({ onDuty: true, shift: '白班 08:00-20:00' });
    expect(policeNos(unit).sort()).toEqual(squad);
  });

  it('a unit whose crew is off duty is refused with the reason; a unit without assignments is dispatched as before', async () => {
    const h = hallAt('2026-12-24T10:00:00+08:00');
    const cfg = h.roster.service.config();
    const idOf = (no: string) => cfg.officers.find((o) => o.policeNo === no)!;
    // The day crew's pair on 特巡01 moves to 特巡05 from today: 特巡01 keeps only 乙 and 丙 officers, both off now.
    for (const no of ['SL108', 'SL109']) h.roster.service.setUnit({ officerId: idOf(no).id, version: idOf(no).version, unit: '特巡05' }, 'test');
    const moved = unitEvents(h, 'U-001').at(-1)!;
    expect(moved.crew).toEqual({ onDuty: false, officers: [], shift: null });
    expect(unitEvents(h, 'U-005').at(-1)!.crew).toMatchObject({ onDuty: true, officers: [{ policeNo: 'SL108' }, { policeNo: 'SL109' }] });

    const inc = await h.call('incidents.create', { type: 'knife-attack', source: '110', location: OUTSIDE_ZONES } as never);
    const refused = await h.refused('incidents.dispatch', { id: inc.id, version: inc.version, unitIds: ['U-001'] });
    expect(refused).toMatchObject({ code: 'REFUSED', message: expect.stringContaining('特巡01 (U-001) has no crew on duty now according to the duty roster (值班表)') });
    const rec = await h.call('incidents.recommend', { id: inc.id, limit: 40 });
    expect(JSON.stringify(rec)).toContain('no crew on duty');

    // 特巡04 has no 车组 information at all: no crew shown, dispatched on its status alone.
    expect((await unitOf(h, 'U-004')).crew).toBeNull();
    const sent = await h.call('incidents.dispatch', { id: inc.id, version: inc.version, unitIds: ['U-004', 'U-005'] });
    expect(sent.assignments.map((a) => a.unitId).sort()).toEqual(['U-004', 'U-005']);
  });

  it('roster.officer.setUnit: watch role, unit by callsign or id, an unknown unit named in the error; assignments are dated', async () => {
    const h = hallAt('2026-12-24T10:00:00+08:00');
    const o = h.roster.service.config().officers.find((x) => x.policeNo === 'SL110')!;
    const display = h.host.connect({ transport: 'ws', ceiling: 'display', principal: 'wall' });
    expect(await display.invoke('roster.officer.setUnit', { officerId: o.id, version: o.version, unit: '特巡06' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(() => h.roster.service.setUnit({ officerId: o.id, version: o.version, unit: '特巡99' }, 'test')).toThrow(/No unit 特巡99 in the map's units layer/);
    // From the 26th on, SL110 rides 特巡06 (given by id); until then still 特巡02.
    h.roster.service.setUnit({ officerId: o.id, version: o.version, unit: 'U-006', from: '2026-12-26' }, 'test');
    const crewOn = (iso: string, unit: string) => h.roster.crew.crewAt(Date.parse(iso)).get(unit)?.officers.map((x) => x.policeNo) ?? null;
    expect(crewOn('2026-12-24T10:00:00+08:00', 'U-002')).toEqual(['SL110', 'SL111']);
    expect(crewOn('2026-12-24T10:00:00+08:00', 'U-006')).toBeNull();
    // 甲 works days on the 27th (白 24th, 夜 25th, 休 26th, 白 27th).
    expect(crewOn('2026-12-27T10:00:00+08:00', 'U-006')).toEqual(['SL110']);
    expect(crewOn('2026-12-27T10:00:00+08:00', 'U-002')).toEqual(['SL111']);
    const audit = h.host.db.prepare("SELECT actor, detail FROM audit_log WHERE action = 'roster.officer.setUnit'").all() as { actor: string; detail: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toContain('车组 特巡06');
  });

  it('the officers import takes an optional 车组 column; an unknown unit is a row error and nothing is imported', async () => {
    const h = hallAt('2026-12-24T10:00:00+08:00');
    const file = (text: string) => Buffer.from(text, 'utf8').toString('base64');
    const bad = await h.roster.service.importPreview({ fileName: 'o.csv', data: file('警号,姓名,班组,车组\n000123,王强,甲,特巡01\n000124,李明,甲,特巡77\n') });
    expect(bad.ok).toBe(false);
    expect(bad.errors).toEqual([{ line: 3, column: '车组', message: expect.stringContaining('车组“特巡77”不是地图上的单位') }]);
    const data = file('警号,姓名,班组,车组\n000123,王强,甲,特巡03\n000124,李明,甲,U-003\n000125,赵刚,甲,\n');
    const good = await h.roster.service.importPreview({ fileName: 'o.csv', data });
    expect(good.ok).toBe(true);
    await h.roster.service.importApply({ fileName: 'o.csv', data, digest: good.digest, revision: good.revision }, 'test');
    // The import replaced the sample officers: 特巡03 has the two imported officers of 甲, on days today.
    expect(h.roster.crew.crewAt(h.clock.now()).get('U-003')).toMatchObject({ onDuty: true, officers: [{ policeNo: '000123' }, { policeNo: '000124' }] });
    // 特巡01 lost its sample crew with the sample officers: no assignment left, so no crew information.
    expect(h.roster.crew.crewAt(h.clock.now()).has('U-001')).toBe(false);
  });
});
