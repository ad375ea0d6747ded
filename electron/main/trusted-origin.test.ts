import { describe, expect, it } from 'vitest';
import { isTrustedFrameUrl } from './trusted-origin';

describe('isTrustedFrameUrl', () => {
  it('accepts our own pages only', () => {
    expect(isTrustedFrameUrl('app://kuaifan/index.html#/console')).toBe(true);
    for (const url of ['file:///etc/passwd', 'http://127.0.0.1:5180/', 'https://kuaifan/', 'app://evil/index.html', 'app://kuaifan.evil/', '', null, undefined, 'not a url']) {
      expect(isTrustedFrameUrl(url)).toBe(false);
    }
  });
});
