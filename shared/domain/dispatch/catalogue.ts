// The incident-type catalogue shipped by default (the hall edits its own copy), sources and priorities.

export interface IncidentType {
  /** Stable code stored on incidents; the label may be renamed later without rewriting history. */
  code: string;
  label: string;
  labelEn: string;
  /** Inactive types stay for old incidents but are not offered at intake. */
  active: boolean;
}

export const defaultCatalogue: readonly IncidentType[] = [
  { code: 'terror', label: '暴恐', labelEn: 'Terrorist attack', active: true },
  { code: 'extreme', label: '个人极端', labelEn: 'Individual extreme act', active: true },
  { code: 'armed-fight', label: '持械打架', labelEn: 'Armed fight', active: true },
  { code: 'knife-attack', label: '持刀伤人', labelEn: 'Knife attack', active: true },
  { code: 'vehicle-ramming', label: '驾车冲撞', labelEn: 'Vehicle ramming', active: true },
  { code: 'hostage', label: '劫持人质', labelEn: 'Hostage taking', active: true },
  { code: 'explosion', label: '爆炸', labelEn: 'Explosion', active: true },
  { code: 'mass-incident', label: '群体性事件', labelEn: 'Mass incident', active: true },
  { code: 'property', label: '侵财', labelEn: 'Theft or robbery', active: true },
  { code: 'traffic', label: '交通事故', labelEn: 'Traffic accident', active: true },
  { code: 'other', label: '其他', labelEn: 'Other', active: true },
];

export const incidentSources = ['110', 'patrol', 'alarm', 'drill'] as const;
export type IncidentSource = (typeof incidentSources)[number];
export const incidentSourceLabels: Record<IncidentSource, { zh: string; en: string }> = {
  '110': { zh: '110接警', en: '110 call' },
  patrol: { zh: '巡逻发现', en: 'Found on patrol' },
  alarm: { zh: '报警按钮', en: 'Alarm button' },
  drill: { zh: '演练', en: 'Drill' },
};

export const priorities = [1, 2, 3] as const;
export type Priority = (typeof priorities)[number];
export const priorityLabels: Record<Priority, { zh: string; en: string }> = {
  1: { zh: '紧急', en: 'Urgent' },
  2: { zh: '重要', en: 'Important' },
  3: { zh: '一般', en: 'Routine' },
};
