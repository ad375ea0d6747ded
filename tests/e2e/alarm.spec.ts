// 一键增援 in Chromium: a simulated KF1 box on a real socat pty, `kuaifan serve --device` on the other end, and
// the console, the squad-room display and the hardware settings view watching and acting.
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKf1Simulator, type Kf1Simulator } from '../../electron/host/alarm/sim/kf1-sim';
import { startSocatPair, type SocatPair } from '../../electron/host/alarm/sim/socat-pair';
import { startOwnHall } from './own-hall';

const tokens = { commander: 'alarm-e2e-commander', display: 'alarm-e2e-display-1' };
const shots = process.env.KUAIFAN_E2E_OUT ?? 'test-results';

interface Hall {
  url: string;
  serve: ChildProcess;
  pair: SocatPair;
  sim: Kf1Simulator;
}

/**
 * This spec's own hall (the config's webServer has no device): socat, the KF1 simulator, and `kuaifan serve`
 * on a port of its own. PATH has no udevadm, as on the hall PCs where SerialPort.list() fails.
 */
async function startHall(): Promise<Hall> {
  const pair = await startSocatPair();
  const sim = await runKf1Simulator({ path: pair.b, heartbeatMs: 500 });
  const data = mkdtempSync(join(tmpdir(), 'kuaifan-alarm-e2e-'));
  const { url, child: serve } = await startOwnHall({
    data,
    tokens: [`commander:desk:${tokens.commander}`, `display:squad-room:${tokens.display}`],
    args: ['--device', `kf1:${pair.a}?lamp=2`],
    env: { ...process.env, PATH: '/nonexistent' },
  });
  return { url, serve, pair, sim };
}

async function stopHall(h: Hall | undefined): Promise<void> {
  if (!h) return;
  h.serve.kill('SIGTERM');
  await h.sim.close().catch(() => undefined);
  await h.pair.kill();
}

async function consolePage(browser: Browser, hall: Hall, lang = ''): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${hall.url}/?token=${tokens.commander}${lang}#/console`);
  return page;
}

async function firstStartSignIn(page: Page): Promise<void> {
  await expect(page.getByTestId('setup-dialog')).toBeVisible();
  await page.getByTestId('setup-name').fill('王强');
  await page.getByTestId('setup-police-no').fill('032117');
  await page.getByTestId('setup-pin').fill('135135');
  await page.getByTestId('setup-pin2').fill('135135');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('operator-bar')).toHaveAttribute('data-signed-in', 'true');
}

const lastOut = (sim: Kf1Simulator, ch: number) =>
  sim.received().map((r) => r.frame).filter((f) => f.type === 'OUT' && f.ch === ch).at(-1) as { on: boolean; autoOffMs: number } | undefined;

test.describe.configure({ mode: 'serial' });
// The console plays the alert sound; Chromium would hold it back without a click, as a browser on the LAN does.
test.use({ launchOptions: { args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'], executablePath: process.env.KUAIFAN_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) } });

let hall: Hall | undefined;
test.beforeAll(async () => { hall = await startHall(); });
test.afterAll(async () => { await stopHall(hall); });

test('a press on the box: the banner on #/console and #/squad, the sound, silence, departed and close with a note', async ({ browser }) => {
  const h = hall!;
  const desk = await consolePage(browser, h);
  await firstStartSignIn(desk);
  const squad = await browser.newPage();
  await squad.goto(`${h.url}/?token=${tokens.display}#/squad`);
  await expect(squad.getByTestId('squad-standby')).toBeVisible();
  await expect(desk.getByTestId('alarm-device')).toHaveAttribute('data-state', 'ok');

  h.sim.tap(1);
  for (const page of [desk, squad]) {
    const banner = page.getByRole('alert').filter({ hasText: '一键增援' });
    await expect(banner).toBeVisible();
    await expect(banner).toHaveAttribute('data-silenced', 'no');
  }
  await expect(squad.getByTestId('squad-alarm')).toBeVisible();
  await expect(squad.getByTestId('squad-elapsed')).toHaveText(/^0:0[0-9]$/);
  await expect(desk.getByTestId('alarm-panel')).toHaveAttribute('data-sound', 'playing');
  await expect.poll(() => h.sim.output(1)).toBe(true);
  await expect.poll(() => h.sim.output(2)).toBe(true);
  // The squad display shows no actions; the desk shows them to the signed-in commander.
  await expect(squad.getByTestId('alarm-silence')).toHaveCount(0);
  await desk.screenshot({ path: `${shots}/alarm-console-banner.png` });
  await squad.screenshot({ path: `${shots}/alarm-squad-alarm.png` });

  await desk.getByTestId('alarm-silence').click();
  for (const page of [desk, squad]) await expect(page.getByTestId('alarm-banner')).toHaveAttribute('data-silenced', 'yes');
  await expect.poll(() => h.sim.output(1)).toBe(false);
  await expect.poll(() => h.sim.output(2)).toBe(false);
  await expect(desk.getByTestId('alarm-panel')).toHaveAttribute('data-sound', 'off');

  h.sim.tap(2);
  await expect(squad.getByTestId('alarm-banner')).toHaveAttribute('data-mustered', 'yes');
  await expect(squad.getByTestId('squad-alarm')).toContainText('已出动');
  const frozen = await squad.getByTestId('squad-elapsed').textContent();
  await squad.waitForTimeout(1500);
  await expect(squad.getByTestId('squad-elapsed')).toHaveText(frozen!);
  await squad.screenshot({ path: `${shots}/alarm-squad-departed.png` });

  await desk.getByTestId('alarm-close').click();
  await expect(desk.getByTestId('close-confirm')).toBeDisabled();
  await desk.getByTestId('close-note').fill('小组已出动，到场处置');
  await desk.getByTestId('close-confirm').click();
  for (const page of [desk, squad]) await expect(page.getByTestId('alarm-banner')).toHaveCount(0);
  await expect(squad.getByTestId('squad-standby')).toBeVisible();
  await expect(squad.getByTestId('squad-last')).toContainText(`出动用时 ${frozen}`);
  await squad.screenshot({ path: `${shots}/alarm-squad-standby.png` });
  await desk.close();
  await squad.close();
});

test('the on-screen button asks first; a drill is marked 演练 everywhere and in English ALARM / DRILL', async ({ browser }) => {
  const h = hall!;
  const desk = await consolePage(browser, h);
  await desk.getByTestId('open-sign-in').click();
  await desk.getByTestId('sign-in-police-no').fill('032117');
  await desk.getByTestId('sign-in-pin').fill('135135');
  await desk.getByTestId('sign-in-submit').click();
  await expect(desk.getByTestId('operator-bar')).toHaveAttribute('data-signed-in', 'true');
  const wall = await browser.newPage();
  await wall.goto(`${h.url}/?token=${tokens.display}&lang=en#/wall`);

  await desk.getByTestId('alarm-panel').screenshot({ path: `${shots}/alarm-console-panel.png` });
  await desk.getByTestId('alarm-trigger').click();
  await expect(desk.getByTestId('alarm-confirm-dialog')).toBeVisible();
  await desk.getByTestId('alarm-as-drill').check();
  await desk.getByTestId('alarm-drill-mode').selectOption('short-siren');
  await desk.screenshot({ path: `${shots}/alarm-confirm.png` });
  await desk.getByTestId('alarm-confirm').click();
  await expect(desk.getByTestId('alarm-drill')).toHaveText('演练 · 短鸣');
  const banner = wall.getByRole('alert').filter({ hasText: 'ALARM' });
  await expect(banner).toBeVisible();
  await expect(wall.getByTestId('alarm-drill')).toContainText('DRILL');
  await expect.poll(() => lastOut(h.sim, 1)?.autoOffMs ?? 0).toBeGreaterThan(0);
  expect(lastOut(h.sim, 1)!.autoOffMs).toBeLessThanOrEqual(3000);
  await wall.screenshot({ path: `${shots}/alarm-wall-drill-en.png` });

  await desk.getByTestId('alarm-close').click();
  await desk.getByTestId('close-note').fill('演练结束');
  await desk.getByTestId('close-confirm').click();
  await expect(wall.getByTestId('alarm-banner')).toHaveCount(0);
  // Closed, the drill stays a drill in the "last alarm" lines: the console's, and the squad room's in English.
  await expect(desk.getByTestId('alarm-last')).toContainText('上次演练');
  await expect(desk.getByTestId('alarm-last')).toHaveAttribute('data-drill', 'true');
  const squad = await browser.newPage();
  await squad.goto(`${h.url}/?token=${tokens.display}&lang=en#/squad`);
  await expect(squad.getByTestId('squad-last')).toContainText('Last DRILL');
  await desk.close();
  await wall.close();
  await squad.close();
});

test('an alarm for an incident: #/squad shows the linked incident; an unknown incident is refused by name', async ({ browser }) => {
  const h = hall!;
  const api = (path: string, body: unknown) => fetch(`${h.url}/api/v1${path}`, {
    method: 'POST', headers: { authorization: `Bearer ${tokens.commander}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const unknown = await api('/alarm', { incidentId: 'JQ-20991231-9999' });
  expect(unknown.status).toBe(404);
  expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('No incident "JQ-20991231-9999"');

  const squad = await browser.newPage();
  await squad.goto(`${h.url}/?token=${tokens.display}#/squad`);
  await expect(squad.getByTestId('squad-standby')).toBeVisible();
  const created = await api('/incidents', { type: 'knife-attack', source: '110', location: { lat: 26.8905, lon: 102.1117, address: '县政府北门' } });
  expect(created.status).toBe(201);
  const incident = (await created.json()) as { id: string };
  expect((await api('/alarm', { incidentId: incident.id })).status).toBe(200);
  const linked = squad.getByTestId('squad-incident');
  await expect(linked).toBeVisible();
  await expect(linked).toContainText('持刀伤人');
  await expect(linked).toContainText('县政府北门');
  await expect(squad.getByRole('alert').filter({ hasText: incident.id })).toBeVisible();

  const desk = await consolePage(browser, h);
  await desk.getByTestId('open-sign-in').click();
  await desk.getByTestId('sign-in-police-no').fill('032117');
  await desk.getByTestId('sign-in-pin').fill('135135');
  await desk.getByTestId('sign-in-submit').click();
  await desk.getByTestId('alarm-close').click();
  await desk.getByTestId('close-note').fill('已处置');
  await desk.getByTestId('close-confirm').click();
  await expect(squad.getByTestId('squad-standby')).toBeVisible();
  await desk.close();
  await squad.close();
});

test('hardware settings: why ports cannot be listed, a typed path, live FAULT, the 1 s siren test, the frames', async ({ browser }) => {
  const h = hall!;
  const page = await browser.newPage();
  await page.goto(`${h.url}/?token=${tokens.commander}#/settings/hardware`);
  await page.getByTestId('open-sign-in').click();
  await page.getByTestId('sign-in-police-no').fill('032117');
  await page.getByTestId('sign-in-pin').fill('135135');
  await page.getByTestId('sign-in-submit').click();

  await expect(page.getByTestId('hw-ports-error')).toContainText('udevadm');
  const box = page.locator(`[data-testid="hw-device"][data-device="kf1:${h.pair.a}"]`);
  await expect(box.getByTestId('hw-device-state')).toHaveText('正常');
  await expect(page.getByTestId('hw-frame').filter({ hasText: '$HB,' }).first()).toBeVisible();

  const before = h.sim.received().length;
  await box.getByTestId('hw-test-siren').click();
  await expect(page.getByTestId('hw-notice')).toContainText('已试鸣');
  await expect.poll(() => h.sim.received().slice(before).some((r) => r.frame.type === 'OUT' && r.frame.ch === 1 && r.frame.on && r.frame.autoOffMs <= 1000)).toBe(true);
  await expect.poll(() => h.sim.output(1), { timeout: 5000 }).toBe(false);

  await page.getByTestId('hw-kind').selectOption('lcus');
  await page.getByTestId('hw-path').fill('/dev/ttyUSB-nonexistent');
  await page.getByTestId('hw-save').click();
  const relay = page.locator('[data-testid="hw-device"][data-device="lcus:/dev/ttyUSB-nonexistent"]');
  await expect(relay).toHaveAttribute('data-state', 'fault');
  await expect(relay).toContainText('cannot open /dev/ttyUSB-nonexistent');
  await expect(page.getByTestId('device-fault').filter({ hasText: 'lcus:/dev/ttyUSB-nonexistent' })).toBeVisible();
  await page.screenshot({ path: `${shots}/alarm-hardware.png`, fullPage: true });
  await relay.getByTestId('hw-remove').click();
  await expect(relay).toHaveCount(0);

  // Channels beyond 8: a Modbus board's input 12 and relay 16 (the limit is 64).
  await page.getByTestId('hw-kind').selectOption('modbus');
  await page.getByTestId('hw-path').fill('/dev/ttyUSB-board');
  await page.getByTestId('hw-trigger').fill('12');
  await page.getByTestId('hw-siren').selectOption('16');
  await expect(page.getByTestId('hw-siren').locator('option[value="64"]')).toHaveCount(1);
  await expect(page.getByTestId('hw-trigger')).toHaveAttribute('max', '64');
  await page.getByTestId('hw-save').click();
  const board = page.locator('[data-testid="hw-device"][data-device^="modbus:/dev/ttyUSB-board"]');
  await expect(board).toContainText('警报按钮输入 12');
  await expect(board).toContainText('警报器输出 16');
  await board.getByTestId('hw-remove').click();
  await expect(board).toHaveCount(0);

  // The console-side debounce is a hall setting.
  await expect(page.getByTestId('hw-button-settle')).toHaveValue('100');
  await page.getByTestId('hw-button-settle').fill('150');
  await page.getByTestId('hw-save-settings').click();
  await expect(page.getByTestId('hw-notice')).toContainText('已保存');
  await page.reload();
  await expect(page.getByTestId('hw-button-settle')).toHaveValue('150');
  await page.close();
});

test('the box unplugged: FAULT with since on every screen, then OK again when it is back', async ({ browser }) => {
  const h = hall!;
  const squad = await browser.newPage();
  await squad.goto(`${h.url}/?token=${tokens.display}#/squad`);
  await expect(squad.getByTestId('squad-standby')).toBeVisible();
  await h.sim.close();
  await h.pair.kill();
  const fault = squad.getByTestId('device-fault');
  await expect(fault).toBeVisible({ timeout: 5000 });
  await expect(fault).toContainText('故障');
  await expect(fault).toContainText('自 ');
  await squad.screenshot({ path: `${shots}/alarm-squad-fault.png` });
  h.pair = await startSocatPair({ a: h.pair.a, b: h.pair.b });
  h.sim = await runKf1Simulator({ path: h.pair.b, heartbeatMs: 500 });
  await expect(fault).toHaveCount(0, { timeout: 20_000 });
  await squad.close();
});
