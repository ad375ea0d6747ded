// Units on the map: an icon per kind with the callsign beside it; setUnits() moves, adds and removes by id.
import L from 'leaflet';
import { flatMarker } from './flat-marker';
import { unitKindLabels, unitStatusLabels, type UnitFeature } from '@shared/contract/mapdata';
import { localized } from '../i18n/messages';
import type { Locale } from '../i18n/locale';
import { unitStatusColor, unitSymbolSvg } from './symbols';

export interface UnitLayerOptions {
  lang: Locale;
  /** Icon size in pixels (the wall draws larger ones). */
  size?: number;
}

export class UnitLayer extends L.Layer {
  private group: L.LayerGroup | null = null;
  private readonly markers = new Map<string, { marker: L.Marker; key: string }>();
  private units: readonly UnitFeature[];

  constructor(
    units: readonly UnitFeature[],
    private readonly opts: UnitLayerOptions,
  ) {
    super();
    this.units = units;
  }

  override onAdd(map: L.Map): this {
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

  /** Replaces the units shown: moves markers whose position changed, redraws those whose look changed. */
  setUnits(units: readonly UnitFeature[]): this {
    this.units = units;
    if (this.group) this.sync();
    return this;
  }

  private sync(): void {
    const seen = new Set<string>();
    for (const unit of this.units) {
      const p = unit.properties;
      const [lon, lat] = unit.geometry.coordinates;
      seen.add(p.id);
      const look = `${p.kind}|${p.status}|${p.callsign}`;
      const existing = this.markers.get(p.id);
      if (existing && existing.key === look) {
        existing.marker.setLatLng([lat, lon]);
        continue;
      }
      existing?.marker.remove();
      const marker = this.markerOf(unit).addTo(this.group!);
      this.markers.set(p.id, { marker, key: look });
    }
    for (const [id, entry] of this.markers) {
      if (!seen.has(id)) {
        entry.marker.remove();
        this.markers.delete(id);
      }
    }
  }

  private markerOf(unit: UnitFeature): L.Marker {
    const p = unit.properties;
    const [lon, lat] = unit.geometry.coordinates;
    const size = this.opts.size ?? 24;
    const el = document.createElement('div');
    el.className = `kf-unit kf-unit--${p.status}`;
    el.dataset.testid = 'unit-marker';
    el.dataset.unitId = p.id;
    el.dataset.kind = p.kind;
    el.style.setProperty('--kf-status-color', unitStatusColor[p.status]);
    const icon = document.createElement('span');
    icon.className = 'kf-unit__icon';
    icon.innerHTML = unitSymbolSvg(p.kind); // built from our own constants, never from map data
    const label = document.createElement('span');
    label.className = 'kf-map-label kf-unit__label';
    label.textContent = p.callsign;
    el.append(icon, label);
    const marker = flatMarker([lat, lon], {
      pane: 'kf-units',
      icon: L.divIcon({ className: 'kf-divicon', html: el, iconSize: [size, size], iconAnchor: [size / 2, size / 2] }),
      keyboard: false,
      title: p.callsign,
      riseOnHover: true,
    });
    const station = p.station ? ` · ${p.station}` : '';
    marker.bindTooltip(`${p.callsign} · ${localized(unitKindLabels[p.kind], this.opts.lang)}${station} · ${localized(unitStatusLabels[p.status], this.opts.lang)}`, {
      direction: 'top',
      offset: [0, -size / 2],
      className: 'kf-tip',
    });
    return marker;
  }
}
