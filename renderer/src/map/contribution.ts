// How another domain adds a layer to the hall's maps: a factory the map calls once per map it builds.
import type { Layer } from 'leaflet';

export type MapScreen = 'console' | 'wall';

/**
 * Called when a map is built; the layer is added to it and removed (onRemove) when the map goes away.
 * Write it as a Leaflet layer: build in onAdd (watch your store there), clean up in onRemove.
 */
export type MapLayerContribution = (screen: MapScreen) => Layer;
