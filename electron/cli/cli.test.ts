// The `kuaifan` command: help on every command, the refusal to listen beyond loopback without a token, doctor.
import { describe, expect, it } from 'vitest';
import { cliCommands, runCli } from './main';
import { tempDir } from '../../tests/contract/host-kit';

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l), env }, out, err };
}

describe('kuaifan', () => {
  it('lists its commands and exits 2 when called with none', async () => {
    const t = io();
    expect(await runCli([], t.io)).toBe(2);
    for (const c of cliCommands) expect(t.out.join('\n')).toContain(c.name);
  });

  it.each(cliCommands.map((c) => c.name))('%s --help prints its usage', async (name) => {
    const t = io();
    expect(await runCli([name, '--help'], t.io)).toBe(0);
    expect(t.out.join('\n')).toMatch(new RegExp(`kuaifan ${name}`));
  });

  it('an unknown command or option says so and exits 2', async () => {
    const a = io();
    expect(await runCli(['serv'], a.io)).toBe(2);
    expect(a.err.join('\n')).toContain('Unknown command "serv"');
    const b = io();
    expect(await runCli(['serve', '--lisen', 'x'], b.io)).toBe(2);
    expect(b.err.join('\n')).toContain("Unknown option '--lisen'");
  });

  it('serve refuses to listen beyond loopback without a token, naming the fix', async () => {
    const t = io();
    expect(await runCli(['serve', '--data', tempDir(), '--listen', '0.0.0.0:0'], t.io)).toBe(2);
    expect(t.err.join('\n')).toMatch(/Refusing to listen on 0\.0\.0\.0 without an access token.*--token commander:SECRET/);
  });

  it('serve refuses a token that is too short or has an unknown role', async () => {
    const a = io();
    expect(await runCli(['serve', '--data', tempDir(), '--token', 'commander:short'], a.io)).toBe(2);
    expect(a.err.join('\n')).toContain('at least');
    const b = io();
    expect(await runCli(['serve', '--data', tempDir(), '--token', 'chief:0123456789abcdef0123'], b.io)).toBe(2);
    expect(b.err.join('\n')).toContain('role must be one of');
  });

  it('serve refuses a malformed --listen', async () => {
    const t = io();
    expect(await runCli(['serve', '--data', tempDir(), '--listen', 'here'], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain('expected HOST:PORT');
  });

  it('doctor checks Node, SQLite and the data folder, each with its result', async () => {
    const t = io();
    const code = await runCli(['doctor', '--data', tempDir()], t.io);
    const text = t.out.join('\n');
    expect(text).toMatch(/Node\.js/);
    expect(text).toMatch(/SQLite/);
    expect(text).toMatch(/[Dd]ata folder/);
    expect(text).toMatch(/Serial ports/);
    expect([0, 1]).toContain(code);
  });
});
