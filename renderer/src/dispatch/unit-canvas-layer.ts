// Units drawn on one canvas when there are too many for DOM markers (a county fleet of thousands reporting at 1 Hz):
// a disc per unit in its kind colour, ringed in its status colour, the callsign and status on hover.
//
// Per GPS batch the work is: write the moved units' coordinates into typed arrays, then one redraw in the next
// animation frame (however many batches arrived before it). A redraw projects every unit with the spherical
// Mercator formula inline (no Leaflet point objects) and stamps a pre-drawn disc per kind and status with
// drawImage, skipping units outside the canvas. Leaflet's canvas renderer, by contrast, keeps a path object per
// unit, fires events for each setLatLng and strokes and fills every circle apart.
import L from 'leaflet';
import { unitKindLabels, unitStatusLabels, type UnitFeature } from '@shared/contract/mapdata';
import { localized } from '../i18n/messages';
import type { Locale } from '../i18n/locale';
import { unitKindColor, unitStatusColor } from '../map/symbols';

/** Above this many units the maps draw them on canvas: moving thousands of DOM markers each second saturates the renderer. */
export const CANVAS_UNITS_ABOVE = 300;

const EARTH_R = 6378137;
const MAX_LAT = 85.0511287798;
const D2R = Math.PI / 180;

/** Leaflet's canvas renderer gives us the canvas, its placement in the map pane, zoom animation and panning. */
interface LeafletCanvas extends L.Canvas {
  _ctx: CanvasRenderingContext2D | undefined;
  _bounds: L.Bounds | undefined;
  _container: HTMLCanvasElement;
}
const BareCanvas = L.Canvas.extend({
  // No vector layers of its own: the unit layer draws on `update` (after every move, zoom and resize).
  _redraw() {},
}) as unknown as new (options?: L.RendererOptions) => LeafletCanvas;

export class CanvasUnitLayer extends L.Layer {
  private renderer: LeafletCanvas | null = null;
  private ids: string[] = [];
  private readonly index = new Map<string, number>();
  private lon = new Float64Array(0);
  private lat = new Float64Array(0);
  /** Index into `looks` per unit. */
  private look = new Uint16Array(0);
  /** Where each unit was drawn last, in layer pixels (NaN: not drawn), for hover. */
  private drawnX = new Float32Array(0);
  private drawnY = new Float32Array(0);
  private readonly looks: { key: string; sprite: HTMLCanvasElement }[] = [];
  private readonly lookIndex = new Map<string, number>();
  private tips: string[] = [];
  private frame = 0;
  private hovered = -1;
  private tooltip: L.Tooltip | null = null;
  private units: readonly UnitFeature[];

  constructor(units: readonly UnitFeature[], private readonly opts: { lang: Locale; radius?: number }) {
    super();
    this.units = units;
  }

  override onAdd(map: L.Map): this {
    this.renderer = new BareCanvas({ pane: 'kf-units', padding: 0.1 });
    this.renderer.addTo(map);
    this.renderer.on('update', this.drawNow, this);
    map.on('mousemove', this.onHover, this);
    map.on('mouseout', this.unhover, this);
    this.sync();
    return this;
  }

  override onRemove(map: L.Map): this {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    map.off('mousemove', this.onHover, this);
    map.off('mouseout', this.unhover, this);
    this.unhover();
    this.renderer?.off('update', this.drawNow, this);
    this.renderer?.remove();
    this.renderer = null;
    return this;
  }

  /** Replaces the units shown (statuses, callsigns, units added or removed): a full resync and one redraw. */
  setUnits(units: readonly UnitFeature[]): this {
    this.units = units;
    if (this.renderer) this.sync();
    return this;
  }

  /** A position batch: only the moved units' coordinates are written; the redraw waits for the next frame. */
  moveUnits(ids: readonly string[], positionOf: (id: string) => readonly [number, number] | null | undefined): this {
    let any = false;
    for (const id of ids) {
      const i = this.index.get(id);
      if (i === undefined) continue;
      const at = positionOf(id);
      if (!at) continue;
      this.lon[i] = at[0];
      this.lat[i] = at[1];
      any = true;
    }
    if (any) this.scheduleDraw();
    return this;
  }

  private sync(): void {
    const n = this.units.length;
    if (this.lon.length !== n) {
      this.lon = new Float64Array(n);
      this.lat = new Float64Array(n);
      this.look = new Uint16Array(n);
      this.drawnX = new Float32Array(n).fill(Number.NaN);
      this.drawnY = new Float32Array(n).fill(Number.NaN);
    }
    this.ids = new Array<string>(n);
    this.tips = new Array<string>(n);
    this.index.clear();
    this.units.forEach((u, i) => {
      const p = u.properties;
      this.ids[i] = p.id;
      this.index.set(p.id, i);
      [this.lon[i], this.lat[i]] = u.geometry.coordinates;
      this.look[i] = this.lookOf(u);
      this.tips[i] = this.tipOf(u);
    });
    this.hovered = -1;
    this.tooltip?.close();
    this.scheduleDraw();
  }

  private scheduleDraw(): void {
    if (this.frame || !this.renderer) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.drawNow();
    });
  }

  /** Clears the canvas and stamps every unit on it; Leaflet has already translated the context to layer pixels. */
  private drawNow(): void {
    const r = this.renderer;
    const map = this._map as L.Map | undefined;
    if (!r?._ctx || !r._bounds || !map) return;
    const ctx = r._ctx;
    const { min, max } = r._bounds as { min: L.Point; max: L.Point };
    ctx.clearRect(min.x, min.y, max.x - min.x, max.y - min.y);
    const origin = map.getPixelOrigin();
    const scale = (256 * 2 ** map.getZoom()) / (2 * Math.PI * EARTH_R);
    const half = Math.PI * EARTH_R;
    const radius = this.opts.radius ?? 5;
    const pad = radius + 2;
    const n = this.ids.length;
    for (let i = 0; i < n; i++) {
      // Leaflet's EPSG:3857 projection and transformation, inline.
      const lat = Math.max(-MAX_LAT, Math.min(MAX_LAT, this.lat[i])) * D2R;
      const sin = Math.sin(lat);
      const x = scale * (EARTH_R * this.lon[i] * D2R + half) - origin.x;
      const y = scale * (half - (EARTH_R / 2) * Math.log((1 + sin) / (1 - sin))) - origin.y;
      if (x < min.x - pad || x > max.x + pad || y < min.y - pad || y > max.y + pad) {
        this.drawnX[i] = Number.NaN;
        continue;
      }
      this.drawnX[i] = x;
      this.drawnY[i] = y;
      const sprite = this.looks[this.look[i]].sprite;
      ctx.drawImage(sprite, x - sprite.width / 2 / this.dpr(), y - sprite.height / 2 / this.dpr(), sprite.width / this.dpr(), sprite.height / this.dpr());
    }
    if (this.hovered >= 0) this.tooltip?.setLatLng([this.lat[this.hovered], this.lon[this.hovered]]);
  }

  private dpr(): number {
    return L.Browser.retina ? 2 : 1; // what Leaflet scales its canvas by
  }

  /** The disc for a kind and status, drawn once. */
  private lookOf(u: UnitFeature): number {
    const p = u.properties;
    const key = `${p.kind}|${p.status}`;
    const have = this.lookIndex.get(key);
    if (have !== undefined) return have;
    const radius = this.opts.radius ?? 5;
    const weight = 2;
    const m = this.dpr();
    const side = Math.ceil((radius + weight) * 2 + 2);
    const sprite = document.createElement('canvas');
    sprite.width = side * m;
    sprite.height = side * m;
    const ctx = sprite.getContext('2d')!;
    ctx.scale(m, m);
    const offDuty = p.status === 'off-duty';
    ctx.beginPath();
    ctx.arc(side / 2, side / 2, radius, 0, 2 * Math.PI);
    ctx.globalAlpha = offDuty ? 0.35 : 0.95;
    ctx.fillStyle = unitKindColor[p.kind];
    ctx.fill();
    ctx.globalAlpha = offDuty ? 0.5 : 1;
    ctx.lineWidth = weight;
    ctx.strokeStyle = unitStatusColor[p.status];
    ctx.stroke();
    this.looks.push({ key, sprite });
    this.lookIndex.set(key, this.looks.length - 1);
    return this.looks.length - 1;
  }

  private onHover(e: L.LeafletMouseEvent): void {
    const reach = (this.opts.radius ?? 5) + 3;
    let best = -1;
    let bestD = reach * reach;
    const { x, y } = e.layerPoint;
    for (let i = 0; i < this.ids.length; i++) {
      const dx = this.drawnX[i] - x;
      const dy = this.drawnY[i] - y;
      const d = dx * dx + dy * dy; // NaN for units not drawn: never below bestD
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best === this.hovered) return;
    if (best < 0) return this.unhover();
    this.hovered = best;
    const map = this._map;
    this.tooltip ??= L.tooltip({ direction: 'top', className: 'kf-tip', offset: [0, -(this.opts.radius ?? 5)] });
    this.tooltip.setLatLng([this.lat[best], this.lon[best]]).setContent(this.tips[best]);
    map.openTooltip(this.tooltip);
  }

  private unhover(): void {
    this.hovered = -1;
    if (this.tooltip && this._map) this._map.closeTooltip(this.tooltip);
  }

  private tipOf(u: UnitFeature): string {
    const p = u.properties;
    const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    return esc(`${p.callsign} · ${localized(unitKindLabels[p.kind], this.opts.lang)} · ${localized(unitStatusLabels[p.status], this.opts.lang)}`);
  }
}
