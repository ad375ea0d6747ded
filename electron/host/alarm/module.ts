// The alarm as a host module: starts the service, serves its contract commands, events and /api/v1/alarm routes.
import type { DeviceConfig } from '../../../shared/domain/alarm/device-spec';
import type { HostContext, HostModule } from '../host-module';
import type { ApiRoute } from '../web/api-routes';
import { createAlarmService, type AlarmService } from './service';

export interface AlarmModuleOptions {
  /**
   * Devices given at startup (`--device`, kuaifan.json). When this is undefined the host is a one-shot tool
   * (an import, a report): it never opens a serial port, so it cannot fight the running hall for one.
   */
  devices?: readonly DeviceConfig[];
}

export interface AlarmModule extends HostModule {
  readonly service: AlarmService;
}

export const alarmRoutes: ApiRoute[] = [
  { method: 'GET', path: '/alarm', command: 'alarm.state', input: () => ({}), summary: 'The open alarm (or null), siren, lamp and every alarm device.' },
  { method: 'POST', path: '/alarm', command: 'alarm.trigger', input: (req) => req.body ?? {}, summary: '一键增援: sound the alarm; { "drill": true } for a drill.' },
];

/** Whether the queue has an incident of this id; the dispatch module owns the table, so a hall without it has none. */
function incidentLookup(db: HostContext['db']): (id: string) => boolean {
  let find: ((id: string) => unknown) | null = null;
  return (id) => {
    if (!find) {
      const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'incidents'").pluck().get() !== undefined;
      if (!hasTable) return false;
      const stmt = db.prepare<[string], number>('SELECT 1 FROM incidents WHERE id = ?').pluck();
      find = (i) => stmt.get(i);
    }
    return find(id) !== undefined;
  };
}

export function createAlarmModule(context: HostContext, opts: AlarmModuleOptions = {}): AlarmModule {
  const { router, clock, db, log, audit } = context;
  const service = createAlarmService({
    incidentExists: incidentLookup(db),
    db,
    clock,
    audit: audit.append,
    log,
    startupDevices: opts.devices ?? [],
    drivesHardware: opts.devices !== undefined,
  });
  service.onChange((e) => router.broadcast(e.name, e.payload));

  router.register({
    'alarm.state': () => service.state(),
    'alarm.trigger': (input, ctx) =>
      service.trigger({
        source: ctx.connection.transport === 'http' ? 'api' : 'console',
        actor: ctx.actor,
        drill: input.drill,
        drillMode: input.drillMode,
        incidentId: input.incidentId,
      }),
    'alarm.muster': (_input, ctx) => service.muster(ctx.actor),
    'alarm.silence': (_input, ctx) => service.silence(ctx.actor),
    'alarm.close': (input, ctx) => service.close(ctx.actor, input.note),
    'alarm.testSiren': (input, ctx) => service.testSiren(ctx.actor, { deviceId: input.deviceId, ms: input.ms }),
    'alarm.devices': () => service.devices(),
    'alarm.frames': (input) => service.frames(input.deviceId),
    'alarm.ports': () => service.ports(),
    'alarm.config': () => service.config(),
    'alarm.configure': (input, ctx) => service.configure(ctx.actor, input),
    'alarm.saveDevice': (input, ctx) => service.saveDevice(ctx.actor, input.device),
    'alarm.removeDevice': (input, ctx) => service.removeDevice(ctx.actor, input.id),
  });
  service.start();

  return {
    name: 'alarm',
    service,
    routes: alarmRoutes,
    devices: () => service.devices().map((d) => ({ id: d.id, kind: d.kind, path: d.path, state: d.state, since: d.since })),
    close: () => service.dispose(),
  };
}
