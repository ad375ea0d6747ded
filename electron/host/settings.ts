// Hall settings kept in SQLite (language, tile source, the hall's time zone).
import { HallSettings } from '../../shared/contract/system';
import type { HallDatabase } from './db/open';

export const defaultSettings: HallSettings = { lang: 'zh-CN', tileUrl: '', hallZone: 'Asia/Shanghai' };

export function createSettingsStore(db: HallDatabase) {
  const read = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  const write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  function get(): HallSettings {
    const stored: Record<string, unknown> = {};
    for (const r of read.all()) stored[r.key] = JSON.parse(r.value) as unknown;
    const merged = HallSettings.safeParse({ ...defaultSettings, ...stored });
    return merged.success ? merged.data : defaultSettings;
  }
  function set(patch: Partial<HallSettings>): HallSettings {
    db.transaction(() => {
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) write.run(k, JSON.stringify(v));
    })();
    return get();
  }
  return { get, set };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
