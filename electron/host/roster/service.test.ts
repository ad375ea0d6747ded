// The roster service on a real SQLite file: sample roster, edits with audit rows, conflicts, holidays, history.
import { afterEach, describe, expect, it } from 'vitest';
import { HallError } from '../../../shared/contract/errors';
import { verifyAuditLog } from '../audit/audit-log';
import { cellsOf } from '../../../shared/domain/roster/view-cells';
import { officerId, rosterTestHost, type RosterTestHost } from './test-kit';

const hosts: RosterTestHost[] = [];
function host(opts: Parameters<typeof rosterTestHost>[0] = {}): RosterTestHost {
  const h = rosterTestHost(opts);
  hosts.push(h);
  return h;
}
afterEach(() => {
  for (const h of hosts.splice(0)) h.close();
});

function hallError(fn: () => unknown): HallError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HallError) return err;
    throw err;
  }
  throw new Error('expected a HallError');
}

const auditRows = (h: RosterTestHost): number => (h.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

describe('roster service', () => {
  it('a new hall gets the sample roster once: 3 crews of 20 on 三班两运转, on duty at once', () => {
    const h = host();
    const cfg = h.service.config();
    expect(cfg.crews.map((c) => `${c.name}:${c.members}`)).toEqual(['甲:20', '乙:20', '丙:20']);
    expect(cfg.officers.every((o) => o.sample && o.name.startsWith('示例·'))).toBe(true);
    expect(cfg.rotations).toEqual([{ from: '2025-12-04', pattern: '3x2', anchor: '2026-01-01', crews: ['甲', '乙', '丙'], crewIds: cfg.crews.map((c) => c.id) }]);
    expect(h.service.seedSampleIfEmpty()).toBe(false);
    const duty = h.service.onDuty('2026-12-25T09:00:00+08:00');
    expect(duty.at).toBe('2026-12-25T09:00:00+08:00');
    expect(duty.shifts).toHaveLength(1);
    expect(duty.shifts[0]).toMatchObject({ shift: '白班', crew: '丙', start: '2026-12-25T08:00:00+08:00', end: '2026-12-25T20:00:00+08:00' });
    expect(duty.shifts[0]!.officers).toHaveLength(20);
    expect(duty.shifts[0]!.officers.slice(0, 2).every((o) => o.leader)).toBe(true);
    expect(Object.keys(duty.shifts[0]!.officers[0]!)).toEqual(['name', 'policeNo', 'leader', 'armed']);
    // The sample's qualifications pass the default rules.
    expect(h.service.check({ days: 60 })).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('does not seed a hall that already has officers', () => {
    const h = host({ seed: false });
    h.service.saveOfficer({ policeNo: '032117', name: '王强', rank: '', department: '' }, 'watch:test');
    expect(h.service.seedSampleIfEmpty()).toBe(false);
    expect(h.service.config().officers.map((o) => o.policeNo)).toEqual(['032117']);
  });

  it('the on-duty pane: the night crew after midnight, its leaders and readiness squad, and the next change', () => {
    const h = host({ now: '2026-12-25T03:00:00+08:00' });
    const now = h.service.onDutyNow();
    expect(now.shifts).toHaveLength(1);
    const s = now.shifts[0]!;
    // 2026-12-24: 甲 白, 乙 夜 (until 08:00 on the 25th).
    expect(s).toMatchObject({ date: '2026-12-24', code: 'night', shift: '夜班', crew: '乙', end: '2026-12-25T08:00:00+08:00' });
    expect(s.leaders.map((p) => p.policeNo)).toEqual(['SL201', 'SL202']);
    expect(s.squad.map((p) => p.policeNo)).toEqual(['SL203', 'SL204', 'SL205', 'SL206', 'SL207']);
    expect(s.squad.every((p) => p.armed)).toBe(true);
    expect(now.nextChangeAt).toBe('2026-12-25T08:00:00+08:00');
  });

  it('leave is one edit with its audit row; the staffing rule warns when a shift drops below its minimum', () => {
    const h = host();
    h.service.setRules({ rules: { minStaff: { day: 20 } } }, '值班员(100001)');
    const before = auditRows(h);
    const officer = officerId(h, 'SL115');
    const r = h.service.addException({ kind: 'leave', officerId: officer, from: '2026-12-24', to: '2026-12-24', reason: '事假' }, '值班员(100001)');
    expect(auditRows(h)).toBe(before + 1);
    expect(r.exception).toMatchObject({ kind: 'leave', from: '2026-12-24', to: '2026-12-24', author: '值班员(100001)', reason: '事假', version: 1 });
    expect(r.exception.summary).toContain('请假 2026-12-24');
    const warn = r.violations.find((v) => v.rule === 'minStaff');
    expect(warn).toMatchObject({ severity: 'warning', date: '2026-12-24', shift: 'day' });
    expect(warn!.message).toContain('在岗 19 人，少于最低 20 人');
    const view = h.service.view('2026-12-01', '2026-12-31');
    const row = view.groups.find((g) => g.crew === '甲')!.officers.find((o) => o.policeNo === 'SL115')!;
    expect(row.marks[23]).toBe('假');
    const cell = cellsOf(view, row)[23]!;
    expect(cell).toMatchObject({ mark: '假', kind: 'off', note: '请假：事假' });
    expect(view.days[23]!.shifts.find((s) => s.code === 'day')).toMatchObject({ count: 19, minimum: 20, violation: 'warning' });
    expect(h.service.history({ limit: 1 })[0]).toMatchObject({ actor: '值班员(100001)', action: 'roster.leave.add' });
    expect(verifyAuditLog(h.db).ok).toBe(true);
  });

  it('two screens editing the same officer: the second, with the old version, gets a conflict naming who changed what', () => {
    const h = host();
    const officer = officerId(h, 'SL103');
    const seen = h.service.config().officers.find((o) => o.id === officer)!.version;
    h.service.addException({ kind: 'leave', officerId: officer, from: '2026-12-24', to: '2026-12-25', reason: '探亲', officerVersion: seen }, '李明(100002)');
    const rows = auditRows(h);
    const revision = h.service.revision();
    const err = hallError(() =>
      h.service.addException({ kind: 'extra', officerId: officer, day: '2026-12-26', shift: 'day', reason: '加班', officerVersion: seen }, '王强(100003)'),
    );
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/示例·.+（SL103）was changed by 李明\(100002\) at 2026-12-04T10:00:00\+08:00 \(请假 2026-12-24～2026-12-25/);
    expect(auditRows(h)).toBe(rows);
    expect(h.service.revision()).toBe(revision);
  });

  it('a swap records both sides; each schedule shows 换 on both dates', () => {
    const h = host();
    const a = officerId(h, 'SL110'); // 甲: 白 on 12-24
    const b = officerId(h, 'SL210'); // 乙: 夜 on 12-24
    const r = h.service.addException({ kind: 'swap', officerId: a, day: '2026-12-24', partnerId: b, partnerDay: '2026-12-24', reason: '家中有事' }, 'w');
    expect(r.exception).toMatchObject({ shift: 'day', partnerShift: 'night', partnerId: b });
    const sa = h.service.schedule({ officerId: a, from: '2026-12-24', to: '2026-12-24' }).days[0]!;
    const sb = h.service.schedule({ officerId: b, from: '2026-12-24', to: '2026-12-24' }).days[0]!;
    expect(sa).toMatchObject({ mark: '换', kind: 'swap', shifts: [{ code: 'night', start: '2026-12-24T20:00:00+08:00', end: '2026-12-25T08:00:00+08:00', source: 'swap' }] });
    expect(sb).toMatchObject({ mark: '换', shifts: [{ code: 'day', source: 'swap' }] });
    expect(sa.note).toMatch(/换入夜班（与示例·.+（SL210））/);
    // The on-duty answer follows the swap.
    const day = h.service.onDuty('2026-12-24T09:00:00+08:00').shifts[0]!.officers.map((o) => o.policeNo);
    expect(day).toContain('SL210');
    expect(day).not.toContain('SL110');
    // Refusals say why.
    expect(hallError(() => h.service.addException({ kind: 'swap', officerId: a, day: '2026-12-26', partnerId: b, partnerDay: '2026-12-24', reason: 'x' }, 'w')).message).toMatch(/has no shift on 2026-12-26 \(休\)/);
  });

  it('withdrawing and restoring an exception, with conflicts for stale versions', () => {
    const h = host();
    const officer = officerId(h, 'SL301');
    const { exception } = h.service.addException({ kind: 'extra', officerId: officer, day: '2026-12-24', shift: 'night', reason: '大型活动安保' }, 'A');
    expect(h.service.onDuty('2026-12-24T23:00:00+08:00').shifts[0]!.officers.map((o) => o.policeNo)).toContain('SL301');
    const revoked = h.service.revokeException({ id: exception.id, version: exception.version, reason: '取消' }, 'B').exception;
    expect(revoked).toMatchObject({ revokedBy: 'B', version: 2 });
    expect(h.service.onDuty('2026-12-24T23:00:00+08:00').shifts[0]!.officers.map((o) => o.policeNo)).not.toContain('SL301');
    const stale = hallError(() => h.service.revokeException({ id: exception.id, version: 1 }, 'C'));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/was withdrawn by B at/);
    const restored = h.service.restoreException({ id: exception.id, version: 2 }, 'B').exception;
    expect(restored).toMatchObject({ revokedAt: null, version: 3 });
    expect(h.service.history({ limit: 3 }).map((r) => r.action)).toEqual(['roster.exception.restore', 'roster.exception.revoke', 'roster.extra.add']);
  });

  it('extra duty on a shift the rotation does not have, or on leave, is refused with the reason', () => {
    const h = host();
    const officer = officerId(h, 'SL120');
    expect(hallError(() => h.service.addException({ kind: 'extra', officerId: officer, day: '2026-12-24', shift: 'early', reason: 'x' }, 'w')).message)
      .toMatch(/no early on 2026-12-24 \(shifts that day: day 白班, night 夜班\)/);
    h.service.addException({ kind: 'sick', officerId: officer, from: '2026-12-20', to: '2026-12-27', reason: '住院' }, 'w');
    expect(hallError(() => h.service.addException({ kind: 'extra', officerId: officer, day: '2026-12-24', shift: 'night', reason: 'x' }, 'w')).message).toMatch(/is on 病假 on 2026-12-24/);
    expect(hallError(() => h.service.addException({ kind: 'leave', officerId: officer, from: '2026-12-27', to: '2026-12-28', reason: 'x' }, 'w')).code).toBe('CONFLICT');
  });

  it('rotation.set: wrong crew count refused; a new rotation from a date leaves the days before it alone', () => {
    const h = host();
    expect(hallError(() => h.service.setRotation({ pattern: '4x2', anchor: '2027-01-01', crews: ['甲', '乙', '丙'] }, 'w')).message).toMatch(/4x2 .* needs 4 crews; you gave 3/);
    expect(hallError(() => h.service.setRotation({ pattern: '5x5', anchor: '2027-01-01', crews: ['甲'] }, 'w')).message).toMatch(/Unknown pattern 5x5; use one of 24-48, 3x2/);
    const before = h.service.onDuty('2026-12-31T09:00:00+08:00');
    const v = h.service.config().rotationVersion;
    h.service.setRotation({ pattern: '4x2', anchor: '2027-01-01', crews: ['甲', '乙', '丙', '丁'], version: v }, 'w');
    expect(h.service.onDuty('2026-12-31T09:00:00+08:00')).toEqual(before);
    expect(h.service.onDuty('2027-01-01T21:00:00+08:00').shifts[0]).toMatchObject({ shift: '夜班', crew: '乙' });
    expect(h.service.config().crews.map((c) => c.name)).toEqual(['甲', '乙', '丙', '丁']);
    expect(hallError(() => h.service.setRotation({ pattern: '3x2', anchor: '2027-01-01', crews: ['甲', '乙', '丙'], version: v }, 'x')).code).toBe('CONFLICT');
  });

  it('a changed shift template applies from its date on only', () => {
    const h = host();
    h.service.setShift({ code: 'day', from: '2027-01-01', start: '08:30', end: '20:30' }, 'w');
    h.service.setShift({ code: 'night', from: '2027-01-01', start: '20:30', end: '08:30' }, 'w');
    expect(h.service.onDuty('2026-12-31T08:15:00+08:00').shifts[0]).toMatchObject({ shift: '白班', start: '2026-12-31T08:00:00+08:00' });
    // The night dated 12-31 keeps its old times (until 08:00), so 08:00-08:30 on the changeover day is uncovered.
    expect(h.service.onDuty('2027-01-01T08:15:00+08:00').shifts).toEqual([]);
    expect(h.service.onDuty('2027-01-01T20:15:00+08:00').shifts[0]).toMatchObject({ shift: '白班', end: '2027-01-01T20:30:00+08:00' });
    expect(h.service.onDuty('2027-01-02T08:15:00+08:00').shifts[0]).toMatchObject({ shift: '夜班', start: '2027-01-01T20:30:00+08:00', end: '2027-01-02T08:30:00+08:00' });
  });

  it('holidays: 2026 from the shipped notice; a year without data warns; a loaded year is used', () => {
    const h = host();
    const oct = h.service.view('2026-09-28', '2026-10-11');
    expect(oct.days.find((d) => d.date === '2026-10-01')).toMatchObject({ holiday: '国庆节', makeupWorkday: false });
    expect(oct.days.find((d) => d.date === '2026-10-10')).toMatchObject({ holiday: null, makeupWorkday: true });
    expect(oct.holidayWarnings).toEqual([]);
    const jan = h.service.view('2099-01-01', '2099-01-31');
    expect(jan.holidayWarnings.map((w) => w.year)).toEqual([2099]);
    expect(jan.holidayWarnings[0]!.message).toContain('2099 年没有法定节假日数据');
    // A made-up year far in the future, loaded the way a watch officer loads a real notice.
    h.service.loadHolidays({ year: 2099, source: 'test fixture, not a real notice', holidays: [{ name: '元旦', from: '2099-01-01', to: '2099-01-01' }], makeupWorkdays: [] }, 'w');
    const after = h.service.view('2099-01-01', '2099-01-31');
    expect(after.holidayWarnings).toEqual([]);
    expect(after.days[0]!.holiday).toBe('元旦');
    expect(h.service.config().holidayYears).toEqual([
      { year: 2026, source: expect.stringContaining('国务院办公厅关于2026年部分节假日安排的通知'), origin: 'shipped' },
      { year: 2099, source: 'test fixture, not a real notice', origin: 'loaded' },
    ]);
  });

  it('another connection to the same file sees an edit at once', () => {
    const a = host();
    const b = host({ file: a.file });
    const officer = officerId(a, 'SL101');
    expect(b.service.onDuty('2026-12-24T09:00:00+08:00').shifts[0]!.officers.map((o) => o.policeNo)).toContain('SL101');
    a.service.addException({ kind: 'leave', officerId: officer, from: '2026-12-24', to: '2026-12-24', reason: 'x' }, 'w');
    expect(b.service.onDuty('2026-12-24T09:00:00+08:00').shifts[0]!.officers.map((o) => o.policeNo)).not.toContain('SL101');
  });

  it('an unknown hall zone is refused with the fix; another zone moves the answers', () => {
    const h = host({ zone: 'Asia/Urumqi' });
    // 09:00 in Shanghai is 07:00 in Urumqi: still the night shift there.
    expect(h.service.onDuty('2026-12-25T09:00:00+08:00')).toMatchObject({ at: '2026-12-25T07:00:00+06:00', shifts: [{ shift: '夜班', start: '2026-12-24T20:00:00+06:00' }] });
    h.settings.set({ hallZone: 'Nowhere/City' });
    const err = hallError(() => h.service.onDuty());
    expect(err.code).toBe('REFUSED');
    expect(err.message).toMatch(/Unknown time zone "Nowhere\/City".*Asia\/Shanghai/);
  });

  it('CSV export neutralises a name that a spreadsheet would run as a formula', async () => {
    const h = host();
    h.service.saveOfficer({ policeNo: 'X00001', name: '=HYPERLINK("http://x")', rank: '', department: '', crew: '甲', joined: '2026-12-01' }, 'w');
    const file = await h.service.exportRoster({ from: '2026-12-01', to: '2026-12-31', format: 'csv' });
    const text = Buffer.from(file.data, 'base64').toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(file.fileName).toBe('值班表_2026-12-01_2026-12-31.csv');
  });

  it('a moved officer keeps the old crew in history', () => {
    const h = host();
    const officer = officerId(h, 'SL120');
    const version = h.service.config().officers.find((o) => o.id === officer)!.version;
    const crews = h.service.config().crews;
    h.service.moveCrew({ officerId: officer, version, crewId: crews.find((c) => c.name === '乙')!.id, from: '2026-12-25' }, 'w');
    const s = h.service.schedule({ policeNo: 'SL120', from: '2026-12-24', to: '2026-12-25' });
    expect(s.days.map((d) => `${d.crew}:${d.mark}`)).toEqual(['甲:白', '乙:休']);
  });
});
