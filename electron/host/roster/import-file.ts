// Reads an officers file (CSV in UTF-8 or GB18030, or XLSX) into rows of text cells with their line numbers.
import Papa from 'papaparse';
import type ExcelJS from 'exceljs';
import type { ImportIssue, TableRow } from '../../../shared/domain/roster/import-rows';

export interface DecodedTable {
  format: 'csv' | 'xlsx';
  rows: TableRow[];
  errors: ImportIssue[];
}

const fileError = (message: string): ImportIssue => ({ line: null, column: null, message });

export async function readTable(fileName: string, bytes: Buffer): Promise<DecodedTable> {
  const lower = fileName.toLowerCase();
  const zipMagic = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (lower.endsWith('.xls') || (bytes.length >= 4 && bytes.readUInt32BE(0) === 0xd0cf11e0)) {
    return { format: 'xlsx', rows: [], errors: [fileError('这是旧版 .xls 文件：请在 Excel 中另存为 .xlsx 或 .csv 再导入 (save the .xls file as .xlsx or .csv)')] };
  }
  if (lower.endsWith('.xlsx') || zipMagic) return readXlsx(bytes);
  if (lower.endsWith('.csv') || lower.endsWith('.txt') || lower.endsWith('.tsv')) return { format: 'csv', ...readCsv(bytes) };
  return { format: 'csv', rows: [], errors: [fileError(`无法识别文件“${fileName}”：请导入 .csv 或 .xlsx (import a .csv or .xlsx file)`)] };
}

/** UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), else GB18030, which Excel uses for Chinese CSV. */
export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function readCsv(bytes: Buffer): { rows: TableRow[]; errors: ImportIssue[] } {
  const text = decodeText(bytes);
  const rows: TableRow[] = [];
  const errors: ImportIssue[] = [];
  let line = 1;
  let counted = 0;
  const lineAt = (offset: number): number => {
    for (let i = counted; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
    counted = Math.max(counted, offset);
    return line;
  };
  let start = 0;
  Papa.parse<string[]>(text, {
    skipEmptyLines: false,
    step(result) {
      const rowLine = lineAt(start);
      for (const e of result.errors) {
        // A one-column file has no delimiter to detect; that is not a mistake.
        if (e.type !== 'Delimiter') errors.push({ line: rowLine, column: null, message: `CSV 格式错误：${e.message} (malformed CSV)` });
      }
      rows.push({ line: rowLine, cells: (result.data ?? []).map((c) => String(c)) });
      // The cursor points past this row's line break, where the next row starts.
      start = result.meta.cursor;
    },
  });
  return { rows, errors };
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    return `${v.getUTCFullYear()}-${String(v.getUTCMonth() + 1).padStart(2, '0')}-${String(v.getUTCDate()).padStart(2, '0')}`;
  }
  if (typeof v === 'number') {
    // A police number typed as a number loses its leading zeros unless the cell format keeps them (000000).
    const fmt = cell.numFmt ?? '';
    return /^0+$/.test(fmt) && Number.isInteger(v) ? String(v).padStart(fmt.length, '0') : String(v);
  }
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return v.result === undefined || v.result === null ? '' : String(v.result instanceof Date ? cellText({ ...cell, value: v.result } as ExcelJS.Cell) : v.result);
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('error' in v) return String(v.error);
  }
  return String(v);
}

async function readXlsx(bytes: Buffer): Promise<DecodedTable> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    return { format: 'xlsx', rows: [], errors: [fileError(`无法读取 XLSX 文件：${(err as Error).message}；请用 Excel 重新保存为 .xlsx (not a readable .xlsx file)`)] };
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) return { format: 'xlsx', rows: [], errors: [] };
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c)));
    rows.push({ line: rowNumber, cells });
  });
  return { format: 'xlsx', rows, errors: [] };
}
