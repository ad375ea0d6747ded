// How dispatch numbers read on screen: durations as m:ss, a recommended unit's ETA, countdown band colours, the location line of an incident.
import type { IncidentView, Recommendation } from '@shared/contract/dispatch';
import type { CountdownBand } from '@shared/domain/dispatch/queue';
import type { Translate } from '../i18n/messages';
import type { dispatchText } from '../i18n/dispatch';
import { tierColor } from '../map/symbols';

/** Seconds as "m:ss" (ETA, response times); "—" when unknown. */
export function duration(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '—';
  const whole = Math.round(Math.abs(s));
  return `${s < 0 ? '-' : ''}${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

export interface RecommendedEta {
  text: string;
  /** Why the time is only an estimate (a unit beyond the road search); null for a road or straight-line time. */
  estimate: string | null;
}

/**
 * A recommended unit's ETA as the list shows it. A unit the road search did not reach reads "约 41:38" (its
 * straight-line estimate), or "> 30:00" when that estimate is just the search limit: all that is known is "longer".
 */
export function recommendedEta(
  unit: Pick<Recommendation['ranked'][number], 'etaS' | 'etaBasis'>,
  roadSearchS: number | null,
  t: Translate<(typeof dispatchText)['zh-CN']>,
): RecommendedEta {
  if (unit.etaBasis !== 'beyond-road-search' || unit.etaS === null) return { text: duration(unit.etaS), estimate: null };
  const limitS = roadSearchS ?? unit.etaS;
  const atLimit = Math.round(unit.etaS) <= Math.round(limitS);
  return {
    text: atLimit ? t('rec.eta.moreThan', { eta: duration(limitS) }) : t('rec.eta.about', { eta: duration(unit.etaS) }),
    estimate: t('rec.beyondRoadSearch', { limit: duration(limitS) }),
  };
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
