// The alert queue and dispatch in Chromium against `kuaifan serve`: an incident taken in by a map click, its tier and
// countdown, the recommended unit dispatched, arrival, closure; a frame drawn around three units, one order, acknowledgements;
// a unit beyond the road search shown with a straight-line estimate.
import { expect, test, type Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOwnHall } from './own-hall';

const shots = process.env.KUAIFAN_E2E_OUT ?? 'test-results';
const tokens = { commander: 'dispatch-e2e-commander', display: 'dispatch-e2e-display' };

// This spec's own hall, so the incidents it leaves open do not reach the other specs' shared server.
let serve: ChildProcess;
let base = '';
test.beforeAll(async () => {
  const data = mkdtempSync(join(tmpdir(), 'kuaifan-dispatch-e2e-'));
  ({ url: base, child: serve } = await startOwnHall({ data, tokens: [`commander:desk:${tokens.commander}`, `display:board:${tokens.display}`] }));
});
test.afterAll(() => {
  serve?.kill('SIGTERM');
});

async function api<T>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await page.request.fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens.commander}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    data: body ? JSON.stringify(body) : undefined,
  });
  expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

/** The console, signed in: on a fresh hall the first-start dialog makes the admin account (and signs it in). */
async function openConsole(page: Page): Promise<void> {
  await page.goto(`${base}/?token=${tokens.commander}#/console`);
  // Until the session is loaded the bar shows the sign-in button even on a hall that still needs its admin.
  await expect(page.getByTestId('operator-bar')).toHaveAttribute('data-loaded', 'true');
  const setup = page.getByTestId('setup-dialog');
  const signInButton = page.getByTestId('open-sign-in');
  await expect(setup.or(signInButton).or(page.getByTestId('sign-out')).first()).toBeVisible();
  if (await setup.isVisible()) {
    await page.getByTestId('setup-name').fill('王强');
    await page.getByTestId('setup-police-no').fill('032117');
    await page.getByTestId('setup-pin').fill('135135');
    await page.getByTestId('setup-pin2').fill('135135');
    await page.getByTestId('setup-submit').click();
    await expect(setup).toHaveCount(0);
  } else if (await signInButton.isVisible()) {
    await signInButton.click();
    await page.getByTestId('sign-in-police-no').fill('032117');
    await page.getByTestId('sign-in-pin').fill('135135');
    await page.getByTestId('sign-in-submit').click();
  }
  await expect(page.getByTestId('intake-open')).toBeEnabled();
  await expect(page.locator('[data-testid="unit-marker"]').first()).toBeVisible();
}

/** Screen position of a map feature's marker centre, plus an offset in pixels. */
async function markerPoint(page: Page, selector: string, dx = 0, dy = 0): Promise<{ x: number; y: number }> {
  const box = (await page.locator(selector).first().boundingBox())!;
  return { x: box.x + box.width / 2 + dx, y: box.y + box.height / 2 + dy };
}

/** Zooms the map in around a marker with the mouse wheel, so clicks land where they mean to. */
async function zoomAt(page: Page, selector: string, notches: number): Promise<void> {
  for (let i = 0; i < notches; i++) {
    const p = await markerPoint(page, selector);
    await page.mouse.move(p.x, p.y);
    await page.mouse.wheel(0, -100);
    await page.waitForTimeout(400);
  }
  await expect(page.locator('.leaflet-zoom-anim')).toHaveCount(0);
}

test.describe.configure({ mode: 'serial' });

test('an incident from a map click: tier and countdown, the recommended unit dispatched, arrival, closure', async ({ page }) => {
  await openConsole(page);
  await expect(page.getByTestId('queue-empty')).toBeVisible();

  await page.getByTestId('intake-open').click();
  const dialog = page.getByTestId('intake-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('intake-type').selectOption({ label: '持刀伤人' });
  await page.getByTestId('intake-pick').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('pick-banner')).toBeVisible();
  // Just below the county party-government marker: inside its core-site zone.
  const core = '[data-testid="target-marker"][data-target-id="T-001"]';
  await zoomAt(page, core, 3);
  const at = await markerPoint(page, core, 0, 30);
  await page.mouse.click(at.x, at.y);
  await expect(page.getByTestId('pick-banner')).toHaveCount(0);
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('intake-point')).toHaveText(/^26\.89\d+, 102\.11\d+$/);
  await expect(page.getByTestId('intake-derived-tier')).toHaveAttribute('data-tier', '1');
  await page.getByTestId('intake-address').fill('县政府东侧人行道');
  await page.getByTestId('intake-submit').click();
  await expect(dialog).toHaveCount(0);

  const row = page.getByTestId('queue-row').first();
  await expect(row).toBeVisible();
  await expect(row.getByTestId('queue-tier')).toHaveText('1分钟');
  await expect(row.getByTestId('queue-state')).toHaveText('新警情');
  await expect(row.getByTestId('queue-countdown')).toHaveText(/^00:(5\d|60)$/);
  await expect(page.locator('[data-testid="incident-marker"]')).toHaveCount(1);
  // The countdown runs on the host's clock.
  const first = await row.getByTestId('queue-countdown').textContent();
  await expect(row.getByTestId('queue-countdown')).not.toHaveText(first!, { timeout: 3000 });

  const detail = page.getByTestId('incident-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId('detail-tier')).toHaveAttribute('data-tier', '1');
  const recommended = detail.getByTestId('rec-unit').first();
  await expect(recommended).toBeVisible();
  await expect(detail.getByTestId('rec-method')).toHaveAttribute('data-method', /road|straight-line/);
  // Units carry their crew from the duty roster (the sample 车组): the shift and names in the unit roster's tooltip.
  await expect(page.locator('[data-testid="roster-unit"][data-unit-id="U-001"]')).toHaveAttribute('title', /^[白夜]班 \d\d:\d\d-\d\d:\d\d · 示例·.+、示例·/);
  await expect(page.locator('[data-testid="roster-unit"][data-unit-id="U-021"]')).toHaveAttribute('data-crew-on-duty', 'true');
  const unitId = (await recommended.getAttribute('data-unit-id'))!;
  await page.screenshot({ path: `${shots}/dispatch-intake.png` });
  await detail.getByTestId('dispatch').click();
  await expect(row.getByTestId('queue-state')).toHaveText('已派警');
  const assignment = detail.locator(`[data-testid="assignment"][data-unit-id="${unitId}"]`);
  await expect(assignment).toBeVisible();
  await expect(row.getByTestId('queue-units')).not.toHaveText('未派警');

  await assignment.getByTestId('unit-en-route').click();
  await expect(row.getByTestId('queue-state')).toHaveText('途中');
  await assignment.getByTestId('unit-on-scene').click();
  await expect(row.getByTestId('queue-state')).toHaveText('到场');
  await expect(row).toHaveAttribute('data-band', /met|missed/);

  await detail.getByTestId('closure-outcome').selectOption('resolved');
  await detail.getByTestId('closure-note').fill('嫌疑人已控制');
  await detail.getByTestId('closure-submit').click();
  await expect(page.getByTestId('queue-row')).toHaveCount(0);
  await expect(detail).toHaveAttribute('data-state', 'closed');
  await expect(detail.getByTestId('closure-result')).toContainText('已处置 · 嫌疑人已控制');
  await expect(detail.getByTestId('rt-dispatch')).toHaveText(/^\d+:\d\d$/);
  await expect(detail.getByTestId('rt-budget')).toHaveText(/达标|超时/);
  await page.screenshot({ path: `${shots}/dispatch-closed.png` });

  // The host agrees, and the unit is free again.
  const { incidents } = await api<{ incidents: { state: string; responseTimes: { intakeToFirstArrivalS: number } }[] }>(page, 'GET', '/incidents?state=closed');
  expect(incidents[0].state).toBe('closed');
  expect(incidents[0].responseTimes.intakeToFirstArrivalS).toBeGreaterThan(0);
  const { units } = await api<{ units: { id: string; incidentId: string | null }[] }>(page, 'GET', '/units');
  expect(units.find((u) => u.id === unitId)!.incidentId).toBeNull();
});

test('a frame drawn around three units, one order to all, acknowledgements as they come in', async ({ page }) => {
  await openConsole(page);
  // 铁骑02 and 保安03 share a point by the bus station, 特巡04 stands 150 m south: frame the three.
  await zoomAt(page, '[data-testid="unit-marker"][data-unit-id="U-004"]', 2);
  const a = await markerPoint(page, '[data-testid="unit-marker"][data-unit-id="U-016"]');
  const b = await markerPoint(page, '[data-testid="unit-marker"][data-unit-id="U-004"]');
  await page.getByTestId('frame-rectangle').click();
  await page.mouse.move(Math.min(a.x, b.x) - 12, Math.min(a.y, b.y) - 12);
  await page.mouse.down();
  await page.mouse.move(Math.max(a.x, b.x) + 12, Math.max(a.y, b.y) + 12, { steps: 6 });
  await page.mouse.up();

  const dialog = page.getByTestId('order-dialog');
  await expect(dialog).toBeVisible();
  const chosen = dialog.getByTestId('order-unit');
  const ids = await chosen.evaluateAll((els) => els.map((e) => e.getAttribute('data-unit-id')));
  expect(ids.sort()).toEqual(['U-004', 'U-016', 'U-028']);
  await expect(dialog.getByTestId('order-count')).toHaveText('已选 3 个警力');
  await dialog.getByTestId('order-text').fill('封控汽车站南出口，逐车检查');
  await page.screenshot({ path: `${shots}/dispatch-frame.png` });
  await dialog.getByTestId('order-send').click();
  await expect(dialog).toHaveCount(0);

  const order = page.getByTestId('order').first();
  await expect(order.getByTestId('order-acks')).toHaveText('0/3 已收到');
  const orderId = (await order.getAttribute('data-order-id'))!;
  // Two terminals acknowledge through the integration API.
  await api(page, 'POST', `/orders/${orderId}/ack`, { unitId: 'U-016', note: '收到' });
  await expect(order.getByTestId('order-acks')).toHaveText('1/3 已收到');
  await expect(order.locator('[data-testid="order-ack"][data-unit-id="U-016"]')).toHaveAttribute('data-acked', 'yes');
  await api(page, 'POST', `/orders/${orderId}/ack`, { unitId: 'U-004' });
  await expect(order.getByTestId('order-acks')).toHaveText('2/3 已收到');
  await expect(order.locator('[data-testid="order-ack"][data-unit-id="U-028"]')).toHaveAttribute('data-acked', 'no');
  await page.screenshot({ path: `${shots}/dispatch-orders.png` });

  // A circle centred a little north of 铁骑02/保安03 takes those two, not 特巡04 further south.
  const c = { x: a.x, y: a.y - 10 };
  await page.getByTestId('frame-circle').click();
  await page.mouse.move(c.x, c.y);
  await page.mouse.down();
  await page.mouse.move(c.x + 22, c.y, { steps: 4 });
  await page.mouse.up();
  await expect(dialog).toBeVisible();
  expect((await chosen.evaluateAll((els) => els.map((e) => e.getAttribute('data-unit-id')))).sort()).toEqual(['U-016', 'U-028']);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // A triangle around 特巡04 alone: three clicks, a double-click to finish.
  await page.getByTestId('frame-polygon').click();
  await page.mouse.click(b.x - 20, b.y + 15);
  await page.mouse.click(b.x + 20, b.y + 15);
  await page.mouse.dblclick(b.x, b.y - 20);
  await expect(dialog).toBeVisible();
  expect(await chosen.evaluateAll((els) => els.map((e) => e.getAttribute('data-unit-id')))).toEqual(['U-004']);
  // The commander adds a unit by hand before sending.
  await dialog.getByTestId('order-add-select').selectOption('U-021');
  await expect(dialog.getByTestId('order-count')).toHaveText('已选 2 个警力');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('30 % of the budget left and nobody on the way: the row flashes and offers the second echelon in one click', async ({ page }) => {
  await openConsole(page);
  // A 110 call taken 45 s ago at the core site: 15 s of its minute left.
  const inc = await api<{ id: string }>(page, 'POST', '/incidents', {
    type: 'hostage', source: '110', location: { targetId: 'T-001' }, receivedAt: new Date(Date.now() - 45_000).toISOString(),
  });
  const row = page.locator(`[data-testid="queue-row"][data-incident-id="${inc.id}"]`);
  await expect(row).toHaveAttribute('data-second-echelon', 'true');
  await expect(row).toHaveAttribute('data-band', /red|overdue/);
  const echelon = row.getByTestId('second-echelon');
  await expect(echelon).toBeEnabled();
  await page.screenshot({ path: `${shots}/dispatch-second-echelon.png` });
  await echelon.click();
  await expect(echelon).toBeDisabled();
  const alarm = await api<{ active: { incidentId: string | null } | null }>(page, 'GET', '/alarm');
  expect(alarm.active?.incidentId).toBe(inc.id);
});

test('the board lists open incidents big with their countdowns', async ({ page }) => {
  const inc = await api<{ id: string }>(page, 'POST', '/incidents', { type: 'mass-incident', source: '110', location: { targetId: 'T-053' } });
  await page.goto(`${base}/?token=${tokens.display}#/board`);
  await expect(page.getByTestId('board-incident-count')).toHaveText('2 起');
  const item = page.locator(`[data-testid="board-incident"][data-incident-id="${inc.id}"]`);
  await expect(item).toBeVisible();
  await expect(item).toContainText('群体性事件');
  await expect(item.getByTestId('board-countdown')).toHaveText(/^0[23]:\d\d$/);
  await page.screenshot({ path: `${shots}/dispatch-board.png` });
});

test('a commander marks a free unit 不可用 from the roster; it shows, and the recommendation no longer offers it', async ({ page }) => {
  await openConsole(page);
  // An incident by the bus station: its recommendation names the nearest free unit.
  const first = await api<{ id: string }>(page, 'POST', '/incidents', { type: 'property', source: '110', location: { targetId: 'T-053' } });
  await page.locator(`[data-testid="queue-row"][data-incident-id="${first.id}"]`).click();
  const detail = page.locator(`[data-testid="incident-detail"][data-incident-id="${first.id}"]`);
  const top = detail.getByTestId('rec-unit').first();
  await expect(top).toBeVisible();
  const unitId = (await top.getAttribute('data-unit-id'))!;

  const row = page.getByTestId('unit-roster').locator('li', { has: page.locator(`[data-testid="roster-unit"][data-unit-id="${unitId}"]`) });
  await row.getByTestId('unit-status-menu').click();
  const menu = page.locator(`[data-testid="unit-status-pop"][data-unit-id="${unitId}"]`);
  await expect(menu).toBeVisible();
  // From a free status only the table's moves that need no incident: never 途中/到场/处置中, never the status it has.
  const offered = await menu.getByTestId('unit-status-option').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
  expect(offered).toContain('unavailable');
  expect(offered.filter((s) => ['en_route', 'on_scene', 'handling'].includes(s!))).toEqual([]);
  await expect(menu).toContainText(/当前：(可用|巡逻)/);
  await page.screenshot({ path: `${shots}/dispatch-unit-menu.png` });
  await menu.locator('[data-testid="unit-status-option"][data-status="unavailable"]').click();
  await expect(menu).toHaveCount(0);

  // The roster row shows it out of service (the map's coarse status), the menu and the host say 不可用.
  await expect(row.getByTestId('roster-unit')).toHaveAttribute('data-status', 'off-duty');
  await row.getByTestId('unit-status-menu').click();
  await expect(menu).toContainText('当前：不可用');
  expect(await menu.getByTestId('unit-status-option').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['available', 'patrolling', 'off_duty']);
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  const { units } = await api<{ units: { id: string; status: string }[] }>(page, 'GET', '/units');
  expect(units.find((u) => u.id === unitId)!.status).toBe('unavailable');

  // A second incident at the same place: the unit is no longer offered, others are.
  const second = await api<{ id: string }>(page, 'POST', '/incidents', { type: 'property', source: '110', location: { targetId: 'T-053' } });
  await page.locator(`[data-testid="queue-row"][data-incident-id="${second.id}"]`).click();
  const detail2 = page.locator(`[data-testid="incident-detail"][data-incident-id="${second.id}"]`);
  await expect(detail2.getByTestId('rec-unit').first()).toBeVisible();
  await expect(detail2.locator(`[data-testid="rec-unit"][data-unit-id="${unitId}"]`)).toHaveCount(0);
});

test('a new incident type added in the catalogue appears in the intake type list', async ({ page }) => {
  await openConsole(page);
  await page.getByTestId('intake-open').click();
  const intake = page.getByTestId('intake-dialog');
  await expect(intake).toBeVisible();
  await intake.getByTestId('catalogue-open').click();
  const dialog = page.getByTestId('catalogue-dialog');
  await expect(dialog).toBeVisible();
  const before = await dialog.getByTestId('catalogue-row').count();
  expect(before).toBeGreaterThan(3);

  // A bad code is refused by the host with its reason, nothing saved.
  await dialog.getByTestId('catalogue-add').click();
  const added = dialog.getByTestId('catalogue-row').last();
  await added.getByTestId('catalogue-code').fill('Drone Sighting');
  await added.getByTestId('catalogue-label').fill('无人机黑飞');
  await added.getByTestId('catalogue-label-en').fill('Illegal drone flight');
  await dialog.getByTestId('catalogue-save').click();
  await expect(added.locator('.kf-error')).toContainText('lower-case');
  await expect(dialog).toBeVisible();

  await added.getByTestId('catalogue-code').fill('drone');
  await page.screenshot({ path: `${shots}/dispatch-catalogue.png` });
  await dialog.getByTestId('catalogue-save').click();
  await expect(dialog).toHaveCount(0);
  // The intake form is still open, with the new type in its list and chosen.
  await expect(intake).toBeVisible();
  await expect(intake.getByTestId('intake-type').locator('option', { hasText: '无人机黑飞' })).toHaveCount(1);
  await expect(intake.getByTestId('intake-type')).toHaveValue('drone');

  // Retired, it leaves the intake list (and stays in the catalogue).
  await intake.getByTestId('catalogue-open').click();
  await dialog.locator('[data-testid="catalogue-row"][data-code="drone"]').getByTestId('catalogue-toggle').click();
  await dialog.getByTestId('catalogue-save').click();
  await expect(dialog).toHaveCount(0);
  await expect(intake.getByTestId('intake-type').locator('option', { hasText: '无人机黑飞' })).toHaveCount(0);
});

test('a unit beyond the road search: its ETA reads as a straight-line estimate, greyed, with the reason', async ({ page }) => {
  await openConsole(page);
  // Only 城北02 (beside the point), 网格员05 (about 1 km off, on foot) and 网格员01 (3.5 km south, on foot) may go:
  // the road search widens to its 30 min limit and still does not reach 网格员01 walking.
  const free = new Set(['U-013', 'U-036', 'U-032']);
  const { units } = await api<{ units: { id: string; status: string }[] }>(page, 'GET', '/units');
  for (const u of units.filter((x) => !free.has(x.id) && x.status !== 'unavailable')) {
    await api(page, 'POST', `/units/${u.id}/status`, { status: 'unavailable', reason: '检修' });
  }
  const inc = await api<{ id: string }>(page, 'POST', '/incidents', { type: 'property', source: '110', location: { lat: 26.9058, lon: 102.1135, address: '城北路口' } });
  await page.locator(`[data-testid="queue-row"][data-incident-id="${inc.id}"]`).click();
  const detail = page.locator(`[data-testid="incident-detail"][data-incident-id="${inc.id}"]`);
  await expect(detail.getByTestId('rec-unit')).toHaveCount(3);

  const near = detail.locator('[data-testid="rec-unit"][data-unit-id="U-013"]');
  await expect(near).toHaveAttribute('data-eta-basis', 'road');
  await expect(near.getByTestId('rec-eta')).toHaveText(/^\d+:\d\d$/);
  await expect(near.getByTestId('rec-estimate')).toHaveCount(0);
  const walker = detail.locator('[data-testid="rec-unit"][data-unit-id="U-036"]');
  await expect(walker).toHaveAttribute('data-eta-basis', 'road');
  await expect(walker.getByTestId('rec-eta')).toHaveText(/^\d+:\d\d$/);

  const far = detail.locator('[data-testid="rec-unit"][data-unit-id="U-032"]');
  await expect(far).toHaveAttribute('data-eta-basis', 'beyond-road-search');
  await expect(far.getByTestId('rec-eta')).toHaveText(/^(约 \d+:\d\d|> 30:00)$/);
  await expect(far.getByTestId('rec-eta')).toHaveAttribute('title', '超出路网搜索范围，按直线估算（至少 30:00）');
  await expect(far.getByTestId('rec-estimate')).toBeVisible();
  await expect(far.locator('.rec__verdict')).toHaveText('超出时限');
  // The caveat over the list in the console's language (the host's English detail as its tooltip).
  await expect(detail.getByTestId('rec-warning')).toHaveText('列表中 1 个警力在 30:00 路网搜索范围外，用时为直线估算');
  // Greyed against the road times above it.
  const colour = (row: typeof far) => row.getByTestId('rec-eta').evaluate((e) => getComputedStyle(e).color);
  expect(await colour(far)).not.toBe(await colour(near));
  // The last in the list: no road time is slower than it.
  await expect(detail.getByTestId('rec-unit').last()).toHaveAttribute('data-unit-id', 'U-032');
  await detail.getByTestId('recommendation').screenshot({ path: `${shots}/dispatch-beyond-road-search.png` });

  // In English the same row reads "~m:ss" with the reason in English.
  await page.goto(`${base}/?token=${tokens.commander}&lang=en#/console`);
  await page.locator(`[data-testid="queue-row"][data-incident-id="${inc.id}"]`).click();
  const farEn = page.locator(`[data-testid="incident-detail"][data-incident-id="${inc.id}"] [data-testid="rec-unit"][data-unit-id="U-032"]`);
  await expect(farEn.getByTestId('rec-eta')).toHaveText(/^(~\d+:\d\d|> 30:00)$/);
  await expect(farEn.getByTestId('rec-eta')).toHaveAttribute('title', 'beyond the road search; straight-line estimate (at least 30:00)');
  await expect(page.getByTestId('rec-warning')).toHaveText('1 of the units listed not reached within 30:00 by road: straight-line estimates');
  await page.locator(`[data-testid="incident-detail"][data-incident-id="${inc.id}"]`).getByTestId('recommendation').screenshot({ path: `${shots}/dispatch-beyond-road-search-en.png` });
});

test('an incident badge on the map selects its incident; clicks leave no stray caret, yet text still selects and inputs type', async ({ page }) => {
  await openConsole(page);
  const inc = await api<{ id: string }>(page, 'POST', '/incidents', { type: 'property', source: '110', location: { lat: 26.8862, lon: 102.1071 }, notes: '便利店被盗' });
  const badge = page.locator(`[data-testid="incident-marker"][data-incident-id="${inc.id}"]`);
  await expect(badge).toBeVisible();
  await expect(badge.locator('title')).toHaveText(/^侵财 · /);
  if (await page.getByTestId('incident-detail').isVisible()) await page.getByTestId('detail-close').click();
  await expect(page.getByTestId('incident-detail')).toHaveCount(0);
  await badge.click();
  const detail = page.locator(`[data-testid="incident-detail"][data-incident-id="${inc.id}"]`);
  await expect(detail).toBeVisible();
  // The click on the badge selected the incident; it did not also pick a point or open anything else.
  await expect(badge).toHaveClass(/kf-incident--selected/);
  await expect(page.getByTestId('pick-banner')).toHaveCount(0);

  // A click on the map, a queue row and the queue header each leave no caret behind (Chromium re-measures one every frame).
  const caretCount = (): Promise<number> => page.evaluate(() => document.getSelection()?.rangeCount ?? -1);
  const box = (await page.locator('.hall-map').first().boundingBox())!;
  await page.mouse.click(box.x + 40, box.y + box.height - 40);
  await expect.poll(caretCount).toBe(0);
  await page.locator(`[data-testid="queue-row"][data-incident-id="${inc.id}"] .row__place`).click();
  await expect.poll(caretCount).toBe(0);

  // Dragging across text still selects it (to copy an address), and a typed field keeps its caret.
  const title = detail.locator('.detail__title strong');
  const t = (await title.boundingBox())!;
  await page.mouse.move(t.x + 1, t.y + t.height / 2);
  await page.mouse.down();
  await page.mouse.move(t.x + t.width - 1, t.y + t.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(() => page.evaluate(() => document.getSelection()?.toString() ?? '')).toBe('侵财');
  await page.getByTestId('intake-open').click();
  const address = page.getByTestId('intake-address');
  await address.click();
  await page.keyboard.type('东门');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('大');
  await expect(address).toHaveValue('东大门');
});

test('a queue row scrolled out of sight stops ticking and is on time again when scrolled back', async ({ page }) => {
  await openConsole(page);
  // Enough 5-minute calls that the queue scrolls; the last taken in has the most time left, so it sits at the bottom.
  let last = { id: '', deadline: '' };
  for (let i = 0; i < 24; i++) {
    last = await api<{ id: string; deadline: string }>(page, 'POST', '/incidents', { type: 'other', source: '110', location: { lat: 26.95 + i * 1e-3, lon: 102.2 } });
  }
  const list = page.getByTestId('queue-list');
  const row = page.locator(`[data-testid="queue-row"][data-incident-id="${last.id}"]`);
  const clock = row.getByTestId('queue-countdown');
  await list.evaluate((el) => el.scrollTo(0, 0));
  const listBox = (await list.boundingBox())!;
  const rowBox = (await row.boundingBox())!;
  expect(rowBox.y, 'the newest call lies beyond the visible part of the queue').toBeGreaterThan(listBox.y + listBox.height + 240);

  // Out of sight its text holds still across several seconds.
  const held = await clock.textContent();
  await page.waitForTimeout(2500);
  expect(await clock.textContent()).toBe(held);

  // Scrolled to, it shows the time left to its deadline again and follows the clock.
  await row.scrollIntoViewIfNeeded();
  const mmss = (text: string | null): number => { const [m, s] = (text ?? '').split(':').map(Number); return m * 60 + s; };
  await expect.poll(async () => Math.abs(mmss(await clock.textContent()) - (Date.parse(last.deadline) - Date.now()) / 1000)).toBeLessThan(2);
  const now = await clock.textContent();
  await expect(clock).not.toHaveText(now!, { timeout: 3000 });
});
