// Which basemap a map draws: a tile URL the hall configured, else an imported MBTiles, else the offline roads.
import L from 'leaflet';
import type { RoadFeature } from '@shared/contract/mapdata';
import type { TileInfo } from '@shared/contract/system';
import { RoadNetworkLayer } from './road-network-layer';

export type BasemapChoice =
  | { kind: 'url'; url: string }
  | { kind: 'mbtiles'; url: string; info: TileInfo }
  | { kind: 'vector' };

/** MBTiles come from the host that served this page: /tiles/… over HTTP, app://kuaifan/tiles/… in Electron. */
export const HOST_TILE_URL = '/tiles/{z}/{x}/{y}';

export function chooseBasemap(tileUrl: string, tiles: TileInfo): BasemapChoice {
  if (tileUrl.trim()) return { kind: 'url', url: tileUrl.trim() };
  if (tiles.available) return { kind: 'mbtiles', url: HOST_TILE_URL, info: tiles };
  return { kind: 'vector' };
}

export function basemapLayer(choice: BasemapChoice, roads: readonly RoadFeature[], widthScale: number): L.Layer {
  switch (choice.kind) {
    case 'url':
      return L.tileLayer(choice.url, { pane: 'kf-basemap', maxZoom: 19, crossOrigin: false });
    case 'mbtiles': {
      const { minZoom, maxZoom, bounds } = choice.info;
      return L.tileLayer(choice.url, {
        pane: 'kf-basemap',
        minNativeZoom: minZoom,
        maxNativeZoom: maxZoom,
        maxZoom: 19,
        bounds: bounds ? L.latLngBounds([bounds[1], bounds[0]], [bounds[3], bounds[2]]) : undefined,
      });
    }
    case 'vector':
      return new RoadNetworkLayer(roads, { widthScale });
  }
}
