// `npm run bench`: runs each bench/*.bench.ts in turn with `node --import tsx`, passing the other arguments on.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const benches = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
const names = benches.map((f) => basename(f, '.bench.ts'));

const usage = `Usage: npm run bench -- [NAME ...] [ARGS ...]
       node bench/run.js [NAME ...] [ARGS ...]

Runs the benchmarks one after another, each as node --import tsx bench/NAME.bench.ts ARGS.
NAME picks benchmarks by name (default: all of them); every other argument is passed on to each,
e.g. --write (replace that benchmark's section of docs/benchmarks.md) or --no-browser.
Some take minutes and the browser parts need a build (npx electron-vite build --config ./vite.config.ts).

Benchmarks: ${names.join(', ')}
Exits 1 when any benchmark fails.`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(usage);
  process.exit(0);
}
if (args.includes('--list')) {
  console.log(names.join('\n'));
  process.exit(0);
}

const picked = args.filter((a) => names.includes(a));
const passOn = args.filter((a) => !names.includes(a));
const run = picked.length ? picked : names;
const failed = [];
for (const name of run) {
  const file = join('bench', `${name}.bench.ts`);
  console.log(`\n== ${file} ${passOn.join(' ')}`.trimEnd());
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...passOn], { cwd: root, stdio: 'inherit' });
  if (r.error) console.error(`bench/run.js: could not start ${file}: ${r.error.message}`);
  if (r.status !== 0) failed.push(`${name} (${r.signal ? `signal ${r.signal}` : `exit ${r.status}`})`);
}
if (failed.length) {
  console.error(`\n${failed.length} of ${run.length} benchmarks failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\n${run.length} benchmark${run.length === 1 ? '' : 's'} done.`);
