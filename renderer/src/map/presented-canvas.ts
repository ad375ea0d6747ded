// A Leaflet canvas renderer for vectors that change only when the map moves (the road basemap, the patrol zones).
//
// Chromium uploads every 2D canvas on the page at every frame it commits, drawn on or not: without GPU compositing
// a full copy of its pixels, about 0.3 to 1 ms a map-sized canvas. The console commits a frame every second for
// its countdowns, so two such canvases cost it more than the countdowns themselves. This renderer draws on an
// OffscreenCanvas the page keeps and shows the result on a `bitmaprenderer` canvas, which Chromium uploads only
// when it is handed a new bitmap: after a pan, a zoom or a restyle, not once a second.
//
// Handing the bitmap over (transferToImageBitmap) leaves the OffscreenCanvas blank, so every redraw is a whole
// one; Leaflet redraws the whole canvas on each pan and zoom anyway, and these layers change at no other time.
// Where there is no OffscreenCanvas or `bitmaprenderer` it is Leaflet's canvas renderer unchanged.
import L from 'leaflet';

/** The parts of L.Canvas this renderer builds on (private in Leaflet's typings, stable across 1.x). */
interface CanvasInternals {
  _container: HTMLCanvasElement;
  _ctx?: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
  _map: L.Map & { _animatingZoom?: boolean };
  _bounds?: L.Bounds;
  _redrawBounds: L.Bounds | null;
  _onMouseMove: L.DomEvent.EventHandlerFn;
  _onClick: L.DomEvent.EventHandlerFn;
  _handleMouseOut: L.DomEvent.EventHandlerFn;
}

interface Presented extends CanvasInternals {
  /** Where the paths are drawn; null where the browser cannot present a bitmap, and the shown canvas is drawn on. */
  _offscreen: OffscreenCanvas | null;
  _shown: ImageBitmapRenderingContext | null;
}

const canvasProto = L.Canvas.prototype as unknown as {
  _initContainer(this: CanvasInternals): void;
  _update(this: CanvasInternals): void;
  _redraw(this: CanvasInternals): void;
};
const rendererProto = L.Renderer.prototype as unknown as { _update(this: CanvasInternals): void };

/** Whether this browser can draw off the page and hand the bitmap to a canvas on it. */
export function canPresentBitmaps(): boolean {
  if (typeof OffscreenCanvas === 'undefined' || typeof document === 'undefined') return false;
  return document.createElement('canvas').getContext('bitmaprenderer') !== null;
}

const PresentedCanvasClass = L.Canvas.extend({
  _initContainer(this: Presented) {
    if (!canPresentBitmaps()) {
      this._offscreen = null;
      this._shown = null;
      canvasProto._initContainer.call(this);
      return;
    }
    // The same element and mouse handling as L.Canvas; only what is drawn on it comes from elsewhere.
    const container = (this._container = document.createElement('canvas'));
    L.DomEvent.on(container, 'mousemove', this._onMouseMove, this);
    L.DomEvent.on(container, 'click dblclick mousedown mouseup contextmenu', this._onClick, this);
    L.DomEvent.on(container, 'mouseout', this._handleMouseOut, this);
    (container as unknown as { _leaflet_disable_events: boolean })._leaflet_disable_events = true;
    this._shown = container.getContext('bitmaprenderer');
    this._offscreen = new OffscreenCanvas(1, 1);
    this._ctx = this._offscreen.getContext('2d') ?? undefined;
  },

  _update(this: Presented) {
    const offscreen = this._offscreen;
    if (offscreen && !(this._map._animatingZoom && this._bounds)) {
      // Size the drawing surface as L.Canvas is about to size the shown one, so its transform lands on a fresh one.
      rendererProto._update.call(this);
      const size = this._bounds!.getSize();
      const m = L.Browser.retina ? 2 : 1;
      offscreen.width = m * size.x;
      offscreen.height = m * size.y;
      this._ctx?.resetTransform();
    }
    canvasProto._update.call(this);
  },

  _redraw(this: Presented) {
    // Leaflet 1.9 can run a redraw queued just before the renderer was removed (a basemap swapped on reconnect):
    // its canvas is gone, so there is nothing to draw on.
    if (!this._ctx) return;
    if (!this._offscreen || !this._shown) {
      canvasProto._redraw.call(this);
      return;
    }
    this._redrawBounds = null; // the surface is blank after each hand-over: draw it all
    canvasProto._redraw.call(this);
    if (this._offscreen.width && this._offscreen.height) this._shown.transferFromImageBitmap(this._offscreen.transferToImageBitmap());
  },
});

/** A canvas renderer for vectors that stay put between map moves. */
export function presentedCanvas(options?: L.RendererOptions): L.Canvas {
  return new (PresentedCanvasClass as unknown as new (options?: L.RendererOptions) => L.Canvas)(options);
}
