// Which frames may talk to the host over IPC: only our own pages, loaded from app://kuaifan/.
export const APP_ORIGIN = 'app://kuaifan';

export function isTrustedFrameUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'app:' && u.host === 'kuaifan';
  } catch {
    return false;
  }
}
