// The unit canvas's painter, off the page's main thread: it owns the map's unit canvas (transferred to it as an
// OffscreenCanvas), redraws it for each frame the page posts, and its frames reach the screen without a commit of
// the page, so a GPS batch of thousands of units costs the console's main thread a message, not a repaint.
import { drawSprite, drawUnits, type SpriteCanvas, type UnitCanvasFrame, type UnitLook } from './unit-canvas-paint';

export type UnitCanvasMessage =
  | { type: 'init'; canvas: OffscreenCanvas; dpr: number; radius: number }
  | { type: 'looks'; looks: UnitLook[] }
  | { type: 'draw'; frame: UnitCanvasFrame };

let canvas: OffscreenCanvas | null = null;
let ctx: OffscreenCanvasRenderingContext2D | null = null;
let dpr = 1;
let radius = 5;
const sprites: SpriteCanvas[] = [];

self.onmessage = (e: MessageEvent<UnitCanvasMessage>) => {
  const m = e.data;
  if (m.type === 'init') {
    canvas = m.canvas;
    ctx = canvas.getContext('2d');
    dpr = m.dpr;
    radius = m.radius;
  } else if (m.type === 'looks') {
    // Looks only ever grow (a new kind and status pair), so indexes already sent stay valid.
    for (let i = sprites.length; i < m.looks.length; i++) sprites.push(drawSprite((side) => new OffscreenCanvas(side, side), m.looks[i], radius, dpr));
  } else if (canvas && ctx) {
    const { width, height } = m.frame.view;
    const w = Math.round(width * dpr);
    const h = Math.round(height * dpr);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    drawUnits(ctx, m.frame, sprites, dpr);
  }
};
