// The console loads from `kuaifan serve` and never asks anything of a host outside this machine.
import { expect, test } from '@playwright/test';
import { e2eTokens } from '../../playwright.config';

test('the console opens with a token and makes no request beyond localhost', async ({ page }) => {
  const outside: string[] = [];
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol)) outside.push(req.url());
  });
  await page.goto(`/?token=${e2eTokens.commander}#/console`);
  await expect(page.getByText('快反')).toBeVisible();
  expect(outside).toEqual([]);
});

test('without a token the server refuses the page with a JSON error that says what to do', async ({ request }) => {
  const res = await request.get('/');
  expect(res.status()).toBe(401);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('UNAUTHENTICATED');
  expect(body.error.message).toContain('token');
});
