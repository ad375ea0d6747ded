// The offline basemap: the road network drawn on one canvas, width and colour by road class, scaled with zoom.
import L from 'leaflet';
import { roadClasses, type RoadClass, type RoadFeature } from '@shared/contract/mapdata';
import { presentedCanvas } from './presented-canvas';
import { roadStyle } from './symbols';

export interface RoadNetworkOptions extends L.LayerOptions {
  /** Multiplies every road's width (the wall draws wider roads). */
  widthScale?: number;
}

const drawOrder: RoadClass[] = [...roadClasses].reverse(); // minor classes first, major on top

/**
 * One polyline per road class (a few thousand segments become ~15 canvas paths), so panning and zooming
 * stay smooth with the whole county's roads.
 */
export class RoadNetworkLayer extends L.Layer {
  private readonly lines = new Map<RoadClass, L.Polyline>();
  private renderer: L.Canvas | null = null;
  private readonly widthScale: number;

  constructor(
    private readonly roads: readonly RoadFeature[],
    options: RoadNetworkOptions = {},
  ) {
    super();
    L.setOptions(this, { pane: 'kf-basemap', ...options }); // L.Layer has no constructor that keeps options
    this.widthScale = options.widthScale ?? 1;
  }

  override onAdd(map: L.Map): this {
    this.renderer = presentedCanvas({ pane: this.options.pane, padding: 0.3 });
    const byClass = new Map<RoadClass, L.LatLngExpression[][]>();
    for (const road of this.roads) {
      const list = byClass.get(road.properties.class) ?? [];
      list.push(road.geometry.coordinates.map(([lon, lat]) => [lat, lon] as [number, number]));
      byClass.set(road.properties.class, list);
    }
    for (const cls of drawOrder) {
      const paths = byClass.get(cls);
      if (!paths) continue;
      const line = L.polyline(paths, { renderer: this.renderer, interactive: false, lineCap: 'round', lineJoin: 'round', ...this.styleFor(cls, map.getZoom()) });
      line.addTo(map);
      this.lines.set(cls, line);
    }
    map.on('zoomend', this.restyle, this);
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('zoomend', this.restyle, this);
    for (const line of this.lines.values()) line.remove();
    this.lines.clear();
    this.renderer?.remove();
    this.renderer = null;
    return this;
  }

  private restyle(): void {
    const zoom = this._map.getZoom();
    for (const [cls, line] of this.lines) line.setStyle(this.styleFor(cls, zoom));
  }

  private styleFor(cls: RoadClass, zoom: number): L.PathOptions {
    const s = roadStyle[cls];
    // Roads keep their look across zooms: thinner when zoomed out, wider when in.
    const factor = Math.min(2.4, Math.max(0.35, 2 ** ((zoom - 15) * 0.6)));
    return { color: s.color, weight: Math.max(0.6, s.width * factor * this.widthScale), dashArray: s.dash, opacity: 1 };
  }
}
