// The server playwright.config.ts starts is shared by several specs: they all sign in with one admin account,
// whichever spec runs first creates it on the first-start dialog.
import { expect, type Page } from '@playwright/test';

export const sharedAdmin = { name: '王强', policeNo: '032117', pin: '135135' } as const;

/** Opens a screen of the shared hall signed in: creates the admin on a fresh hall, else signs it in. */
export async function openSignedIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  // Until the session is loaded the bar shows the sign-in button even on a hall that still needs its admin.
  await expect(page.getByTestId('operator-bar')).toHaveAttribute('data-loaded', 'true');
  if (await page.getByTestId('sign-out').isVisible()) return;
  if (await page.getByTestId('open-setup').isVisible()) {
    const setup = page.getByTestId('setup-dialog');
    if (!(await setup.isVisible())) await page.getByTestId('open-setup').click();
    await page.getByTestId('setup-name').fill(sharedAdmin.name);
    await page.getByTestId('setup-police-no').fill(sharedAdmin.policeNo);
    await page.getByTestId('setup-pin').fill(sharedAdmin.pin);
    await page.getByTestId('setup-pin2').fill(sharedAdmin.pin);
    await page.getByTestId('setup-submit').click();
    await expect(setup).toHaveCount(0);
  } else {
    await page.getByTestId('open-sign-in').click();
    await page.getByTestId('sign-in-police-no').fill(sharedAdmin.policeNo);
    await page.getByTestId('sign-in-pin').fill(sharedAdmin.pin);
    await page.getByTestId('sign-in-submit').click();
  }
  await expect(page.getByTestId('sign-out')).toBeVisible();
}
