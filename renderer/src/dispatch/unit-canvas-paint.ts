// Drawing the unit canvas: one pre-drawn disc per kind and status, stamped at each unit's projected position.
// The same code runs in the unit canvas worker (OffscreenCanvas) and, where there is no such worker, on the page.

/** How a disc looks: fill by kind, ring by status; off-duty units faded. */
export interface UnitLook {
  fill: string;
  ring: string;
  faded: boolean;
}

/** Where the canvas sits: canvas pixel = scale × Web-Mercator metres + offset (Leaflet's EPSG:3857, inline). */
export interface UnitCanvasView {
  scale: number;
  offsetX: number;
  offsetY: number;
  /** The canvas's size in CSS pixels. */
  width: number;
  height: number;
}

/** Positions and looks of every unit, index-aligned. */
export interface UnitCanvasFrame {
  lon: Float64Array;
  lat: Float64Array;
  look: Uint16Array;
  view: UnitCanvasView;
}

const EARTH_R = 6378137;
const HALF = Math.PI * EARTH_R;
const MAX_LAT = 85.0511287798;
const D2R = Math.PI / 180;

/** The view for a map at `zoom` whose canvas's top-left corner is at layer pixel (minX, minY). */
export function unitCanvasView(zoom: number, pixelOrigin: { x: number; y: number }, min: { x: number; y: number }, width: number, height: number): UnitCanvasView {
  const scale = (256 * 2 ** zoom) / (2 * HALF);
  return { scale, offsetX: scale * HALF - pixelOrigin.x - min.x, offsetY: scale * HALF - pixelOrigin.y - min.y, width, height };
}

/** Canvas x of a longitude. */
export function canvasX(view: UnitCanvasView, lon: number): number {
  return view.scale * EARTH_R * lon * D2R + view.offsetX;
}

/** Canvas y of a latitude. */
export function canvasY(view: UnitCanvasView, lat: number): number {
  const sin = Math.sin(Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * D2R);
  return view.offsetY - view.scale * (EARTH_R / 2) * Math.log((1 + sin) / (1 - sin));
}

export type SpriteCanvas = HTMLCanvasElement | OffscreenCanvas;

/** Draws one look's disc, `dpr` device pixels per CSS pixel. */
export function drawSprite(make: (side: number) => SpriteCanvas, look: UnitLook, radius: number, dpr: number): SpriteCanvas {
  const weight = 2;
  const side = Math.ceil((radius + weight) * 2 + 2);
  const sprite = make(side * dpr);
  const ctx = sprite.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
  ctx.scale(dpr, dpr);
  ctx.beginPath();
  ctx.arc(side / 2, side / 2, radius, 0, 2 * Math.PI);
  ctx.globalAlpha = look.faded ? 0.35 : 0.95;
  ctx.fillStyle = look.fill;
  ctx.fill();
  ctx.globalAlpha = look.faded ? 0.5 : 1;
  ctx.lineWidth = weight;
  ctx.strokeStyle = look.ring;
  ctx.stroke();
  return sprite;
}

/** Clears the canvas and stamps every unit inside it (with a disc's margin) with its look's sprite. */
export function drawUnits(ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, frame: UnitCanvasFrame, sprites: readonly SpriteCanvas[], dpr: number): void {
  const { view, lon, lat, look } = frame;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, view.width, view.height);
  const n = Math.min(lon.length, lat.length, look.length);
  for (let i = 0; i < n; i++) {
    const sprite = sprites[look[i]];
    if (!sprite) continue;
    const side = sprite.width / dpr;
    const x = canvasX(view, lon[i]);
    const y = canvasY(view, lat[i]);
    if (x < -side || x > view.width + side || y < -side || y > view.height + side) continue;
    ctx.drawImage(sprite, x - side / 2, y - side / 2, side, side);
  }
}
