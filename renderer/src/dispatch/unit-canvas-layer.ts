// Units drawn on one canvas when there are too many for DOM markers (a county fleet of thousands reporting at 1 Hz):
// a disc per unit in its kind colour, ringed in its status colour, the callsign and status on hover.
//
// Per GPS batch the page writes the moved units' coordinates into typed arrays and posts one frame to the unit
// canvas worker, which owns the canvas (transferControlToOffscreen) and redraws it: projecting inline and stamping
// a pre-drawn disc per kind and status. The worker's frames reach the screen without a commit of the page, so the
// console's main thread pays neither the redraw nor the upload of a map-sized canvas each second. Where a worker
// cannot have the canvas, the page draws it itself with the same code, once per animation frame.
import L from 'leaflet';
import { unitKindLabels, unitStatusLabels, type UnitFeature } from '@shared/contract/mapdata';
import { localized } from '../i18n/messages';
import type { Locale } from '../i18n/locale';
import { unitKindColor, unitStatusColor } from '../map/symbols';
import { canvasX, canvasY, drawSprite, drawUnits, unitCanvasView, type SpriteCanvas, type UnitCanvasFrame, type UnitCanvasView, type UnitLook } from './unit-canvas-paint';
import type { UnitCanvasMessage } from './unit-canvas.worker';

/** Above this many units the maps draw them on canvas: moving thousands of DOM markers each second saturates the renderer. */
export const CANVAS_UNITS_ABOVE = 300;

/** Draws frames on the unit canvas, in a worker or on the page. */
interface UnitPainter {
  readonly where: 'worker' | 'page';
  looks(looks: readonly UnitLook[]): void;
  draw(frame: UnitCanvasFrame): void;
  dispose(): void;
}

function workerPainter(canvas: HTMLCanvasElement, dpr: number, radius: number, failed: (err: unknown) => void): UnitPainter {
  const offscreen = canvas.transferControlToOffscreen();
  const worker = new Worker(new URL('./unit-canvas.worker.ts', import.meta.url), { type: 'module', name: 'kuaifan-unit-canvas' });
  const post = (m: UnitCanvasMessage, transfer: Transferable[] = []): void => worker.postMessage(m, transfer);
  worker.addEventListener('error', (e) => failed(e.error ?? e.message));
  post({ type: 'init', canvas: offscreen, dpr, radius }, [offscreen]);
  return {
    where: 'worker',
    looks: (looks) => post({ type: 'looks', looks: [...looks] }),
    draw: (frame) => post({ type: 'draw', frame }),
    dispose: () => worker.terminate(),
  };
}

function pagePainter(canvas: HTMLCanvasElement, dpr: number, radius: number): UnitPainter {
  const ctx = canvas.getContext('2d')!;
  const sprites: SpriteCanvas[] = [];
  const make = (side: number): HTMLCanvasElement => Object.assign(document.createElement('canvas'), { width: side, height: side });
  return {
    where: 'page',
    looks: (looks) => {
      for (let i = sprites.length; i < looks.length; i++) sprites.push(drawSprite(make, looks[i], radius, dpr));
    },
    draw: (frame) => {
      const w = Math.round(frame.view.width * dpr);
      const h = Math.round(frame.view.height * dpr);
      if (canvas.width !== w || canvas.height !== h) Object.assign(canvas, { width: w, height: h });
      drawUnits(ctx, frame, sprites, dpr);
    },
    dispose: () => undefined,
  };
}

type UnitsRendererInternals = Omit<L.Renderer, '_map'> & {
  _container: HTMLCanvasElement;
  _bounds: L.Bounds;
  _map: L.Map & { _animatingZoom?: boolean };
};

/**
 * Leaflet's renderer gives the canvas its place in the map pane, its padding around the view, and the CSS scaling
 * during a zoom animation; the canvas's pixels belong to the painter, so only its CSS size is set here.
 */
const UnitsRenderer = L.Renderer.extend({
  _initContainer(this: UnitsRendererInternals) {
    this._container = L.DomUtil.create('canvas', 'kf-unit-canvas') as HTMLCanvasElement;
    // Clicks go through to the targets and incidents under the units; hover is read from the map's mousemove.
    this._container.style.pointerEvents = 'none';
  },
  _destroyContainer(this: UnitsRendererInternals) {
    L.DomUtil.remove(this._container);
  },
  _update(this: UnitsRendererInternals) {
    if (this._map._animatingZoom && this._bounds) return;
    (L.Renderer.prototype as unknown as { _update(): void })._update.call(this);
    const size = this._bounds.getSize();
    L.DomUtil.setPosition(this._container, this._bounds.min!);
    this._container.style.width = `${size.x}px`;
    this._container.style.height = `${size.y}px`;
    this.fire('update');
  },
}) as unknown as new (options?: L.RendererOptions) => UnitsRendererInternals;

export class CanvasUnitLayer extends L.Layer {
  private renderer: UnitsRendererInternals | null = null;
  private painter: UnitPainter | null = null;
  private ids: string[] = [];
  private readonly index = new Map<string, number>();
  private lon = new Float64Array(0);
  private lat = new Float64Array(0);
  /** Index into `looks` per unit. */
  private look = new Uint16Array(0);
  private readonly looks: UnitLook[] = [];
  private readonly lookIndex = new Map<string, number>();
  private looksSent = 0;
  /** Where the canvas is now (set when Leaflet places it), so hover reads what was drawn. */
  private view: UnitCanvasView | null = null;
  private tips: string[] = [];
  private drawPending = false;
  private frame = 0;
  private hovered = -1;
  private tooltip: L.Tooltip | null = null;
  private units: readonly UnitFeature[];

  constructor(units: readonly UnitFeature[], private readonly opts: { lang: Locale; radius?: number }) {
    super();
    this.units = units;
  }

  /** 'worker' or 'page': who draws the canvas (the page when no worker could take it). */
  get paintedBy(): UnitPainter['where'] | null {
    return this.painter?.where ?? null;
  }

  override onAdd(map: L.Map): this {
    const renderer = new UnitsRenderer({ pane: 'kf-units', padding: 0.1 });
    renderer.on('update', this.placed, this);
    renderer.addTo(map);
    this.renderer = renderer;
    this.painter = this.createPainter(renderer._container);
    renderer._container.dataset.painter = this.painter.where;
    map.on('mousemove', this.onHover, this);
    map.on('mouseout', this.unhover, this);
    this.placed();
    this.sync();
    return this;
  }

  override onRemove(map: L.Map): this {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.drawPending = false;
    map.off('mousemove', this.onHover, this);
    map.off('mouseout', this.unhover, this);
    this.unhover();
    this.painter?.dispose();
    this.painter = null;
    this.renderer?.off('update', this.placed, this);
    this.renderer?.remove();
    this.renderer = null;
    this.looksSent = 0;
    return this;
  }

  /** Replaces the units shown (statuses, callsigns, units added or removed): a full resync and one redraw. */
  setUnits(units: readonly UnitFeature[]): this {
    this.units = units;
    if (this.renderer) this.sync();
    return this;
  }

  /** A position batch: only the moved units' coordinates are written, then one frame goes to the painter. */
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

  private createPainter(canvas: HTMLCanvasElement): UnitPainter {
    const dpr = L.Browser.retina ? 2 : 1;
    const radius = this.opts.radius ?? 5;
    if (typeof Worker === 'function' && typeof canvas.transferControlToOffscreen === 'function') {
      try {
        return workerPainter(canvas, dpr, radius, (err) => this.workerFailed(err));
      } catch (err) {
        console.error('[kuaifan] the unit canvas worker could not start; the page draws the units', err);
      }
    }
    return pagePainter(canvas, dpr, radius);
  }

  /** A canvas given to a worker cannot be drawn on by the page: a fresh one takes its place. */
  private workerFailed(err: unknown): void {
    console.error('[kuaifan] the unit canvas worker failed; the page draws the units', err);
    const r = this.renderer;
    if (!r || this.painter?.where !== 'worker') return;
    this.painter.dispose();
    const old = r._container;
    const fresh = L.DomUtil.create('canvas', old.className) as HTMLCanvasElement;
    fresh.style.cssText = old.style.cssText;
    old.replaceWith(fresh);
    r._container = fresh;
    this.painter = pagePainter(fresh, L.Browser.retina ? 2 : 1, this.opts.radius ?? 5);
    fresh.dataset.painter = this.painter.where;
    this.looksSent = 0;
    this.scheduleDraw();
  }

  /** Leaflet placed (or resized) the canvas: the view changes with it, and the units are drawn anew. */
  private placed(): void {
    const r = this.renderer;
    const map = this._map as L.Map | undefined;
    if (!r?._bounds || !map) return;
    const size = r._bounds.getSize();
    this.view = unitCanvasView(map.getZoom(), map.getPixelOrigin(), r._bounds.min!, size.x, size.y);
    this.scheduleDraw();
  }

  private sync(): void {
    const n = this.units.length;
    if (this.lon.length !== n) {
      this.lon = new Float64Array(n);
      this.lat = new Float64Array(n);
      this.look = new Uint16Array(n);
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

  /**
   * One frame for however many changes came in the same task: the worker gets it at the end of the task (no
   * animation frame of the page is needed for it); the page painter draws in the next animation frame.
   */
  private scheduleDraw(): void {
    if (this.drawPending || !this.painter) return;
    this.drawPending = true;
    if (this.painter.where === 'worker') queueMicrotask(() => this.drawNow());
    else this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.drawNow();
    });
  }

  private drawNow(): void {
    this.drawPending = false;
    const painter = this.painter;
    const map = this._map as (L.Map & { _animatingZoom?: boolean }) | undefined;
    // During a zoom animation the canvas is scaled by CSS; the redraw follows when Leaflet places it again.
    if (!painter || !this.view || !map || map._animatingZoom) return;
    if (this.looksSent < this.looks.length) {
      painter.looks(this.looks);
      this.looksSent = this.looks.length;
    }
    painter.draw({ lon: this.lon, lat: this.lat, look: this.look, view: this.view });
    if (this.hovered >= 0) this.tooltip?.setLatLng([this.lat[this.hovered], this.lon[this.hovered]]);
  }

  /** The look of a kind and status, numbered in the order first seen. */
  private lookOf(u: UnitFeature): number {
    const p = u.properties;
    const key = `${p.kind}|${p.status}`;
    const have = this.lookIndex.get(key);
    if (have !== undefined) return have;
    this.looks.push({ fill: unitKindColor[p.kind], ring: unitStatusColor[p.status], faded: p.status === 'off-duty' });
    this.lookIndex.set(key, this.looks.length - 1);
    return this.looks.length - 1;
  }

  private onHover(e: L.LeafletMouseEvent): void {
    const view = this.view;
    const min = this.renderer?._bounds?.min;
    if (!view || !min) return;
    const reach = (this.opts.radius ?? 5) + 3;
    let best = -1;
    let bestD = reach * reach;
    const x = e.layerPoint.x - min.x;
    const y = e.layerPoint.y - min.y;
    for (let i = 0; i < this.ids.length; i++) {
      const dx = canvasX(view, this.lon[i]) - x;
      if (dx > reach || dx < -reach) continue;
      const dy = canvasY(view, this.lat[i]) - y;
      const d = dx * dx + dy * dy;
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
