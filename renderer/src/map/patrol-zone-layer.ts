// Patrol zones (巡区): outlined areas with their name, under the targets and units.
import L from 'leaflet';
import type { PatrolZoneFeature } from '@shared/contract/mapdata';
import { featureName } from '../i18n/messages';
import type { Locale } from '../i18n/locale';
import { presentedCanvas } from './presented-canvas';

export interface PatrolZoneOptions {
  lang: Locale;
  /** Names drawn on the map (the wall); otherwise shown on hover. */
  permanentLabels?: boolean;
}

export class PatrolZoneLayer extends L.Layer {
  private group: L.LayerGroup | null = null;
  private renderer: L.Canvas | null = null;

  constructor(
    private readonly zones: readonly PatrolZoneFeature[],
    private readonly opts: PatrolZoneOptions,
  ) {
    super();
  }

  override onAdd(map: L.Map): this {
    const group = L.layerGroup();
    const renderer = (this.renderer = presentedCanvas({ pane: 'kf-zones' }));
    this.zones.forEach((zone, i) => {
      const rings = zone.geometry.coordinates.map((ring) => ring.map(([lon, lat]) => [lat, lon] as [number, number]));
      const hue = (i * 67) % 360;
      const polygon = L.polygon(rings, {
        pane: 'kf-zones',
        renderer,
        color: `hsl(${hue} 45% 55%)`,
        weight: 1.5,
        opacity: 0.7,
        dashArray: '6 5',
        fillColor: `hsl(${hue} 45% 45%)`,
        fillOpacity: 0.06,
        interactive: true,
      });
      const label = `${featureName(zone.properties, this.opts.lang)} · ${zone.properties.station}`;
      polygon.bindTooltip(label, {
        permanent: this.opts.permanentLabels ?? false,
        direction: 'center',
        className: 'kf-zone-label',
        sticky: !this.opts.permanentLabels,
      });
      polygon.addTo(group);
    });
    group.addTo(map);
    this.group = group;
    return this;
  }

  override onRemove(): this {
    this.group?.remove();
    this.group = null;
    this.renderer?.remove();
    this.renderer = null;
    return this;
  }
}
