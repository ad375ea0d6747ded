// How dispatch numbers read on screen: durations as m:ss, countdown band colours, the location line of an incident.
import type { IncidentView } from '@shared/contract/dispatch';
import type { CountdownBand } from '@shared/domain/dispatch/queue';
import { tierColor } from '../map/symbols';

/** Seconds as "m:ss" (ETA, response times); "—" when unknown. */
export function duration(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '—';
  const whole = Math.round(Math.abs(s));
  return `${s < 0 ? '-' : ''}${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

export const bandColor: Record<CountdownBand, string> = {
  green: 'var(--kf-ok)',
  amber: 'var(--kf-warn)',
  red: 'var(--kf-danger)',
  overdue: 'var(--kf-danger)',
  met: 'var(--kf-ok)',
  missed: 'var(--kf-danger)',
  closed: 'var(--kf-text-3)',
};

export { tierColor };

/** Target name, address or coordinates: the first that says where. */
export function placeOf(i: IncidentView): string {
  return i.location.targetName ?? i.location.address ?? `${i.location.lat.toFixed(5)}, ${i.location.lon.toFixed(5)}`;
}
