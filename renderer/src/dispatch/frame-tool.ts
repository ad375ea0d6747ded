// The console map's frame tool (框定范围): draw a rectangle, polygon or circle; every unit inside is selected for an order.
import L from 'leaflet';
import { watch, type WatchStopHandle } from 'vue';
import type { FrameInput } from '@shared/contract/dispatch';
import type { MapLayerContribution } from '../map/contribution';
import { useDispatchStore } from '../stores/dispatch';
import { useMessages } from '../i18n/messages';
import { dispatchText } from '../i18n/dispatch';

type Shape = 'rectangle' | 'polygon' | 'circle';
const style: L.PathOptions = { color: '#3aa0ff', weight: 2, dashArray: '6 4', fillColor: '#3aa0ff', fillOpacity: 0.12, interactive: false };

/** A small Leaflet handler per shape, written out here rather than pulling in a drawing plugin. */
export class FrameTool extends L.Layer {
  private map: L.Map | null = null;
  private control: L.Control | null = null;
  private buttons = new Map<Shape, HTMLButtonElement>();
  private shape: Shape | null = null;
  private drawn: L.Path | null = null;
  private start: L.LatLng | null = null;
  private points: L.LatLng[] = [];
  private stop: WatchStopHandle | null = null;

  override onAdd(map: L.Map): this {
    this.map = map;
    const t = useMessages(dispatchText);
    const Control = L.Control.extend({
      onAdd: () => {
        const box = L.DomUtil.create('div', 'kf-frame-tool leaflet-bar');
        box.dataset.testid = 'frame-tool';
        for (const [shape, glyph, title] of [
          ['rectangle', '▭', t('frame.rectangle')],
          ['polygon', '⬠', t('frame.polygon')],
          ['circle', '◯', t('frame.circle')],
        ] as const) {
          const b = L.DomUtil.create('button', 'kf-frame-tool__btn', box);
          b.type = 'button';
          b.textContent = glyph;
          b.title = title;
          b.dataset.testid = `frame-${shape}`;
          L.DomEvent.on(b, 'click', (e) => {
            L.DomEvent.stop(e);
            if (this.shape === shape) this.cancel();
            else this.begin(shape);
          });
          this.buttons.set(shape, b);
        }
        L.DomEvent.disableClickPropagation(box);
        return box;
      },
    });
    this.control = new Control({ position: 'topright' }).addTo(map);
    const store = useDispatchStore();
    // The drawn frame stays on the map while its order is being written, and goes with it.
    this.stop = watch(() => store.frame, (f) => {
      if (!f) this.clearDrawn();
    });
    window.addEventListener('keydown', this.onKey);
    return this;
  }

  override onRemove(): this {
    this.cancel();
    this.clearDrawn();
    this.control?.remove();
    this.stop?.();
    window.removeEventListener('keydown', this.onKey);
    this.map = null;
    return this;
  }

  private onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.shape) this.cancel();
  };

  private begin(shape: Shape): void {
    const map = this.map!;
    this.cancel();
    this.clearDrawn();
    this.shape = shape;
    this.buttons.get(shape)?.classList.add('kf-frame-tool__btn--on');
    map.getContainer().classList.add('kf-drawing');
    map.dragging.disable();
    map.doubleClickZoom.disable();
    if (shape === 'polygon') {
      map.on('click', this.onPolygonClick);
      map.on('mousemove', this.onPolygonMove);
      map.on('dblclick', this.onPolygonDone);
    } else {
      map.on('mousedown', this.onDown);
    }
  }

  private cancel(): void {
    const map = this.map;
    if (!map || !this.shape) return;
    this.buttons.get(this.shape)?.classList.remove('kf-frame-tool__btn--on');
    map.off('click', this.onPolygonClick);
    map.off('mousemove', this.onPolygonMove);
    map.off('dblclick', this.onPolygonDone);
    map.off('mousedown', this.onDown);
    map.off('mousemove', this.onDrag);
    map.off('mouseup', this.onUp);
    map.dragging.enable();
    map.doubleClickZoom.enable();
    map.getContainer().classList.remove('kf-drawing');
    if (this.shape && !useDispatchStore().frame) this.clearDrawn();
    this.shape = null;
    this.start = null;
    this.points = [];
  }

  private clearDrawn(): void {
    this.drawn?.remove();
    this.drawn = null;
  }

  private onDown = (e: L.LeafletMouseEvent): void => {
    this.start = e.latlng;
    this.map!.on('mousemove', this.onDrag);
    this.map!.on('mouseup', this.onUp);
  };

  private onDrag = (e: L.LeafletMouseEvent): void => {
    if (!this.start || !this.map) return;
    this.drawn?.remove();
    this.drawn = this.shape === 'circle'
      ? L.circle(this.start, { ...style, radius: this.map.distance(this.start, e.latlng) }).addTo(this.map)
      : L.rectangle(L.latLngBounds(this.start, e.latlng), style).addTo(this.map);
  };

  private onUp = (e: L.LeafletMouseEvent): void => {
    const start = this.start;
    const shape = this.shape;
    if (!start || !this.map || !shape) return;
    let frame: FrameInput | null = null;
    if (shape === 'circle') {
      const radiusM = this.map.distance(start, e.latlng);
      if (radiusM >= 1) frame = { kind: 'circle', center: { lat: start.lat, lon: start.lng }, radiusM };
    } else {
      const b = L.latLngBounds(start, e.latlng);
      if (b.getNorth() > b.getSouth() && b.getEast() > b.getWest()) frame = { kind: 'rectangle', south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast() };
    }
    this.finish(frame);
  };

  private onPolygonClick = (e: L.LeafletMouseEvent): void => {
    this.points.push(e.latlng);
    this.redrawPolygon(null);
  };

  private onPolygonMove = (e: L.LeafletMouseEvent): void => {
    if (this.points.length) this.redrawPolygon(e.latlng);
  };

  private onPolygonDone = (): void => {
    // The double-click's two clicks added the last point twice.
    const pts = this.points.filter((p, i, all) => i === 0 || !p.equals(all[i - 1]));
    this.finish(pts.length >= 3 ? { kind: 'polygon', points: pts.map((p) => ({ lat: p.lat, lon: p.lng })) } : null);
  };

  private redrawPolygon(cursor: L.LatLng | null): void {
    this.drawn?.remove();
    const pts = cursor ? [...this.points, cursor] : this.points;
    this.drawn = (pts.length >= 3 ? L.polygon(pts, style) : L.polyline(pts, style)).addTo(this.map!);
  }

  private finish(frame: FrameInput | null): void {
    const store = useDispatchStore();
    if (frame) {
      this.redrawFinal(frame);
      store.framed(frame);
    }
    this.cancel();
    if (!frame) this.clearDrawn();
  }

  private redrawFinal(frame: FrameInput): void {
    this.drawn?.remove();
    const map = this.map!;
    this.drawn = frame.kind === 'circle'
      ? L.circle([frame.center.lat, frame.center.lon], { ...style, radius: frame.radiusM })
      : frame.kind === 'rectangle'
        ? L.rectangle([[frame.south, frame.west], [frame.north, frame.east]], style)
        : L.polygon(frame.points.map((p) => [p.lat, p.lon] as [number, number]), style);
    this.drawn.addTo(map);
  }
}

export const frameTool: MapLayerContribution = (screen) => (screen === 'console' ? new FrameTool() : L.layerGroup());
