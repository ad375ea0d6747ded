// `kuaifan audit verify` as a child process on a real hall database, untouched and then tampered with in the file.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestHall, OUTSIDE_ZONES, tempDataDir } from '../../host/dispatch/test-kit';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));
let dir: string;
/** Audit row ids by action, in order (other modules add rows of their own at start). */
let ids: Record<string, number[]> = {};
let total = 0;

function verify(dataDir: string, ...extra: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, 'audit', 'verify', '--data', dataDir, ...extra], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A copy of the hall's data folder, so each test tampers with its own file. */
function copyOf(name: string): { dataDir: string; db: Database.Database } {
  const dataDir = join(dir, name);
  mkdirSync(dataDir);
  copyFileSync(join(dir, 'hall', 'kuaifan.db'), join(dataDir, 'kuaifan.db'));
  return { dataDir, db: new Database(join(dataDir, 'kuaifan.db')) };
}

beforeAll(async () => {
  dir = tempDataDir();
  // A morning's work: intake, override, dispatch, statuses, an order and its acknowledgement, closure.
  const hall = openTestHall(join(dir, 'hall'));
  const inc = await hall.call('incidents.create', { type: 'armed-fight', source: '110', location: OUTSIDE_ZONES });
  const o = await hall.call('incidents.overrideTier', { id: inc.id, version: 1, tier: 3, reason: '人员密集' });
  await hall.call('incidents.dispatch', { id: inc.id, version: o.version, unitIds: ['U-001', 'U-002'] });
  await hall.call('units.setStatus', { id: 'U-001', status: 'en_route' });
  await hall.call('units.setStatus', { id: 'U-001', status: 'on_scene' });
  const order = await hall.call('orders.create', { unitIds: ['U-003', 'U-004'], text: '外围封控' });
  await hall.call('orders.ack', { id: order.id, unitId: 'U-003' });
  const now = await hall.call('incidents.get', { id: inc.id });
  await hall.call('incidents.close', { id: inc.id, version: now.version, outcome: 'resolved' });
  await hall.host.close();
  // Fold the WAL into the main file so the copies hold every row.
  const db = new Database(join(dir, 'hall', 'kuaifan.db'));
  db.pragma('wal_checkpoint(TRUNCATE)');
  const rows = db.prepare<[], { id: number; action: string }>('SELECT id, action FROM audit_log ORDER BY id').all();
  total = rows.length;
  ids = {};
  for (const r of rows) (ids[r.action] ??= []).push(r.id);
  expect(rows.map((r) => r.action).filter((a) => /^(incident|unit|order)\./.test(a))).toEqual([
    'incident.create', 'incident.overrideTier', 'incident.dispatch', 'unit.status', 'unit.status', 'order.create', 'order.ack', 'incident.close',
  ]);
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kuaifan audit verify', () => {
  it('an untouched log is intact: exit 0', () => {
    const { dataDir, db } = copyOf('intact');
    db.close();
    const r = verify(dataDir);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Audit log intact: ${total} rows`);
  });

  it('one row edited and a later one deleted: names the edited row, exit 1', () => {
    const { dataDir, db } = copyOf('edit-then-delete');
    // Somebody softens the override reason, then removes the unit's arrival.
    const edited = ids['incident.overrideTier'][0];
    const r0 = db.prepare("UPDATE audit_log SET detail = replace(detail, '人员密集', '无') WHERE id = ?").run(edited);
    expect(r0.changes).toBe(1);
    db.prepare('DELETE FROM audit_log WHERE id = ?').run(ids['unit.status'][1]);
    db.close();
    const r = verify(dataDir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`TAMPERED at row ${edited}: row ${edited} was altered after it was written`);
    const j = verify(dataDir, '--json');
    expect(j.code).toBe(1);
    expect(JSON.parse(j.out)).toMatchObject({ ok: false, firstBadId: edited });
  });

  it('one row deleted and a later one edited: names the deleted row, exit 1', () => {
    const { dataDir, db } = copyOf('delete-then-edit');
    const deleted = ids['incident.dispatch'][0];
    db.prepare('DELETE FROM audit_log WHERE id = ?').run(deleted);
    db.prepare("UPDATE audit_log SET actor = 'nobody' WHERE id = ?").run(ids['order.ack'][0]);
    db.close();
    const r = verify(dataDir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`TAMPERED at row ${deleted}: row ${deleted} is missing (deleted); the next row present is ${deleted + 1}`);
  });

  it('a row rewritten with its hash recomputed still breaks the chain at the next row', () => {
    const { dataDir, db } = copyOf('rehashed');
    const row = ids['order.create'][0];
    const r0 = db.prepare<[number], { id: number; at: number; action: string; subject: string; detail: string; prev_hash: string }>('SELECT * FROM audit_log WHERE id = ?').get(row)!;
    // Whoever knows the row formula can make the row itself look right, but not the chain after it.
    const forged = createHash('sha256').update(JSON.stringify([r0.prev_hash, r0.id, r0.at, 'nobody', r0.action, r0.subject, r0.detail])).digest('hex');
    db.prepare("UPDATE audit_log SET actor = 'nobody', hash = ? WHERE id = ?").run(forged, row);
    db.close();
    const r = verify(dataDir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`TAMPERED at row ${row + 1}: row ${row + 1} does not follow row ${row}`);
  });

  it('the newest rows deleted (the chain left is valid): the anchor shows it, exit 1', () => {
    const { dataDir, db } = copyOf('tail-deleted');
    // Somebody removes the closure and the acknowledgement before it.
    expect(db.prepare('DELETE FROM audit_log WHERE id >= ?').run(total - 1).changes).toBe(2);
    db.close();
    const r = verify(dataDir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`TAMPERED at row ${total - 1}: rows ${total - 1}-${total} are missing (deleted from the end): the anchor says the newest row is ${total}`);
    expect(r.out).toContain(`Rows intact before it: ${total - 2}.`);
    expect(JSON.parse(verify(dataDir, '--json').out)).toMatchObject({ ok: false, firstBadId: total - 1, anchored: true, lastId: total - 2 });
  });

  it('the newest rows deleted and the hall then writes on: the new row leaves the gap in the chain', async () => {
    const { dataDir, db } = copyOf('tail-deleted-then-used');
    db.prepare('DELETE FROM audit_log WHERE id = ?').run(total);
    db.close();
    const hall = openTestHall(dataDir);
    await hall.call('units.setStatus', { id: 'U-005', status: 'unavailable', reason: '加油' });
    await hall.host.close();
    const r = verify(dataDir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`TAMPERED at row ${total}: row ${total} is missing \\(deleted\\); the next row present is ${total + 1}`));
  });

  it('the newest row replaced by a forged one with a recomputed hash, or the anchor emptied with the tail: both found', () => {
    const forged = copyOf('tail-forged');
    const r0 = forged.db.prepare<[number], { id: number; at: number; actor: string; action: string; subject: string; detail: string; prev_hash: string }>('SELECT * FROM audit_log WHERE id = ?').get(total)!;
    const hash = createHash('sha256').update(JSON.stringify([r0.prev_hash, r0.id, r0.at, r0.actor, r0.action, r0.subject, '{"outcome":"false-alarm"}'])).digest('hex');
    forged.db.prepare('UPDATE audit_log SET detail = ?, hash = ? WHERE id = ?').run('{"outcome":"false-alarm"}', hash, total);
    forged.db.close();
    const f = verify(forged.dataDir);
    expect(f.code).toBe(1);
    expect(f.out).toContain(`TAMPERED at row ${total}: row ${total} is not the row the anchor recorded`);

    const emptied = copyOf('anchor-emptied');
    emptied.db.prepare('DELETE FROM audit_log WHERE id = ?').run(total);
    emptied.db.prepare('DELETE FROM audit_head').run();
    emptied.db.close();
    const e = verify(emptied.dataDir);
    expect(e.code).toBe(1);
    expect(e.out).toContain(`TAMPERED at row ${total}: the anchor (table audit_head) was emptied`);
  });

  it('a database from before the anchor is checked on its chain alone, and says so', () => {
    const { dataDir, db } = copyOf('pre-anchor');
    db.exec('DROP TABLE audit_head');
    db.close();
    const r = verify(dataDir);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Audit log intact: ${total} rows`);
    expect(r.out).toContain('no anchor table yet');
  });

  it('no database there is a usage error, exit 2', () => {
    const r = verify(join(dir, 'nowhere'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no hall database at .*nowhere.*--data DIR/);
  });
});
