// How map features look: tier colours, unit-kind colours and glyphs, target badges. Shared by map, legend and roster.
import type { RoadClass, TargetKind, TargetTier, UnitKind, UnitStatus } from '@shared/contract/mapdata';

/** 1 minute red, 3 minutes amber, 5 minutes blue (the legend says so). */
export const tierColor: Record<TargetTier, string> = { 1: '#ff3b3b', 3: '#ffab1a', 5: '#3d8bff' };

export const unitKindColor: Record<UnitKind, string> = {
  'special-patrol-car': '#22d3ee',
  'station-patrol-car': '#60a5fa',
  'traffic-motorcycle': '#a3e635',
  'readiness-squad': '#f472b6',
  'foot-patrol': '#c4b5fd',
  'security-guard': '#94a3b8',
  'grid-worker': '#5eead4',
};

export const unitStatusColor: Record<UnitStatus, string> = {
  patrolling: '#2fd67b',
  available: '#2fd67b',
  standby: '#38bdf8',
  busy: '#ffb21e',
  'off-duty': '#6f8399',
};

/** 24×24 SVG path data, drawn in the unit's colour on a dark disc. */
const unitGlyph: Record<UnitKind, string> = {
  // patrol car with a light bar
  'special-patrol-car': 'M9 4h6v2H9zM5 13l2-5h10l2 5v5h-2v-2H7v2H5zM7.5 13h9l-1.2-3H8.7zM7 14.5a1 1 0 1 0 0 .01zM17 14.5a1 1 0 1 0 0 .01z',
  'station-patrol-car': 'M5 13l2-5h10l2 5v5h-2v-2H7v2H5zM7.5 13h9l-1.2-3H8.7z',
  // motorcycle
  'traffic-motorcycle': 'M6 17.5a2.5 2.5 0 1 0 0-.01zM18 17.5a2.5 2.5 0 1 0 0-.01zM6 17h2l3-5h3l2 3h2l-3-5h-1l-1-2h-3v2h1.5l.5 1H10z',
  // three figures
  'readiness-squad': 'M12 4a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM6 6a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM18 6a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM9 9h6l1 9h-8zM3 11h5l-.5 7H4zM16 11h5l-1 7h-3.5z',
  // walking figure
  'foot-patrol': 'M12 3a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM10 8h4l1 5h-2l1 7h-2l-1-5-1 5H8l1-7H7z',
  // shield
  'security-guard': 'M12 3l7 3v5c0 4.5-3 8-7 10-4-2-7-5.5-7-10V6z',
  // grid square
  'grid-worker': 'M5 5h14v14H5zM7 7v4h4V7zM13 7v4h4V7zM7 13v4h4v-4zM13 13v4h4v-4z',
};

export function unitSymbolSvg(kind: UnitKind): string {
  return `<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="${unitKindColor[kind]}" fill-rule="evenodd" d="${unitGlyph[kind]}"/></svg>`;
}

/** One character on a target's badge, as Chinese police GIS maps mark them. */
export const targetBadge: Record<TargetKind, { zh: string; en: string }> = {
  'party-gov': { zh: '政', en: 'G' },
  school: { zh: '校', en: 'S' },
  kindergarten: { zh: '幼', en: 'K' },
  hospital: { zh: '医', en: 'H' },
  clinic: { zh: '卫', en: 'C' },
  'gas-station': { zh: '油', en: 'F' },
  bank: { zh: '银', en: 'B' },
  'railway-station': { zh: '铁', en: 'R' },
  'bus-station': { zh: '车', en: 'T' },
  square: { zh: '场', en: 'Q' },
  market: { zh: '市', en: 'M' },
  other: { zh: '标', en: '•' },
};

/** Road styles of the offline basemap: colour and width at zoom 15 (scaled with zoom), drawn minor first. */
export const roadStyle: Record<RoadClass, { color: string; width: number; dash?: string }> = {
  motorway: { color: '#b08d4a', width: 6 },
  trunk: { color: '#a08650', width: 5.5 },
  primary: { color: '#6f8bb0', width: 5 },
  secondary: { color: '#5f7a9c', width: 4.2 },
  tertiary: { color: '#506884', width: 3.4 },
  unclassified: { color: '#445a73', width: 2.6 },
  residential: { color: '#3b4f66', width: 2.2 },
  living_street: { color: '#3b4f66', width: 2 },
  service: { color: '#34465b', width: 1.6 },
  track: { color: '#5a5540', width: 1.5, dash: '4 4' },
  pedestrian: { color: '#44536a', width: 1.8 },
  footway: { color: '#4d5d72', width: 1.1, dash: '2 3' },
  path: { color: '#4d5d72', width: 1.1, dash: '2 3' },
  steps: { color: '#4d5d72', width: 1.1, dash: '1 2' },
  cycleway: { color: '#3e6159', width: 1.1, dash: '3 3' },
};
