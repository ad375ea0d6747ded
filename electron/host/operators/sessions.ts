// Resumable sign-ins: a screen that reloads or reconnects presents its token instead of asking for the PIN again.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { HallDatabase } from '../db/open';

/** A sign-in lasts a shift and its handover: longer than the 12-hour shift, never overnight twice. */
export const SESSION_TTL_MS = 14 * 3600_000;

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

export function createOperatorSessions(db: HallDatabase, clock: Clock) {
  const insert = db.prepare('INSERT INTO operator_sessions (token_hash, operator_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const find = db.prepare<[string, number], { operator_id: number }>(
    'SELECT operator_id FROM operator_sessions WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?',
  );
  const revoke = db.prepare('UPDATE operator_sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL');
  const prune = db.prepare('DELETE FROM operator_sessions WHERE expires_at < ?');
  return {
    /** Issues a new token for the operator; only its hash is stored. */
    issue(operatorId: number): string {
      const token = randomBytes(24).toString('base64url');
      const now = clock.now();
      db.transaction(() => {
        prune.run(now - SESSION_TTL_MS);
        insert.run(digest(token), operatorId, now, now + SESSION_TTL_MS);
      })();
      return token;
    },
    /** The operator id a live token belongs to, or null when it expired, was signed out, or never existed. */
    operatorOf(token: string): number | null {
      return find.get(digest(token), clock.now())?.operator_id ?? null;
    },
    revoke(token: string): void {
      revoke.run(clock.now(), digest(token));
    },
  };
}

export type OperatorSessions = ReturnType<typeof createOperatorSessions>;
