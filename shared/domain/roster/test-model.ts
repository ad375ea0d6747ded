// Small roster models for the domain tests: crews with officers on a built-in pattern, no database.
import { dayOf, type Day } from './calendar';
import { defaultRosterRules, type Officer, type RosterException, type RosterModel, type RosterRules } from './model';
import { builtinPatterns, builtinShiftTemplates } from './patterns';

export interface TestModelOptions {
  pattern?: string;
  anchor?: string;
  crews?: string[];
  /** Officers per crew. */
  perCrew?: number;
  zone?: string;
  exceptions?: RosterException[];
  rules?: Partial<RosterRules>;
  officer?: (crewIndex: number, i: number) => Partial<Officer>;
}

export function testModel(opts: TestModelOptions = {}): RosterModel {
  const pattern = builtinPatterns.find((p) => p.id === (opts.pattern ?? '3x2'))!;
  const names = opts.crews ?? ['甲', '乙', '丙', '丁'].slice(0, pattern.crews);
  const perCrew = opts.perCrew ?? 0;
  const from: Day = dayOf('2020-01-01');
  const officers: Officer[] = [];
  const memberships: RosterModel['memberships'] = [];
  names.forEach((_n, c) => {
    for (let i = 0; i < perCrew; i++) {
      const id = c * 100 + i + 1;
      officers.push({
        id, policeNo: `T${c}${String(i).padStart(3, '0')}`, name: `警员${c}-${i}`, rank: '', department: '',
        armed: i < 6, leader: i === 0, driver: false, medic: false, squad: i < 5, sample: false, version: 1,
        ...opts.officer?.(c, i),
      });
      memberships.push({ id, officerId: id, crewId: c + 1, from, until: null });
    }
  });
  return {
    zone: opts.zone ?? 'Asia/Shanghai',
    officers,
    crews: names.map((name, i) => ({ id: i + 1, name, sort: i, version: 1 })),
    memberships,
    shifts: builtinShiftTemplates.map((t) => ({ ...t, from: dayOf('1970-01-01') })),
    patterns: [...builtinPatterns],
    rotations: [{ from, patternId: pattern.id, anchor: dayOf(opts.anchor ?? '2026-01-01'), crewIds: names.map((_n, i) => i + 1) }],
    exceptions: opts.exceptions ?? [],
    rules: { ...defaultRosterRules, ...opts.rules },
  };
}
