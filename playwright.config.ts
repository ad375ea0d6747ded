// Browser tests: the real console served by `kuaifan serve`, driven in Chromium (the system's when present).
import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

// Helpers running in parallel pick their own port and output folder.
export const E2E_PORT = Number(process.env.KUAIFAN_E2E_PORT ?? 5181);
export const e2eTokens = { commander: 'e2e-commander-token', watch: 'e2e-watch-token', display: 'e2e-display-token' } as const;
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: process.env.KUAIFAN_E2E_OUT ?? 'test-results',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    viewport: { width: 1600, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions: {
      executablePath: process.env.KUAIFAN_CHROMIUM ?? systemChromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: `node tests/e2e/serve-fresh.mjs ${E2E_PORT} ${Object.entries(e2eTokens).map(([r, t]) => `${r}:${t}`).join(' ')}`,
    url: `http://127.0.0.1:${E2E_PORT}/api/v1/health?token=${e2eTokens.display}`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
  },
});
