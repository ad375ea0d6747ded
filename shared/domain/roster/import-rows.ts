// Officers-and-crews import: a table of text cells (from CSV or XLSX) checked row by row, every problem
// reported with its line, nothing accepted while any row is wrong.
import { dayFromParts, parseDay, type Day } from './calendar';

export interface TableRow {
  /** Line in the file (CSV) or row number (XLSX), the header being line 1 when it is the first. */
  line: number;
  cells: string[];
}

export interface ImportIssue {
  line: number | null;
  column: string | null;
  message: string;
}

type Flag = 'armed' | 'leader' | 'driver' | 'medic' | 'squad';

export interface ImportedOfficer {
  line: number;
  policeNo: string;
  name: string;
  /** null: the file has no such column, so an existing officer keeps the value. */
  rank: string | null;
  department: string | null;
  crew: string | null;
  /** The unit ridden (车组 / 岗位), as written: a callsign or unit id; null when the column is absent or the cell empty. */
  unit: string | null;
  joined: Day | null;
  flags: Partial<Record<Flag, boolean>>;
}

export const importColumns = {
  policeNo: ['警号', 'policeno', 'police_no', 'police no'],
  name: ['姓名', 'name'],
  rank: ['警衔', '职级', 'rank'],
  department: ['部门', '单位', 'department'],
  crew: ['班组', 'crew'],
  unit: ['车组', '岗位', 'unit'],
  joined: ['入组日期', 'joined'],
  armed: ['持枪', 'armed'],
  leader: ['带班', 'leader'],
  driver: ['驾驶员', 'driver'],
  medic: ['医护', 'medic'],
  squad: ['战备', 'squad'],
} as const;
type Column = keyof typeof importColumns;

const flagColumns: readonly Flag[] = ['armed', 'leader', 'driver', 'medic', 'squad'];
const truthy = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '✔']);
const falsy = new Set(['否', 'n', 'no', 'false', '0', '', '×', '-']);
const policeNoPattern = /^[0-9A-Za-z]{4,12}$/;

export const expectedHeader = '警号,姓名,警衔,部门,班组,入组日期,持枪,带班,驾驶员,医护,战备,车组';

function columnOf(header: string): Column | null {
  const h = header.replace(/^\uFEFF/, '').trim().toLowerCase();
  for (const [col, names] of Object.entries(importColumns) as [Column, readonly string[]][]) {
    if (names.some((n) => n.toLowerCase() === h)) return col;
  }
  return null;
}

/** YYYY-MM-DD, YYYY/M/D or YYYY.M.D. */
export function parseLooseDate(text: string): Day | null {
  const t = text.trim();
  const strict = parseDay(t);
  if (strict !== null) return strict;
  const m = /^(\d{4})[/.年-](\d{1,2})[/.月-](\d{1,2})日?$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return parseDay(iso) === null ? null : dayFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function parseOfficerTable(rows: readonly TableRow[]): { officers: ImportedOfficer[]; errors: ImportIssue[] } {
  const errors: ImportIssue[] = [];
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (nonEmpty.length === 0) {
    return { officers: [], errors: [{ line: null, column: null, message: `文件是空的：第一行应为表头 ${expectedHeader} (the file is empty)` }] };
  }
  const [header, ...body] = nonEmpty as [TableRow, ...TableRow[]];
  const map = new Map<Column, number>();
  header.cells.forEach((cell, i) => {
    if (cell.trim() === '') return;
    const col = columnOf(cell);
    if (!col) {
      errors.push({ line: header.line, column: cell.trim(), message: `未知列“${cell.trim()}”；可用的列：${expectedHeader} (unknown column)` });
    } else if (map.has(col)) {
      errors.push({ line: header.line, column: cell.trim(), message: `列“${cell.trim()}”重复 (column given twice)` });
    } else map.set(col, i);
  });
  for (const required of ['policeNo', 'name'] as const) {
    if (!map.has(required)) {
      errors.push({ line: header.line, column: importColumns[required][0], message: `缺少必填列“${importColumns[required][0]}” (required column missing)` });
    }
  }
  if (errors.length) return { officers: [], errors };
  if (body.length === 0) return { officers: [], errors: [{ line: header.line, column: null, message: '只有表头，没有警员行 (no officer rows below the header)' }] };

  const officers: ImportedOfficer[] = [];
  const seen = new Map<string, number>();
  for (const row of body) {
    const cell = (col: Column): string | null => {
      const i = map.get(col);
      return i === undefined ? null : (row.cells[i] ?? '').trim();
    };
    const rowErrors: ImportIssue[] = [];
    const bad = (col: Column, message: string): void => {
      rowErrors.push({ line: row.line, column: importColumns[col][0], message });
    };
    const extra = row.cells.slice(header.cells.length).filter((c) => c.trim() !== '');
    if (extra.length) rowErrors.push({ line: row.line, column: null, message: `本行比表头多出 ${extra.length} 个单元格：“${extra.join('”“')}” (more cells than the header)` });

    const policeNo = cell('policeNo') ?? '';
    if (policeNo === '') bad('policeNo', '警号为空 (police number is required)');
    else if (!policeNoPattern.test(policeNo)) bad('policeNo', `警号“${policeNo}”无效：应为 4-12 位字母或数字 (police number must be 4-12 letters or digits)`);
    else if (seen.has(policeNo)) bad('policeNo', `警号 ${policeNo} 与第 ${seen.get(policeNo)} 行重复 (duplicate police number)`);
    else seen.set(policeNo, row.line);

    const name = cell('name') ?? '';
    if (name === '') bad('name', '姓名为空 (name is required)');
    else if (name.length > 40) bad('name', `姓名超过 40 个字 (name longer than 40 characters)`);

    const crew = cell('crew');
    if (crew !== null && crew.length > 20) bad('crew', `班组名“${crew}”超过 20 个字 (crew name too long)`);

    const unit = cell('unit');
    if (unit !== null && unit.length > 40) bad('unit', `车组“${unit}”超过 40 个字 (unit name too long)`);

    const joinedText = cell('joined');
    let joined: Day | null = null;
    if (joinedText) {
      joined = parseLooseDate(joinedText);
      if (joined === null) bad('joined', `入组日期“${joinedText}”不是日期：请写成 YYYY-MM-DD，如 2026-12-01 (not a date)`);
    }
    const rank = cell('rank');
    if (rank !== null && rank.length > 20) bad('rank', '警衔超过 20 个字 (rank too long)');
    const department = cell('department');
    if (department !== null && department.length > 40) bad('department', '部门超过 40 个字 (department too long)');

    const flags: Partial<Record<Flag, boolean>> = {};
    for (const f of flagColumns) {
      const v = cell(f);
      if (v === null) continue;
      const k = v.toLowerCase();
      if (truthy.has(k)) flags[f] = true;
      else if (falsy.has(k)) flags[f] = false;
      else bad(f, `“${v}”不是 是/否 (write 是 or 否, Y or N)`);
    }

    if (rowErrors.length) errors.push(...rowErrors);
    else officers.push({ line: row.line, policeNo, name, rank, department, crew: crew === '' ? null : crew, unit: unit === '' ? null : unit, joined, flags });
  }
  return errors.length ? { officers: [], errors } : { officers, errors };
}
