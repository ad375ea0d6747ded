// Rapid-response points (快反点): the "locks" of the 135 circles, staffed (solid) or not (hollow).
import L from 'leaflet';
import { flatMarker } from './flat-marker';
import type { RrPointFeature } from '@shared/contract/mapdata';
import { featureName } from '../i18n/messages';
import type { Locale } from '../i18n/locale';

export interface RrPointLayerOptions {
  lang: Locale;
  permanentLabels?: boolean;
  staffedText: (staffed: boolean) => string;
  scale?: number;
}

export class RrPointLayer extends L.Layer {
  private group: L.LayerGroup | null = null;

  constructor(
    private readonly points: readonly RrPointFeature[],
    private readonly opts: RrPointLayerOptions,
  ) {
    super();
  }

  override onAdd(map: L.Map): this {
    const group = L.layerGroup();
    for (const point of this.points) {
      const p = point.properties;
      const [lon, lat] = point.geometry.coordinates;
      const name = featureName(p, this.opts.lang);
      const el = document.createElement('div');
      el.className = `kf-rr${p.staffed ? ' kf-rr--staffed' : ''}`;
      el.dataset.testid = 'rr-point-marker';
      el.dataset.rrId = p.id;
      const glyph = document.createElement('span');
      glyph.className = 'kf-rr__glyph';
      glyph.textContent = this.opts.lang === 'en' ? 'RR' : '快';
      el.append(glyph);
      if (this.opts.permanentLabels) {
        const label = document.createElement('span');
        label.className = 'kf-map-label kf-rr__label';
        label.textContent = name;
        el.append(label);
      }
      const size = Math.round(22 * (this.opts.scale ?? 1));
      const marker = flatMarker([lat, lon], {
        pane: 'kf-points',
        icon: L.divIcon({ className: 'kf-divicon', html: el, iconSize: [size, size], iconAnchor: [size / 2, size / 2] }),
        keyboard: false,
        title: name,
      });
      marker.bindTooltip(`${name} · ${this.opts.staffedText(p.staffed)}`, { direction: 'top', offset: [0, -size / 2], className: 'kf-tip' });
      marker.addTo(group);
    }
    group.addTo(map);
    this.group = group;
    return this;
  }

  override onRemove(): this {
    this.group?.remove();
    this.group = null;
    return this;
  }
}
