// Tells a running hall that another process (`kuaifan import`) replaced the map or the basemap: a counter in
// SQLite, bumped after the files are in place and polled by the host. Polling, because fs.watch misses changes
// on some filesystems (network shares, some container mounts). The row lives in the settings key/value table,
// whose settings store reads only the keys it knows.
import type { HallDatabase } from '../db/open';

const KEY = 'map.generation';

interface Stamp {
  n: number;
  source: string;
}

export function createMapGeneration(db: HallDatabase) {
  const read = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const stamp = (): Stamp => {
    const row = read.get(KEY);
    if (!row) return { n: 0, source: '' };
    try {
      const s = JSON.parse(row.value) as Partial<Stamp>;
      return { n: Number(s.n) || 0, source: String(s.source ?? '') };
    } catch {
      return { n: 0, source: '' };
    }
  };
  let seen = stamp().n;
  const bump = db.transaction((source: string): number => {
    const n = stamp().n + 1;
    write.run(KEY, JSON.stringify({ n, source }));
    return n;
  });

  return {
    /** Records a change this process made (its own listeners already know). */
    bump(source: string): void {
      seen = bump.immediate(source);
    },
    /** The change another process made since the last look, once; null when there is none. */
    changedElsewhere(): Stamp | null {
      const now = stamp();
      if (now.n === seen) return null;
      seen = now.n;
      return now;
    },
  };
}

export type MapGeneration = ReturnType<typeof createMapGeneration>;
