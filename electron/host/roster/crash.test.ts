// Crash safety: a child process making roster edits is killed with SIGKILL at random moments, 200 times.
// Afterwards the database passes integrity_check, the audit chain is intact, and every edit whose
// acknowledgement the parent received is there (and every acknowledged withdrawal is withdrawn).
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { verifyAuditLog } from '../audit/audit-log';
import { findAppRoot } from '../paths';

const root = findAppRoot();
// Bundled once so each child starts in ~0.2 s instead of ~0.6 s through tsx; it sits under node_modules so
// its imports (better-sqlite3, zod …) resolve from the project.
const childFile = join(root, 'node_modules', '.cache', 'kuaifan-roster-crash', 'child.mjs');
const KILLS = 200;
const LANES = 2;

beforeAll(async () => {
  const { build } = await import('esbuild');
  mkdirSync(join(childFile, '..'), { recursive: true });
  await build({ entryPoints: [join(root, 'electron/host/roster/crash-child.ts')], bundle: true, platform: 'node', format: 'esm', outfile: childFile, packages: 'external', logLevel: 'error' });
});

interface Acked {
  added: Set<number>;
  revoked: Set<number>;
}

/** When to kill: some time after spawning (during start-up), or some time after the child said it is ready. */
type KillPlan = { after: 'spawn' | 'ready'; ms: number };

/** One child, run until killed as planned; records what it acknowledged. */
function runOnce(file: string, seed: number, plan: KillPlan, acked: Acked): Promise<{ acks: number; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childFile, file, String(seed)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    let acks = 0;
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line === 'ready' && plan.after === 'ready') {
          clearTimeout(timer);
          timer = setTimeout(() => child.kill('SIGKILL'), plan.ms);
        }
        const m = /^ack (add|revoke) (\d+)$/.exec(line);
        if (!m) continue;
        acks++;
        (m[1] === 'add' ? acked.added : acked.revoked).add(Number(m[2]));
      }
    });
    child.stderr.on('data', (d) => (stderr += String(d)));
    let timer = setTimeout(() => child.kill('SIGKILL'), plan.after === 'spawn' ? plan.ms : 30_000);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ acks, signal, stderr });
    });
  });
}

function verify(file: string, acked: Acked): void {
  if (!existsSync(file)) {
    // Killed before it created the database: nothing can have been acknowledged.
    expect(acked.added.size + acked.revoked.size).toBe(0);
    return;
  }
  // Opened the way the hall reopens after a crash (read-write, so SQLite recovers the WAL).
  const db = new Database(file, { fileMustExist: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'roster_exceptions'").get()) {
      // Killed while migrating: each step is its own transaction, so the schema is simply not there yet.
      expect(acked.added.size + acked.revoked.size).toBe(0);
      return;
    }
    const rows = new Map(db.prepare<[], { id: number; revoked_at: number | null }>('SELECT id, revoked_at FROM roster_exceptions').all().map((r) => [r.id, r.revoked_at]));
    const missing = [...acked.added].filter((id) => !rows.has(id));
    expect(missing, 'acknowledged edits missing after the kill').toEqual([]);
    const notRevoked = [...acked.revoked].filter((id) => rows.get(id) === null || rows.get(id) === undefined);
    expect(notRevoked, 'acknowledged withdrawals undone after the kill').toEqual([]);
    // Each exception row has the audit row of its own transaction.
    const audited = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM audit_log WHERE action IN ('roster.leave.add', 'roster.extra.add')").get()!.n;
    expect(audited).toBe(rows.size);
  } finally {
    db.close();
  }
}

describe('crash safety', () => {
  it(`${KILLS} SIGKILLs at random moments lose no acknowledged edit and never corrupt the database`, async () => {
    let rng = 135;
    const random = (n: number): number => {
      rng = (rng * 1103515245 + 12345) >>> 0;
      return rng % n;
    };
    const lanes = Array.from({ length: LANES }, () => {
      const dir = mkdtempSync(join(tmpdir(), 'kf-crash-'));
      return { file: join(dir, 'kuaifan.db'), acked: { added: new Set<number>(), revoked: new Set<number>() } as Acked, acks: 0, killed: 0 };
    });
    await Promise.all(
      lanes.map(async (lane, l) => {
        for (let i = 0; i < KILLS / LANES; i++) {
          // One kill in six lands during start-up (opening, migrating, seeding the sample), the rest amid edits.
          const plan: KillPlan = random(6) === 0 ? { after: 'spawn', ms: 10 + random(250) } : { after: 'ready', ms: random(150) };
          const r = await runOnce(lane.file, l * 1000 + i + 1, plan, lane.acked);
          expect(r.stderr).toBe('');
          if (r.signal === 'SIGKILL') lane.killed++;
          lane.acks += r.acks;
          verify(lane.file, lane.acked);
        }
      }),
    );
    for (const lane of lanes) {
      expect(lane.killed).toBe(KILLS / LANES);
      const db = new Database(lane.file, { readonly: true });
      expect(verifyAuditLog(db).ok).toBe(true);
      db.close();
    }
    // The test means something only if edits were acknowledged between kills.
    const added = lanes.reduce((n, l) => n + l.acked.added.size, 0);
    const revoked = lanes.reduce((n, l) => n + l.acked.revoked.size, 0);
    console.info(`crash test: ${KILLS} kills, ${added} acknowledged additions and ${revoked} withdrawals verified`);
    expect(added).toBeGreaterThan(KILLS / 2);
  }, 240_000);
});
