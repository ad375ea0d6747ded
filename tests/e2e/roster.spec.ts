// The duty roster in Chromium against `kuaifan serve`: a watch officer marks an officer on leave, sees the
// staffing warning on that day, undoes it and prints the month to PDF (title and names checked in the PDF);
// export and import from the editor; the console's on-duty pane.
import { expect, test as base, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eTokens } from '../../playwright.config';
import { openSignedIn, sharedAdmin } from './shared-hall';

const out = join(process.env.KUAIFAN_E2E_OUT ?? 'test-results', 'roster');
mkdirSync(out, { recursive: true });

const test = base.extend<{ guard: void }>({
  guard: [
    async ({ context }, use) => {
      const broken: string[] = [];
      const outside: string[] = [];
      context.on('request', (req) => {
        const u = new URL(req.url());
        if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol)) outside.push(req.url());
      });
      context.on('page', (page) => page.on('pageerror', (err) => broken.push(err.message)));
      await use();
      expect(outside, 'requests beyond this machine').toEqual([]);
      expect(broken, 'uncaught page errors').toEqual([]);
    },
    { auto: true },
  ],
});
test.describe.configure({ mode: 'serial' });

/** The roster editor, signed in with the shared hall's admin (acting as watch officer on this watch screen). */
async function openRoster(page: Page): Promise<void> {
  await openSignedIn(page, `/?token=${e2eTokens.watch}#/roster`);
  await expect(page.locator('[data-testid="roster-cell"]').first()).toBeVisible();
}

/** Text of a PDF via poppler's pdftotext (apt-get install poppler-utils; .ci/run installs it). */
function pdfText(file: string): string {
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } catch (err) {
    throw new Error(`pdftotext could not read ${file} (${(err as Error).message}); install poppler-utils to check the printed PDF.`);
  }
}

test('leave shows the staffing warning on that day, undo takes it away, the month prints to PDF', async ({ page }) => {
  await openRoster(page);
  const month = (await page.getByTestId('roster-month').getAttribute('data-month'))!;
  // 60 sample officers in 3 crews, a cell per day.
  await expect(page.getByTestId('roster-officer')).toHaveCount(60);
  await page.screenshot({ path: join(out, 'roster-month.png') });

  // The hall wants the whole crew on 白班: minimum 20.
  await page.getByTestId('roster-rules').click();
  await page.getByTestId('rules-min-day').fill('20');
  await page.getByTestId('rules-save').click();
  await expect(page.getByTestId('rules-dialog')).toHaveCount(0);

  // SL115's first day shift this month.
  const row = page.locator('[data-testid="roster-officer"][data-police-no="SL115"]');
  const cell = row.locator('[data-testid="roster-cell"][data-mark="白"]').first();
  const date = (await cell.getAttribute('data-date'))!;
  const staffing = page.locator(`[data-testid="roster-staffing"][data-date="${date}"][data-shift="day"]`);
  await expect(staffing).toHaveText('20');
  await expect(staffing).not.toHaveAttribute('data-violation', /.+/);

  await cell.click();
  const dialog = page.getByTestId('cell-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('cell-kind-leave').click();
  await expect(page.getByTestId('cell-from')).toHaveValue(date);
  await page.getByTestId('cell-reason').fill('事假');
  await page.screenshot({ path: join(out, 'roster-cell-dialog.png') });
  await page.getByTestId('cell-save').click();
  await expect(dialog).toHaveCount(0);

  const onLeave = row.locator(`[data-testid="roster-cell"][data-date="${date}"]`);
  await expect(onLeave).toHaveAttribute('data-mark', '假');
  await expect(staffing).toHaveText('19');
  await expect(staffing).toHaveAttribute('data-violation', 'warning');
  await expect(page.locator(`[data-testid="roster-day"][data-date="${date}"]`)).toHaveAttribute('data-violation', 'warning');
  const warning = page.locator(`[data-testid="violation"][data-rule="minStaff"][data-date="${date}"]`);
  await expect(warning).toContainText('在岗 19 人，少于最低 20 人');
  await expect(warning).toContainText('（请假）');
  await page.screenshot({ path: join(out, 'roster-leave-warning.png') });

  await page.getByTestId('roster-undo').click();
  await expect(onLeave).toHaveAttribute('data-mark', '白');
  await expect(staffing).toHaveText('20');
  await expect(staffing).not.toHaveAttribute('data-violation', /.+/);
  await expect(warning).toHaveCount(0);
  await page.getByTestId('side-history').click();
  await expect(page.getByTestId('history-row').first()).toHaveAttribute('data-action', 'roster.exception.revoke');
  await expect(page.getByTestId('history-row').first()).toContainText(`${sharedAdmin.name}(${sharedAdmin.policeNo})`);

  // Print: what the 打印 button prints (the print style sheet of this page), A4 landscape.
  const pdf = join(out, 'roster-month.pdf');
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: pdf, format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
  await page.emulateMedia({ media: 'screen' });
  expect(existsSync(pdf)).toBe(true);
  const text = pdfText(pdf);
  const [y, m] = month.split('-').map(Number);
  expect(text).toContain(`值班表（${y}年${m}月）`);
  for (const name of ['示例·王伟', '示例·赵军', '示例·朱浩']) expect(text).toContain(name);
  expect(text).toContain('值班员（签名）');
  expect(text).toContain('图例');
  // The grid and the app shell do not leak onto the paper.
  expect(text).not.toContain('导出 XLSX');
});

test('shift templates: the dialog lists them, a change from a date on is saved, a host refusal is shown', async ({ page }) => {
  await openRoster(page);
  await page.getByTestId('roster-shifts').click();
  const dialog = page.getByTestId('shifts-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[data-testid="shift-row"][data-code="day"]').first()).toContainText('08:00–20:00');
  await expect(dialog.locator('[data-testid="shift-row"][data-code="night"]').first()).toContainText('次日');

  // A new shift without its name: the host says what is missing and nothing is saved.
  await page.getByTestId('shift-code').selectOption('');
  await page.getByTestId('shift-new-code').fill('standby');
  await page.getByTestId('shift-from').fill('2099-01-01');
  await page.getByTestId('shift-save').click();
  await expect(page.getByTestId('shifts-error')).toContainText('standby is a new shift: give its name');
  await expect(dialog.locator('[data-testid="shift-row"][data-code="standby"]')).toHaveCount(0);

  // 白班 08:30–20:30 from 2099 on (far from the month the other specs look at); earlier dates keep 08:00.
  await page.getByTestId('shift-code').selectOption('day');
  await page.getByTestId('shift-from').fill('2099-01-01');
  await page.getByTestId('shift-start').fill('08:30');
  await page.getByTestId('shift-end').fill('20:30');
  await page.screenshot({ path: join(out, 'roster-shifts-dialog.png') });
  await page.getByTestId('shift-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('roster-notice')).toContainText('白班 自 2099-01-01 起为 08:30–20:30');
  await page.getByTestId('roster-shifts').click();
  await expect(dialog.locator('[data-testid="shift-row"][data-code="day"][data-from="2099-01-01"]')).toContainText('08:30–20:30');
  await expect(dialog.locator('[data-testid="shift-row"][data-code="day"]').first()).toContainText('08:00–20:00');
  await page.keyboard.press('Escape');
  await page.getByTestId('side-history').click();
  await expect(page.getByTestId('history-row').first()).toHaveAttribute('data-action', 'roster.shift.set');
});

test('re-anchor a crew from a date on, then undo it', async ({ page }) => {
  await openRoster(page);
  await page.getByTestId('roster-reanchor').click();
  const dialog = page.getByTestId('reanchor-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('reanchor-from').fill('2099-03-01');
  await expect(page.getByTestId('reanchor-slot').locator('option')).toHaveText(['第 1 天（白）', '第 2 天（夜）', '第 3 天（休）']);
  await page.getByTestId('reanchor-slot').selectOption({ label: '第 3 天（休）' });
  await page.getByTestId('reanchor-reason').fill('春节勤务调整');
  await page.screenshot({ path: join(out, 'roster-reanchor-dialog.png') });
  await page.getByTestId('reanchor-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('roster-notice')).toContainText('自 2099-03-01 起从轮转第 3 天排班');
  await page.getByTestId('side-history').click();
  await expect(page.getByTestId('history-row').first()).toHaveAttribute('data-action', 'roster.reanchor.add');
  await page.getByTestId('roster-undo').click();
  await expect(page.getByTestId('history-row').first()).toHaveAttribute('data-action', 'roster.exception.revoke');
});

test('the print view alone (the Electron printToPDF hook) says when it is ready and prints the month', async ({ page }) => {
  await page.goto(`/?token=${e2eTokens.display}#/roster/print/2026-12`);
  await expect(page.locator('html[data-print-ready="true"]')).toHaveCount(1);
  await page.screenshot({ path: join(out, 'roster-print-view.png') });
  const pdf = join(out, 'roster-print-view.pdf');
  await page.pdf({ path: pdf, printBackground: true, preferCSSPageSize: true });
  const text = pdfText(pdf);
  expect(text).toContain('值班表（2026年12月）');
  expect(text).toContain('示例·王伟');
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  // A4 landscape is 842 × 595 points.
  expect(info).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)/);
});

test('export downloads CSV and XLSX; import shows row errors with line numbers and imports nothing', async ({ page }) => {
  await openRoster(page);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('roster-export-csv').click()]);
  expect(csv.suggestedFilename()).toMatch(/^值班表_\d{4}-\d{2}-01_\d{4}-\d{2}-\d{2}\.csv$/);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('roster-export-xlsx').click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);

  const bad = join(out, 'bad-officers.csv');
  writeFileSync(bad, '警号,姓名,班组,入组日期\n040001,赵刚,甲,2026-12-01\n040001,钱明,乙,2026-13-01\n');
  await page.getByTestId('roster-import').click();
  await page.getByTestId('import-file').setInputFiles(bad);
  await expect(page.getByTestId('import-errors')).toBeVisible();
  await expect(page.locator('[data-testid="import-error"][data-line="3"]')).toHaveCount(2);
  await expect(page.getByTestId('import-errors')).toContainText('警号 040001 与第 2 行重复');
  await expect(page.getByTestId('import-apply')).toBeDisabled();
  await page.screenshot({ path: join(out, 'roster-import-errors.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('roster-officer')).toHaveCount(60);
});

test('the console unit roster shows the crew on duty, its shift leader and readiness squad', async ({ page }) => {
  await page.goto(`/?token=${e2eTokens.commander}#/console`);
  const duty = page.getByTestId('on-duty');
  await expect(duty.getByTestId('on-duty-shift')).toHaveCount(1);
  const res = await page.request.get('/api/v1/roster/on-duty', { headers: { authorization: `Bearer ${e2eTokens.display}` } });
  const now = (await res.json()) as { shifts: { shift: string; crew: string; officers: { name: string; leader: boolean }[] }[] };
  const shift = now.shifts[0]!;
  await expect(duty.getByTestId('on-duty-crew')).toContainText(`${shift.crew}班 · ${shift.shift}`);
  await expect(duty.getByTestId('on-duty-leader')).toContainText(shift.officers.find((o) => o.leader)!.name);
  await expect(duty.getByTestId('on-duty-squad').locator('li')).toHaveCount(5);
  await expect(duty.getByTestId('on-duty-next')).toContainText(/0?8:00|20:00/);
  await duty.screenshot({ path: join(out, 'console-on-duty.png') });
  await page.screenshot({ path: join(out, 'console.png') });
});
