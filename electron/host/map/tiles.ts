// An imported MBTiles file served as a raster layer; MBTiles is SQLite, rows stored in TMS order.
// Each import is a new file (tiles-<ms>.mbtiles) and the newest wins, so an import never has to replace a file a
// running hall holds open (Windows refuses that); older files are removed once nobody holds them.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HallError } from '../../../shared/contract/errors';
import type { TileInfo } from '../../../shared/contract/system';

const TILE_FILE = /^tiles(?:-(\d+))?\.mbtiles$/;

/** The basemap files in the folder, newest first (tiles.mbtiles, from before numbered files, is the oldest). */
function tileFiles(dataDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  return readdirSync(dataDir)
    .map((name) => ({ name, m: TILE_FILE.exec(name) }))
    .filter((f) => f.m !== null)
    .sort((a, b) => Number(b.m![1] ?? 0) - Number(a.m![1] ?? 0))
    .map((f) => f.name);
}

export function createTileStore(dataDir: string, opts: { onImported?: (file: string) => void } = {}) {
  let file: string | null = null;
  let db: Database.Database | null = null;
  let info: TileInfo = { available: false };

  /** Opens the newest basemap file when it is not the open one; true when the basemap changed. */
  function open(): boolean {
    const newest = tileFiles(dataDir)[0] ?? null;
    const path = newest === null ? null : join(dataDir, newest);
    if (path === file && (db !== null || path === null)) return false;
    db?.close();
    db = null;
    file = path;
    info = { available: false };
    if (path === null) return true;
    db = new Database(path, { readonly: true, fileMustExist: true });
    info = { ...describe(db), version: TILE_FILE.exec(newest!)![1] ?? '0' };
    removeOlder();
    return true;
  }

  /** Older basemap files; one still open in another process (Windows) stays until a later open or import. */
  function removeOlder(): void {
    for (const name of tileFiles(dataDir).slice(1)) {
      try {
        rmSync(join(dataDir, name), { force: true });
      } catch {
        // held open elsewhere; removed next time
      }
    }
  }

  function describe(d: Database.Database): TileInfo {
    const meta = Object.fromEntries(
      d.prepare<[], { name: string; value: string }>('SELECT name, value FROM metadata').all().map((r) => [r.name, r.value]),
    );
    const bounds = meta.bounds?.split(',').map(Number);
    return {
      available: true,
      format: meta.format ?? 'png',
      minZoom: meta.minzoom ? Number(meta.minzoom) : undefined,
      maxZoom: meta.maxzoom ? Number(meta.maxzoom) : undefined,
      bounds: bounds && bounds.length === 4 && bounds.every(Number.isFinite) ? (bounds as [number, number, number, number]) : undefined,
    };
  }

  open();

  return {
    info: (): TileInfo => info,

    /** Returns the tile bytes for XYZ coordinates, or null when the file has no such tile. */
    tile(z: number, x: number, y: number): { bytes: Buffer; contentType: string } | null {
      if (!db) return null;
      const row = db
        .prepare<[number, number, number], { tile_data: Buffer }>('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?')
        .get(z, x, (1 << z) - 1 - y);
      if (!row) return null;
      return { bytes: row.tile_data, contentType: info.format === 'jpg' || info.format === 'jpeg' ? 'image/jpeg' : info.format === 'webp' ? 'image/webp' : 'image/png' };
    },

    /** Checks the file is a readable raster MBTiles, then copies it into the data folder. */
    importFile(path: string): TileInfo {
      let probe: Database.Database;
      try {
        probe = new Database(path, { readonly: true, fileMustExist: true });
      } catch (err) {
        throw new HallError('BAD_INPUT', `${path} cannot be opened as an MBTiles (SQLite) file: ${(err as Error).message}`);
      }
      try {
        const tables = new Set(probe.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table','view')").all().map((r) => r.name));
        if (!tables.has('metadata') || !tables.has('tiles')) {
          throw new HallError('BAD_INPUT', `${path} is SQLite but not MBTiles: it needs 'metadata' and 'tiles' tables.`);
        }
        const d = describe(probe);
        if (d.format === 'pbf') throw new HallError('BAD_INPUT', `${path} holds vector tiles (pbf); Kuaifan shows raster MBTiles (png/jpg/webp).`);
      } finally {
        probe.close();
      }
      let stamp = Date.now();
      const newest = TILE_FILE.exec(tileFiles(dataDir)[0] ?? '');
      if (newest && Number(newest[1] ?? 0) >= stamp) stamp = Number(newest[1]) + 1;
      const target = join(dataDir, `tiles-${stamp}.mbtiles`);
      copyFileSync(path, `${target}.new`);
      renameSync(`${target}.new`, target);
      open();
      opts.onImported?.(target);
      return info;
    },

    /** Follows an import made by another process; true when the basemap changed. */
    reload: (): boolean => open(),

    /** The basemap file in use, or null. */
    file: (): string | null => file,

    close(): void {
      db?.close();
      db = null;
    },
  };
}

export type TileStore = ReturnType<typeof createTileStore>;
