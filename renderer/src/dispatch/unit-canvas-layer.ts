// Units drawn on one canvas when there are too many for DOM markers (a county fleet of thousands reporting at 1 Hz):
// a disc per unit in its kind colour, ringed in its status colour, the callsign and status on hover.
import L from 'leaflet';
import { unitKindLabels, unitStatusLabels, type UnitFeature } from '@shared/contract/mapdata';
import { localized } from '../i18n/messages';
import type { Locale } from '../i18n/locale';
import { unitKindColor, unitStatusColor } from '../map/symbols';

/** Above this many units the maps draw them on canvas: moving thousands of DOM markers each second saturates the renderer. */
export const CANVAS_UNITS_ABOVE = 300;

export class CanvasUnitLayer extends L.Layer {
  private group: L.LayerGroup | null = null;
  private renderer: L.Canvas | null = null;
  private readonly markers = new Map<string, { marker: L.CircleMarker; look: string; lon: number; lat: number }>();
  private units: readonly UnitFeature[];

  constructor(units: readonly UnitFeature[], private readonly opts: { lang: Locale; radius?: number }) {
    super();
    this.units = units;
  }

  override onAdd(map: L.Map): this {
    this.renderer = L.canvas({ pane: 'kf-units', padding: 0.1 });
    this.group = L.layerGroup().addTo(map);
    this.sync();
    return this;
  }

  override onRemove(): this {
    this.group?.remove();
    this.group = null;
    this.markers.clear();
    return this;
  }

  setUnits(units: readonly UnitFeature[]): this {
    this.units = units;
    if (this.group) this.sync();
    return this;
  }

  private sync(): void {
    const seen = new Set<string>();
    for (const u of this.units) {
      const p = u.properties;
      const [lon, lat] = u.geometry.coordinates;
      seen.add(p.id);
      const look = `${p.kind}|${p.status}`;
      const have = this.markers.get(p.id);
      if (have) {
        if (have.lon !== lon || have.lat !== lat) {
          have.marker.setLatLng([lat, lon]);
          have.lon = lon;
          have.lat = lat;
        }
        if (have.look !== look) {
          have.marker.setStyle(this.styleOf(u));
          have.marker.setTooltipContent(this.tipOf(u));
          have.look = look;
        }
        continue;
      }
      const marker = L.circleMarker([lat, lon], { ...this.styleOf(u), renderer: this.renderer!, radius: this.opts.radius ?? 5 })
        .bindTooltip(this.tipOf(u), { direction: 'top', className: 'kf-tip' })
        .addTo(this.group!);
      this.markers.set(p.id, { marker, look, lon, lat });
    }
    for (const [id, m] of this.markers) {
      if (!seen.has(id)) {
        m.marker.remove();
        this.markers.delete(id);
      }
    }
  }

  private styleOf(u: UnitFeature): L.CircleMarkerOptions {
    const p = u.properties;
    return { color: unitStatusColor[p.status], weight: 2, fillColor: unitKindColor[p.kind], fillOpacity: p.status === 'off-duty' ? 0.35 : 0.95, opacity: p.status === 'off-duty' ? 0.5 : 1 };
  }

  private tipOf(u: UnitFeature): string {
    const p = u.properties;
    const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    return esc(`${p.callsign} · ${localized(unitKindLabels[p.kind], this.opts.lang)} · ${localized(unitStatusLabels[p.status], this.opts.lang)}`);
  }
}
