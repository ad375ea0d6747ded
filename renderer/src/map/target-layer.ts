// Key targets (重点目标): a badge coloured by tier (1 min red, 3 min amber, 5 min blue) and the target's zone.
import L from 'leaflet';
import { flatMarker } from './flat-marker';
import { targetKindLabels, type TargetFeature } from '@shared/contract/mapdata';
import { featureName, localized } from '../i18n/messages';
import type { Locale } from '../i18n/locale';
import { targetBadge, tierColor } from './symbols';

export interface TargetLayerOptions {
  lang: Locale;
  /** Names of these tiers are drawn on the map; the rest show on hover. */
  labelTiers?: readonly number[];
  zoneText: (radiusM: number) => string;
  tierText: (tier: number) => string;
  /** Multiplies marker sizes (the wall draws larger ones). */
  scale?: number;
}

export class TargetLayer extends L.Layer {
  private group: L.LayerGroup | null = null;

  constructor(
    private readonly targets: readonly TargetFeature[],
    private readonly opts: TargetLayerOptions,
  ) {
    super();
  }

  override onAdd(map: L.Map): this {
    const group = L.layerGroup();
    // Zones first and in tier order 5, 3, 1 so the most urgent zone is drawn on top.
    const byUrgency = [...this.targets].sort((a, b) => b.properties.tier - a.properties.tier);
    // Some dozens of zones: SVG, painted once into the page, rather than a map-sized canvas, which is a compositor
    // layer of its own that the renderer hands over again with every frame (0.6 ms a frame, without a GPU).
    const renderer = L.svg({ pane: 'kf-target-zones' });
    for (const target of byUrgency) this.zoneOf(target, renderer).addTo(group);
    for (const target of byUrgency) this.markerOf(target).addTo(group);
    group.addTo(map);
    this.group = group;
    return this;
  }

  override onRemove(): this {
    this.group?.remove();
    this.group = null;
    return this;
  }

  private zoneOf(target: TargetFeature, renderer: L.Renderer): L.Path {
    const p = target.properties;
    const color = tierColor[p.tier];
    const style: L.PathOptions = { pane: 'kf-target-zones', renderer, color, weight: 1.2, opacity: 0.75, fillColor: color, fillOpacity: p.tier === 1 ? 0.16 : 0.08, interactive: false };
    if (p.zone) return L.polygon(p.zone.map((ring) => ring.map(([lon, lat]) => [lat, lon] as [number, number])), style);
    const [lon, lat] = target.geometry.coordinates;
    return L.circle([lat, lon], { ...style, radius: p.zoneRadiusM });
  }

  private markerOf(target: TargetFeature): L.Marker {
    const p = target.properties;
    const [lon, lat] = target.geometry.coordinates;
    const name = featureName(p, this.opts.lang);
    const el = document.createElement('div');
    el.className = `kf-target kf-target--tier${p.tier}`;
    el.dataset.testid = 'target-marker';
    el.dataset.tier = String(p.tier);
    el.dataset.targetId = p.id;
    el.style.setProperty('--kf-marker-color', tierColor[p.tier]);
    const badge = document.createElement('span');
    badge.className = 'kf-target__badge';
    badge.textContent = localized(targetBadge[p.kind], this.opts.lang);
    el.append(badge);
    if (this.opts.labelTiers?.includes(p.tier)) {
      const label = document.createElement('span');
      label.className = 'kf-map-label kf-target__label';
      label.textContent = name;
      el.append(label);
    }
    const size = Math.round((p.tier === 1 ? 26 : 20) * (this.opts.scale ?? 1));
    const marker = flatMarker([lat, lon], {
      pane: 'kf-targets',
      icon: L.divIcon({ className: 'kf-divicon', html: el, iconSize: [size, size], iconAnchor: [size / 2, size / 2] }),
      keyboard: false,
      title: name,
      riseOnHover: true,
    });
    const tip = document.createElement('div');
    const strong = document.createElement('strong');
    strong.textContent = name;
    const meta = document.createElement('div');
    meta.textContent = `${localized(targetKindLabels[p.kind], this.opts.lang)} · ${this.opts.tierText(p.tier)} · ${this.opts.zoneText(p.zoneRadiusM)}`;
    tip.append(strong, meta);
    marker.bindTooltip(tip, { direction: 'top', offset: [0, -size / 2], className: 'kf-tip' });
    return marker;
  }
}
