// Which basemap a map draws: a tile URL the hall configured, else an imported MBTiles, else the offline roads.
import type { TileInfo } from '@shared/contract/system';

export type BasemapChoice =
  | { kind: 'url'; url: string }
  | { kind: 'mbtiles'; url: string; info: TileInfo }
  | { kind: 'vector' };

/** MBTiles come from the host that served this page: /tiles/… over HTTP, app://kuaifan/tiles/… in Electron. */
export const HOST_TILE_URL = '/tiles/{z}/{x}/{y}';

export function chooseBasemap(tileUrl: string, tiles: TileInfo): BasemapChoice {
  if (tileUrl.trim()) return { kind: 'url', url: tileUrl.trim() };
  if (tiles.available) return { kind: 'mbtiles', url: tiles.version ? `${HOST_TILE_URL}?v=${encodeURIComponent(tiles.version)}` : HOST_TILE_URL, info: tiles };
  return { kind: 'vector' };
}
