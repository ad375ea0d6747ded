// Generates the bundled sample map of the Miyi county seat into resources/demo/ (or the folder given), deterministically.
// Run: node --import tsx tools/gen-demo.ts [OUT_DIR]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RoadClass, TargetKind, TravelMode, UnitKind } from '../shared/contract/mapdata';
import { defaultTierOf, sampleNote } from '../shared/contract/mapdata';
import { mapLayerFiles, mapMetaFile } from '../shared/domain/mapdata/parse';
import { seededRandom } from '../shared/domain/seeded-random';

/*
 * Nothing here is surveyed. The shape is a plausible county seat: the Anning River (安宁河) runs N-S through
 * the valley, the town lies on the east bank (about 4 km N-S by 2 km E-W, narrower at both ends), a
 * riverside road and two arterials run along the valley, two bridges cross to the west bank where the
 * railway station, the G5 expressway and an interchange are. Streets form a slightly irregular grid.
 */

export const SEED = 135;

// ---- local metric frame (x east, y north, metres) around the town centre --------------------------------

const LAT0 = 26.89;
const LON0 = 102.11;
const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON = 111_320 * Math.cos((LAT0 * Math.PI) / 180);

const round6 = (v: number): number => Number(v.toFixed(6));
type LonLat = [number, number];
const toLonLat = (x: number, y: number): LonLat => [round6(LON0 + x / M_PER_DEG_LON), round6(LAT0 + y / M_PER_DEG_LAT)];

/** River centreline. */
const riverX = (y: number): number => -750 + 140 * Math.sin((y + 400) / 950);
/** Width of the built-up east bank, from the river centreline. */
const townWidth = (y: number): number => 1950 - 650 * (y / 2000) ** 2;
const BANK = 90; // riverside road, from the centreline
const STEP = 75; // street spacing
const ROWS = 54; // rows i = 0..53, y = -2000 + 75 i
const rowY = (i: number): number => -2000 + STEP * i;

// ---- the road graph -----------------------------------------------------------------------------------

interface RoadNode {
  x: number;
  y: number;
}
interface RoadEdge {
  a: number;
  b: number;
  cls: RoadClass;
  name?: string;
  nameEn?: string;
  oneway?: boolean;
  bridge?: boolean;
}

const drivable = new Set<RoadClass>(['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'unclassified', 'residential', 'living_street', 'service', 'track']);

class RoadBuilder {
  readonly nodes: RoadNode[] = [];
  edges: RoadEdge[] = [];
  private readonly named = new Map<string, number>();

  node(x: number, y: number, key?: string): number {
    if (key !== undefined) {
      const known = this.named.get(key);
      if (known !== undefined) return known;
    }
    this.nodes.push({ x, y });
    const id = this.nodes.length - 1;
    if (key !== undefined) this.named.set(key, id);
    return id;
  }

  at(key: string): number | undefined {
    return this.named.get(key);
  }

  must(key: string): number {
    const id = this.named.get(key);
    if (id === undefined) throw new Error(`gen-demo: no road node ${key}`);
    return id;
  }

  edge(a: number, b: number, cls: RoadClass, extra: Omit<RoadEdge, 'a' | 'b' | 'cls'> = {}): void {
    this.edges.push({ a, b, cls, ...extra });
  }

  /** Nodes reachable from `start` over `edges`, following one-way rules when `directed` (and reversed when `reverse`). */
  reach(start: number, edges: readonly RoadEdge[], directed: boolean, reverse = false): Set<number> {
    const adj = new Map<number, number[]>();
    const add = (u: number, v: number): void => {
      const list = adj.get(u);
      if (list) list.push(v);
      else adj.set(u, [v]);
    };
    for (const e of edges) {
      if (!directed || !e.oneway) {
        add(e.a, e.b);
        add(e.b, e.a);
      } else if (reverse) add(e.b, e.a);
      else add(e.a, e.b);
    }
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length > 0) {
      const u = stack.pop() as number;
      for (const v of adj.get(u) ?? []) {
        if (!seen.has(v)) {
          seen.add(v);
          stack.push(v);
        }
      }
    }
    return seen;
  }
}

function nodesOf(edges: readonly RoadEdge[]): Set<number> {
  const s = new Set<number>();
  for (const e of edges) {
    s.add(e.a);
    s.add(e.b);
  }
  return s;
}

const rowNames: Record<number, [string, string]> = {
  0: ['南环路', 'Nanhuan Rd'],
  6: ['安宁路', 'Anning Rd'],
  12: ['建设路', 'Jianshe Rd'],
  18: ['团结路', 'Tuanjie Rd'],
  24: ['人民路', 'Renmin Rd'],
  30: ['和平路', 'Heping Rd'],
  36: ['胜利路', 'Shengli Rd'],
  42: ['朝阳路', 'Chaoyang Rd'],
  48: ['北环路', 'Beihuan Rd'],
};
const columnNames: Record<number, [string, string]> = {
  0: ['滨江路', 'Binjiang Rd'],
  4: ['新华街', 'Xinhua St'],
  8: ['攀莲大道', 'Panlian Ave'],
  12: ['文化路', 'Wenhua Rd'],
  16: ['迎宾大道', 'Yingbin Ave'],
  20: ['东山路', 'Dongshan Rd'],
  24: ['东环路', 'Donghuan Rd'],
};
const BRIDGE_ROWS: Record<number, [string, string, RoadClass]> = {
  18: ['安宁河一桥', 'Anning River Bridge 1', 'primary'],
  36: ['安宁河二桥', 'Anning River Bridge 2', 'secondary'],
};
const OLD_TOWN = { iMin: 18, iMax: 36, jMax: 11 };
// One-way couplets in the old town: even columns northbound, odd southbound.
const ONEWAY_COLUMNS = new Set([2, 3, 6, 7, 10, 11]);
const WEST_GRID = { iMin: 22, iMax: 40, columns: 3 };
const STATION_ROW = 30;
const G5_OFFSET = -620;
const INTERCHANGE_ROW = 8;

const gridKey = (i: number, j: number): string => `g${i},${j}`;
const westKey = (i: number, k: number): string => `w${i},${k}`;

function gridClass(i: number, j: number, along: 'row' | 'column'): RoadClass {
  if (along === 'column') {
    if (j === 0 || j === 8) return 'primary';
    if (j === 16) return 'secondary';
    if (j % 4 === 0) return 'tertiary';
    return 'residential';
  }
  if (BRIDGE_ROWS[i]) return BRIDGE_ROWS[i][2];
  if (i % 6 === 0) return 'secondary';
  if (i % 6 === 3) return 'tertiary';
  return 'residential';
}

const inOldTown = (i: number, j: number): boolean => i >= OLD_TOWN.iMin && i <= OLD_TOWN.iMax && j >= 1 && j <= OLD_TOWN.jMax;

function buildRoads(rand: () => number): RoadBuilder {
  const r = new RoadBuilder();
  const jitter = (): number => (rand() - 0.5) * 12;

  // East-bank grid.
  for (let i = 0; i < ROWS; i++) {
    const y = rowY(i);
    for (let j = 0; j * STEP <= townWidth(y) - BANK; j++) {
      const straight = j % 8 === 0 || i % 6 === 0; // arterials and main cross streets stay straight
      r.node(riverX(y) + BANK + j * STEP + (straight ? 0 : jitter()), y + (straight ? 0 : jitter()), gridKey(i, j));
    }
  }
  const named = (table: Record<number, [string, string]>, n: number): { name?: string; nameEn?: string } =>
    table[n] ? { name: table[n][0], nameEn: table[n][1] } : {};
  const oldTownEdges = new Set<RoadEdge>();
  for (let i = 0; i < ROWS; i++) {
    for (let j = 0; r.at(gridKey(i, j)) !== undefined; j++) {
      const before = r.edges.length;
      const here = r.must(gridKey(i, j));
      const east = r.at(gridKey(i, j + 1));
      if (east !== undefined) {
        const cls = inOldTown(i, j) && j <= 3 && gridClass(i, j, 'row') === 'residential' ? 'living_street' : gridClass(i, j, 'row');
        r.edge(here, east, cls, named(rowNames, i));
      }
      const north = r.at(gridKey(i + 1, j));
      if (north !== undefined) {
        const oneway = inOldTown(i, j) && inOldTown(i + 1, j) && ONEWAY_COLUMNS.has(j);
        if (oneway && j % 2 === 1) r.edge(north, here, 'residential', { oneway: true });
        else r.edge(here, north, gridClass(i, j, 'column'), { ...named(columnNames, j), ...(oneway ? { oneway: true } : {}) });
      }
      if (inOldTown(i, j)) r.edges.slice(before).forEach((e) => oldTownEdges.add(e));
    }
  }

  // Thin the residential grid outside the old town (blocks merge, dead-ends appear) while staying connected.
  const removable = r.edges.filter((e) => e.cls === 'residential' && !e.oneway && !e.name && !oldTownEdges.has(e));
  const all = nodesOf(r.edges).size;
  for (const e of removable) {
    if (rand() > 0.14) continue;
    const rest = r.edges.filter((x) => x !== e);
    if (r.reach(e.a, rest, false).size === all) r.edges = rest;
  }

  // National road leaving the valley north and south along the main arterial.
  const g108 = { name: '国道108线', nameEn: 'G108' };
  for (const [from, dir] of [[0, -1], [ROWS - 1, 1]] as const) {
    let prev = r.must(gridKey(from, 8));
    for (let s = 1; s <= 5; s++) {
      const y = rowY(from) + dir * 125 * s;
      const next = r.node(riverX(y) + BANK + 8 * STEP, y, `g108:${dir}:${s}`);
      r.edge(dir > 0 ? prev : next, dir > 0 ? next : prev, 'trunk', g108);
      prev = next;
    }
  }

  // Riverside promenade (footway), joined to the riverside road every third row; bridges start from it.
  for (let i = 0; i < ROWS; i++) {
    const y = rowY(i);
    const p = r.node(riverX(y) + BANK - 45, y, `p${i}`);
    if (i > 0) r.edge(r.must(`p${i - 1}`), p, 'footway', { name: '滨江步道', nameEn: 'Riverside Walk' });
    if (i % 3 === 0) {
      const bridge = BRIDGE_ROWS[i];
      r.edge(r.must(gridKey(i, 0)), p, bridge ? bridge[2] : 'footway', bridge ? { name: bridge[0], nameEn: bridge[1] } : {});
    }
  }

  // West bank: 河西路 along the river, the station quarter, the expressway and its interchange.
  const hexi = { name: '河西路', nameEn: 'Hexi Rd' };
  for (let i = 4; i <= 50; i++) {
    const y = rowY(i);
    const w = r.node(riverX(y) - BANK, y, westKey(i, 0));
    if (i > 4) r.edge(r.must(westKey(i - 1, 0)), w, 'secondary', hexi);
  }
  for (const [row, [name, nameEn, cls]] of Object.entries(BRIDGE_ROWS)) {
    const i = Number(row);
    const y = rowY(i);
    const mid = r.node(riverX(y), y);
    r.edge(r.must(`p${i}`), mid, cls, { name, nameEn, bridge: true });
    r.edge(mid, r.must(westKey(i, 0)), cls, { name, nameEn, bridge: true });
  }
  for (let i = WEST_GRID.iMin; i <= WEST_GRID.iMax; i++) {
    const y = rowY(i);
    for (let k = 1; k <= WEST_GRID.columns; k++) {
      const n = r.node(riverX(y) - BANK - 80 * k + jitter(), y + jitter(), westKey(i, k));
      if (i > WEST_GRID.iMin) r.edge(r.must(westKey(i - 1, k)), n, 'residential');
      if (i % 2 === 0 || k === 1) {
        const station = i === STATION_ROW ? { name: '站前路', nameEn: 'Zhanqian Rd' } : {};
        r.edge(r.must(westKey(i, k - 1)), n, i === STATION_ROW ? 'tertiary' : 'residential', station);
      }
    }
  }
  const g5 = { name: 'G5京昆高速', nameEn: 'G5 Beijing-Kunming Expressway' };
  for (let s = 0; s <= 26; s++) {
    const y = -2600 + 200 * s;
    const n = r.node(riverX(y) + G5_OFFSET, y, `g5:${s}`);
    if (s > 0) r.edge(r.must(`g5:${s - 1}`), n, 'motorway', g5);
  }
  const link = { name: '米易互通连接线', nameEn: 'Miyi Interchange Link' };
  const yLink = rowY(INTERCHANGE_ROW);
  const g5Node = r.must(`g5:${Math.round((yLink + 2600) / 200)}`);
  const linkMid = r.node(riverX(yLink) + (G5_OFFSET - BANK) / 2, yLink - 40);
  r.edge(g5Node, linkMid, 'trunk', link);
  r.edge(linkMid, r.must(westKey(INTERCHANGE_ROW, 0)), 'trunk', link);

  // Tracks up the eastern hillside from the last street of some rows.
  for (let i = 4; i < ROWS; i += 8) {
    let j = 0;
    while (r.at(gridKey(i, j + 1)) !== undefined) j++;
    let prev = r.must(gridKey(i, j));
    const start = r.nodes[prev];
    for (let s = 1; s <= 3; s++) {
      const next = r.node(start.x + 110 * s, start.y + (rand() - 0.5) * 60);
      r.edge(prev, next, 'track');
      prev = next;
    }
  }
  return r;
}

/** Service lanes into blocks (compound gates, yards): dead-ends off streets that are not arterials. */
function addServiceLanes(r: RoadBuilder, rand: () => number): void {
  for (let i = 1; i < ROWS - 1; i++) {
    for (let j = 1; r.at(gridKey(i, j + 1)) !== undefined; j++) {
      if (j % 8 === 0 || rand() > 0.12) continue;
      const from = r.nodes[r.must(gridKey(i, j))];
      const angle = (Math.PI / 2) * Math.floor(rand() * 4) + Math.PI / 4;
      r.edge(r.must(gridKey(i, j)), r.node(from.x + 35 * Math.cos(angle), from.y + 35 * Math.sin(angle)), 'service');
    }
  }
}

// ---- key targets --------------------------------------------------------------------------------------

interface TargetSpec {
  name: string;
  nameEn: string;
  kind: TargetKind;
  at: string; // road node key
  angle?: number; // degrees from east, where the gate faces into the block
}

const party: TargetSpec[] = [{ name: '中共米易县委 米易县人民政府', nameEn: 'Miyi County Party Committee and Government', kind: 'party-gov', at: gridKey(27, 10) }];

const schools: TargetSpec[] = [
  { name: '米易中学', nameEn: 'Miyi High School', kind: 'school', at: gridKey(42, 14) },
  { name: '米易县第二中学', nameEn: 'Miyi No.2 Middle School', kind: 'school', at: gridKey(12, 12) },
  { name: '米易县第三中学', nameEn: 'Miyi No.3 Middle School', kind: 'school', at: gridKey(31, 18) },
  { name: '米易县第一小学', nameEn: 'Miyi No.1 Primary School', kind: 'school', at: gridKey(26, 5) },
  { name: '米易县第二小学', nameEn: 'Miyi No.2 Primary School', kind: 'school', at: gridKey(35, 11) },
  { name: '米易县第三小学', nameEn: 'Miyi No.3 Primary School', kind: 'school', at: gridKey(19, 9) },
  { name: '米易县第四小学', nameEn: 'Miyi No.4 Primary School', kind: 'school', at: gridKey(48, 6) },
  { name: '米易县攀莲镇中心小学', nameEn: 'Panlian Town Central Primary School', kind: 'school', at: gridKey(6, 6) },
  { name: '米易县河西小学', nameEn: 'Hexi Primary School', kind: 'school', at: westKey(36, 2) },
  { name: '米易县城北小学', nameEn: 'Chengbei Primary School', kind: 'school', at: gridKey(51, 10) },
  { name: '米易县城南小学', nameEn: 'Chengnan Primary School', kind: 'school', at: gridKey(3, 10) },
  { name: '米易县第一幼儿园', nameEn: 'Miyi No.1 Kindergarten', kind: 'kindergarten', at: gridKey(28, 7) },
  { name: '米易县第二幼儿园', nameEn: 'Miyi No.2 Kindergarten', kind: 'kindergarten', at: gridKey(37, 5) },
  { name: '米易县第三幼儿园', nameEn: 'Miyi No.3 Kindergarten', kind: 'kindergarten', at: gridKey(16, 14) },
  { name: '米易县攀莲镇中心幼儿园', nameEn: 'Panlian Town Central Kindergarten', kind: 'kindergarten', at: gridKey(8, 4) },
  { name: '阳光幼儿园', nameEn: 'Sunshine Kindergarten', kind: 'kindergarten', at: gridKey(44, 13) },
  { name: '童心幼儿园', nameEn: 'Tongxin Kindergarten', kind: 'kindergarten', at: gridKey(22, 17) },
  { name: '小太阳幼儿园', nameEn: 'Little Sun Kindergarten', kind: 'kindergarten', at: gridKey(40, 2) },
  { name: '育才幼儿园', nameEn: 'Yucai Kindergarten', kind: 'kindergarten', at: gridKey(13, 2) },
];

const medical: TargetSpec[] = [
  { name: '米易县人民医院', nameEn: 'Miyi County People\'s Hospital', kind: 'hospital', at: gridKey(33, 6) },
  { name: '米易县中医医院', nameEn: 'Miyi County Hospital of TCM', kind: 'hospital', at: gridKey(21, 13) },
  { name: '米易县妇幼保健院', nameEn: 'Miyi Maternal and Child Health Hospital', kind: 'hospital', at: gridKey(39, 10) },
  { name: '米易康华医院', nameEn: 'Kanghua Hospital', kind: 'hospital', at: gridKey(15, 5) },
  { name: '攀莲镇卫生院', nameEn: 'Panlian Town Health Centre', kind: 'clinic', at: gridKey(24, 3) },
  { name: '米易县城北社区卫生服务中心', nameEn: 'Chengbei Community Health Centre', kind: 'clinic', at: gridKey(46, 9) },
  { name: '米易县城南社区卫生服务中心', nameEn: 'Chengnan Community Health Centre', kind: 'clinic', at: gridKey(9, 9) },
];

const gasStations: TargetSpec[] = [
  { name: '中石化攀莲加油站', nameEn: 'Sinopec Panlian Gas Station', kind: 'gas-station', at: gridKey(5, 8) },
  { name: '中石油米易城北加油站', nameEn: 'PetroChina Chengbei Gas Station', kind: 'gas-station', at: gridKey(50, 8) },
  { name: '中石化滨江路加油站', nameEn: 'Sinopec Binjiang Rd Gas Station', kind: 'gas-station', at: gridKey(14, 0), angle: 0 },
  { name: '中石油河西加油站', nameEn: 'PetroChina Hexi Gas Station', kind: 'gas-station', at: westKey(10, 0), angle: 180 },
  { name: '中石化迎宾大道加油站', nameEn: 'Sinopec Yingbin Ave Gas Station', kind: 'gas-station', at: gridKey(40, 16) },
];

const banks: TargetSpec[] = (
  [
    ['中国工商银行米易支行', 'ICBC Miyi Branch', gridKey(26, 8)],
    ['中国农业银行米易支行', 'ABC Miyi Branch', gridKey(25, 9)],
    ['中国银行米易支行', 'Bank of China Miyi Branch', gridKey(27, 7)],
    ['中国建设银行米易支行', 'CCB Miyi Branch', gridKey(28, 9)],
    ['中国邮政储蓄银行米易县支行', 'PSBC Miyi Branch', gridKey(24, 6)],
    ['攀枝花农村商业银行米易支行', 'Panzhihua Rural Commercial Bank Miyi Branch', gridKey(23, 8)],
    ['攀枝花市商业银行米易支行', 'Panzhihua City Commercial Bank Miyi Branch', gridKey(29, 8)],
    ['四川天府银行米易支行', 'Tianfu Bank Miyi Branch', gridKey(30, 10)],
    ['中国农业银行米易城北分理处', 'ABC Chengbei Office', gridKey(41, 8)],
    ['中国农业银行米易城南分理处', 'ABC Chengnan Office', gridKey(11, 8)],
    ['中国工商银行米易新城分理处', 'ICBC Xincheng Office', gridKey(34, 9)],
    ['中国工商银行米易城南分理处', 'ICBC Chengnan Office', gridKey(16, 9)],
    ['中国建设银行米易滨江分理处', 'CCB Binjiang Office', gridKey(30, 1)],
    ['中国银行米易新城分理处', 'Bank of China Xincheng Office', gridKey(36, 13)],
    ['中国邮政储蓄银行米易城北营业所', 'PSBC Chengbei Office', gridKey(38, 8)],
    ['攀枝花农村商业银行攀莲分理处', 'PZH Rural Commercial Bank Panlian Office', gridKey(20, 6)],
    ['攀枝花农村商业银行城北分理处', 'PZH Rural Commercial Bank Chengbei Office', gridKey(45, 10)],
    ['攀枝花农村商业银行城南分理处', 'PZH Rural Commercial Bank Chengnan Office', gridKey(7, 9)],
    ['攀枝花农村商业银行河西分理处', 'PZH Rural Commercial Bank Hexi Office', westKey(28, 1)],
    ['米易县村镇银行营业部', 'Miyi Village Bank', gridKey(32, 7)],
  ] as const
).map(([name, nameEn, at]) => ({ name, nameEn, kind: 'bank' as const, at }));

const stations: TargetSpec[] = [
  { name: '米易站', nameEn: 'Miyi Railway Station', kind: 'railway-station', at: westKey(STATION_ROW, WEST_GRID.columns), angle: 180 },
  { name: '米易汽车客运站', nameEn: 'Miyi Bus Station', kind: 'bus-station', at: gridKey(36, 8), angle: 315 },
];

const zoneRadiusOf: Record<TargetKind, number> = {
  'party-gov': 300, school: 200, kindergarten: 150, hospital: 200, clinic: 150, 'gas-station': 150, bank: 150,
  'railway-station': 300, 'bus-station': 250, square: 250, market: 200, other: 150,
};

// ---- rapid-response points, zones, units ------------------------------------------------------------

const rrSpecs: { name: string; nameEn: string; at: string; staffed: boolean; modes: TravelMode[] }[] = [
  { name: '人民路攀莲大道口快反点', nameEn: 'Renmin Rd / Panlian Ave', at: gridKey(24, 8), staffed: true, modes: ['car', 'motorcycle'] },
  { name: '县政府东门快反点', nameEn: 'County Government East Gate', at: gridKey(27, 12), staffed: true, modes: ['car', 'foot'] },
  { name: '团结路桥头快反点', nameEn: 'Tuanjie Rd Bridgehead', at: gridKey(18, 0), staffed: true, modes: ['car', 'motorcycle'] },
  { name: '胜利路桥头快反点', nameEn: 'Shengli Rd Bridgehead', at: gridKey(36, 0), staffed: true, modes: ['motorcycle'] },
  { name: '火车站快反点', nameEn: 'Railway Station', at: westKey(STATION_ROW, 2), staffed: true, modes: ['car', 'motorcycle', 'foot'] },
  { name: '汽车站快反点', nameEn: 'Bus Station', at: gridKey(36, 8), staffed: true, modes: ['car', 'motorcycle', 'foot'] },
  { name: '人民医院快反点', nameEn: 'People\'s Hospital', at: gridKey(33, 4), staffed: true, modes: ['motorcycle', 'foot'] },
  { name: '北环路攀莲大道口快反点', nameEn: 'Beihuan Rd / Panlian Ave', at: gridKey(48, 8), staffed: true, modes: ['car', 'motorcycle'] },
  { name: '南环路攀莲大道口快反点', nameEn: 'Nanhuan Rd / Panlian Ave', at: gridKey(0, 8), staffed: true, modes: ['car', 'motorcycle'] },
  { name: '建设路迎宾大道口快反点', nameEn: 'Jianshe Rd / Yingbin Ave', at: gridKey(12, 16), staffed: true, modes: ['car'] },
  { name: '朝阳路迎宾大道口快反点', nameEn: 'Chaoyang Rd / Yingbin Ave', at: gridKey(42, 16), staffed: true, modes: ['car', 'motorcycle'] },
  { name: '米易互通快反点', nameEn: 'Miyi Interchange (town entrance)', at: westKey(INTERCHANGE_ROW, 0), staffed: true, modes: ['car', 'motorcycle'] },
  { name: '国道108线北入口快反点', nameEn: 'G108 North Entrance', at: 'g108:1:2', staffed: true, modes: ['car'] },
  { name: '安宁路滨江路口快反点', nameEn: 'Anning Rd / Binjiang Rd', at: gridKey(6, 0), staffed: false, modes: ['foot'] },
  { name: '北环路滨江路口快反点', nameEn: 'Beihuan Rd / Binjiang Rd', at: gridKey(48, 0), staffed: false, modes: ['foot'] },
  { name: '和平路文化路口快反点', nameEn: 'Heping Rd / Wenhua Rd', at: gridKey(30, 12), staffed: false, modes: ['foot', 'motorcycle'] },
];

const ZONE_CUTS = [-2650, -900, 150, 1100, 2650];
const eastZones: { name: string; nameEn: string; station: string }[] = [
  { name: '城南巡区', nameEn: 'Chengnan Patrol Zone', station: '城南派出所' },
  { name: '老城巡区', nameEn: 'Old Town Patrol Zone', station: '攀莲派出所' },
  { name: '新城巡区', nameEn: 'New Town Patrol Zone', station: '攀莲派出所' },
  { name: '城北巡区', nameEn: 'Chengbei Patrol Zone', station: '城北派出所' },
];
const westZone = { name: '河西巡区', nameEn: 'Hexi Patrol Zone', station: '河西派出所' };

type UnitSpec = [callsign: string, kind: UnitKind, mode: TravelMode, station: string, at: string];
const unitSpecs: UnitSpec[] = [
  ['特巡01', 'special-patrol-car', 'car', '特警大队', gridKey(10, 8)],
  ['特巡02', 'special-patrol-car', 'car', '特警大队', gridKey(20, 0)],
  ['特巡03', 'special-patrol-car', 'car', '特警大队', gridKey(27, 16)],
  ['特巡04', 'special-patrol-car', 'car', '特警大队', gridKey(34, 8)],
  ['特巡05', 'special-patrol-car', 'car', '特警大队', gridKey(44, 4)],
  ['特巡06', 'special-patrol-car', 'car', '特警大队', westKey(30, 0)],
  ['攀莲01', 'station-patrol-car', 'car', '攀莲派出所', gridKey(20, 5)],
  ['攀莲02', 'station-patrol-car', 'car', '攀莲派出所', gridKey(26, 11)],
  ['攀莲03', 'station-patrol-car', 'car', '攀莲派出所', gridKey(33, 6)],
  ['城南01', 'station-patrol-car', 'car', '城南派出所', gridKey(5, 6)],
  ['城南02', 'station-patrol-car', 'car', '城南派出所', gridKey(11, 13)],
  ['城北01', 'station-patrol-car', 'car', '城北派出所', gridKey(45, 7)],
  ['城北02', 'station-patrol-car', 'car', '城北派出所', gridKey(50, 12)],
  ['河西01', 'station-patrol-car', 'car', '河西派出所', westKey(26, 0)],
  ['铁骑01', 'traffic-motorcycle', 'motorcycle', '交警大队', gridKey(24, 8)],
  ['铁骑02', 'traffic-motorcycle', 'motorcycle', '交警大队', gridKey(36, 8)],
  ['铁骑03', 'traffic-motorcycle', 'motorcycle', '交警大队', gridKey(0, 8)],
  ['铁骑04', 'traffic-motorcycle', 'motorcycle', '交警大队', gridKey(48, 8)],
  ['铁骑05', 'traffic-motorcycle', 'motorcycle', '交警大队', gridKey(18, 0)],
  ['铁骑06', 'traffic-motorcycle', 'motorcycle', '交警大队', westKey(INTERCHANGE_ROW, 0)],
  // The hall (米易县公安局实战指挥大厅) sits one block from the party-government core.
  ['战备01', 'readiness-squad', 'car', '特警大队', gridKey(29, 12)],
  ['步巡01', 'foot-patrol', 'foot', '攀莲派出所', gridKey(25, 7)],
  ['步巡02', 'foot-patrol', 'foot', '攀莲派出所', gridKey(27, 6)],
  ['步巡03', 'foot-patrol', 'foot', '攀莲派出所', gridKey(23, 9)],
  ['步巡04', 'foot-patrol', 'foot', '攀莲派出所', gridKey(31, 8)],
  ['保安01', 'security-guard', 'foot', '米易县人民医院', gridKey(33, 6)],
  ['保安02', 'security-guard', 'foot', '米易中学', gridKey(42, 14)],
  ['保安03', 'security-guard', 'foot', '米易汽车客运站', gridKey(36, 8)],
  ['保安04', 'security-guard', 'foot', '中国工商银行米易支行', gridKey(26, 8)],
  ['保安05', 'security-guard', 'foot', '米易站', westKey(STATION_ROW, 3)],
  ['保安06', 'security-guard', 'foot', '米易县第一小学', gridKey(26, 5)],
  ['网格员01', 'grid-worker', 'foot', '攀莲镇城南社区', gridKey(4, 12)],
  ['网格员02', 'grid-worker', 'foot', '攀莲镇滨江社区', gridKey(14, 3)],
  ['网格员03', 'grid-worker', 'foot', '攀莲镇老街社区', gridKey(21, 15)],
  ['网格员04', 'grid-worker', 'foot', '攀莲镇新城社区', gridKey(32, 16)],
  ['网格员05', 'grid-worker', 'foot', '攀莲镇城北社区', gridKey(40, 4)],
  ['网格员06', 'grid-worker', 'foot', '攀莲镇河西社区', westKey(24, 2)],
];

// ---- output -------------------------------------------------------------------------------------------

interface Feature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
}

/** One feature per line: readable diffs, modest size. */
function collectionText(features: readonly Feature[]): string {
  return `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function closedRing(points: readonly [number, number][]): LonLat[] {
  const ring = points.map(([x, y]) => toLonLat(x, y));
  return [...ring, [ring[0][0], ring[0][1]]];
}

/** Every file of the sample set, by file name, as the exact text written to disk. */
export function generateDemo(): Record<string, string> {
  const rand = seededRandom(SEED);
  const roads = buildRoads(rand);
  addServiceLanes(roads, rand);
  const pos = (key: string): LonLat => {
    const n = roads.nodes[roads.must(key)];
    return toLonLat(n.x, n.y);
  };

  // Targets stand 30 m into the block from their street corner, reached by a service lane (the gate).
  const targetSpecs = [...party, ...schools, ...medical, ...gasStations, ...banks, ...stations];
  const targetXY: [number, number][] = [];
  const targets: Feature[] = targetSpecs.map((t, n) => {
    const from = roads.must(t.at);
    const node = roads.nodes[from];
    const angle = ((t.angle ?? [45, 135, 315, 225][n % 4]) * Math.PI) / 180;
    const x = node.x + 30 * Math.cos(angle);
    const y = node.y + 30 * Math.sin(angle);
    for (const [ox, oy] of targetXY) {
      if (Math.hypot(ox - x, oy - y) < 20) throw new Error(`gen-demo: target ${t.name} overlaps another target`);
    }
    targetXY.push([x, y]);
    roads.edge(from, roads.node(x, y), 'service');
    const zone =
      t.kind === 'party-gov'
        ? { zone: [closedRing([[x - 170, y - 130], [x + 170, y - 130], [x + 170, y + 130], [x - 170, y + 130]])] }
        : {};
    return {
      type: 'Feature',
      properties: {
        id: `T-${pad(n + 1, 3)}`, name: t.name, nameEn: t.nameEn, kind: t.kind, tier: defaultTierOf(t.kind),
        zoneRadiusM: zoneRadiusOf[t.kind], ...zone, sample: true,
      },
      geometry: { type: 'Point', coordinates: toLonLat(x, y) },
    };
  });

  // The network must be usable for routing: one piece, and every street reachable both ways by car.
  const driveEdges = roads.edges.filter((e) => drivable.has(e.cls));
  const driveNodes = nodesOf(driveEdges);
  const start = driveEdges[0].a;
  if (roads.reach(start, roads.edges, false).size !== nodesOf(roads.edges).size) throw new Error('gen-demo: road network is not connected');
  if (roads.reach(start, driveEdges, true).size !== driveNodes.size || roads.reach(start, driveEdges, true, true).size !== driveNodes.size) {
    throw new Error('gen-demo: the drivable network is not strongly connected (check one-way streets)');
  }

  const roadFeatures: Feature[] = roads.edges.map((e, n) => ({
    type: 'Feature',
    properties: {
      id: `R-${pad(n + 1, 5)}`, class: e.cls,
      ...(e.oneway ? { oneway: true } : {}), ...(e.bridge ? { bridge: true } : {}),
      ...(e.name ? { name: e.name, nameEn: e.nameEn } : {}), sample: true,
    },
    geometry: { type: 'LineString', coordinates: [e.a, e.b].map((id) => toLonLat(roads.nodes[id].x, roads.nodes[id].y)) },
  }));

  const rrPoints: Feature[] = rrSpecs.map((p, n) => ({
    type: 'Feature',
    properties: { id: `RR-${pad(n + 1, 2)}`, name: p.name, nameEn: p.nameEn, staffed: p.staffed, modes: p.modes, sample: true },
    geometry: { type: 'Point', coordinates: pos(p.at) },
  }));

  const edgeOf = (y: number, east: boolean): [number, number] => [east ? riverX(y) + townWidth(y) + 350 : riverX(y), y];
  const stripe = (y0: number, y1: number, side: (y: number, far: boolean) => [number, number]): [number, number][] => {
    const near: [number, number][] = [];
    const far: [number, number][] = [];
    for (let y = y0; y <= y1; y += 50) {
      near.push(side(y, false));
      far.push(side(y, true));
    }
    return [...near, ...far.reverse()];
  };
  const zoneFeatures: Feature[] = [
    ...eastZones.map((z, n) => ({ ...z, ring: stripe(ZONE_CUTS[n], ZONE_CUTS[n + 1], edgeOf) })),
    { ...westZone, ring: stripe(ZONE_CUTS[0], ZONE_CUTS[ZONE_CUTS.length - 1], (y, far) => [far ? riverX(y) - 700 : riverX(y), y]) },
  ].map((z, n) => ({
    type: 'Feature',
    properties: { id: `PZ-${pad(n + 1, 2)}`, name: z.name, nameEn: z.nameEn, station: z.station, sample: true },
    geometry: { type: 'Polygon', coordinates: [closedRing(z.ring)] },
  }));

  const units: Feature[] = unitSpecs.map(([callsign, kind, mode, station, at], n) => ({
    type: 'Feature',
    properties: { id: `U-${pad(n + 1, 3)}`, callsign, kind, mode, station, sample: true },
    geometry: { type: 'Point', coordinates: pos(at) },
  }));

  const meta = {
    name: '米易县城（示例数据）',
    nameEn: 'Miyi county seat (sample data)',
    sample: true,
    source: `tools/gen-demo.ts, seed ${SEED}: generated, not surveyed; the layout only resembles the town`,
    note: sampleNote,
    center: [LON0, LAT0],
  };

  return {
    [mapLayerFiles.targets]: collectionText(targets),
    [mapLayerFiles.rrPoints]: collectionText(rrPoints),
    [mapLayerFiles.patrolZones]: collectionText(zoneFeatures),
    [mapLayerFiles.roads]: collectionText(roadFeatures),
    [mapLayerFiles.units]: collectionText(units),
    [mapMetaFile]: `${JSON.stringify(meta, null, 2)}\n`,
  };
}

function main(): void {
  const out = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'demo'));
  mkdirSync(out, { recursive: true });
  for (const [file, text] of Object.entries(generateDemo())) {
    writeFileSync(join(out, file), text);
    process.stdout.write(`${join(out, file)}  ${(text.length / 1024).toFixed(0)} KiB\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
