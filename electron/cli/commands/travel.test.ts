// `kuaifan travel tables show|set` on a real data folder, alone and beside a running hall that must follow the change.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TravelTables } from '../../../shared/contract/geo';
import { defaultCongestionTable } from '../../../shared/domain/geo/congestion';
import { defaultSpeedTable } from '../../../shared/domain/geo/speed-table';
import { recordingLogger, tempDir } from '../../../tests/contract/host-kit';
import { createHallHost, type HallHost } from '../../host/hall-host';
import type { GeoModule } from '../../host/geo/geo-module';
import { runCli } from '../main';

function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return runCli(['travel', ...argv], { out: (l) => void out.push(l), err: (l) => void err.push(l), env: {} }).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

let dataDir: string;
let host: HallHost | null = null;
beforeEach(() => { dataDir = tempDir('kf-travel-cli-'); });
afterEach(async () => {
  await host?.close();
  host = null;
  rmSync(dataDir, { recursive: true, force: true });
});

const show = async (): Promise<TravelTables> => {
  const r = await cli('tables', 'show', '--json', '--data', dataDir);
  expect(r.code, r.err).toBe(0);
  return TravelTables.parse(JSON.parse(r.out));
};
const fileWith = (name: string, content: unknown): string => {
  const path = join(dataDir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const schoolRun = { name: '护学岗', from: '07:30', to: '08:30', modes: ['car'], classes: ['residential'], factor: 0.4 };

describe('kuaifan travel tables', () => {
  it('shows the built-in tables, as text and as JSON', async () => {
    const t = await show();
    expect(t).toMatchObject({ speedTable: defaultSpeedTable, congestionTable: defaultCongestionTable, speedDefault: true, congestionDefault: true, updatedBy: null });
    const text = await cli('tables', 'show', '--data', dataDir);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Speed table, km\/h .*: built-in default/);
    expect(text.out).toMatch(/ {2}residential {4} +25 +28 +5/);
    expect(text.out).toMatch(/早高峰 +07:00-09:00 {2}× 0\.65 {2}car on trunk, primary/);
  });

  it('sets tables from the JSON show prints (edited), audits it, and "default" puts a table back', async () => {
    const edited = await show();
    edited.speedTable.residential.car = 18;
    edited.congestionTable.windows = [schoolRun as never];
    const set = await cli('tables', 'set', fileWith('tables.json', edited), '--data', dataDir);
    expect(set.code, set.err).toBe(0);
    expect(set.out).toMatch(/Set the speed table and congestion table from .*tables\.json/);
    const after = await show();
    expect(after).toMatchObject({ speedDefault: false, congestionDefault: false, updatedBy: 'cli' });
    expect(after.speedTable.residential.car).toBe(18);
    expect(after.congestionTable.windows).toEqual([schoolRun]);
    const db = new Database(join(dataDir, 'kuaifan.db'), { readonly: true });
    expect(db.prepare("SELECT actor FROM audit_log WHERE action = 'travel.setTables'").all()).toEqual([{ actor: 'cli' }]);
    db.close();

    expect((await cli('tables', 'set', fileWith('back.json', { congestionTable: 'default' }), '--data', dataDir)).code).toBe(0);
    expect(await show()).toMatchObject({ speedDefault: false, congestionDefault: true, congestionTable: defaultCongestionTable });
  });

  it('a file with mistakes is refused whole: every mistake listed with its place, nothing changed, exit 1', async () => {
    const bad = {
      speedTable: { ...defaultSpeedTable, residential: { car: 500, motorcycle: 28, foot: 5 } },
      congestionTable: { windows: [{ ...schoolRun, factor: 1.5 }, { ...schoolRun, from: '07:15' }] },
    };
    const r = await cli('tables', 'set', fileWith('bad.json', bad), '--data', dataDir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('was refused; nothing changed');
    expect(r.err).toContain('speedTable.residential.car: speed above 200 km/h is not plausible');
    expect(r.err).toContain('congestionTable.windows.0.factor: factor above 1 would speed traffic up');
    expect(r.err).toContain('congestionTable.windows.1.from: time must be HH:00 or HH:30, e.g. 07:30');
    // The speed table alone was valid; it is not applied either.
    const good = { ...bad, speedTable: { ...defaultSpeedTable, residential: { car: 20, motorcycle: 28, foot: 5 } } };
    expect((await cli('tables', 'set', fileWith('half.json', good), '--data', dataDir)).code).toBe(1);
    expect(await show()).toMatchObject({ speedDefault: true, congestionDefault: true, speedTable: defaultSpeedTable });

    const notJson = await cli('tables', 'set', fileWith('broken.json', '{ "speedTable": '), '--data', dataDir);
    expect(notJson.code).toBe(1);
    expect(notJson.err).toMatch(/broken\.json is not JSON/);
    const empty = await cli('tables', 'set', fileWith('empty.json', {}), '--data', dataDir);
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('give speedTable and/or congestionTable');
    const unknown = await cli('tables', 'set', fileWith('typo.json', { speedtable: defaultSpeedTable }), '--data', dataDir);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/speedtable/);
  });

  it('usage mistakes exit 2 with what to type; --help explains the file', async () => {
    expect((await cli('tables', 'set', '--data', dataDir)).err).toMatch(/give one file: kuaifan travel tables set FILE\.json/);
    expect((await cli('tables', 'set', '--data', dataDir)).code).toBe(2);
    expect((await cli('speeds', '--data', dataDir)).code).toBe(2);
    expect((await cli('tables', 'set', join(dataDir, 'nowhere.json'), '--data', dataDir)).err).toMatch(/no file .*nowhere\.json/);
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('kuaifan travel tables set FILE.json');
    expect(help.out).toContain('"default"');
  });

  it('a hall running on the folder takes up tables set from the command line, and tells the screens', async () => {
    host = createHallHost({ dataDir, devices: [], log: recordingLogger() });
    const geo = host.modules.find((m) => m.name === 'geo') as GeoModule;
    await geo.ready();
    const events: { name: string; payload: unknown }[] = [];
    const wall = host.connect({ transport: 'ws', ceiling: 'display', principal: 'wall', deliver: (name, payload) => void events.push({ name, payload }) });
    const from = { lat: 26.878695, lon: 102.108296 }, to = { lat: 26.8845, lon: 102.1125 };
    const before = geo.service.travelTime(from, to, 'foot', 10)!;
    const slow = { speedTable: Object.fromEntries(Object.entries(defaultSpeedTable).map(([c, s]) => [c, { ...s, foot: s.foot / 2 }])) };
    expect((await cli('tables', 'set', fileWith('slow.json', slow), '--data', dataDir)).code).toBe(0);
    await vi.waitFor(() => expect(events.map((e) => e.name)).toContain('travel.tablesChanged'), { timeout: 5_000 });
    expect(TravelTables.parse(events.find((e) => e.name === 'travel.tablesChanged')!.payload)).toMatchObject({ speedDefault: false, updatedBy: 'cli' });
    const r = await wall.invoke('travel.tables', {});
    expect(r.ok && (r.output as TravelTables).speedTable.residential.foot).toBe(2.5);
    expect(geo.service.travelTime(from, to, 'foot', 10)!).toBeCloseTo(before * 2, 3);
  });
});
