// `kuaifan roster`, `backup` and `restore` run in-process against real data folders.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { UsageError, type CliCommand } from '../command';
import { backupCommand } from './backup';
import { restoreCommand } from './restore';
import { rosterCommand } from './roster';
import { createHallHost } from '../../host/hall-host';
import { createLogger } from '../../host/logging/logger';
import type { RosterModule } from '../../host/roster/module';

const commands: CliCommand[] = [rosterCommand, backupCommand, restoreCommand];

/** Runs a subcommand the way cli/main.ts does: usage mistakes exit 2 with their message. */
async function cli(name: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: {} };
  let code: number;
  try {
    code = await commands.find((c) => c.name === name)!.run(argv, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err.push(`kuaifan ${name}: ${e.message}`);
    code = 2;
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const freshDir = (): string => mkdtempSync(join(tmpdir(), 'kf-cli-roster-'));

async function withService<T>(dir: string, fn: (s: RosterModule['service']) => T): Promise<T> {
  const host = createHallHost({ dataDir: dir, log: createLogger({ quiet: true }) });
  try {
    return fn((host.modules.find((m) => m.name === 'roster') as RosterModule).service);
  } finally {
    await host.close();
  }
}

describe('kuaifan roster', () => {
  it('rotation set, then on-duty --json in the exact shape of the issue', async () => {
    const dir = freshDir();
    const set = await cli('roster', 'rotation', 'set', '--pattern', '3x2', '--anchor', '2026-01-01', '--crews', '甲,乙,丙', '--data', dir);
    expect(set).toMatchObject({ code: 0 });
    expect(set.out).toMatch(/Rotation set: 3x2 anchored 2026-01-01, crews 甲,乙,丙, from 2026-01-01/);
    const r = await cli('roster', 'on-duty', '--at', '2026-12-25T09:00:00+08:00', '--json', '--data', dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { at: string; shifts: { shift: string; crew: string; start: string; end: string; officers: Record<string, unknown>[] }[] };
    expect(Object.keys(json)).toEqual(['at', 'shifts']);
    expect(json.at).toBe('2026-12-25T09:00:00+08:00');
    expect(json.shifts).toHaveLength(1);
    expect(Object.keys(json.shifts[0]!)).toEqual(['shift', 'crew', 'start', 'end', 'officers']);
    expect(json.shifts[0]).toMatchObject({ shift: '白班', crew: '丙', start: '2026-12-25T08:00:00+08:00', end: '2026-12-25T20:00:00+08:00' });
    expect(json.shifts[0]!.officers.length).toBe(20);
    for (const o of json.shifts[0]!.officers) {
      expect(Object.keys(o)).toEqual(['name', 'policeNo', 'leader', 'armed']);
      expect(typeof o.leader).toBe('boolean');
    }
    const text = await cli('roster', 'on-duty', '--at', '2026-12-26T03:00:00+08:00', '--data', dir);
    expect(text.out).toMatch(/夜班 {2}甲班 {2}2026-12-25T20:00:00\+08:00 – 2026-12-26T08:00:00\+08:00 {2}20 officers/);
  });

  it('usage mistakes exit 2 with what to write', async () => {
    const dir = freshDir();
    expect(await cli('roster', 'rotation', 'set', '--pattern', '3x2', '--data', dir)).toMatchObject({ code: 2, err: expect.stringContaining('--anchor is required, e.g. --anchor 2026-01-01') });
    expect(await cli('roster', 'rotation', 'set', '--pattern', '4x2', '--anchor', '2026-01-01', '--crews', '甲,乙', '--data', dir)).toMatchObject({ code: 2, err: expect.stringContaining('needs 4 crews; you gave 2') });
    expect(await cli('roster', 'on-duty', '--at', 'tomorrow', '--data', dir)).toMatchObject({ code: 2, err: expect.stringContaining('not an ISO 8601 time') });
    expect(await cli('roster', 'fly', '--data', dir)).toMatchObject({ code: 2, err: expect.stringContaining('unknown subcommand "fly"') });
  });

  it('shift set changes a template from a date on, earlier dates keep the old times; shift list shows both', async () => {
    const dir = freshDir();
    await cli('roster', 'rotation', 'set', '--pattern', '3x2', '--anchor', '2026-01-01', '--crews', '甲,乙,丙', '--data', dir);
    const set = await cli('roster', 'shift', 'set', '--code', 'day', '--start', '08:30', '--end', '20:30', '--from', '2027-01-01', '--data', dir);
    expect(set).toMatchObject({ code: 0, out: expect.stringMatching(/^Shift day 白班（白）is 08:30-20:30 \(12 h\) from 2027-01-01 on \(roster revision \d+\)\.$/) });
    const before = JSON.parse((await cli('roster', 'on-duty', '--at', '2026-12-31T08:15:00+08:00', '--json', '--data', dir)).out) as { shifts: { shift: string; start: string }[] };
    expect(before.shifts.map((s) => `${s.shift} ${s.start}`)).toEqual(['白班 2026-12-31T08:00:00+08:00']);
    const after = JSON.parse((await cli('roster', 'on-duty', '--at', '2027-01-01T08:45:00+08:00', '--json', '--data', dir)).out) as { shifts: { shift: string; start: string; end: string }[] };
    expect(after.shifts.find((s) => s.shift === '白班')).toMatchObject({ start: '2027-01-01T08:30:00+08:00', end: '2027-01-01T20:30:00+08:00' });
    const list = await cli('roster', 'shift', 'list', '--data', dir);
    expect(list.out).toMatch(/day +白班（白） 08:00-20:00 {2}from 1970-01-01\nday +白班（白） 08:30-20:30 {2}from 2027-01-01/);
    expect(list.out).toMatch(/night +夜班（夜） 20:00-08:00/);
    // A new shift needs its name and mark; bad times are refused field by field, and nothing is written.
    expect(await cli('roster', 'shift', 'set', '--code', 'standby', '--start', '09:00', '--end', '17:00', '--from', '2027-01-01', '--data', dir)).toMatchObject({ code: 2, err: expect.stringContaining('standby is a new shift: give its name') });
    expect(await cli('roster', 'shift', 'set', '--code', 'day', '--start', '25:00', '--end', '20:00', '--from', '2027-01-01', '--data', dir)).toMatchObject({ code: 2, err: expect.stringContaining('--start: must be a time of day HH:MM') });
    expect(await cli('roster', 'shift', 'set', '--code', 'day', '--start', '08:00', '--end', '20:00', '--from', '2027-02-30', '--data', dir)).toMatchObject({ code: 2, err: expect.stringContaining('--from: must be a date') });
    expect(await cli('roster', 'shift', 'set', '--code', 'day', '--data', dir)).toMatchObject({ code: 2, err: expect.stringContaining('--start is required, e.g. --start 08:00') });
    expect((await cli('roster', 'shift', 'list', '--data', dir)).out).toBe(list.out);
    expect(await cli('roster', 'shift', 'set', '--code', 'standby', '--start', '09:00', '--end', '17:00', '--from', '2027-01-01', '--name', '备勤班', '--short', '备', '--data', dir)).toMatchObject({ code: 0 });
  });

  it('reanchor moves a crew from a date on and keeps the days before; mistakes name the flag', async () => {
    const dir = freshDir();
    await cli('roster', 'rotation', 'set', '--pattern', '3x2', '--anchor', '2026-01-01', '--crews', '甲,乙,丙', '--data', dir);
    // 2026-12-25 is 358 days after the anchor: 甲 works slot 1 (夜), 丙 slot 2 + 1 = 0 (白).
    const crewOn = async (at: string) => (JSON.parse((await cli('roster', 'on-duty', '--at', at, '--json', '--data', dir)).out) as { shifts: { shift: string; crew: string }[] }).shifts.map((s) => `${s.shift}:${s.crew}`);
    expect(await crewOn('2026-12-25T09:00:00+08:00')).toEqual(['白班:丙']);
    const r = await cli('roster', 'reanchor', '--crew', '甲', '--from', '2026-12-25', '--slot', '0', '--reason', '春节勤务调整', '--data', dir);
    expect(r).toMatchObject({ code: 0, out: expect.stringContaining('Re-anchored: crew 甲 works slot 0 (白) of 3x2 on 2026-12-25 and walks on from there') });
    expect(await crewOn('2026-12-25T09:00:00+08:00')).toEqual(['白班:甲、丙']);
    expect(await crewOn('2026-12-24T09:00:00+08:00')).toEqual(['白班:甲']); // the day before is as it was
    const day = JSON.parse((await cli('roster', 'schedule', '--police-no', 'SL101', '--from', '2026-12-24', '--to', '2026-12-26', '--json', '--data', dir)).out) as { days: { date: string; mark: string }[] };
    expect(day.days.map((d) => `${d.date}:${d.mark}`)).toEqual(['2026-12-24:白', '2026-12-25:白', '2026-12-26:夜']);
    expect(r.out).toMatch(/警告|错误/); // 甲 on 白 twice in a row with 丙: the host lists what the move breaks
    expect(await cli('roster', 'reanchor', '--crew', '丁', '--from', '2026-12-25', '--slot', '0', '--reason', 'x', '--data', dir)).toMatchObject({ code: 2, err: expect.stringContaining('no crew named 丁; the crews are 甲,乙,丙') });
    expect(await cli('roster', 'reanchor', '--crew', '甲', '--from', '2026-12-25', '--slot', '3', '--reason', 'x', '--data', dir)).toMatchObject({ code: 2, err: expect.stringContaining('slot 3 is outside the 3x2 cycle (0-2)') });
    expect(await cli('roster', 'reanchor', '--crew', '甲', '--from', '2026-12-25', '--slot', 'one', '--reason', 'x', '--data', dir)).toMatchObject({ code: 2, err: expect.stringContaining('--slot one: give the cycle slot as a whole number') });
    expect(await cli('roster', 'reanchor', '--crew', '甲', '--from', '2026-12-25', '--slot', '1', '--reason', ' ', '--data', dir)).toMatchObject({ code: 2, err: expect.stringContaining('--reason: a reason is required') });
  });

  it('check --days 14 exits 0 when clean and 1 with the list when a rule is broken', async () => {
    const dir = freshDir();
    expect(await cli('roster', 'check', '--days', '14', '--data', dir)).toMatchObject({ code: 0, out: expect.stringMatching(/^No rule violations/) });
    await withService(dir, (s) => {
      const cfg = s.config();
      const today = s.onDutyNow().at.slice(0, 10);
      const to = new Date(Date.parse(today) + 13 * 86_400_000).toISOString().slice(0, 10);
      // Take the whole readiness squad of crew 甲 off for two weeks.
      for (const no of ['SL103', 'SL104']) {
        s.addException({ kind: 'leave', officerId: cfg.officers.find((o) => o.policeNo === no)!.id, from: today, to, reason: '培训' }, 'test');
      }
    });
    const r = await cli('roster', 'check', '--days', '14', '--data', dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/警告 WARNING .*战备处突小组持枪人员 3 名，少于 4 名/);
    expect(r.out).toMatch(/0 errors, \d+ warnings/);
    const gaps = await cli('roster', 'gaps', '--days', '3', '--json', '--data', dir);
    expect(JSON.parse(gaps.out).gaps.length).toBeGreaterThan(0);
  });

  it('export writes CSV (with BOM) and an XLSX 值班表 with title, names and signature line', async () => {
    const dir = freshDir();
    const csv = join(dir, 'r.csv');
    const xlsx = join(dir, 'r.xlsx');
    expect((await cli('roster', 'export', '--from', '2026-12-01', '--to', '2026-12-31', '--format', 'csv', '--out', csv, '--data', dir)).code).toBe(0);
    const text = readFileSync(csv, 'utf8');
    expect(text.startsWith('\uFEFF班组,警号,姓名,警衔,持枪,带班,12-01 周二')).toBe(true);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(61);
    expect(text).toMatch(/\r\n甲,SL101,示例·\S+,一级警长,是,是,夜,休,白/); // 12-01 is 334 days after the anchor: slot 1
    expect((await cli('roster', 'export', '--from', '2026-12-01', '--to', '2026-12-31', '--format', 'xlsx', '--out', xlsx, '--data', dir)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell(1, 1).value)).toBe('值班表 2026-12-01 至 2026-12-31');
    const values = ws.getSheetValues().flat().map(String).join(' ');
    expect(values).toContain('SL101');
    expect(values).toContain('值班员（签名）');
    expect(ws.pageSetup.orientation).toBe('landscape');
  });

  it('import --dry-run lists bad rows by line and changes nothing; a good file replaces the sample officers', async () => {
    const dir = freshDir();
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, '警号,姓名,班组,持枪\n032117,王强,甲,是\n03-2118,李明,甲,否\n032117,张伟,乙,也许\n');
    const r = await cli('roster', 'import', bad, '--dry-run', '--data', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('line 3 警号: 警号“03-2118”无效');
    expect(r.err).toContain('line 4 警号: 警号 032117 与第 2 行重复');
    expect(r.err).toContain('line 4 持枪: “也许”不是 是/否');
    const good = join(dir, 'good.csv');
    writeFileSync(good, '警号,姓名,警衔,部门,班组,持枪,带班,战备\n032117,王强,一级警长,巡特警大队,甲,是,是,是\n032118,李明,,巡特警大队,乙,是,否,是\n032119,张伟,,城关派出所,丙,否,否,否\n');
    const dry = await cli('roster', 'import', good, '--dry-run', '--data', dir);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('3 new, 0 changed, 0 unchanged; replaces the 60 sample officers (示例)');
    expect(await withService(dir, (s) => s.config().officers.length)).toBe(60);
    expect((await cli('roster', 'import', good, '--data', dir)).code).toBe(0);
    const officers = await withService(dir, (s) => s.config().officers.map((o) => `${o.policeNo}:${o.name}:${o.sample}`));
    expect(officers).toEqual(['032117:王强:false', '032118:李明:false', '032119:张伟:false']);
  });

  it('holidays load refuses a file without a source and loads a valid one', async () => {
    const dir = freshDir();
    const f = join(dir, 'h.json');
    writeFileSync(f, JSON.stringify({ year: 2099, holidays: [{ name: '元旦', from: '2099-01-01', to: '2099-01-01' }], makeupWorkdays: [] }));
    expect(await cli('roster', 'holidays', 'load', f, '--data', dir)).toMatchObject({ code: 1, err: expect.stringContaining('source') });
    writeFileSync(f, JSON.stringify({ year: 2099, source: 'test fixture, not a real notice', holidays: [{ name: '元旦', from: '2099-01-01', to: '2099-01-01' }], makeupWorkdays: [] }));
    expect(await cli('roster', 'holidays', 'load', f, '--data', dir)).toMatchObject({ code: 0 });
    expect((await cli('roster', 'holidays', 'list', '--data', dir)).out).toMatch(/2026 \(shipped\): 国务院办公厅关于2026年部分节假日安排的通知[^\n]*\n2099 \(loaded\)/);
  });
});

describe('kuaifan backup and restore', () => {
  it('backs up, refuses a corrupt file, restores a good one and keeps the replaced database', async () => {
    const dir = freshDir();
    await withService(dir, (s) => s.saveOfficer({ policeNo: 'KEEP01', name: '留存', rank: '', department: '' }, 'test'));
    const b = await cli('backup', '--data', dir);
    expect(b.code).toBe(0);
    const file = /Backup written: (\S+) /.exec(b.out)![1]!;
    expect(existsSync(file)).toBe(true);
    expect((await cli('backup', '--list', '--data', dir)).out).toContain('manual');

    // After the backup: an officer that the restore must take away again.
    await withService(dir, (s) => s.saveOfficer({ policeNo: 'GONE01', name: '之后', rank: '', department: '' }, 'test'));

    const corrupt = join(dir, 'corrupt.db');
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 4096 * 2, 4096 * 3); // wreck one b-tree page, leave the header readable
    writeFileSync(corrupt, bytes);
    const refused = await cli('restore', corrupt, '--data', dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/Refusing to restore: .*(integrity_check|malformed|cannot be read)/);
    expect(await withService(dir, (s) => s.config().officers.some((o) => o.policeNo === 'GONE01'))).toBe(true);

    const text = join(dir, 'notes.db');
    writeFileSync(text, 'not a database at all');
    expect((await cli('restore', text, '--data', dir)).err).toMatch(/cannot be read as an SQLite database/);

    const ok = await cli('restore', file, '--data', dir);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/The database it replaced is kept at .*before-restore-\d{8}T\d{6}Z\.db/);
    const numbers = await withService(dir, (s) => s.config().officers.map((o) => o.policeNo));
    expect(numbers).toContain('KEEP01');
    expect(numbers).not.toContain('GONE01');
    const db = new Database(join(dir, 'kuaifan.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'db.restore'").get()).toEqual({ n: 1 });
    db.close();
  });
});
