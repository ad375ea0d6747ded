// An imported MBTiles file served as a raster layer; MBTiles is SQLite, rows stored in TMS order.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { HallError } from '../../../shared/contract/errors';
import type { TileInfo } from '../../../shared/contract/system';

export function createTileStore(dataDir: string) {
  const file = join(dataDir, 'tiles.mbtiles');
  let db: Database.Database | null = null;
  let info: TileInfo = { available: false };

  function open(): void {
    db?.close();
    db = null;
    info = { available: false };
    if (!existsSync(file)) return;
    db = new Database(file, { readonly: true, fileMustExist: true });
    info = describe(db);
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
      db?.close();
      db = null;
      copyFileSync(path, `${file}.new`);
      renameSync(`${file}.new`, file);
      open();
      return info;
    },

    close(): void {
      db?.close();
      db = null;
    },
  };
}

export type TileStore = ReturnType<typeof createTileStore>;
