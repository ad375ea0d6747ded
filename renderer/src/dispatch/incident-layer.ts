// Open incidents on the hall's maps, all in one SVG: a badge per incident (警 in its tier colour), ringed when it is
// selected or its second echelon is due; on the console a click on a badge selects it and a map click answers a pick.
//
// One SVG rather than a Leaflet marker per incident: every marker is a positioned box of its own for the renderer
// (its own paint layer, paint chunk and hit-test stop), and with hundreds of open incidents those cost the console's
// once-a-second frame milliseconds of hover hit-testing, painting and layerizing. Badges inside one SVG are one box.
//
// Inside it the badges are sorted into square cells, each a nested <svg> whose viewport is the cell with a badge's
// reach around it. The browser hit-tests the page after every layout (the hover under a resting mouse, and points of
// its own once a second), and an SVG's children are tried one by one: 500 badges of four shapes each cost 0.3-0.6 ms
// a test. A nested <svg> with its overflow clipped is passed over whole when the point is outside it, so a test tries
// the cells and the badges of one or two. The selected badge sits above the cells, unclipped, drawn last.
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

/** A cell's side, in layer pixels, and how far a badge may reach beyond its own cell (the flash glow is r + 9). */
const CELL_PX = 256;
const REACH_PX = 32;

interface Badge {
  el: SVGGElement;
  /** The cell it is in ('top' when selected). */
  cell: string;
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
  private readonly cells = new Map<string, SVGSVGElement>();
  private top: SVGGElement | null = null;
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
    this.cells.clear();
    this.top = null;
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
      const p = map.latLngToLayerPoint(at);
      el.setAttribute('transform', `translate(${p.x} ${p.y})`);
      have?.el.remove();
      const cell = selected ? 'top' : this.cellKey(p);
      this.parentOf(cell).appendChild(el);
      this.badges.set(i.id, { el, cell, version: i.version, flash: secondEchelon, selected, lang, at });
    }
    for (const [id, b] of this.badges) {
      if (!seen.has(id)) {
        b.el.remove();
        this.badges.delete(id);
      }
    }
  }

  private cellKey(p: L.Point): string {
    return `${Math.floor(p.x / CELL_PX)},${Math.floor(p.y / CELL_PX)}`;
  }

  /** The group a badge goes in: its cell (made on first use), or the top group for the selected one. */
  private parentOf(cell: string): SVGElement {
    const root = this.renderer!._rootGroup;
    if (!this.top) {
      this.top = document.createElementNS(SVG_NS, 'g');
      this.top.setAttribute('class', 'kf-incidents__top');
      root.appendChild(this.top);
    }
    if (cell === 'top') return this.top;
    let svg = this.cells.get(cell);
    if (!svg) {
      const [cx, cy] = cell.split(',').map(Number);
      svg = document.createElementNS(SVG_NS, 'svg');
      const box = [cx * CELL_PX - REACH_PX, cy * CELL_PX - REACH_PX, CELL_PX + 2 * REACH_PX, CELL_PX + 2 * REACH_PX];
      // viewBox = the viewport: the badges inside keep the layer's coordinates.
      svg.setAttribute('x', String(box[0]));
      svg.setAttribute('y', String(box[1]));
      svg.setAttribute('width', String(box[2]));
      svg.setAttribute('height', String(box[3]));
      svg.setAttribute('viewBox', box.join(' '));
      svg.setAttribute('overflow', 'hidden');
      svg.setAttribute('class', 'kf-incidents__cell');
      root.insertBefore(svg, this.top);
      this.cells.set(cell, svg);
    }
    return svg;
  }

  /** Leaflet moved or re-sized the SVG (a pan or zoom ended): every badge to its new layer point. */
  private place(): void {
    const map = this._map as L.Map | undefined;
    if (!map) return;
    for (const b of this.badges.values()) {
      const p = map.latLngToLayerPoint(b.at);
      b.el.setAttribute('transform', `translate(${p.x} ${p.y})`);
      if (b.cell === 'top') continue;
      const cell = this.cellKey(p);
      if (cell !== b.cell) {
        this.parentOf(cell).appendChild(b.el);
        b.cell = cell;
      }
    }
    for (const [key, svg] of this.cells) {
      if (!svg.firstChild) {
        svg.remove();
        this.cells.delete(key);
      }
    }
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
