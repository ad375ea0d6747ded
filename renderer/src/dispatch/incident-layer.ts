// Open incidents on the hall's maps, all in one SVG: a badge per incident (警 in its tier colour), ringed when it is
// selected or its second echelon is due; on the console a click on a badge selects it and a map click answers a pick.
//
// One SVG rather than a Leaflet marker per incident: every marker is a positioned box of its own for the renderer
// (its own paint layer, paint chunk and hit-test stop), and with hundreds of open incidents those cost the console's
// once-a-second frame milliseconds of hover hit-testing, painting and layerizing. Badges inside one SVG are one box.
import L from 'leaflet';
import { watch, type WatchStopHandle } from 'vue';
import type { IncidentView } from '@shared/contract/dispatch';
import type { MapLayerContribution, MapScreen } from '../map/contribution';
import { useDispatchStore, type QueueRow } from '../stores/dispatch';
import { locale } from '../i18n/locale';
import { placeOf, tierColor } from './format';
import './dispatch.css';

const SVG_NS = 'http://www.w3.org/2000/svg';

type SvgRenderer = L.SVG & { _container: SVGSVGElement; _rootGroup: SVGGElement };

interface Badge {
  el: SVGGElement;
  /** What the badge was drawn from: the incident's version moves with every change to it (tier, state, place, type). */
  version: number;
  flash: boolean;
  selected: boolean;
  lang: string;
  at: L.LatLng;
}

export class IncidentLayer extends L.Layer {
  private renderer: SvgRenderer | null = null;
  private readonly badges = new Map<string, Badge>();
  private stops: WatchStopHandle[] = [];
  private readonly size: number;
  private onMapClick = (e: L.LeafletMouseEvent): void => {
    const store = useDispatchStore();
    if (store.picking) store.pick(e.latlng.lat, e.latlng.lng);
  };
  private onBadgeClick = (e: MouseEvent): void => {
    const badge = (e.target as Element).closest<SVGGElement>('[data-incident-id]');
    if (!badge) return;
    // A badge answers for itself, like a marker: the click is not also a map click (no pick under it).
    L.DomEvent.stopPropagation(e);
    // The end of a map drag that happens to land on a badge is not a click on it.
    if ((this._map?.dragging as (L.Handler & { moved(): boolean }) | undefined)?.moved()) return;
    useDispatchStore().select(badge.dataset.incidentId!);
  };

  constructor(private readonly screen: MapScreen) {
    super();
    this.size = screen === 'wall' ? 34 : 26;
  }

  override onAdd(map: L.Map): this {
    const store = useDispatchStore();
    const renderer = L.svg({ pane: 'kf-incidents', padding: 0.1 }) as SvgRenderer;
    renderer.addTo(map);
    renderer._container.classList.add('kf-incidents', `kf-incidents--${this.screen}`);
    renderer.on('update', this.place, this);
    this.renderer = renderer;
    if (this.screen === 'console') {
      renderer._rootGroup.addEventListener('click', this.onBadgeClick);
      map.on('click', this.onMapClick);
      this.stops.push(watch(() => store.picking, (p) => map.getContainer().classList.toggle('kf-picking', p !== null), { immediate: true }));
    }
    this.stops.push(watch(() => [store.queue, store.selectedId, locale.value] as const, ([rows]) => this.draw(rows), { immediate: true }));
    return this;
  }

  override onRemove(map: L.Map): this {
    for (const stop of this.stops) stop();
    this.stops = [];
    map.off('click', this.onMapClick);
    this.renderer?.off('update', this.place, this);
    this.renderer?.remove();
    this.renderer = null;
    this.badges.clear();
    return this;
  }

  private draw(rows: readonly QueueRow[]): void {
    const root = this.renderer?._rootGroup;
    const map = this._map as L.Map | undefined;
    if (!root || !map) return;
    const store = useDispatchStore();
    const seen = new Set<string>();
    for (const { incident: i, secondEchelon } of rows) {
      seen.add(i.id);
      const selected = store.selectedId === i.id;
      const lang = locale.value;
      const have = this.badges.get(i.id);
      if (have && have.version === i.version && have.flash === secondEchelon && have.selected === selected && have.lang === lang) continue;
      const at = L.latLng(i.location.lat, i.location.lon);
      const el = this.badgeOf(i, secondEchelon, selected);
      el.setAttribute('transform', this.translate(map, at));
      if (have) have.el.replaceWith(el);
      else root.appendChild(el);
      this.badges.set(i.id, { el, version: i.version, flash: secondEchelon, selected, lang, at });
    }
    for (const [id, b] of this.badges) {
      if (!seen.has(id)) {
        b.el.remove();
        this.badges.delete(id);
      }
    }
    // The selected incident is drawn last, so its ring is on top of its neighbours.
    const chosen = store.selectedId ? this.badges.get(store.selectedId) : undefined;
    if (chosen && chosen.el !== root.lastElementChild) root.appendChild(chosen.el);
  }

  /** Leaflet moved or re-sized the SVG (a pan or zoom ended): every badge to its new layer point. */
  private place(): void {
    const map = this._map as L.Map | undefined;
    if (!map) return;
    for (const b of this.badges.values()) b.el.setAttribute('transform', this.translate(map, b.at));
  }

  private translate(map: L.Map, at: L.LatLng): string {
    const p = map.latLngToLayerPoint(at);
    return `translate(${p.x} ${p.y})`;
  }

  private badgeOf(i: IncidentView, flash: boolean, selected: boolean): SVGGElement {
    const r = this.size / 2;
    const g = document.createElementNS(SVG_NS, 'g');
    g.setAttribute('class', `kf-incident${flash ? ' kf-incident--flash' : ''}${selected ? ' kf-incident--selected' : ''}`);
    g.dataset.testid = 'incident-marker';
    g.dataset.incidentId = i.id;
    g.dataset.state = i.state;
    g.style.setProperty('--kf-marker-color', tierColor[i.tier]);
    const circle = (cls: string, radius: number): SVGCircleElement => {
      const c = document.createElementNS(SVG_NS, 'circle');
      c.setAttribute('class', cls);
      c.setAttribute('r', String(radius));
      return c;
    };
    if (flash) g.appendChild(circle('kf-incident__glow', r + 9));
    g.appendChild(circle('kf-incident__halo', r + (selected ? 4 : 3)));
    g.appendChild(circle('kf-incident__disc', r - 1));
    const glyph = document.createElementNS(SVG_NS, 'text');
    glyph.setAttribute('class', 'kf-incident__glyph');
    glyph.style.fontSize = `${Math.round(this.size / 2)}px`;
    glyph.textContent = '警';
    g.appendChild(glyph);
    const title = document.createElementNS(SVG_NS, 'title');
    title.textContent = `${locale.value === 'en' ? i.typeLabelEn : i.typeLabel} · ${placeOf(i)}`;
    g.appendChild(title);
    return g;
  }
}

export const incidentLayer: MapLayerContribution = (screen) => new IncidentLayer(screen);
