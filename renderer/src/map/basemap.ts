// The basemap layer for a choice: a raster tile layer, or the offline road network.
import L from 'leaflet';
import type { RoadFeature } from '@shared/contract/mapdata';
import { RoadNetworkLayer } from './road-network-layer';
import type { BasemapChoice } from './basemap-choice';

export function basemapLayer(choice: BasemapChoice, roads: readonly RoadFeature[], widthScale: number): L.Layer {
  switch (choice.kind) {
    case 'url':
      return L.tileLayer(choice.url, { pane: 'kf-basemap', maxZoom: 19, crossOrigin: false });
    case 'mbtiles': {
      const { minZoom, maxZoom, bounds } = choice.info;
      return L.tileLayer(choice.url, {
        pane: 'kf-basemap',
        minNativeZoom: minZoom,
        maxNativeZoom: maxZoom,
        maxZoom: 19,
        bounds: bounds ? L.latLngBounds([bounds[1], bounds[0]], [bounds[3], bounds[2]]) : undefined,
      });
    }
    case 'vector':
      return new RoadNetworkLayer(roads, { widthScale });
  }
}
