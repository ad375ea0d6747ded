// Reads and writes the geo module's rows: edited travel tables and point staffing (callers wrap writes with their audit row).
import { CongestionTable } from '../../../shared/domain/geo/congestion';
import { SpeedTable } from '../../../shared/domain/geo/speed-table';
import type { HallDatabase } from '../db/open';
import type { Logger } from '../logging/logger';

export interface StoredTable<T> {
  value: T;
  updatedAt: number;
  updatedBy: string;
}

export function createGeoStore(db: HallDatabase, log: Logger) {
  const readTable = db.prepare<[string], { value: string; updated_at: number; updated_by: string }>('SELECT value, updated_at, updated_by FROM geo_travel_tables WHERE name = ?');
  const writeTable = db.prepare('INSERT INTO geo_travel_tables (name, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by');
  const clearTable = db.prepare('DELETE FROM geo_travel_tables WHERE name = ?');
  const allTables = db.prepare<[], { name: string; value: string; updated_at: number }>('SELECT name, value, updated_at FROM geo_travel_tables ORDER BY name');
  const readStaffing = db.prepare<[], { rr_point_id: string; staffed: number }>('SELECT rr_point_id, staffed FROM geo_rr_staffing');
  const writeStaffing = db.prepare('INSERT INTO geo_rr_staffing (rr_point_id, staffed, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT(rr_point_id) DO UPDATE SET staffed = excluded.staffed, updated_at = excluded.updated_at, updated_by = excluded.updated_by');

  // A stored table that no longer validates (hand-edited database, older build) falls back to the default, loudly.
  function table<T>(name: 'speed' | 'congestion', schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): StoredTable<T> | null {
    const row = readTable.get(name);
    if (!row) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(row.value);
    } catch {
      raw = undefined;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      log.error(`stored ${name} table is not valid; using the built-in default until it is saved again`, { updatedAt: row.updated_at });
      return null;
    }
    return { value: parsed.data, updatedAt: row.updated_at, updatedBy: row.updated_by };
  }

  return {
    speedTable: (): StoredTable<SpeedTable> | null => table('speed', SpeedTable),
    congestionTable: (): StoredTable<CongestionTable> | null => table('congestion', CongestionTable),
    /** `null` puts the built-in default back. */
    saveTable(name: 'speed' | 'congestion', value: unknown, at: number, by: string): void {
      if (value === null) clearTable.run(name);
      else writeTable.run(name, JSON.stringify(value), at, by);
    },
    /** Changes whenever either table is saved or reset, by this process or another (kuaifan travel tables set). */
    tablesStamp(): string {
      return JSON.stringify(allTables.all());
    },
    staffing(): Map<string, boolean> {
      return new Map(readStaffing.all().map((r) => [r.rr_point_id, r.staffed === 1]));
    },
    saveStaffing(rrPointId: string, staffed: boolean, at: number, by: string): void {
      writeStaffing.run(rrPointId, staffed ? 1 : 0, at, by);
    },
  };
}

export type GeoStore = ReturnType<typeof createGeoStore>;
