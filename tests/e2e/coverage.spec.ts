// 135 coverage in Chromium against `kuaifan serve`: a target made red through the API shows on the board and the map;
// the suggested move-up, accepted with one click, becomes dispatch orders, and the unit arriving turns the target green.
// Then the coverage view: isochrones from a unit, and a 07:30 planning scenario with a new point, CSV and print layout;
// and the travel-tables editor: a mistake refused in place, a speed and a congestion window saved, the defaults put back.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { e2eTokens } from '../../playwright.config';
import { openSignedIn } from './shared-hall';

const shots = process.env.KUAIFAN_E2E_OUT ?? 'test-results';

async function api<T>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await page.request.fetch(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${e2eTokens.commander}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    data: body ? JSON.stringify(body) : undefined,
  });
  expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

interface Snapshot { targets: { id: string; status: string; best: { kind: string; id: string } | null }[] }
interface Order { text: string; target: { lat: number; lon: number } | null; recipients: { unitId: string }[] }

/** The console, signed in (the shared hall's admin). */
async function openConsole(page: Page): Promise<void> {
  await openSignedIn(page, `/?token=${e2eTokens.commander}#/console`);
}

interface UnitRow { id: string; status: string; lat: number | null; lon: number | null }
/** What this spec changed in the shared hall, put back afterwards so the specs that follow find the sample as it was. */
const changed = { units: new Map<string, UnitRow>(), points: new Set<string>() };

/** Takes whatever covers the target out of service (units through dispatch, points through their staffing) until it is red. */
async function uncover(page: Page, id: string): Promise<void> {
  const units = (await api<{ units: UnitRow[] }>(page, 'GET', '/units')).units;
  for (let i = 0; i < 30; i++) {
    const s = await api<Snapshot>(page, 'GET', '/coverage');
    const t = s.targets.find((x) => x.id === id)!;
    if (t.status === 'red') return;
    if (t.best!.kind === 'unit') {
      changed.units.set(t.best!.id, units.find((u) => u.id === t.best!.id)!);
      await api(page, 'POST', `/units/${t.best!.id}/status`, { status: 'unavailable', reason: '演练：车辆故障' });
    } else {
      changed.points.add(t.best!.id);
      await api(page, 'POST', `/rr-points/${t.best!.id}/staffing`, { staffed: false });
    }
  }
  throw new Error(`${id} could not be made red`);
}

test.afterAll(async ({ request }) => {
  const call = (method: 'POST', path: string, body: unknown) =>
    request.fetch(`/api/v1${path}`, { method, headers: { authorization: `Bearer ${e2eTokens.commander}`, 'content-type': 'application/json' }, data: JSON.stringify(body) });
  for (const [id, u] of changed.units) {
    await call('POST', `/units/${id}/status`, { status: u.status, reason: 'coverage spec: back to the sample' });
    if (u.lat !== null && u.lon !== null) await call('POST', `/units/${id}/position`, { lat: u.lat, lon: u.lon, at: new Date().toISOString() });
  }
  for (const id of changed.points) await call('POST', `/rr-points/${id}/staffing`, { staffed: true });
});

test.describe.configure({ mode: 'serial' });

test('the coverage board shows a red target; accepting the suggested move turns it green', async ({ page }) => {
  await openConsole(page);
  const panel = page.getByTestId('panel-coverage');
  await expect(panel.getByTestId('coverage-tier')).toHaveCount(3);
  await expect(panel.getByTestId('coverage-gap-count')).toHaveAttribute('data-red', '0');
  await expect(page.locator('[data-testid="coverage-halo"]')).toHaveCount(54);

  await uncover(page, 'T-001');
  const gap = panel.locator('[data-testid="coverage-gap"][data-target-id="T-001"]');
  await expect(gap).toHaveAttribute('data-status', 'red');
  await expect(gap).toContainText('中共米易县委');
  await expect(panel.locator('[data-testid="coverage-tier"][data-tier="1"]')).toHaveAttribute('data-pct', '0');
  await expect(page.locator('[data-testid="coverage-halo"][data-target-id="T-001"]')).toHaveAttribute('data-status', 'red');
  await page.screenshot({ path: `${shots}/coverage-red.png` });

  await panel.getByTestId('move-up-suggest').click();
  const card = panel.getByTestId('move-up-suggestion');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('move-up-move').first()).toBeVisible();
  await expect(card).toContainText('1分钟 0→1/1');
  await expect(page.getByTestId('move-up-destination').first()).toBeVisible();
  await page.screenshot({ path: `${shots}/coverage-suggestion.png` });
  await card.getByTestId('move-up-accept').click();
  await expect(panel.getByTestId('move-up-accepted')).toHaveAttribute('data-delivered', 'true');

  // The orders reached the units concerned through dispatch; their terminals report arrival by GPS.
  const orders = (await api<Order[]>(page, 'GET', '/orders')).filter((o) => o.text.startsWith('快反移防'));
  expect(orders.length).toBeGreaterThan(0);
  await expect(page.getByTestId('panel-orders')).toContainText('快反移防');
  const before = (await api<{ units: UnitRow[] }>(page, 'GET', '/units')).units;
  for (const o of orders) for (const r of o.recipients) {
    if (!changed.units.has(r.unitId)) changed.units.set(r.unitId, before.find((u) => u.id === r.unitId)!);
    await api(page, 'POST', `/units/${r.unitId}/position`, { lat: o.target!.lat, lon: o.target!.lon, at: new Date().toISOString() });
  }
  await expect(page.locator('[data-testid="coverage-halo"][data-target-id="T-001"]')).toHaveAttribute('data-status', 'green');
  await expect(gap).toHaveCount(0);
  await expect(panel.locator('[data-testid="coverage-tier"][data-tier="1"]')).toHaveAttribute('data-pct', '100');
  await page.screenshot({ path: `${shots}/coverage-green.png` });
});

test('the coverage view draws isochrones from a unit and plans 07:30 with a new point, exported and printable', async ({ page }) => {
  await page.goto(`/?token=${e2eTokens.commander}#/coverage`);
  const board = page.getByTestId('coverage-board');
  await expect(board.getByTestId('coverage-tier')).toHaveCount(3);
  await expect(page.locator('[data-testid="coverage-halo"]')).toHaveCount(54);
  await page.screenshot({ path: `${shots}/coverage-view.png` });

  await page.getByTestId('coverage-tab-iso').click();
  await page.getByTestId('iso-from').selectOption('unit');
  await page.getByTestId('iso-unit').selectOption({ label: '铁骑01' });
  await expect(page.getByTestId('iso-mode')).toHaveValue('motorcycle');
  await page.getByTestId('iso-hour').fill('07:30');
  await page.getByTestId('iso-draw').click();
  await expect(page.locator('path.kf-isochrone')).toHaveCount(3);
  await expect(page.getByTestId('isochrone-legend')).toContainText('铁骑01 · 摩托 · 07:30');
  await page.screenshot({ path: `${shots}/coverage-isochrones.png` });
  // From a map click, on foot: a smaller area.
  await page.getByTestId('iso-from').selectOption('map');
  await page.getByTestId('iso-mode').selectOption('foot');
  await page.getByTestId('iso-draw').click();
  await expect(page.getByTestId('iso-pick-hint')).toBeVisible();
  const origin = (await page.locator('[data-testid="coverage-halo"][data-target-id="T-001"]').boundingBox())!;
  await page.mouse.click(origin.x + origin.width / 2, origin.y + origin.height / 2);
  await expect(page.getByTestId('isochrone-legend')).toContainText('步行');
  await page.getByTestId('iso-clear').click();
  await expect(page.locator('path.kf-isochrone')).toHaveCount(0);

  await page.getByTestId('coverage-tab-plan').click();
  const report = page.getByTestId('plan-report');
  await expect(report).toHaveAttribute('data-hour', '07:30');
  await expect(page.getByTestId('plan-row')).toHaveCount(54);
  // Take every unit and point away in the plan: everything goes red; then a new staffed point covers the core site.
  for (const rows of ['plan-unit-row', 'plan-point-row']) {
    const checked = page.locator(`[data-testid="${rows}"] input:checked`);
    while ((await checked.count()) > 0) await checked.first().uncheck();
  }
  await expect(page.locator('[data-testid="plan-row"][data-target-id="T-001"]')).toHaveAttribute('data-status', 'red');
  await page.getByTestId('plan-add-point').click();
  const core = (await page.locator('[data-testid="coverage-halo"][data-target-id="T-001"]').boundingBox())!;
  await page.mouse.click(core.x + core.width / 2 + 6, core.y + core.height / 2);
  await expect(page.getByTestId('plan-point')).toHaveCount(1);
  await expect(page.locator('[data-testid="plan-row"][data-target-id="T-001"]')).toHaveAttribute('data-status', 'green');
  await expect(page.locator('[data-testid="coverage-halo"][data-target-id="T-001"]')).toHaveAttribute('data-status', 'green');
  // Live coverage is untouched by the plan.
  const live = await api<Snapshot>(page, 'GET', '/coverage');
  expect(live.targets.filter((t) => t.status !== 'red').length).toBeGreaterThan(40);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-export').click()]);
  expect(download.suggestedFilename()).toBe('coverage-plan-0730.csv');
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('\uFEFFtarget_id,name,tier_min,budget_s,eta_s,status,best_source,best_source_kind,best_source_name,best_mode,snap_dist_m');
  expect(csv).toMatch(/\r\nT-001,中共米易县委 米易县人民政府,1,60,[\d.]+,green,PLAN-1,rrPoint,拟建快反点1,/);

  await page.evaluate(() => { window.print = () => document.documentElement.setAttribute('data-printed', 'yes'); });
  await page.getByTestId('plan-print').click();
  await expect(page.locator('html')).toHaveAttribute('data-printed', 'yes');
  await expect(page.locator('html')).toHaveClass(/kf-coverage-print/);
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: `${shots}/coverage-plan-print.png`, fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await expect(page.locator('html')).not.toHaveClass(/kf-coverage-print/);
  await page.screenshot({ path: `${shots}/coverage-plan.png` });

  await page.goto(`/?token=${e2eTokens.commander}&lang=en#/coverage`);
  await expect(page.getByTestId('coverage-tab-live')).toHaveText('Live');
  await expect(page.getByTestId('coverage-board')).toContainText('Core sites 1 min');
  await page.screenshot({ path: `${shots}/coverage-view-en.png` });
});

test('the travel-tables editor refuses a bad speed in place, saves a change the hall then uses, and puts the defaults back', async ({ page }) => {
  await openSignedIn(page, `/?token=${e2eTokens.commander}#/coverage`);
  await page.getByTestId('coverage-tab-tables').click();
  const editor = page.getByTestId('travel-tables');
  await expect(page.getByTestId('travel-speed-origin')).toHaveText('内置默认值');
  await expect(page.getByTestId('travel-speed-residential-car')).toHaveValue('25');
  await expect(page.getByTestId('travel-save')).toBeDisabled();

  // A mistake is shown where it is and nothing goes to the hall.
  await page.getByTestId('travel-speed-residential-car').fill('250');
  await page.getByTestId('travel-window-add').click();
  await page.getByTestId('travel-window-factor').last().fill('1.5');
  await page.getByTestId('travel-save').click();
  await expect(page.getByTestId('travel-refusal')).toHaveText('有 3 处需要更正，未保存。');
  await expect(page.getByTestId('travel-speed-issues')).toContainText('街巷 · 汽车: 车速须在 0–200 之间');
  await expect(page.getByTestId('travel-window-issues').last()).toContainText('请填写名称');
  await expect(page.getByTestId('travel-window-issues').last()).toContainText('系数须大于 0 且不超过 1');
  await expect(page.getByTestId('travel-speed-residential-car')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('travel-speed-origin')).toHaveText('内置默认值');
  await page.getByTestId('travel-speed-issues').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/coverage-travel-tables-refused.png` });

  // Corrected: saved, audited, and what the hall now uses (read back after a reload).
  await page.getByTestId('travel-speed-residential-car').fill('20');
  await page.getByTestId('travel-window-name').last().fill('集市日');
  await page.getByTestId('travel-window-factor').last().fill('0.6');
  await page.getByTestId('travel-save').click();
  await expect(page.getByTestId('travel-saved')).toHaveText('已保存并记入审计日志。');
  await expect(editor).not.toHaveAttribute('data-dirty', 'true');
  await expect(page.getByTestId('travel-speed-origin')).toContainText('已修改');
  await page.screenshot({ path: `${shots}/coverage-travel-tables.png` });
  await page.reload();
  await page.getByTestId('coverage-tab-tables').click();
  await expect(page.getByTestId('travel-speed-residential-car')).toHaveValue('20');
  await expect(page.getByTestId('travel-window-name').last()).toHaveValue('集市日');

  // Back to the built-in tables, as the specs that follow expect.
  await page.getByTestId('travel-reset-speed').click();
  await expect(page.getByTestId('travel-speed-origin')).toHaveText('内置默认值');
  await page.getByTestId('travel-reset-congestion').click();
  await expect(page.getByTestId('travel-congestion-origin')).toHaveText('内置默认值');
  await expect(page.getByTestId('travel-speed-residential-car')).toHaveValue('25');
  await expect(page.getByTestId('travel-window')).toHaveCount(10);
});
