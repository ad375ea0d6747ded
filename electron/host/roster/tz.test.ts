// The same on-duty answers whatever the PC's zone: child processes under TZ=UTC, Asia/Shanghai, Asia/Urumqi
// read one hall database, and the real CLI answers the same under each.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { findAppRoot } from '../paths';
import { officerId, rosterTestHost } from './test-kit';

const root = findAppRoot();
const zones = ['UTC', 'Asia/Shanghai', 'Asia/Urumqi'];

function run(args: string[], tz: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: { ...process.env, TZ: tz }, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`child under TZ=${tz} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

describe('answers do not depend on the process time zone', () => {
  it('on-duty at shift boundaries, after midnight, and the month grid agree under UTC, Shanghai and Urumqi', () => {
    const h = rosterTestHost();
    const a = officerId(h, 'SL110');
    const b = officerId(h, 'SL210');
    h.service.addException({ kind: 'swap', officerId: a, day: '2026-12-24', partnerId: b, partnerDay: '2026-12-24', reason: '换班' }, 'test');
    h.service.addException({ kind: 'leave', officerId: officerId(h, 'SL305'), from: '2026-12-25', to: '2026-12-26', reason: '事假' }, 'test');
    h.service.addException({ kind: 'extra', officerId: officerId(h, 'SL220'), day: '2026-12-25', shift: 'night', reason: '加班' }, 'test');
    h.close();
    const instants = [
      '2026-12-24T07:59:59+08:00', '2026-12-24T08:00:00+08:00', '2026-12-24T19:59:59+08:00', '2026-12-24T20:00:00+08:00',
      '2026-12-25T00:00:00+08:00', '2026-12-25T03:00:00+08:00', '2026-12-25T09:00:00+08:00', '2026-12-25T23:30:00+08:00',
      '2026-12-26T07:59:00+08:00', '2026-12-25T18:00:00Z', '2027-01-01T00:00:00+06:00',
    ];
    const outputs = zones.map((tz) => JSON.parse(run(['electron/host/roster/tz-probe.ts', h.file, ...instants], tz)) as {
      processZone: string; localHourAtMidnightUtc: number; answers: unknown[]; view: string[];
    });
    // The children really ran in three zones (a bug using local time would show here) …
    expect(outputs.map((o) => o.localHourAtMidnightUtc)).toEqual([0, 8, 6]);
    // … and answered alike.
    expect(outputs[1]!.answers).toEqual(outputs[0]!.answers);
    expect(outputs[2]!.answers).toEqual(outputs[0]!.answers);
    expect(outputs[1]!.view).toEqual(outputs[0]!.view);
    expect(outputs[2]!.view).toEqual(outputs[0]!.view);
    const first = outputs[0]!.answers as { at: string; shifts: { shift: string; crew: string; officers: { policeNo: string }[] }[] }[];
    expect(first.map((x) => `${x.at} ${x.shifts.map((s) => `${s.shift}/${s.crew}`).join(',')}`)).toEqual([
      '2026-12-24T07:59:59+08:00 夜班/丙', '2026-12-24T08:00:00+08:00 白班/甲', '2026-12-24T19:59:59+08:00 白班/甲', '2026-12-24T20:00:00+08:00 夜班/乙',
      '2026-12-25T00:00:00+08:00 夜班/乙', '2026-12-25T03:00:00+08:00 夜班/乙', '2026-12-25T09:00:00+08:00 白班/丙', '2026-12-25T23:30:00+08:00 夜班/甲',
      '2026-12-26T07:59:00+08:00 夜班/甲', '2026-12-26T02:00:00+08:00 夜班/甲', '2027-01-01T02:00:00+08:00 夜班/甲',
    ]);
    // The exceptions show: SL110 swapped onto 乙's night, SL305 on leave, SL220 (乙) on extra duty with 甲.
    expect(first[3]!.shifts[0]!.officers.map((o) => o.policeNo)).toContain('SL110');
    expect(first[6]!.shifts[0]!.officers.map((o) => o.policeNo)).not.toContain('SL305');
    expect(first[7]!.shifts[0]!.officers.map((o) => o.policeNo)).toContain('SL220');
  });

  it('the built-in CLI prints the same on-duty JSON under each zone', () => {
    const h = rosterTestHost();
    h.close();
    const outs = zones.map((tz) => run(['electron/cli/main.ts', 'roster', 'on-duty', '--at', '2026-12-25T07:30:00+08:00', '--json', '--data', dirname(h.file)], tz));
    expect(outs[1]).toBe(outs[0]);
    expect(outs[2]).toBe(outs[0]);
    expect(JSON.parse(outs[0]!)).toMatchObject({ at: '2026-12-25T07:30:00+08:00', shifts: [{ shift: '夜班', crew: '乙', start: '2026-12-24T20:00:00+08:00', end: '2026-12-25T08:00:00+08:00' }] });
  });
});
