// Which basemap a map draws: a configured tile URL first, then an imported MBTiles, else the offline roads.
import { describe, expect, it } from 'vitest';
import { chooseBasemap, HOST_TILE_URL } from '../../../renderer/src/map/basemap-choice';

describe('chooseBasemap', () => {
  it('draws the offline road basemap when nothing is configured', () => {
    expect(chooseBasemap('', { available: false })).toEqual({ kind: 'vector' });
    expect(chooseBasemap('   ', { available: false })).toEqual({ kind: 'vector' });
  });
  it('uses an imported MBTiles from the host that served the page', () => {
    const info = { available: true, minZoom: 10, maxZoom: 16, format: 'png' };
    expect(chooseBasemap('', info)).toEqual({ kind: 'mbtiles', url: HOST_TILE_URL, info });
    expect(HOST_TILE_URL).toBe('/tiles/{z}/{x}/{y}');
  });
  it('asks for a re-imported basemap under a new URL, so no screen keeps drawing the tiles it cached', () => {
    const info = { available: true, format: 'png', version: '1796437200000' };
    expect(chooseBasemap('', info)).toEqual({ kind: 'mbtiles', url: '/tiles/{z}/{x}/{y}?v=1796437200000', info });
  });
  it('prefers the tile server the hall configured', () => {
    expect(chooseBasemap(' http://gis.local/{z}/{x}/{y}.png ', { available: true })).toEqual({ kind: 'url', url: 'http://gis.local/{z}/{x}/{y}.png' });
  });
});
