// Access tokens for network clients: each names an integration or screen and carries one role.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { Role } from '../../../shared/contract/define';

export interface AccessToken {
  role: Role;
  name: string;
  secret: string;
}

export const MIN_SECRET_LENGTH = 12;

/** Parses `ROLE:SECRET` or `ROLE:NAME:SECRET` (the form `--token` takes). */
export function parseTokenSpec(spec: string): AccessToken {
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3) {
    throw new Error(`--token ${JSON.stringify(spec)}: expected ROLE:SECRET or ROLE:NAME:SECRET, e.g. commander:110-gateway:$(openssl rand -hex 16)`);
  }
  const role = Role.safeParse(parts[0]);
  if (!role.success) throw new Error(`--token ${JSON.stringify(spec)}: role must be one of ${Role.options.join(', ')}`);
  const secret = parts[parts.length - 1]!;
  const name = parts.length === 3 ? parts[1]! : `${role.data}-token`;
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`--token for ${name}: the secret must be at least ${MIN_SECRET_LENGTH} characters (got ${secret.length}).`);
  }
  if (!/^[\w.-]+$/.test(name)) throw new Error(`--token ${JSON.stringify(spec)}: the name may use letters, digits, '.', '_' and '-'.`);
  return { role: role.data, name, secret };
}

export function generateToken(role: Role, name = `${role}-session`): AccessToken {
  return { role, name, secret: randomBytes(18).toString('base64url') };
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Finds the token with this secret, comparing in constant time. */
export function matchToken(tokens: readonly AccessToken[], presented: string | undefined | null): AccessToken | null {
  if (!presented) return null;
  const d = digest(presented);
  let found: AccessToken | null = null;
  for (const t of tokens) if (timingSafeEqual(digest(t.secret), d)) found = t;
  return found;
}
