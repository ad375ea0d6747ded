// Writes the roster grid as CSV (UTF-8 with BOM, so Excel reads the Chinese) or as a formatted XLSX 值班表.
import Papa from 'papaparse';
import type { RosterView } from '../../../shared/contract/roster';
import { markStyle, markStyles, weekdayShort } from '../../../shared/domain/roster/marks';
import { cellsOf } from '../../../shared/domain/roster/view-cells';

const dayHeader = (d: RosterView['days'][number]): string => `${d.date.slice(5)} 周${weekdayShort[d.weekday]}${d.holiday ? ` ${d.holiday}` : d.makeupWorkday ? ' 班' : ''}`;

export function rosterCsv(view: RosterView): Buffer {
  const header = ['班组', '警号', '姓名', '警衔', '持枪', '带班', ...view.days.map(dayHeader)];
  const rows: string[][] = [header];
  for (const g of view.groups) {
    for (const o of g.officers) {
      rows.push([g.crew ?? '未编组', o.policeNo, o.name, o.rank, o.armed ? '是' : '否', o.leader ? '是' : '否', ...[...o.marks]]);
    }
  }
  return Buffer.from('\uFEFF' + Papa.unparse(rows, { newline: '\r\n', escapeFormulae: true }) + '\r\n', 'utf8');
}

const argb = (hex: string): string => 'FF' + hex.replace('#', '').toUpperCase();

export async function rosterXlsx(view: RosterView, title: string): Promise<Buffer> {
  // Loaded on first use: exceljs is large and most hall processes never export.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kuaifan';
  const ws = wb.addWorksheet(`值班表 ${view.from.slice(0, 7)}`, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', xSplit: 3, ySplit: 3 }],
  });
  const fixed = 3;
  const lastCol = fixed + view.days.length;
  ws.mergeCells(1, 1, 1, lastCol);
  const titleCell = ws.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { size: 16, bold: true };
  titleCell.alignment = { horizontal: 'center' };

  const head = ws.getRow(3);
  ['班组', '警号', '姓名'].forEach((h, i) => (head.getCell(i + 1).value = h));
  view.days.forEach((d, i) => {
    const c = head.getCell(fixed + 1 + i);
    c.value = `${Number(d.date.slice(8))}\n${weekdayShort[d.weekday]}${d.holiday ? `\n${d.holiday}` : d.makeupWorkday ? '\n班' : ''}`;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    if (d.holiday) c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFCDD2' } };
    else if (d.makeupWorkday) c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF59D' } };
    if (d.shifts.some((s) => s.violation)) c.font = { bold: true, color: { argb: 'FFC62828' } };
  });
  head.font = { bold: true };
  head.height = 44;

  let r = 4;
  for (const g of view.groups) {
    for (const o of g.officers) {
      const row = ws.getRow(r++);
      row.getCell(1).value = g.crew ?? '未编组';
      row.getCell(2).value = o.policeNo;
      row.getCell(3).value = `${o.name}${o.leader ? '（带班）' : ''}`;
      cellsOf(view, o).forEach((cell, i) => {
        const c = row.getCell(fixed + 1 + i);
        const style = markStyle(cell.mark);
        c.value = cell.mark;
        c.alignment = { horizontal: 'center' };
        c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(style.bg) } };
        c.font = { color: { argb: argb(style.fg) }, bold: cell.kind !== 'work' && cell.kind !== 'rest' };
        if (cell.note) c.note = cell.note;
      });
    }
  }
  const border = { style: 'thin' as const, color: { argb: 'FF9E9E9E' } };
  for (let y = 3; y < r; y++) for (let x = 1; x <= lastCol; x++) ws.getCell(y, x).border = { top: border, left: border, bottom: border, right: border };

  r++;
  const legend = ws.getRow(r++);
  legend.getCell(1).value = '图例';
  Object.entries(markStyles).forEach(([mark, s], i) => {
    const c = legend.getCell(2 + i);
    c.value = `${mark} ${s.label}`;
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(s.bg) } };
    c.font = { color: { argb: argb(s.fg) } };
  });
  for (const w of view.holidayWarnings) ws.getRow(r++).getCell(1).value = `注意：${w.message}`;
  r++;
  ws.getRow(r).getCell(1).value = '值班员（签名）：__________    带班领导（签名）：__________    审核日期：__________';

  ws.getColumn(1).width = 8;
  ws.getColumn(2).width = 10;
  ws.getColumn(3).width = 16;
  for (let i = 0; i < view.days.length; i++) ws.getColumn(fixed + 1 + i).width = 5;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
