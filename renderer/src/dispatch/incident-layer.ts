// Open incidents on the hall's maps (tier colour, flashing for the second echelon); on the console a map click
// also answers a pick (intake location, order target).
import L from 'leaflet';
import { flatMarker } from '../map/flat-marker';
import { watch, type WatchStopHandle } from 'vue';
import type { MapLayerContribution, MapScreen } from '../map/contribution';
import { useDispatchStore, type QueueRow } from '../stores/dispatch';
import { tierColor } from './format';
import './dispatch.css';

export class IncidentLayer extends L.Layer {
  private group: L.LayerGroup | null = null;
  private readonly markers = new Map<string, { marker: L.Marker; key: string }>();
  private stops: WatchStopHandle[] = [];
  private onClick = (e: L.LeafletMouseEvent): void => {
    const store = useDispatchStore();
    if (store.picking) store.pick(e.latlng.lat, e.latlng.lng);
  };

  constructor(private readonly screen: MapScreen) {
    super();
  }

  override onAdd(map: L.Map): this {
    const store = useDispatchStore();
    this.group = L.layerGroup().addTo(map);
    this.stops.push(watch(() => store.queue, (rows) => this.draw(rows), { immediate: true }));
    this.stops.push(watch(() => store.selectedId, () => this.draw(store.queue)));
    if (this.screen === 'console') {
      map.on('click', this.onClick);
      this.stops.push(watch(() => store.picking, (p) => map.getContainer().classList.toggle('kf-picking', p !== null), { immediate: true }));
    }
    return this;
  }

  override onRemove(map: L.Map): this {
    for (const stop of this.stops) stop();
    this.stops = [];
    map.off('click', this.onClick);
    this.group?.remove();
    this.group = null;
    this.markers.clear();
    return this;
  }

  private draw(rows: readonly QueueRow[]): void {
    if (!this.group) return;
    const store = useDispatchStore();
    const seen = new Set<string>();
    for (const { incident: i, countdown } of rows) {
      seen.add(i.id);
      const selected = store.selectedId === i.id;
      const key = `${i.tier}|${countdown.secondEchelon}|${selected}|${i.state}`;
      const have = this.markers.get(i.id);
      if (have && have.key === key) continue;
      have?.marker.remove();
      const marker = this.markerOf(i.id, i.tier, i.location, countdown.secondEchelon, selected, i.state).addTo(this.group);
      this.markers.set(i.id, { marker, key });
    }
    for (const [id, m] of this.markers) {
      if (!seen.has(id)) {
        m.marker.remove();
        this.markers.delete(id);
      }
    }
  }

  private markerOf(id: string, tier: 1 | 3 | 5, at: { lat: number; lon: number }, flash: boolean, selected: boolean, state: string): L.Marker {
    const size = this.screen === 'wall' ? 34 : 26;
    const el = document.createElement('div');
    el.className = `kf-incident${flash ? ' kf-incident--flash' : ''}${selected ? ' kf-incident--selected' : ''}`;
    el.dataset.testid = 'incident-marker';
    el.dataset.incidentId = id;
    el.dataset.state = state;
    el.style.setProperty('--kf-marker-color', tierColor[tier]);
    el.textContent = '警';
    const marker = flatMarker([at.lat, at.lon], {
      pane: 'kf-units',
      icon: L.divIcon({ className: 'kf-divicon', html: el, iconSize: [size, size], iconAnchor: [size / 2, size / 2] }),
      keyboard: false,
      zIndexOffset: 1000,
    });
    if (this.screen === 'console') marker.on('click', () => useDispatchStore().select(id));
    return marker;
  }
}

export const incidentLayer: MapLayerContribution = (screen) => new IncidentLayer(screen);
