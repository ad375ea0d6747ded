// Map layer of coverage: a status ring on every key target, isochrone polygons, move-up arrows, planning overlays.
import L from 'leaflet';
import { watch, type WatchStopHandle } from 'vue';
import type { IsochroneCollection, MoveUpSuggestion, TargetCoverage } from '@shared/contract/geo';
import type { MapLayerContribution } from '../map/contribution';
import { flatMarker } from '../map/flat-marker';
import { tierColor } from '../map/symbols';
import { useCoverageStore, type PlanScenario } from '../stores/coverage';
import { useMapStore } from '../stores/map';
import { shownError } from '../operators/hall-error';
import { useMessages } from '../i18n/messages';
import { geoText } from '../i18n/geo';
import { statusColor } from './format';
import './coverage.css';

const isoColor = (minutes: number): string => (minutes <= 1 ? tierColor[1] : minutes <= 3 ? tierColor[3] : tierColor[5]);

function divMarker(lat: number, lon: number, el: HTMLElement, size: number, opts: L.MarkerOptions = {}): L.Marker {
  return flatMarker([lat, lon], {
    icon: L.divIcon({ className: 'kf-divicon', html: el, iconSize: [size, size], iconAnchor: [size / 2, size / 2] }),
    keyboard: false,
    ...opts,
  });
}

export class CoverageLayer extends L.Layer {
  private readonly halos = L.layerGroup();
  private readonly haloById = new Map<string, { marker: L.Marker; el: HTMLElement; lat: number; lon: number; tier: number; status: TargetCoverage['status'] }>();
  private readonly overlays = L.layerGroup();
  // SVG, not the map's canvas: polygons stay crisp in print and can be found in the page.
  private readonly svg = L.svg({ pane: 'kf-zones' });
  private stops: WatchStopHandle[] = [];
  private map: L.Map | null = null;
  private readonly t = useMessages(geoText);

  constructor(private readonly scale: number) {
    super();
  }

  override onAdd(map: L.Map): this {
    this.map = map;
    const store = useCoverageStore();
    this.halos.addTo(map);
    this.overlays.addTo(map);
    this.stops.push(
      watch(() => store.shownTargets, (targets) => this.drawHalos(targets), { immediate: true }),
      watch(() => [store.isochrone, store.suggestion, store.planning, store.scenario] as const, () => this.drawOverlays(), { immediate: true }),
      watch(() => store.pick, (p) => map.getContainer().classList.toggle('kf-map--picking', p !== null), { immediate: true }),
      // A new isochrone is framed so its small 1-minute area can be seen; a print frames every target.
      watch(() => store.isochrone, (fc) => { if (fc) this.frame(fc.features[0]?.geometry.coordinates[0] ?? []); }),
      watch(() => store.frameRequest, () => { map.invalidateSize(); this.frame(store.shownTargets.map((t) => [t.lon, t.lat] as [number, number])); }),
    );
    // Captured on the container, not map 'click': a pick on a target or unit marker (which do not bubble) counts too.
    map.getContainer().addEventListener('click', this.onClick, true);
    return this;
  }

  override onRemove(map: L.Map): this {
    for (const stop of this.stops) stop();
    this.stops = [];
    map.getContainer().removeEventListener('click', this.onClick, true);
    this.halos.clearLayers().remove();
    this.haloById.clear();
    this.overlays.remove();
    this.map = null;
    return this;
  }

  private readonly onClick = (e: MouseEvent): void => {
    const store = useCoverageStore();
    const pick = store.pick;
    const map = this.map;
    // Map.Drag.moved() is true right after a pan, whose mouseup the browser also reports as a click.
    if (!pick || !map || (map.dragging as L.Handler & { moved?(): boolean }).moved?.() || (e.target as HTMLElement).closest('.leaflet-control')) return;
    e.stopPropagation();
    store.pick = null;
    const { lat, lng: lon } = map.mouseEventToLatLng(e);
    const fail = (err: unknown): void => window.alert(shownError(err).detail);
    if (pick.kind === 'isochrone') void store.drawIsochrone({ lat, lon }).catch(fail);
    else if (pick.kind === 'plan-point') {
      void store.updateScenario((s) => {
        const n = s.rrPoints.filter((p) => p.id.startsWith('PLAN-')).length + 1;
        return { ...s, rrPoints: [...s.rrPoints, { id: `PLAN-${n}`, name: this.t('planNewPoint', { n }), lat, lon, modes: ['car', 'motorcycle'], staffed: true }] };
      }).catch(fail);
    } else {
      void store.updateScenario((s) => ({ ...s, units: s.units.map((u) => (u.id === pick.unitId ? { ...u, lat, lon } : u)) })).catch(fail);
    }
  };

  private frame(points: readonly [number, number][]): void {
    if (!this.map || points.length === 0) return;
    this.map.fitBounds(L.latLngBounds(points.map(([lon, lat]) => [lat, lon] as [number, number])), { padding: [30, 30], maxZoom: 17 });
  }

  /**
   * A ring per target in its status colour. Every GPS batch brings a new snapshot, in which most targets keep their
   * status: only rings whose status changed are touched, so a batch restyles a handful of elements, not all of
   * them (rebuilding every marker each second made the console restyle and relayerize the map per batch). The
   * rings take no pointer events; the target's own marker under them names it and its coverage.
   */
  private drawHalos(targets: readonly TargetCoverage[]): void {
    const seen = new Set<string>();
    for (const tc of targets) {
      seen.add(tc.id);
      const have = this.haloById.get(tc.id);
      if (have && have.lat === tc.lat && have.lon === tc.lon && have.tier === tc.tier) {
        if (have.status !== tc.status) {
          this.styleHalo(have.el, tc.status);
          have.status = tc.status;
        }
        continue;
      }
      if (have) this.halos.removeLayer(have.marker);
      const el = document.createElement('div');
      el.dataset.testid = 'coverage-halo';
      el.dataset.targetId = tc.id;
      this.styleHalo(el, tc.status);
      const size = Math.round((tc.tier === 1 ? 40 : 32) * this.scale);
      const marker = divMarker(tc.lat, tc.lon, el, size, { pane: 'kf-targets', interactive: false, zIndexOffset: -1000 }).addTo(this.halos);
      this.haloById.set(tc.id, { marker, el, lat: tc.lat, lon: tc.lon, tier: tc.tier, status: tc.status });
    }
    for (const [id, h] of this.haloById) {
      if (seen.has(id)) continue;
      this.halos.removeLayer(h.marker);
      this.haloById.delete(id);
    }
  }

  private styleHalo(el: HTMLElement, status: TargetCoverage['status']): void {
    el.className = `kf-cov-halo kf-cov-halo--${status}`;
    el.dataset.status = status;
    el.style.setProperty('--kf-cov-color', statusColor[status]);
  }

  private drawOverlays(): void {
    const store = useCoverageStore();
    this.overlays.clearLayers();
    if (store.isochrone) this.drawIsochrone(store.isochrone);
    if (store.suggestion) this.drawMoves(store.suggestion);
    if (store.planning && store.scenario) this.drawPlan(store.scenario);
  }

  private drawIsochrone(fc: IsochroneCollection): void {
    for (const f of fc.features) {
      const color = isoColor(f.properties.minutes);
      L.polygon(f.geometry.coordinates.map((ring) => ring.map(([lon, lat]) => [lat, lon] as [number, number])), {
        renderer: this.svg, color, weight: 1.6, opacity: 0.9, fillColor: color, fillOpacity: 0.1, interactive: false,
        className: `kf-isochrone kf-isochrone--${f.properties.minutes}`,
      }).addTo(this.overlays);
    }
    const o = fc.features[0]?.properties.origin;
    if (o) {
      const el = document.createElement('div');
      el.className = 'kf-cov-origin';
      el.dataset.testid = 'isochrone-origin';
      divMarker(o.lat, o.lon, el, 14, { pane: 'kf-units', interactive: false }).addTo(this.overlays);
    }
  }

  private drawMoves(s: MoveUpSuggestion): void {
    for (const m of s.moves) {
      L.polyline([[m.from.lat, m.from.lon], [m.to.lat, m.to.lon]], {
        renderer: this.svg, color: '#3aa0ff', weight: 3, dashArray: '6 6', opacity: 0.95, interactive: false, className: 'kf-move-up-arrow',
      }).addTo(this.overlays);
      const el = document.createElement('div');
      el.className = 'kf-cov-dest';
      el.dataset.testid = 'move-up-destination';
      el.dataset.unitId = m.unitId;
      el.textContent = m.label ?? m.unitId;
      divMarker(m.to.lat, m.to.lon, el, 18, { pane: 'kf-units', interactive: false }).addTo(this.overlays);
    }
  }

  private drawPlan(s: PlanScenario): void {
    const live = useMapStore().units;
    for (const p of s.rrPoints.filter((x) => x.id.startsWith('PLAN-'))) {
      const el = document.createElement('div');
      el.className = 'kf-plan-point';
      el.dataset.testid = 'plan-point';
      el.textContent = p.name ?? p.id;
      divMarker(p.lat, p.lon, el, 18, { pane: 'kf-points', interactive: false }).addTo(this.overlays);
    }
    for (const u of s.units) {
      const was = live.find((f) => f.properties.id === u.id);
      if (!was) continue;
      const [lon, lat] = was.geometry.coordinates;
      if (Math.abs(lon - u.lon) < 1e-7 && Math.abs(lat - u.lat) < 1e-7) continue;
      L.polyline([[lat, lon], [u.lat, u.lon]], { renderer: this.svg, color: '#c084fc', weight: 2, dashArray: '4 5', interactive: false }).addTo(this.overlays);
      const el = document.createElement('div');
      el.className = 'kf-plan-unit';
      el.dataset.testid = 'plan-unit';
      el.textContent = u.label ?? u.id;
      divMarker(u.lat, u.lon, el, 16, { pane: 'kf-units', interactive: false }).addTo(this.overlays);
    }
  }
}

export const coverageLayer: MapLayerContribution = (screen) => new CoverageLayer(screen === 'wall' ? 1.35 : 1);
