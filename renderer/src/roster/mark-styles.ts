// Puts the grid's mark colours (shared with the XLSX export) into one style sheet, once.
import { markStyles } from '@shared/domain/roster/marks';

let installed = false;

export function installMarkStyles(): void {
  if (installed || typeof document === 'undefined') return;
  installed = true;
  const el = document.createElement('style');
  el.id = 'kf-roster-marks';
  el.textContent = Object.entries(markStyles)
    .map(([mark, s]) => `[data-mark="${mark}"] { --mark-bg: ${s.bg}; --mark-fg: ${s.fg}; }`)
    .join('\n');
  document.head.appendChild(el);
}
