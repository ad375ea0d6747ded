// A one-tile MBTiles file for the import tests: PNG tiles, zooms 12-14, one tile at XYZ 12/3210/1234.
import Database from 'better-sqlite3';

/** The fixture's one tile: a 1 × 1 PNG. */
export const FIXTURE_PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

export function writeTestMbtiles(file: string): void {
  const db = new Database(file);
  db.exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);');
  db.prepare('INSERT INTO metadata VALUES (?, ?)').run('format', 'png');
  db.prepare('INSERT INTO metadata VALUES (?, ?)').run('minzoom', '12');
  db.prepare('INSERT INTO metadata VALUES (?, ?)').run('maxzoom', '14');
  // TMS row order: XYZ y=1234 at zoom 12 is stored as row 4095-1234.
  db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)').run(12, 3210, 4095 - 1234, FIXTURE_PNG);
  db.close();
}
