// Parameters a screen is opened with (?token=, ?lang=, ?tabs=), read from before or after the # of the URL.

/** `?x=` before the hash (how Electron and `kuaifan serve` links put it), else `#/view?x=` after it. */
export function pageParam(name: string, loc: Pick<Location, 'search' | 'hash'> = window.location): string | null {
  const before = new URLSearchParams(loc.search).get(name);
  if (before !== null) return before;
  const q = loc.hash.indexOf('?');
  return q >= 0 ? new URLSearchParams(loc.hash.slice(q + 1)).get(name) : null;
}

const TOKEN_KEY = 'kuaifan.token';

/**
 * The screen's access token: from ?token= (then kept in sessionStorage so a reload works, and taken out of
 * the address bar so it does not show on a wall or in a screenshot), else the one kept earlier. Null means
 * the host's HttpOnly cookie (set when the page was first opened with ?token=) has to do.
 */
export function takeScreenToken(win: Window = window): string | null {
  const fromUrl = pageParam('token', win.location);
  if (fromUrl) {
    try {
      win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // storage may be disabled; the cookie still carries the token
    }
    const url = new URL(win.location.href);
    url.searchParams.delete('token');
    const hashQ = url.hash.indexOf('?');
    if (hashQ >= 0) {
      const params = new URLSearchParams(url.hash.slice(hashQ + 1));
      params.delete('token');
      url.hash = url.hash.slice(0, hashQ) + (params.size ? `?${params}` : '');
    }
    win.history.replaceState(win.history.state, '', url.toString());
    return fromUrl;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/**
 * ws(s)://this-host/ws?… for a page served by `kuaifan serve`: its token, and GPS batches as binary frames
 * (shared/contract/position-frame.ts), which the page reads without parsing 100 KB of JSON a second.
 */
export function wsUrlFor(loc: Pick<Location, 'protocol' | 'host'>, token: string | null): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = new URLSearchParams(token ? { token, positions: 'binary' } : { positions: 'binary' });
  return `${scheme}//${loc.host}/ws?${query}`;
}
