// A county fleet on the console map: above 300 units they are drawn on one canvas by a worker. The units show,
// a unit's callsign appears on hover, a GPS position moves it, and the targets under the canvas stay clickable.
import { expect, test, type Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBenchMap } from '../../bench/dispatch-fixture';
import { startOwnHall } from './own-hall';
import { openSignedIn } from './shared-hall';

const token = 'unit-canvas-e2e-commander';
const UNITS = 600;

let serve: ChildProcess;
let base = '';
test.beforeAll(async () => {
  const data = mkdtempSync(join(tmpdir(), 'kuaifan-unit-canvas-e2e-'));
  writeBenchMap(join(process.cwd(), 'resources'), data, UNITS);
  ({ url: base, child: serve } = await startOwnHall({ data, tokens: [`commander:desk:${token}`] }));
});
test.afterAll(() => {
  serve?.kill('SIGTERM');
});

/** Moves the mouse outward from the map's centre until a unit's tooltip shows; returns where and which unit. */
async function findUnit(page: Page): Promise<{ x: number; y: number; callsign: string }> {
  const box = (await page.locator('.leaflet-container').first().boundingBox())!;
  const tip = page.locator('.kf-tip').filter({ hasText: /单元\d+/ });
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  for (let ring = 0; ring < 12; ring++) {
    for (let k = 0; k < Math.max(1, ring * 6); k++) {
      const a = (2 * Math.PI * k) / Math.max(1, ring * 6);
      const x = cx + Math.cos(a) * ring * 9;
      const y = cy + Math.sin(a) * ring * 9;
      await page.mouse.move(x, y);
      if (await tip.isVisible()) {
        const callsign = /单元\d+/.exec((await tip.textContent()) ?? '')?.[0];
        if (callsign) return { x, y, callsign };
      }
    }
  }
  throw new Error('no unit found under the mouse around the map centre');
}

test('600 units on the worker-drawn canvas: hover names a unit, a GPS position moves it, targets stay clickable', async ({ page }) => {
  await openSignedIn(page, `${base}/?token=${token}#/console`);
  const canvas = page.locator('.leaflet-kf-units-pane canvas');
  await expect(canvas).toHaveCount(1);
  await expect(canvas).toHaveAttribute('data-painter', 'worker');
  await expect(page.locator('[data-testid="unit-marker"]')).toHaveCount(0);

  const found = await findUnit(page);
  await expect(page.locator('.kf-tip').filter({ hasText: `${found.callsign} · ` })).toHaveCount(1);
  const clip = { x: found.x - 4, y: found.y - 4, width: 8, height: 8 };
  const before = await page.screenshot({ clip });

  // The unit reports a position far outside the town: its disc leaves that spot and hover no longer finds it there.
  const id = `B-${found.callsign.slice(2).padStart(4, '0')}`;
  const res = await page.request.post(`${base}/api/v1/units/${id}/position`, {
    headers: { authorization: `Bearer ${token}` },
    data: { lat: 27.3, lon: 102.5, at: new Date().toISOString() },
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
  await expect.poll(async () => (await page.screenshot({ clip })).equals(before), { timeout: 10_000 }).toBe(false);
  await page.mouse.move(found.x + 200, found.y + 200);
  await page.mouse.move(found.x, found.y);
  await expect(page.locator('.kf-tip').filter({ hasText: `${found.callsign} · ` })).toHaveCount(0);

  // The canvas lies above the target markers but lets clicks through to them.
  const target = page.locator('.kf-target').first();
  const tb = (await target.boundingBox())!;
  const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.leaflet-marker-icon')?.className ?? document.elementFromPoint(x, y)?.tagName, { x: tb.x + tb.width / 2, y: tb.y + tb.height / 2 });
  expect(hit).not.toBe('CANVAS');
});
