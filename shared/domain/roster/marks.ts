// The month grid's marks and their colours, shared by the editor, the print view and the XLSX export.

export interface MarkStyle {
  /** Background and text colour, #RRGGBB. */
  bg: string;
  fg: string;
  label: string;
  labelEn: string;
}

export const markStyles: Record<string, MarkStyle> = {
  白: { bg: '#FFF4C2', fg: '#5C4700', label: '白班', labelEn: 'day shift' },
  夜: { bg: '#2E3A87', fg: '#FFFFFF', label: '夜班', labelEn: 'night shift' },
  早: { bg: '#FFE0B2', fg: '#5D3200', label: '早班', labelEn: 'early shift' },
  中: { bg: '#B3E5FC', fg: '#01395A', label: '中班', labelEn: 'middle shift' },
  全: { bg: '#C8E6C9', fg: '#1B4D1E', label: '全天班', labelEn: '24-hour shift' },
  休: { bg: '#EEEEEE', fg: '#616161', label: '休息', labelEn: 'rest' },
  假: { bg: '#F8BBD0', fg: '#7A0A33', label: '请假', labelEn: 'leave' },
  病: { bg: '#FFCDD2', fg: '#7F1010', label: '病假', labelEn: 'sick' },
  调: { bg: '#B2DFDB', fg: '#00403A', label: '调休', labelEn: 'time off in lieu' },
  换: { bg: '#D1C4E9', fg: '#311B72', label: '换班', labelEn: 'swap' },
  加: { bg: '#FF8A3D', fg: '#FFFFFF', label: '加班', labelEn: 'extra duty' },
};

export const fallbackMarkStyle: MarkStyle = { bg: '#E0E0E0', fg: '#212121', label: '', labelEn: '' };

export function markStyle(mark: string): MarkStyle {
  return markStyles[mark] ?? fallbackMarkStyle;
}

export const weekdayShort = ['日', '一', '二', '三', '四', '五', '六'] as const;
