// How coverage reads on screen: ETAs as m:ss, status colours, the name of whoever gives the best time.
import type { CoverageStatus, SourceRef } from '@shared/contract/geo';

export { hourLabel } from '@shared/domain/geo/hour';

/** Seconds as "m:ss"; "—" when unknown. */
export function eta(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '—';
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

export const statusColor: Record<CoverageStatus, string> = { green: '#2fd67b', amber: '#ffb21e', red: '#ff4d4f' };

export function sourceName(best: SourceRef): string {
  return best.label ?? best.id;
}

/** "07:30" -> 7.5; null when not HH:MM. */
export function parseHour(text: string): number | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) + Number(m[2]) / 60 : null;
}
