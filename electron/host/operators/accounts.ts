// Local operator accounts: PINs kept as scrypt hashes, five wrong PINs lock sign-in for that 警号 for 5 minutes.
// Sign-in answers an unknown 警号 exactly as it answers a known one with a wrong PIN (same text, same scrypt work,
// an audit row, and the same lock after five tries), so the sign-in box does not tell which numbers exist.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { HallError } from '../../../shared/contract/errors';
import type { Operator, OperatorRole } from '../../../shared/contract/system';
import type { Clock } from '../clock';
import type { HallDatabase } from '../db/open';
import type { AppendAudit } from '../audit/audit-log';

export const MAX_WRONG_PINS = 5;
export const LOCK_MS = 5 * 60_000;
/** Unknown numbers whose wrong tries are counted in memory; the oldest are forgotten beyond this. */
const UNKNOWN_NUMBERS_KEPT = 10_000;

const WRONG = `Wrong police number or PIN. ${MAX_WRONG_PINS} wrong PINs in a row lock sign-in for that number for 5 minutes.`;
const nowLocked = (policeNo: string): string => `Sign-in for 警号 ${policeNo} is now locked for 5 minutes after ${MAX_WRONG_PINS} wrong PINs.`;
const stillLocked = (policeNo: string, ms: number): string =>
  `Sign-in for 警号 ${policeNo} is locked after ${MAX_WRONG_PINS} wrong PINs; try again in ${Math.ceil(ms / 60_000)} min or ask the admin.`;

interface OperatorRow {
  id: number;
  name: string;
  police_no: string;
  role: OperatorRole;
  pin_hash: string;
  failed_pins: number;
  locked_until: number | null;
}

function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(pin, salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

function pinMatches(pin: string, stored: string): boolean {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = scryptSync(pin, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

/**
 * Checked against for unknown numbers so they cost the same scrypt work as a known one. Its key is random bytes,
 * not a scrypt output: checking a PIN against it costs the same, and the host does not spend a scrypt on starting.
 */
const DUMMY_HASH = `scrypt$16384$8$1$${randomBytes(16).toString('base64')}$${randomBytes(32).toString('base64')}`;

const toOperator = (r: OperatorRow): Operator => ({ id: r.id, name: r.name, policeNo: r.police_no, role: r.role });

export function createOperatorAccounts(db: HallDatabase, clock: Clock, audit: AppendAudit) {
  const byPoliceNo = db.prepare<[string], OperatorRow>('SELECT * FROM operators WHERE police_no = ?');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM operators');

  function create(input: { name: string; policeNo: string; role: OperatorRole; pin: string }, actor: string): Operator {
    return db.transaction(() => {
      if (byPoliceNo.get(input.policeNo)) {
        throw new HallError('CONFLICT', `An operator with 警号 ${input.policeNo} already exists; choose another police number.`);
      }
      const info = db
        .prepare('INSERT INTO operators (name, police_no, role, pin_hash, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(input.name, input.policeNo, input.role, hashPin(input.pin), clock.now());
      audit({ actor, action: 'operator.create', subject: input.policeNo, detail: { name: input.name, role: input.role } });
      return { id: Number(info.lastInsertRowid), name: input.name, policeNo: input.policeNo, role: input.role };
    })();
  }

  // Wrong tries at numbers with no account, counted like an account's (in memory: a restart forgets them).
  const unknownTries = new Map<string, { failed: number; lockedUntil: number | null }>();

  function unknownNumber(policeNo: string, pin: string, now: number): never {
    const seen = unknownTries.get(policeNo) ?? { failed: 0, lockedUntil: null };
    if (seen.lockedUntil !== null && seen.lockedUntil > now) throw new HallError('LOCKED', stillLocked(policeNo, seen.lockedUntil - now));
    pinMatches(pin, DUMMY_HASH);
    const failed = (seen.lockedUntil !== null ? 0 : seen.failed) + 1;
    const lock = failed >= MAX_WRONG_PINS ? now + LOCK_MS : null;
    unknownTries.delete(policeNo);
    unknownTries.set(policeNo, { failed: lock ? 0 : failed, lockedUntil: lock });
    if (unknownTries.size > UNKNOWN_NUMBERS_KEPT) unknownTries.delete(unknownTries.keys().next().value!);
    // Written like a known number's wrong PIN (same transaction and sync), and it tells the admin someone is guessing.
    db.transaction(() => audit({ actor: policeNo, action: 'operator.unknownPoliceNo', subject: policeNo, detail: { failed } }))();
    if (lock) throw new HallError('LOCKED', nowLocked(policeNo));
    throw new HallError('UNAUTHENTICATED', WRONG);
  }

  return {
    needsSetup: (): boolean => count.get()!.n === 0,

    setupAdmin(input: { name: string; policeNo: string; pin: string }): Operator {
      if (count.get()!.n > 0) throw new HallError('REFUSED', 'The admin account already exists; sign in instead.');
      return create({ ...input, role: 'admin' }, `setup:${input.policeNo}`);
    },

    create,

    signIn(policeNo: string, pin: string): Operator {
      const row = byPoliceNo.get(policeNo);
      const now = clock.now();
      if (!row) return unknownNumber(policeNo, pin, now);
      if (row.locked_until !== null && row.locked_until > now) throw new HallError('LOCKED', stillLocked(policeNo, row.locked_until - now));
      if (!pinMatches(pin, row.pin_hash)) {
        const failed = (row.locked_until !== null && row.locked_until <= now ? 0 : row.failed_pins) + 1;
        const lock = failed >= MAX_WRONG_PINS ? now + LOCK_MS : null;
        db.transaction(() => {
          db.prepare('UPDATE operators SET failed_pins = ?, locked_until = ? WHERE id = ?').run(lock ? 0 : failed, lock, row.id);
          audit({ actor: policeNo, action: lock ? 'operator.locked' : 'operator.wrongPin', subject: policeNo, detail: { failed } });
        })();
        if (lock) throw new HallError('LOCKED', nowLocked(policeNo));
        throw new HallError('UNAUTHENTICATED', WRONG);
      }
      db.transaction(() => {
        db.prepare('UPDATE operators SET failed_pins = 0, locked_until = NULL WHERE id = ?').run(row.id);
        audit({ actor: `${row.name}(${row.police_no})`, action: 'operator.signIn', subject: policeNo, detail: null });
      })();
      return toOperator(row);
    },

    byId(id: number): Operator | null {
      const row = db.prepare<[number], OperatorRow>('SELECT * FROM operators WHERE id = ?').get(id);
      return row ? toOperator(row) : null;
    },

    list(): (Operator & { lockedUntil: string | null })[] {
      const now = clock.now();
      return db
        .prepare<[], OperatorRow>('SELECT * FROM operators ORDER BY id')
        .all()
        .map((r) => ({ ...toOperator(r), lockedUntil: r.locked_until && r.locked_until > now ? new Date(r.locked_until).toISOString() : null }));
    },
  };
}

export type OperatorAccounts = ReturnType<typeof createOperatorAccounts>;

/** How an operator is named in audit rows: "王强(032117)". */
export const operatorActor = (op: Operator): string => `${op.name}(${op.policeNo})`;
