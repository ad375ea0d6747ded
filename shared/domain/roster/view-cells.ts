// Expands the month view's compact rows (a mark per day, details only where there is more to say) into
// one cell per day, for the grid, the print sheet and the exports.
import type { RosterCell, RosterView } from '../../contract/roster';

type Row = RosterView['groups'][number]['officers'][number];

export function cellsOf(view: Pick<RosterView, 'days'>, row: Pick<Row, 'marks' | 'cells'>): RosterCell[] {
  const details = new Map(row.cells.map((c) => [c.day, c]));
  return view.days.map((d, i) => {
    const detail = details.get(i);
    if (detail) {
      const { day: _day, ...cell } = detail;
      return cell;
    }
    const mark = row.marks[i] ?? '休';
    const shift = d.shifts.find((s) => s.short === mark);
    return shift
      ? { mark, kind: 'work', shifts: [shift.code], note: '', exceptionIds: [], violation: null }
      : { mark, kind: 'rest', shifts: [], note: '', exceptionIds: [], violation: null };
  });
}
