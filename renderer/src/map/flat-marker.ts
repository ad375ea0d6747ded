// A Leaflet marker placed with a 2D transform. Leaflet places markers with translate3d, which makes every marker
// its own compositor layer, and every frame (a countdown ticking, the unit canvas redrawn) pays to layerize and
// commit all of them (open incidents, the most numerous, are badges in one SVG instead: dispatch/incident-layer.ts). A 2D translate paints the markers
// into their pane's layer instead; the map pane itself still pans and zooms on the compositor.
import L from 'leaflet';

type Positioned = HTMLElement & { _leaflet_pos?: L.Point };

function place(el: Positioned, pos: L.Point): void {
  el._leaflet_pos = pos; // what L.DomUtil.getPosition reads (dragging, zoom animation)
  el.style.transform = `translate(${pos.x}px, ${pos.y}px)`;
}

const FlatMarkerClass = L.Marker.extend({
  _setPos(this: L.Marker & { _icon?: Positioned; _shadow?: Positioned; _zIndex: number; _resetZIndex(): void }, pos: L.Point) {
    if (this._icon) place(this._icon, pos);
    if (this._shadow) place(this._shadow, pos);
    this._zIndex = pos.y + (this.options.zIndexOffset ?? 0);
    this._resetZIndex();
  },
}) as unknown as new (latlng: L.LatLngExpression, options?: L.MarkerOptions) => L.Marker;

/** L.marker, positioned without a compositor layer per marker. */
export function flatMarker(latlng: L.LatLngExpression, options?: L.MarkerOptions): L.Marker {
  return new FlatMarkerClass(latlng, options);
}
