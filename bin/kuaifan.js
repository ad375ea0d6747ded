#!/usr/bin/env node
// Entry of the `kuaifan` command: checks Node, then runs the built CLI (out/main/cli.js).
import { existsSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`kuaifan needs Node.js 22.12 or newer; this is ${process.version}. Install Node 24 LTS.`);
  process.exit(1);
}
const entry = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('kuaifan is not built yet: run `npm run build` in the Kuaifan folder first.');
  process.exit(1);
}
// `kuaifan ... | head` closes the pipe early; that is the reader's choice, not a failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
const { runCli } = await import(entry.href);
process.exitCode = await runCli(process.argv.slice(2), {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
  env: process.env,
});
