// How a recommended unit's ETA reads: exact road or straight-line times as m:ss, a unit beyond the road search as an estimate with the reason.
import { describe, expect, it } from 'vitest';
import { recommendedEta } from '../../../renderer/src/dispatch/format';
import { dispatchText } from '../../../renderer/src/i18n/dispatch';
import { chooseScreenLocale } from '../../../renderer/src/i18n/locale';
import { useMessages } from '../../../renderer/src/i18n/messages';

const t = useMessages(dispatchText);

describe('recommendedEta', () => {
  it('shows road and straight-line times as they are, with no estimate note', () => {
    chooseScreenLocale('zh-CN');
    expect(recommendedEta({ etaS: 95.4, etaBasis: 'road' }, null, t)).toEqual({ text: '1:35', estimate: null });
    expect(recommendedEta({ etaS: 95.4, etaBasis: 'road' }, 420, t)).toEqual({ text: '1:35', estimate: null });
    expect(recommendedEta({ etaS: 130, etaBasis: 'straight-line' }, null, t)).toEqual({ text: '2:10', estimate: null });
    expect(recommendedEta({ etaS: null, etaBasis: 'road' }, null, t)).toEqual({ text: '—', estimate: null });
  });

  it('a unit beyond the road search reads "约 m:ss" when its straight line is longer than the search went', () => {
    chooseScreenLocale('zh-CN');
    expect(recommendedEta({ etaS: 2497.8, etaBasis: 'beyond-road-search' }, 1800, t)).toEqual({
      text: '约 41:38',
      estimate: '超出路网搜索范围，按直线估算（至少 30:00）',
    });
    chooseScreenLocale('en');
    expect(recommendedEta({ etaS: 2497.8, etaBasis: 'beyond-road-search' }, 1800, t)).toEqual({
      text: '~41:38',
      estimate: 'beyond the road search; straight-line estimate (at least 30:00)',
    });
  });

  it('reads "> limit" when the estimate is only the search limit (the straight line was shorter): all that is known is "longer"', () => {
    chooseScreenLocale('zh-CN');
    expect(recommendedEta({ etaS: 420, etaBasis: 'beyond-road-search' }, 420, t)).toEqual({ text: '> 7:00', estimate: '超出路网搜索范围，按直线估算（至少 7:00）' });
    chooseScreenLocale('en');
    expect(recommendedEta({ etaS: 420, etaBasis: 'beyond-road-search' }, 420, t).text).toBe('> 7:00');
  });
});
