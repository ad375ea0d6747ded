// The console, wall and board served by `kuaifan serve`, in Chromium: sample map on every screen, roster,
// SAMPLE banner, English, the connection indicator through a lost link, first start and shift sign-in,
// and never a request beyond this machine.
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { e2eTokens } from '../../playwright.config';

const demo = (file: string) => JSON.parse(readFileSync(join('resources', 'demo', file), 'utf8')) as { features: { properties: Record<string, unknown> }[] };
const demoTargets = demo('targets.geojson').features;
const demoUnits = demo('units.geojson').features;
const demoRrPoints = demo('rr-points.geojson').features;
const tierCount = (tier: number) => demoTargets.filter((f) => f.properties.tier === tier).length;
const SAMPLE = '示例数据 · SAMPLE · approximate, not surveyed';

/**
 * Every test fails if a page asked anything of a host other than this machine, threw an uncaught error,
 * or broke the Content-Security-Policy (an inline script, a style or image from elsewhere).
 */
const test = base.extend<{ guard: void }>({
  guard: [
    async ({ context }, use) => {
      const outside: string[] = [];
      const broken: string[] = [];
      context.on('request', (req) => {
        const u = new URL(req.url());
        if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol)) outside.push(req.url());
      });
      const watch = (page: Page): void => {
        page.on('pageerror', (err) => broken.push(`uncaught: ${err.message}${process.env.KUAIFAN_E2E_STACKS ? `\n${err.stack}` : ''}`));
        page.on('console', (msg) => {
          if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) broken.push(msg.text());
        });
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use();
      expect(outside, 'requests beyond this machine').toEqual([]);
      expect(broken, 'page errors and CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});

/** A `kuaifan serve` of our own, on a fresh data folder, that a test may stop and start again. */
class OwnHall {
  private child: ChildProcess | null = null;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'kuaifan-e2e-own-'));
  static readonly commander = 'own-commander-token-1';
  static readonly display = 'own-display-token-01';
  /** What the hall workstation's own windows act with; accounts are managed there. */
  static readonly admin = 'own-admin-token-0001';
  /** Tokens the next start() serves with; a test may swap them to revoke a screen's link. */
  tokens = [`commander:${OwnHall.commander}`, `display:${OwnHall.display}`, `admin:desk:${OwnHall.admin}`];
  constructor(readonly port: number) {}

  url(token: string, rest: string): string {
    return `http://127.0.0.1:${this.port}/?token=${token}${rest}`;
  }

  async start(): Promise<void> {
    const args = ['bin/kuaifan.js', 'serve', '--data', this.dataDir, '--listen', `127.0.0.1:${this.port}`, ...this.tokens.flatMap((t) => ['--token', t])];
    this.child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/api/v1/health`);
        if (res.status === 401) return; // up, and asking for a token
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`kuaifan serve did not start on port ${this.port}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A raster MBTiles of zoom 10 covering the county seat: 1×1 PNG tiles, rows in TMS order as the format says. */
function writeMbtiles(file: string): void {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  const db = new Database(file);
  db.exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);');
  const meta = db.prepare('INSERT INTO metadata VALUES (?, ?)');
  for (const [k, v] of Object.entries({ name: 'test', format: 'png', minzoom: '10', maxzoom: '10', bounds: '101.9,26.7,102.3,27.1' })) meta.run(k, v);
  const z = 10;
  const n = 2 ** z;
  const xOf = (lon: number) => Math.floor(((lon + 180) / 360) * n);
  const yOf = (lat: number) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
  const tile = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
  for (let x = xOf(101.9); x <= xOf(102.3); x++) for (let y = yOf(27.1); y <= yOf(26.7); y++) tile.run(z, x, n - 1 - y, png);
  db.close();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function expectSampleMap(page: Page): Promise<void> {
  await expect(page.getByTestId('target-marker')).toHaveCount(demoTargets.length);
  await expect(page.getByTestId('unit-marker')).toHaveCount(demoUnits.length);
  await expect(page.getByTestId('rr-point-marker')).toHaveCount(demoRrPoints.length);
  await expect(page.getByTestId('sample-banner')).toContainText(SAMPLE);
}

/** First start of a fresh hall: the admin account 王强 (032117), which the dialog signs in. */
async function createFirstAdmin(page: Page): Promise<void> {
  await page.getByTestId('setup-name').fill('王强');
  await page.getByTestId('setup-police-no').fill('032117');
  await page.getByTestId('setup-pin').fill('135135');
  await page.getByTestId('setup-pin2').fill('135135');
  await page.getByTestId('setup-submit').click();
}

/** On the shared server another spec may have created the admin already; either way, get the dialog out of the way. */
async function dismissSetupIfAsked(page: Page): Promise<void> {
  await expect(page.getByTestId('operator-bar')).toHaveAttribute('data-loaded', 'true');
  if (await page.getByTestId('setup-dialog').isVisible()) await page.getByRole('button', { name: '稍后' }).click();
}

test.describe('screens on the shared e2e server', () => {
  test('console: the sample map, the roster by kind, an empty queue, the SAMPLE banner, connected', async ({ page }) => {
    await page.goto(`/?token=${e2eTokens.commander}#/console`);
    await expectSampleMap(page);
    // No tile source configured: the offline basemap is drawn from the roads, on a canvas, and no tile is asked for.
    await expect(page.locator('.leaflet-kf-basemap-pane canvas')).toHaveCount(1);
    await expect(page.locator('img.leaflet-tile')).toHaveCount(0);
    await expect(page.getByTestId('roster-unit')).toHaveCount(demoUnits.length);
    await expect(page.getByTestId('unit-roster').locator('[data-kind="readiness-squad"]')).toContainText('战备处突小组');
    await expect(page.getByTestId('queue-empty')).toContainText('暂无警情');
    await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'open');
    await expect(page.getByTestId('map-legend')).toContainText('1 分钟');
    // The token leaves the address bar, and a reload still gets in (sessionStorage, cookie).
    await expect(page).not.toHaveURL(/token=/);
    await page.reload();
    await expect(page.getByTestId('unit-marker')).toHaveCount(demoUnits.length);
    await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'open');
  });

  test('wall: full-screen map with callsigns, never asks anyone to sign in', async ({ page }) => {
    await page.goto(`/?token=${e2eTokens.display}#/wall`);
    await expectSampleMap(page);
    await expect(page.locator('.kf-unit__label').first()).toHaveCSS('font-size', '17px');
    await expect(page.getByTestId('wall-summary')).toContainText(String(tierCount(3)));
    await expect(page.getByTestId('operator-bar')).toHaveCount(0);
    await expect(page.getByTestId('setup-dialog')).toHaveCount(0);
    await page.waitForTimeout(300); // tiles of the canvas basemap settle
    await page.screenshot({ path: 'docs/screenshots/wall.png' });
  });

  test('board: no incidents, the targets of each tier, units on duty', async ({ page }) => {
    await page.goto(`/?token=${e2eTokens.display}#/board`);
    await expect(page.getByTestId('board-no-incidents')).toHaveText('暂无警情');
    for (const tier of [1, 3, 5]) await expect(page.getByTestId(`board-tier-${tier}`)).toContainText(String(tierCount(tier)));
    await expect(page.getByTestId('sample-banner')).toContainText(SAMPLE);
    await expect(page.getByTestId('operator-bar')).toHaveCount(0);
    await page.screenshot({ path: 'docs/screenshots/board.png' });
  });

  test('?lang=en shows the console in English', async ({ page }) => {
    await page.goto(`/?token=${e2eTokens.commander}&lang=en#/console`);
    await expect(page.getByTestId('queue-empty')).toContainText('No incidents');
    await expect(page.getByTestId('unit-roster')).toContainText('Special-police patrol car');
    await expect(page.getByTestId('map-legend')).toContainText('1 min · core sites');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('sample-banner')).toContainText(SAMPLE);
    await expect(page.getByTestId('connection-indicator')).toHaveText('Connected to the hall host');
  });

  test.describe('on a PC set to New York time', () => {
    test.use({ timezoneId: 'America/New_York' });
    test('the clock shows China time', async ({ page }) => {
      await page.goto(`/?token=${e2eTokens.display}#/board`);
      const shown = await page.getByTestId('hall-clock-time').textContent();
      const china = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      const before = china.format(Date.now() - 60_000);
      const now = china.format(Date.now());
      expect([before, now]).toContain(shown!.slice(0, 5));
      expect(await page.evaluate(() => new Date().getTimezoneOffset())).not.toBe(-480); // the page really is elsewhere
    });
  });

  test('one monitor (?tabs=wall,board): the console holds the wall and the board as tabs', async ({ page }) => {
    await page.goto(`/?token=${e2eTokens.commander}&tabs=wall,board#/console`);
    await dismissSetupIfAsked(page);
    await page.getByTestId('tab-board').click();
    await expect(page.getByTestId('board-no-incidents')).toBeVisible();
    await page.getByTestId('tab-wall').click();
    await expect(page.getByTestId('unit-marker')).toHaveCount(demoUnits.length);
    await page.getByTestId('tab-console').click();
    await expect(page.getByTestId('unit-roster')).toBeVisible();
  });

  test('the indicator goes red when the network drops and green again by itself', async ({ page }) => {
    await page.goto(`/?token=${e2eTokens.display}#/wall`);
    const indicator = page.getByTestId('connection-indicator');
    await expect(indicator).toHaveAttribute('data-state', 'open');
    await page.context().setOffline(true);
    await expect(indicator).toHaveAttribute('data-state', 'reconnecting');
    await expect(indicator).toContainText('与指挥主机断开');
    await page.context().setOffline(false);
    await expect(indicator).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  });

  test('without a token the server refuses the page with a JSON error that says what to do', async ({ request }) => {
    const res = await request.get('/');
    expect(res.status()).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('UNAUTHENTICATED');
    expect(body.error.message).toContain('token');
  });
});

test.describe('a hall of our own (fresh data, restartable)', () => {
  let hall: OwnHall;
  test.beforeEach(async () => {
    hall = new OwnHall(await freePort());
    await hall.start();
  });
  test.afterEach(async () => hall.dispose());

  test('first start: the admin account, then sign-out, wrong PINs, the lock, and sign-in', async ({ page }) => {
    // A display screen never asks, even while the hall has no account.
    await page.goto(hall.url(OwnHall.display, '#/wall'));
    await expect(page.getByTestId('unit-marker')).toHaveCount(demoUnits.length);
    await expect(page.getByTestId('setup-dialog')).toHaveCount(0);

    await page.goto(hall.url(OwnHall.admin, '#/console'));
    const setup = page.getByTestId('setup-dialog');
    await expect(setup).toBeVisible();
    await page.getByTestId('setup-name').fill('王强');
    await page.getByTestId('setup-police-no').fill('032117');
    await page.getByTestId('setup-pin').fill('135135');
    await page.getByTestId('setup-pin2').fill('135136');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('setup-pin2-error')).toHaveText('两次输入的 PIN 不一致');
    await page.getByTestId('setup-pin2').fill('135135');
    await page.getByTestId('setup-submit').click();
    await expect(setup).toHaveCount(0);
    await expect(page.getByTestId('operator-on-duty')).toContainText('王强');
    await expect(page.getByTestId('operator-on-duty')).toContainText('管理员');

    // Signed in, the admin can act: add a commander for the next shift.
    await page.getByTestId('open-settings').click();
    await expect(page.getByTestId('settings-save')).toBeEnabled();
    await page.getByTestId('op-name').fill('李娜');
    await page.getByTestId('op-police-no').fill('045210');
    await page.getByTestId('op-pin').fill('246810');
    await page.getByTestId('op-add').click();
    await expect(page.getByTestId('operators-list')).toContainText('李娜');
    await page.keyboard.press('Escape');

    // Handover: signed out, the console stays live and read-only.
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('signed-out')).toHaveText('未签到 · 只读');
    await expect(page.getByTestId('unit-marker')).toHaveCount(demoUnits.length);
    await page.getByTestId('open-settings').click();
    await expect(page.getByTestId('settings-save')).toBeDisabled();
    await expect(page.getByTestId('settings-dialog').getByTestId('needs-sign-in').first()).toHaveText('签到后操作');
    await page.keyboard.press('Escape');

    // A wrong PIN says so and warns of the lock, in the same words an unknown 警号 gets.
    const signIn = async (no: string, pin: string) => {
      await page.getByTestId('open-sign-in').click();
      await page.getByTestId('sign-in-police-no').fill(no);
      await page.getByTestId('sign-in-pin').fill(pin);
      await page.getByTestId('sign-in-submit').click();
    };
    await signIn('045210', '000000');
    const error = page.getByTestId('sign-in-error');
    await expect(error).toHaveAttribute('data-code', 'UNAUTHENTICATED');
    await expect(error).toContainText('警号或 PIN 错误');
    await expect(error).toContainText('lock sign-in for that number for 5 minutes');
    await page.getByRole('button', { name: '取消' }).click();

    // The incoming commander signs in; the header names who is on duty.
    await signIn('045210', '246810');
    await expect(page.getByTestId('operator-on-duty')).toContainText('李娜');
    await expect(page.getByTestId('operator-on-duty')).toContainText('指挥长');
    await page.screenshot({ path: 'docs/screenshots/console.png' });
    await page.getByTestId('sign-out').click();

    // Five wrong PINs lock the account for 5 minutes, and the right PIN no longer gets in.
    for (let i = 0; i < 5; i++) {
      if (i === 0) await signIn('045210', '111111');
      else {
        await page.getByTestId('sign-in-pin').fill('111111');
        await page.getByTestId('sign-in-submit').click();
      }
      await expect(page.getByTestId('sign-in-pin')).toHaveValue('');
    }
    await expect(error).toHaveAttribute('data-code', 'LOCKED');
    await expect(error).toContainText('账号已锁定');
    await expect(error).toContainText('locked for 5 minutes');
    await page.getByTestId('sign-in-pin').fill('246810');
    await page.getByTestId('sign-in-submit').click();
    await expect(error).toHaveAttribute('data-code', 'LOCKED');
    await expect(error).toContainText('try again in 5 min');
  });

  test('an imported MBTiles file becomes the basemap, served by the host as /tiles/z/x/y', async ({ page }) => {
    await hall.stop();
    const file = join(hall.dataDir, '..', `${hall.port}-county.mbtiles`);
    writeMbtiles(file);
    execFileSync(process.execPath, ['bin/kuaifan.js', 'import', 'tiles', file, '--data', hall.dataDir]);
    rmSync(file);
    await hall.start();
    const tileReply = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/tiles/10/'));
    await page.goto(hall.url(OwnHall.display, '#/wall'));
    expect((await tileReply).status()).toBe(200);
    await expect(page.locator('img.leaflet-tile-loaded').first()).toBeVisible();
    await expect(page.locator('.leaflet-kf-basemap-pane canvas')).toHaveCount(0);
    await expect(page.getByTestId('unit-marker')).toHaveCount(demoUnits.length);
  });

  test('a tile server set in the settings is used once the screen reloads (the CSP admits it then)', async ({ page }) => {
    await page.goto(hall.url(OwnHall.admin, '#/console'));
    await createFirstAdmin(page);
    await page.getByTestId('open-settings').click();
    // "localhost" is another origin than the page's 127.0.0.1: a tile server of its own, still on this machine.
    const tileUrl = `http://localhost:${hall.port}/tiles/{z}/{x}/{y}.png`;
    await page.getByTestId('settings-tile-url').fill(tileUrl);
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-dialog')).toContainText('已保存');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('tile-reload-notice')).toBeVisible();
    await expect(page.locator('.leaflet-kf-basemap-pane canvas')).toHaveCount(1);
    const tileRequest = page.waitForRequest((r) => r.url().startsWith(`http://localhost:${hall.port}/tiles/`));
    await page.reload();
    await tileRequest;
    await expect(page.getByTestId('tile-reload-notice')).toHaveCount(0);
    await expect(page.locator('.leaflet-kf-basemap-pane canvas')).toHaveCount(0);
  });

  test('the hall language setting switches every screen at once, also one already open', async ({ page, context }) => {
    const wall = await context.newPage();
    await wall.goto(hall.url(OwnHall.display, '#/wall'));
    await expect(wall.getByTestId('map-legend')).toContainText('1 分钟 · 核心部位');
    await page.goto(hall.url(OwnHall.admin, '#/console'));
    await createFirstAdmin(page);
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings-lang').selectOption('en');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-dialog')).toContainText('Saved');
    await expect(wall.getByTestId('map-legend')).toContainText('1 min · core sites');
    await expect(wall.getByTestId('wall-summary')).toContainText('No incidents');
    await wall.reload(); // and it stays English for a screen opened afterwards
    await expect(wall.getByTestId('map-legend')).toContainText('1 min · core sites');
    await wall.close();
  });

  test('the host restarts: the indicator goes red, then green by itself, and the screen is live again', async ({ page }) => {
    await page.goto(hall.url(OwnHall.display, '#/board'));
    const indicator = page.getByTestId('connection-indicator');
    await expect(indicator).toHaveAttribute('data-state', 'open');
    // Open is not loaded: the map data (a large reply, sent compressed) may still be on its way.
    await expect(page.getByTestId('board-tier-3')).toContainText(String(tierCount(3)));
    await hall.stop();
    await expect(indicator).toHaveAttribute('data-state', 'reconnecting');
    await expect(indicator).toHaveText('与指挥主机断开 · 正在重连…');
    await expect(page.getByTestId('board-tier-3')).toContainText(String(tierCount(3))); // what it showed stays
    await hall.start();
    await expect(indicator).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
    await expect(indicator).toContainText('在线');
  });

  test('a screen whose token was revoked says so instead of only retrying', async ({ page }) => {
    await page.goto(hall.url(OwnHall.display, '#/board'));
    const indicator = page.getByTestId('connection-indicator');
    await expect(indicator).toHaveAttribute('data-state', 'open');
    await hall.stop();
    hall.tokens = [`display:wall-2:new-display-token-02`];
    await hall.start();
    await expect(indicator).toHaveAttribute('data-problem', 'token', { timeout: 15_000 });
    await expect(indicator).toContainText('访问令牌被拒绝');
    await expect(indicator).toHaveAttribute('title', /token is wrong or was revoked/);
  });

  test('a commander stays signed in across a host restart and a reload, and not after signing out', async ({ page }) => {
    await page.goto(hall.url(OwnHall.commander, '#/console'));
    await createFirstAdmin(page);
    await expect(page.getByTestId('operator-on-duty')).toContainText('王强');
    await hall.stop();
    await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'reconnecting');
    await hall.start();
    await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
    await expect(page.getByTestId('operator-on-duty')).toContainText('王强');
    await expect(page.getByTestId('re-sign-in-notice')).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('operator-on-duty')).toContainText('王强');
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('signed-out')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('operator-bar')).toHaveAttribute('data-loaded', 'true');
    await expect(page.getByTestId('signed-out')).toBeVisible();
  });

  test('a sign-in ended elsewhere is not resumed after a reconnect, and the console says so', async ({ page }) => {
    await page.goto(hall.url(OwnHall.commander, '#/console'));
    await createFirstAdmin(page);
    await expect(page.getByTestId('operator-on-duty')).toContainText('王强');
    // The saved sign-in is damaged as if it had expired; the next connection cannot resume it.
    await page.evaluate(() => sessionStorage.setItem('kuaifan.resume', 'expired-token'));
    await hall.stop();
    await hall.start();
    await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
    await expect(page.getByTestId('re-sign-in-notice')).toContainText('王强');
    await expect(page.getByTestId('signed-out')).toBeVisible();
  });
});
