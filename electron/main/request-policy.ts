// Which requests the desktop app's pages may make: our own protocol and in-page data, plus the configured tile server's origin.
import { tileUrlOrigin } from '../../shared/contract/system';

const ownSchemes = ['app:', 'devtools:', 'data:', 'blob:'];

/** Never throws: a tile URL stored before it was checked (or edited in the database) just allows nothing more. */
export function isRequestAllowed(url: string, tileUrl: string): boolean {
  if (ownSchemes.some((scheme) => url.startsWith(scheme))) return true;
  const origin = tileUrl ? tileUrlOrigin(tileUrl) : null;
  if (origin === null || !URL.canParse(url)) return false;
  return new URL(url).origin === origin;
}
