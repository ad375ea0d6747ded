import { describe, expect, it } from 'vitest';
import { isRequestAllowed } from './request-policy';

describe('isRequestAllowed', () => {
  it('allows our own pages and in-page data, and nothing else without a tile server', () => {
    for (const url of ['app://kuaifan/index.html', 'data:image/png;base64,AAAA', 'blob:app://kuaifan/1234', 'devtools://devtools/bundled/x.html']) expect(isRequestAllowed(url, '')).toBe(true);
    for (const url of ['https://tile.openstreetmap.org/1/0/0.png', 'http://127.0.0.1:5180/', 'file:///etc/passwd', 'not a url']) expect(isRequestAllowed(url, '')).toBe(false);
  });

  it('allows the configured tile server by origin, not by prefix', () => {
    const tiles = 'http://10.1.2.3:8080/tiles/{z}/{x}/{y}.png';
    expect(isRequestAllowed('http://10.1.2.3:8080/tiles/12/3/4.png', tiles)).toBe(true);
    expect(isRequestAllowed('http://10.1.2.3:8080.evil.example/tiles/12/3/4.png', tiles)).toBe(false);
    expect(isRequestAllowed('http://10.1.2.3:9090/tiles/12/3/4.png', tiles)).toBe(false);
  });

  it('does not throw on a bad stored tile URL; it allows nothing more', () => {
    for (const stored of ['not a url', 'http://', '{z}/{x}/{y}', 'javascript:alert(1)//{z}/{x}/{y}', 'file:///tiles/{z}/{x}/{y}.png']) {
      expect(() => isRequestAllowed('http://10.1.2.3/tiles/1/2/3.png', stored)).not.toThrow();
      expect(isRequestAllowed('http://10.1.2.3/tiles/1/2/3.png', stored)).toBe(false);
      expect(isRequestAllowed('app://kuaifan/index.html', stored)).toBe(true);
    }
  });
});
