// Builds a Leaflet map for the hall: panes in drawing order, no outside requests, framed on the county seat.
import L from 'leaflet';
import type { MapData } from '@shared/contract/mapdata';
import type { MapScreen } from './contribution';

/** Panes from bottom to top; vectors in each pane share one canvas. */
const panes: [name: string, zIndex: number][] = [
  ['kf-basemap', 250],
  ['kf-zones', 350],
  ['kf-target-zones', 380],
  ['kf-targets', 610],
  ['kf-points', 620],
  ['kf-units', 640],
  ['kf-incidents', 650],
];

export function createHallMap(el: HTMLElement, screen: MapScreen): L.Map {
  const map = L.map(el, {
    preferCanvas: true,
    zoomControl: false,
    attributionControl: false, // the offline basemap has nothing to attribute; no link leaves the hall
    zoomSnap: 0.25,
    minZoom: 11,
    maxZoom: 19,
    keyboard: screen === 'console',
    scrollWheelZoom: screen === 'console',
    doubleClickZoom: screen === 'console',
  });
  for (const [name, zIndex] of panes) map.createPane(name).style.zIndex = String(zIndex);
  if (screen === 'console') L.control.zoom({ position: 'topright' }).addTo(map);
  L.control.scale({ position: 'bottomright', imperial: false }).addTo(map);
  return map;
}

/**
 * What the map frames when it opens: the console the whole road network, the wall the targets and units
 * (the dense town centre, so labels stay apart), else the centre the data names.
 */
export function mapBounds(data: MapData, screen: MapScreen): L.LatLngBounds | null {
  const bounds = L.latLngBounds([]);
  if (screen === 'console') for (const road of data.roads.features) for (const [lon, lat] of road.geometry.coordinates) bounds.extend([lat, lon]);
  for (const f of [...data.targets.features, ...data.units.features]) bounds.extend([f.geometry.coordinates[1], f.geometry.coordinates[0]]);
  if (bounds.isValid()) return bounds;
  if (data.meta.center) {
    const [lon, lat] = data.meta.center;
    return L.latLngBounds([lat - 0.01, lon - 0.01], [lat + 0.01, lon + 0.01]);
  }
  return null;
}
