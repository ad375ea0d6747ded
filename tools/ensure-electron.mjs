// Before `npm start`: makes sure the Electron binary is there. The electron package has no install script, so the
// first start fetches it (electron's own install.js: download, checksum, unpack; it exits at once when the binary
// is already unpacked). With ELECTRON_EXEC_PATH set (an offline hall's own Electron build) nothing is fetched.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

if (!process.env.ELECTRON_EXEC_PATH) {
  const install = createRequire(import.meta.url).resolve('electron/install.js');
  const r = spawnSync(process.execPath, [install], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('kuaifan: the Electron binary is missing and could not be fetched (this needs internet access once).\n' +
      'On an offline machine set ELECTRON_EXEC_PATH to an unpacked Electron 45 build, or use browser mode: npm run serve');
    process.exit(r.status ?? 1);
  }
}
