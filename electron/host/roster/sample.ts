// The sample roster (示例) a new hall starts with: crews 甲乙丙 of 20 officers each on 三班两运转.
import { dayOf, type Day } from '../../../shared/domain/roster/calendar';

export interface SampleOfficer {
  policeNo: string;
  name: string;
  rank: string;
  department: string;
  crewIndex: number;
  armed: boolean;
  leader: boolean;
  driver: boolean;
  medic: boolean;
  squad: boolean;
}

const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const givenNames = ['伟', '强', '磊', '军', '勇', '杰', '涛', '明', '超', '刚', '平', '辉', '鹏', '华', '飞', '斌', '宇', '浩', '凯', '健'];
const ranks = ['一级警长', '二级警长', '三级警长', '四级警长', '一级警员', '二级警员'];

/**
 * Each crew: 2 shift leaders, a readiness squad of 5 armed officers (one can be on leave and the default
 * minimum of 4 still holds), 3 more armed officers, 5 drivers and 2 medics; 20 on every shift, above the
 * default minimums of 6 (白) and 4 (夜).
 */
export function sampleRoster(today: Day): { crews: string[]; officers: SampleOfficer[]; anchor: Day; from: Day } {
  const crews = ['甲', '乙', '丙'];
  const officers: SampleOfficer[] = [];
  crews.forEach((_crew, c) => {
    for (let i = 0; i < 20; i++) {
      const n = c * 20 + i;
      const name = `示例·${surnames[(n * 7) % surnames.length]}${givenNames[(n * 3 + c) % givenNames.length]}`;
      officers.push({
        policeNo: `SL${c + 1}${String(i + 1).padStart(2, '0')}`,
        name,
        rank: i < 2 ? ranks[i]! : ranks[2 + (i % 4)]!,
        department: i < 8 ? '示例·巡特警大队' : '示例·城关派出所',
        crewIndex: c,
        leader: i < 2,
        squad: i >= 2 && i < 7,
        armed: i < 10,
        driver: i >= 10 && i < 15,
        medic: i === 15 || i === 16,
      });
    }
  });
  const anchor = dayOf('2026-01-01');
  // Membership and rotation reach a year back, so recent history is populated in a hall set up today.
  return { crews, officers, anchor, from: Math.min(anchor, today - 365) };
}

/**
 * The sample unit (车组) of the i-th officer of a crew, by callsign: two per car, one per motorcycle. Leaders
 * stay in the hall and the readiness squad (i 2-6) rides the readiness-squad unit without an assignment.
 */
export function sampleUnitOf(indexInCrew: number): string | null {
  const seats = ['特巡01', '特巡01', '特巡02', '特巡02', '攀莲01', '攀莲01', '城南01', '城南01', '城北01', '城北01', '铁骑01', '铁骑02', '铁骑03'];
  return indexInCrew >= 7 ? (seats[indexInCrew - 7] ?? null) : null;
}
