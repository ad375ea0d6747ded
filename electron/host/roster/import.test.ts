// Officers-and-crews import: malformed CSV and XLSX give row-level errors with line numbers and leave the
// database exactly as it was; good files import all or nothing.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { HallError } from '../../../shared/contract/errors';
import { rosterTestHost, type RosterTestHost } from './test-kit';

const hosts: RosterTestHost[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.close();
});

/** A hall with real officers (not only samples), so updates and crew moves are exercised. */
function hall(): RosterTestHost {
  const h = rosterTestHost({ seed: false });
  hosts.push(h);
  h.service.setRotation({ pattern: '3x2', anchor: '2026-01-01', crews: ['甲', '乙', '丙'], from: '2026-01-01' }, 'setup');
  h.service.saveOfficer({ policeNo: '032117', name: '王强', rank: '一级警长', department: '巡特警大队', crew: '甲', joined: '2026-01-01', leader: true, armed: true }, 'setup');
  h.service.saveOfficer({ policeNo: '032118', name: '李明', rank: '', department: '', crew: '乙', joined: '2026-01-01' }, 'setup');
  return h;
}

function snapshot(h: RosterTestHost): string {
  const all = (sql: string): unknown[] => h.db.prepare(sql).all();
  return JSON.stringify({
    officers: all('SELECT * FROM roster_officers ORDER BY id'),
    crews: all('SELECT * FROM roster_crews ORDER BY id'),
    memberships: all('SELECT * FROM roster_memberships ORDER BY id'),
    audit: all('SELECT count(*) AS n FROM audit_log'),
    meta: all('SELECT * FROM roster_meta ORDER BY key'),
  });
}

const csv = (text: string) => ({ fileName: 'officers.csv', data: Buffer.from(text, 'utf8').toString('base64') });

async function xlsx(rows: unknown[][], style?: (ws: ExcelJS.Worksheet) => void) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('警员');
  for (const r of rows) ws.addRow(r);
  style?.(ws);
  return { fileName: 'officers.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') };
}

/** Preview must report errors; apply must refuse; the database must not change. */
async function refused(h: RosterTestHost, file: { fileName: string; data: string }) {
  const before = snapshot(h);
  const p = await h.service.importPreview(file);
  expect(p.ok).toBe(false);
  expect(p.rows).toEqual([]);
  let err: unknown;
  try {
    await h.service.importApply({ ...file, digest: p.digest, revision: p.revision }, 'watch');
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(HallError);
  expect((err as HallError).code).toBe('BAD_INPUT');
  expect(snapshot(h)).toBe(before);
  return p.errors;
}

describe('roster import', () => {
  it('a good CSV: preview says what changes, apply does it in one edit', async () => {
    const h = hall();
    const file = csv('警号,姓名,警衔,部门,班组,入组日期,持枪,带班,驾驶员,医护,战备\n032117,王强,一级警长,巡特警大队,甲,,是,是,否,否,是\n032118,李明,二级警员,,丙,2026-12-10,Y,N,Y,N,N\n040001,赵刚,,城关派出所,丁,2026/12/1,否,否,否,是,否\n');
    const p = await h.service.importPreview(file);
    expect(p.ok).toBe(true);
    expect(p.rows.map((r) => `${r.line}:${r.policeNo}:${r.action}:${r.changes.join('|')}`)).toEqual([
      '2:032117:update:战备 否 → 是',
      '3:032118:update:警衔 — → 二级警员|持枪 否 → 是|驾驶员 否 → 是|班组 乙 → 丙（自 2026-12-10）',
      '4:040001:create:',
    ]);
    expect(p.summary).toEqual({ create: 1, update: 2, unchanged: 0, newCrews: ['丁'], removesSample: 0 });
    const audit = h.audit.recent(1)[0]!.id;
    const r = await h.service.importApply({ ...file, digest: p.digest, revision: p.revision }, '李值班(100001)');
    expect(r.summary.create).toBe(1);
    expect(h.audit.recent(5).filter((a) => a.id > audit).map((a) => a.action)).toEqual(['roster.import']);
    const s = h.service.schedule({ policeNo: '032118', from: '2026-12-09', to: '2026-12-10' });
    expect(s.days.map((d) => d.crew)).toEqual(['乙', '丙']);
    expect(h.service.config().officers.find((o) => o.policeNo === '040001')).toMatchObject({ name: '赵刚', medic: true, department: '城关派出所' });
  });

  it('wrong columns: unknown and missing columns are named, at line 1', async () => {
    const h = hall();
    const errors = await refused(h, csv('警号,电话,班组\n032119,13800000000,甲\n'));
    expect(errors).toEqual([
      { line: 1, column: '电话', message: expect.stringContaining('未知列“电话”；可用的列：警号,姓名,警衔') },
      { line: 1, column: '姓名', message: expect.stringContaining('缺少必填列“姓名”') },
    ]);
    expect(await refused(h, csv('姓名,姓名,警号\n王,王,032119\n'))).toEqual([{ line: 1, column: '姓名', message: expect.stringContaining('重复') }]);
  });

  it('bad dates, bad flags, bad police numbers and duplicates, each with its line', async () => {
    const h = hall();
    const errors = await refused(h, csv([
      '警号,姓名,班组,入组日期,持枪',
      '050001,甲一,甲,2026-02-30,是',
      '050002,甲二,甲,下周一,是',
      '05-0003,甲三,甲,,是',
      '050001,甲四,乙,,可能',
      ',甲五,乙,,',
      '050006,,乙,,',
    ].join('\n')));
    expect(errors.map((e) => `${e.line}:${e.column}`)).toEqual(['2:入组日期', '3:入组日期', '4:警号', '5:警号', '5:持枪', '6:警号', '7:姓名']);
    expect(errors[0]!.message).toContain('入组日期“2026-02-30”不是日期');
    expect(errors[3]!.message).toContain('警号 050001 与第 2 行重复');
  });

  it('an empty file, a blank one and a header without rows', async () => {
    const h = hall();
    expect(await refused(h, csv(''))).toEqual([{ line: null, column: null, message: expect.stringContaining('文件是空的') }]);
    expect(await refused(h, csv('\n\n ,\n'))).toEqual([{ line: null, column: null, message: expect.stringContaining('文件是空的') }]);
    expect(await refused(h, csv('警号,姓名\n'))).toEqual([{ line: 1, column: null, message: expect.stringContaining('只有表头') }]);
    expect(await refused(h, { fileName: 'officers.docx', data: Buffer.from('x').toString('base64') })).toEqual([{ line: null, column: null, message: expect.stringContaining('请导入 .csv 或 .xlsx') }]);
    expect((await refused(h, { fileName: 'officers.xlsx', data: Buffer.from('PK\u0003\u0004 broken zip').toString('base64') }))[0]!.message).toContain('无法读取 XLSX 文件');
  });

  it('line numbers stay right after a quoted cell with a line break; GB18030 from Excel reads correctly', async () => {
    const h = hall();
    const errors = await refused(h, csv('警号,姓名,部门\n060001,"张\n伟",城关\n06-0002,李四,城关\n'));
    expect(errors.map((e) => e.line)).toEqual([4]);
    const gbk = Buffer.from([
      ...Buffer.from('\xbe\xaf\xba\xc5,\xd0\xd5\xc3\xfb\n', 'latin1'), // 警号,姓名 in GB18030
      ...Buffer.from('070001,', 'latin1'),
      ...Buffer.from('\xd5\xc5\xce\xb0\n', 'latin1'), // 张伟
    ]);
    const p = await h.service.importPreview({ fileName: 'gbk.csv', data: gbk.toString('base64') });
    expect(p.errors).toEqual([]);
    expect(p.rows).toEqual([expect.objectContaining({ policeNo: '070001', name: '张伟', action: 'create' })]);
  });

  it('XLSX: wrong columns and bad dates by row number; dates and zero-padded police numbers read right', async () => {
    const h = hall();
    const bad = await refused(h, await xlsx([['警号', '姓名', '手机'], ['080001', '王五', '138']]));
    expect(bad).toEqual([expect.objectContaining({ line: 1, column: '手机' })]);
    const dates = await refused(h, await xlsx([['警号', '姓名', '入组日期'], ['080001', '王五', 'soon'], ['080002', '王六', new Date(Date.UTC(2026, 11, 1))], ['080001', '王七', '']]));
    expect(dates.map((e) => `${e.line}:${e.column}`)).toEqual(['2:入组日期', '4:警号']);
    const good = await xlsx([['警号', '姓名', '班组', '入组日期', '持枪'], [80003, '王八', '甲', new Date(Date.UTC(2026, 11, 1)), true]], (ws) => {
      ws.getCell('A2').numFmt = '000000';
    });
    const p = await h.service.importPreview(good);
    expect(p.errors).toEqual([]);
    expect(p.rows).toEqual([expect.objectContaining({ line: 2, policeNo: '080003', name: '王八', crew: '甲' })]);
  });

  it('apply is refused when the file or the roster changed since the preview', async () => {
    const h = hall();
    const file = csv('警号,姓名,班组\n090001,新人,甲\n');
    const p = await h.service.importPreview(file);
    const other = csv('警号,姓名,班组\n090001,别人,甲\n');
    await expect(h.service.importApply({ ...other, digest: p.digest, revision: p.revision }, 'w')).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('not the file that was previewed') });
    h.service.saveCrew({ name: '戊' }, 'someone');
    const before = snapshot(h);
    await expect(h.service.importApply({ ...file, digest: p.digest, revision: p.revision }, 'w')).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('changed since the preview') });
    expect(snapshot(h)).toBe(before);
  });

  it('fuzz: any table either imports whole or is refused with line-numbered errors and no change', async () => {
    const h = hall();
    const header = fc.shuffledSubarray(['警号', '姓名', '班组', '入组日期', '持枪', '带班', '电话', 'name', '  ', '警号'], { minLength: 0, maxLength: 6 });
    const cell = fc.oneof(
      fc.constantFrom('', '是', '否', 'Y', '甲', '乙', '2026-12-01', '2026-13-01', '032117', '032118', '0900AB', 'x"y', '王,五', '张\n三'),
      fc.stringMatching(/^[0-9]{4,8}$/),
      fc.string({ maxLength: 6 }),
    );
    const quote = (c: string): string => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
    await fc.assert(
      fc.asyncProperty(header, fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 6 }), async (head, rows) => {
        const text = [head, ...rows].map((r) => r.map(quote).join(',')).join('\n');
        const file = csv(text);
        const before = snapshot(h);
        const p = await h.service.importPreview(file);
        if (!p.ok) {
          expect(p.errors.length).toBeGreaterThan(0);
          for (const e of p.errors) expect(e.line === null || (Number.isInteger(e.line) && e.line >= 1)).toBe(true);
          await expect(h.service.importApply({ ...file, digest: p.digest, revision: p.revision }, 'fuzz')).rejects.toBeInstanceOf(HallError);
          expect(snapshot(h)).toBe(before);
        } else {
          await h.service.importApply({ ...file, digest: p.digest, revision: p.revision }, 'fuzz');
          const numbers = new Set(h.service.config().officers.map((o) => o.policeNo));
          for (const r of p.rows) expect(numbers.has(r.policeNo)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('fuzz XLSX: wrong columns, bad dates, duplicates and empty sheets give row-numbered errors and no change', async () => {
    const h = hall();
    type Cell = string | number | boolean | Date | null;
    const columns = ['警号', '姓名', '班组', '入组日期', '持枪', '带班'];
    // Half the headers are sound (so rows get checked), the rest have unknown, blank, missing or doubled columns.
    const header = fc.oneof(
      fc.shuffledSubarray(columns.slice(2)).map((more) => ['警号', '姓名', ...more]),
      fc.shuffledSubarray([...columns, '电话', 'name', '', '警号'], { minLength: 0, maxLength: 6 }),
    );
    const date = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true });
    const anyCell: fc.Arbitrary<Cell> = fc.oneof(
      fc.constantFrom('是', '否', '甲', '2026-12-01', '2026-02-30', '下周一', '张 三', null),
      fc.integer({ min: 0, max: 99_999_999 }),
      fc.boolean(),
      date,
      fc.string({ maxLength: 6 }),
    );
    const cellFor: Record<string, fc.Arbitrary<Cell>> = {
      警号: fc.constantFrom('032117', '032118', '100001', '100002', '100003', '05-0003', ''),
      姓名: fc.constantFrom('王五', '李六', '赵七', ''),
      班组: fc.constantFrom('甲', '乙', '丙', '', null),
      入组日期: fc.oneof(date, fc.constantFrom('2026-12-01', '2026/12/01', '2026-02-30', '下周一', '', null)),
      持枪: fc.oneof(fc.boolean(), fc.constantFrom('是', '否', 'Y', '可能', '', null)),
      带班: fc.oneof(fc.boolean(), fc.constantFrom('是', '否', 'N', '可能', '', null)),
    };
    const table = header.chain((head) =>
      fc.record({
        head: fc.constant(head),
        rows: fc.array(fc.tuple(fc.tuple(...head.map((c) => cellFor[c] ?? anyCell)), fc.array(anyCell, { maxLength: 2 })).map(([r, extra]) => [...r, ...extra]), { maxLength: 6 }),
        emptySheetFirst: fc.boolean(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(table, async ({ head, rows, emptySheetFirst }) => {
        const noCol = head.indexOf('警号');
        const wb = new ExcelJS.Workbook();
        if (emptySheetFirst) wb.addWorksheet('空白');
        const ws = wb.addWorksheet('警员');
        for (const r of [head, ...rows]) ws.addRow(r);
        const file = { fileName: 'officers.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') };
        const before = snapshot(h);
        const p = await h.service.importPreview(file);
        const numbers = rows.map((r) => (noCol >= 0 ? r[noCol] : null)).filter((n): n is string => typeof n === 'string' && n !== '');
        const duplicated = head.filter((c) => c === '警号').length === 1 && new Set(numbers).size < numbers.length;
        if (duplicated) expect(p.ok).toBe(false);
        // With a sound header, a valid police number given twice is reported as a duplicate on its row.
        const soundHeader = new Set(head).size === head.length && head.includes('姓名') && head.every((c) => columns.includes(c));
        const validTwice = numbers.filter((n) => /^\d+$/.test(n)).some((n, i, all) => all.indexOf(n) !== i);
        if (duplicated && soundHeader && validTwice) expect(p.errors.some((e) => e.column === '警号' && e.line !== null && e.line > 1 && /重复/.test(e.message))).toBe(true);
        if (!p.ok) {
          expect(p.errors.length).toBeGreaterThan(0);
          expect(p.rows).toEqual([]);
          // Every error names a row of the sheet (1 is the header) or the file as a whole.
          for (const e of p.errors) expect(e.line === null || (Number.isInteger(e.line) && e.line >= 1 && e.line <= 1 + rows.length)).toBe(true);
          await expect(h.service.importApply({ ...file, digest: p.digest, revision: p.revision }, 'fuzz')).rejects.toBeInstanceOf(HallError);
          expect(snapshot(h)).toBe(before);
        } else {
          await h.service.importApply({ ...file, digest: p.digest, revision: p.revision }, 'fuzz');
          const known = new Set(h.service.config().officers.map((o) => o.policeNo));
          for (const r of p.rows) expect(known.has(r.policeNo)).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  });
});
