import { describe, expect, it } from 'vitest';
import { defaultCongestionTable } from '@shared/domain/geo/congestion';
import { defaultSpeedTable } from '@shared/domain/geo/speed-table';
import { checkDraft, draftOf, halfHours, newWindow } from './travel-tables-draft';

describe('travel tables draft', () => {
  it('round-trips the tables unchanged, and carries an edit through', () => {
    const draft = draftOf(defaultSpeedTable, defaultCongestionTable);
    expect(checkDraft(draft)).toEqual({ ok: true, speedTable: defaultSpeedTable, congestionTable: defaultCongestionTable });
    draft.speeds.residential.car = ' 18.5 ';
    draft.windows[0].classes = [];
    draft.windows.push({ ...newWindow(), name: '集市', from: '09:30', to: '12:00', modes: ['car', 'motorcycle'], factor: '0.6' });
    const r = checkDraft(draft);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.speedTable.residential.car).toBe(18.5);
    // No class ticked is every class: the window leaves `classes` out.
    expect(r.congestionTable.windows[0]).not.toHaveProperty('classes');
    expect(r.congestionTable.windows.at(-1)).toEqual({ name: '集市', from: '09:30', to: '12:00', modes: ['car', 'motorcycle'], factor: 0.6 });
  });

  it('finds every mistake at its place, with a code for the message', () => {
    const draft = draftOf(defaultSpeedTable, { windows: [] });
    draft.speeds.trunk.car = '300';
    draft.speeds.primary.foot = 'fast';
    draft.speeds.steps.foot = '';
    draft.windows = [
      { ...newWindow(), name: 'ok' },
      { ...newWindow(), name: '', factor: '1.2' },
      { ...newWindow(), name: 'same', from: '08:00', to: '08:00', modes: [] },
      { ...newWindow(), name: 'late', from: '24:00', to: '02:00', factor: 'x' },
    ];
    const r = checkDraft(draft);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.fromEntries(Object.entries(r.issues).map(([k, v]) => [k, v.code]))).toEqual({
      'speed.trunk.car': 'speedRange',
      'speed.primary.foot': 'number',
      'speed.steps.foot': 'number',
      'window.1.name': 'name',
      'window.1.factor': 'factorRange',
      'window.2.modes': 'modes',
      'window.2': 'sameTimes',
      'window.3.factor': 'number',
      'window.3.from': 'startAt24',
    });
    expect(r.issues['speed.trunk.car'].message).toBe('speed above 200 km/h is not plausible');
  });

  it('offers every half hour of the day, 00:00 to 24:00', () => {
    expect(halfHours).toHaveLength(49);
    expect([halfHours[0], halfHours[15], halfHours[48]]).toEqual(['00:00', '07:30', '24:00']);
  });
});
