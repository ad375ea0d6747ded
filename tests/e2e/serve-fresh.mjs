// Starts `kuaifan serve` on a fresh data folder for the browser tests: serve-fresh.mjs PORT ROLE:TOKEN...
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

const [port, ...tokens] = process.argv.slice(2);
const data = mkdtempSync(join(tmpdir(), 'kuaifan-e2e-'));
const args = ['bin/kuaifan.js', 'serve', '--data', data, '--listen', `127.0.0.1:${port}`, ...tokens.flatMap((t) => ['--token', t])];
const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, KUAIFAN_E2E: '1' } });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
