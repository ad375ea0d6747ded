// Composition root of the hall host: opens the database, loads the map, and serves the contract. Plain Node.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pkg from '../../package.json';
import type { Role } from '../../shared/contract/define';
import { HallError } from '../../shared/contract/errors';
import type { Operator, SessionState, SignedIn } from '../../shared/contract/system';
import type { InvokeResult } from '../../shared/contract/wire';
import { createSystemClock, type Clock } from './clock';
import { openDatabase, type HallDatabase } from './db/open';
import { migrations } from './db/migrations';
import { lockDataFolder, type DataFolderLock } from './db/lock';
import { createAuditLog, type AuditLog } from './audit/audit-log';
import { createOperatorAccounts, type OperatorAccounts } from './operators/accounts';
import { createOperatorSessions } from './operators/sessions';
import { createContractRouter, effectiveRole, type Connection, type ContractRouter, type Transport } from './contract-router';
import { createLogger, type Logger } from './logging/logger';
import { createSettingsStore, type SettingsStore } from './settings';
import { createMapStore, type MapStore } from './map/map-store';
import { createTileStore, type TileStore } from './map/tiles';
import { createMapGeneration } from './map/generation';
import { findAppRoot } from './paths';
import type { DeviceStatus, HostContext, HostModule } from './host-module';
import { foundationRoutes, type ApiRoute } from './web/api-routes';
import { createDispatchModule } from './dispatch/module';
import { createGeoModule } from './geo/geo-module';
import { connectGeoToDispatch } from './geo/dispatch-bridge';
import { createAlarmModule } from './alarm/module';
import { createRosterModule } from './roster/module';
import { createBackupModule } from './db/backup-module';
import type { DeviceConfig } from '../../shared/domain/alarm/device-spec';

export interface HallHostOptions {
  dataDir: string;
  clock?: Clock;
  /** Folder holding demo/ and the other bundled resources; found next to the app when omitted. */
  resourcesDir?: string;
  log?: Logger;
  /** Alarm devices from --device / kuaifan.json. Given (even empty), the host drives the alarm hardware; omit it in one-shot tools. */
  devices?: readonly DeviceConfig[];
  /** Renders a print view (a hash route such as /roster/print/2026-12) to PDF; the Electron shell supplies it. */
  printer?: HallPrinter;
  /**
   * Holds the data-folder lock so a second hall (serve beside the desktop app) refuses to start on the same folder.
   * Defaults to true for a host that drives the hall (devices given: serve, the desktop app) and false for
   * one-shot tools (import, roster), which must run beside a running hall.
   */
  exclusive?: boolean;
  /** How often (ms) the host looks for a map imported by another process (default 1500). */
  mapPollMs?: number;
}

export type HallPrinter = (hashRoute: string) => Promise<Uint8Array>;

export type { DeviceStatus };

export interface HallHost {
  readonly version: string;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly db: HallDatabase;
  readonly log: Logger;
  readonly audit: AuditLog;
  readonly accounts: OperatorAccounts;
  readonly settings: SettingsStore;
  readonly map: MapStore;
  readonly tiles: TileStore;
  readonly router: ContractRouter;
  /** Opens a connection for a window, a WebSocket client or an HTTP request. */
  connect(opts: { transport: Transport; ceiling: Role; principal: string; deliver?: (event: string, payload: unknown) => void }): HostConnection;
  /** The domain modules running in this host, in start order. */
  readonly modules: readonly HostModule[];
  /** Every integration API route: the foundation's and each module's. */
  apiRoutes(): ApiRoute[];
  /** Device states for health, from every module that drives hardware. */
  devices(): DeviceStatus[];
  uptimeS(): number;
  close(): Promise<void>;
}

export interface HostConnection {
  readonly connection: Connection;
  invoke(command: unknown, input: unknown): Promise<InvokeResult>;
  close(): void;
}

export function createHallHost(opts: HallHostOptions): HallHost {
  const clock = opts.clock ?? createSystemClock();
  mkdirSync(opts.dataDir, { recursive: true });
  const lock = (opts.exclusive ?? opts.devices !== undefined)
    ? lockDataFolder(opts.dataDir, process.versions.electron ? 'the Kuaifan desktop app' : 'a Kuaifan hall (kuaifan serve)')
    : null;
  try {
    return startHallHost(opts, clock, lock);
  } catch (err) {
    lock?.release();
    throw err;
  }
}

function startHallHost(opts: HallHostOptions, clock: Clock, lock: DataFolderLock | null): HallHost {
  const log = opts.log ?? createLogger({ file: join(opts.dataDir, 'kuaifan.log') });
  const resourcesDir = opts.resourcesDir ?? join(findAppRoot(), 'resources');
  const db = openDatabase(join(opts.dataDir, 'kuaifan.db'), migrations);
  const audit = createAuditLog(db, clock);
  const accounts = createOperatorAccounts(db, clock, audit.append);
  const sessions = createOperatorSessions(db, clock);
  const settings = createSettingsStore(db);
  const router = createContractRouter(log);
  // Imports made here bump the generation; the poll below picks up those made by `kuaifan import` elsewhere.
  const mapGeneration = createMapGeneration(db);
  const map = createMapStore({ dataDir: opts.dataDir, resourcesDir, log, onImported: (source) => mapGeneration.bump(source) });
  const tiles = createTileStore(opts.dataDir, {
    onImported: (file) => {
      mapGeneration.bump(file);
      router.broadcast('map.changed', { source: file });
    },
  });
  map.onChange((change) => {
    log.info('map replaced', { source: change.source, layers: change.layers });
    router.broadcast('map.changed', { source: change.source });
  });
  const followImports = (): void => {
    let stamp: ReturnType<typeof mapGeneration.changedElsewhere>;
    try {
      stamp = mapGeneration.changedElsewhere();
    } catch (err) {
      log.warn('cannot look for a map imported elsewhere; trying again', { error: (err as Error).message });
      return;
    }
    if (!stamp) return;
    try {
      map.reload();
    } catch (err) {
      log.error('the map imported by another process cannot be loaded; the current map stays', { source: stamp.source, error: (err as Error).message });
    }
    try {
      if (tiles.reload()) router.broadcast('map.changed', { source: tiles.file() ?? 'tiles' });
    } catch (err) {
      log.error('the basemap imported by another process cannot be opened', { source: stamp.source, error: (err as Error).message });
    }
  };
  const startedAt = clock.now();
  const context: HostContext = { dataDir: opts.dataDir, resourcesDir, clock, db, log, audit, router, settings, map };
  // Domain modules, in dependency order; each registers its own handlers on the router.
  const modules: HostModule[] = [];
  const geo = createGeoModule(context);
  const roster = createRosterModule(context);
  const dispatch = createDispatchModule(context, { eta: geo.eta, crew: roster.crew });
  connectGeoToDispatch(geo, dispatch.service, router);
  modules.push(geo, roster, dispatch);
  modules.push(createAlarmModule(context, { devices: opts.devices }));
  modules.push(createBackupModule(context));
  const devices = (): DeviceStatus[] => modules.flatMap((m) => m.devices?.() ?? []);

  const sessionOf = (c: Connection): SessionState => ({
    setupNeeded: accounts.needsSetup(),
    operator: c.operator,
    role: effectiveRole(c),
    connectionRole: c.ceiling,
  });

  const signInAs = (c: Connection, op: Operator): SignedIn => {
    c.operator = op;
    c.resumeToken = sessions.issue(op.id);
    return { ...sessionOf(c), resumeToken: c.resumeToken };
  };

  const signInAllowed = (c: Connection, role: 'commander' | 'watch' | 'admin'): boolean =>
    c.ceiling === 'admin' || role === 'admin' || c.ceiling === role;

  router.register({
    'system.health': () => ({
      name: 'kuaifan' as const,
      version: pkg.version,
      uptimeS: Math.round((clock.now() - startedAt) / 1000),
      dataDir: opts.dataDir,
      sampleData: map.get().data.meta.sample,
      devices: devices(),
      now: new Date(clock.now()).toISOString(),
    }),
    'session.status': (_input, ctx) => sessionOf(ctx.connection),
    'session.setupAdmin': (input, ctx) => signInAs(ctx.connection, accounts.setupAdmin(input)),
    'session.signIn': (input, ctx) => {
      const op = accounts.signIn(input.policeNo, input.pin);
      if (!signInAllowed(ctx.connection, op.role)) {
        throw new HallError('FORBIDDEN', `${op.name} is a ${op.role} account; this screen's token allows ${ctx.connection.ceiling} only.`);
      }
      return signInAs(ctx.connection, op);
    },
    'session.resume': (input, ctx) => {
      const id = sessions.operatorOf(input.resumeToken);
      const op = id === null ? null : accounts.byId(id);
      if (!op || !signInAllowed(ctx.connection, op.role)) {
        throw new HallError('UNAUTHENTICATED', 'The saved sign-in has ended (signed out, expired after 14 h, or from another screen); sign in again.');
      }
      ctx.connection.operator = op;
      ctx.connection.resumeToken = input.resumeToken;
      return sessionOf(ctx.connection);
    },
    'session.signOut': (_input, ctx) => {
      if (ctx.connection.operator) {
        const who = ctx.actor;
        db.transaction(() => audit.append({ actor: who, action: 'operator.signOut', subject: ctx.connection.operator!.policeNo, detail: null }))();
      }
      if (ctx.connection.resumeToken) sessions.revoke(ctx.connection.resumeToken);
      ctx.connection.operator = null;
      ctx.connection.resumeToken = null;
      return sessionOf(ctx.connection);
    },
    'operators.list': () => accounts.list(),
    'operators.create': (input, ctx) => accounts.create(input, ctx.actor),
    'settings.get': () => settings.get(),
    'settings.set': (input, ctx) => {
      const next = db.transaction(() => {
        audit.append({ actor: ctx.actor, action: 'settings.set', subject: 'settings', detail: input });
        return settings.set(input);
      })();
      router.broadcast('settings.changed', next);
      return next;
    },
    'map.get': () => map.get().data,
    'map.tiles': () => tiles.info(),
    'print.pdf': async (input, ctx) => {
      if (!opts.printer) {
        throw new HallError('UNAVAILABLE', 'Printing to PDF needs the desktop app; in a browser use its print (Ctrl+P), which the page lays out as A4 landscape.');
      }
      const pdf = await opts.printer(`/roster/print/${input.month}`);
      const dir = join(opts.dataDir, 'prints');
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `值班表-${input.month}.pdf`);
      writeFileSync(path, pdf);
      db.transaction(() => audit.append({ actor: ctx.actor, action: 'print.pdf', subject: input.month, detail: { path, bytes: pdf.length } }))();
      return { path, bytes: pdf.length };
    },
  });

  const importPoll = setInterval(followImports, opts.mapPollMs ?? 1500);
  importPoll.unref();

  return {
    version: pkg.version,
    dataDir: opts.dataDir,
    clock,
    db,
    log,
    audit,
    accounts,
    settings,
    map,
    tiles,
    router,
    connect({ transport, ceiling, principal, deliver }) {
      const connection: Connection = {
        id: randomUUID(),
        transport,
        ceiling,
        principal,
        operator: null,
        resumeToken: null,
        deliver: deliver ?? (() => undefined),
      };
      if (deliver) router.attach(connection);
      return {
        connection,
        async invoke(command, input) {
          const before = connection.operator;
          const result = await router.invoke(connection, command, input);
          if (connection.operator !== before) connection.deliver('session.changed', sessionOf(connection));
          return result;
        },
        close: () => router.detach(connection.id),
      };
    },
    modules,
    apiRoutes: () => [...foundationRoutes, ...modules.flatMap((m) => m.routes ?? [])],
    devices,
    uptimeS: () => (clock.now() - startedAt) / 1000,
    async close() {
      clearInterval(importPoll);
      for (const m of [...modules].reverse()) await m.close?.();
      tiles.close();
      db.close();
      lock?.release();
    },
  };
}
