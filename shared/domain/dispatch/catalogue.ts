// The incident-type catalogue shipped by default; the hall edits its own copy.

export interface IncidentType {
  /** Stable code stored on incidents; the label may be renamed later without rewriting history. */
  code: string;
  label: string;
  /** Inactive types stay for old incidents but are not offered at intake. */
  active: boolean;
}

export const defaultCatalogue: readonly IncidentType[] = [
  { code: 'terror', label: '暴恐', active: true },
  { code: 'extreme', label: '个人极端', active: true },
  { code: 'armed-fight', label: '持械打架', active: true },
  { code: 'knife-attack', label: '持刀伤人', active: true },
  { code: 'vehicle-ramming', label: '驾车冲撞', active: true },
  { code: 'hostage', label: '劫持人质', active: true },
  { code: 'explosion', label: '爆炸', active: true },
  { code: 'mass-incident', label: '群体性事件', active: true },
  { code: 'property', label: '侵财', active: true },
  { code: 'traffic', label: '交通事故', active: true },
  { code: 'other', label: '其他', active: true },
];

export const incidentSources = ['110', 'patrol', 'alarm', 'drill'] as const;
export type IncidentSource = (typeof incidentSources)[number];
export const incidentSourceLabels: Record<IncidentSource, string> = { '110': '110接警', patrol: '巡逻发现', alarm: '报警按钮', drill: '演练' };

export const priorities = [1, 2, 3] as const;
export type Priority = (typeof priorities)[number];
export const priorityLabels: Record<Priority, string> = { 1: '紧急', 2: '重要', 3: '一般' };
