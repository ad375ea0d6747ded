// Turns a refusal from the host into what the operator reads: a headline in their language and the host's reason.
import { HallError } from '@shared/contract/errors';

export interface ShownError {
  code: string;
  /** The host's own message, which names what was wrong (tries left, minutes locked, the bad field). */
  detail: string;
}

export function shownError(err: unknown): ShownError {
  if (err instanceof HallError) return { code: err.code, detail: err.message };
  return { code: 'INTERNAL', detail: err instanceof Error ? err.message : String(err) };
}
