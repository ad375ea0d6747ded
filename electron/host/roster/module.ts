// The roster host module: contract handlers, /api/v1/roster routes, the change feed and the shift-boundary timer.
import { join } from 'node:path';
import type { HostContext, HostModule } from '../host-module';
import type { TimerHandle } from '../clock';
import type { ApiRoute } from '../web/api-routes';
import { createRosterService, type RosterService } from './service';
import type { RosterUnit, UnitCrewNow } from './unit-crews';

export interface RosterModuleOptions {
  /** Create the sample roster on first start when the roster is empty (default true). */
  seedSample?: boolean;
}

/** The roster as dispatch's crew source: crews by unit at an instant, and a call when they may have changed. */
export interface RosterCrewSource {
  crewAt(at: number): ReadonlyMap<string, UnitCrewNow>;
  /** Called at every shift boundary and after every roster edit; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

export interface RosterModule extends HostModule {
  readonly service: RosterService;
  readonly crew: RosterCrewSource;
}

/** Longest the boundary timer sleeps before looking again (picks up edits made by another process, e.g. the CLI). */
const MAX_SLEEP_MS = 15 * 60_000;

const numberParam = (q: URLSearchParams, name: string): number | undefined => (q.has(name) ? Number(q.get(name)) : undefined);

export const rosterRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/roster/on-duty',
    command: 'roster.onDuty',
    input: (req) => (req.query.has('at') ? { at: req.query.get('at') } : {}),
    summary: 'Who is on duty at ?at=ISO (default now): the same JSON as `kuaifan roster on-duty --json`.',
  },
  {
    method: 'GET',
    path: '/roster/check',
    command: 'roster.check',
    input: (req) => ({ ...(req.query.has('from') ? { from: req.query.get('from') } : {}), ...(req.query.has('days') ? { days: numberParam(req.query, 'days') } : {}) }),
    summary: 'Rule violations from ?from= (default today) for ?days= (default 14).',
  },
  {
    method: 'GET',
    path: '/roster/gaps',
    command: 'roster.gaps',
    input: (req) => ({ ...(req.query.has('from') ? { from: req.query.get('from') } : {}), ...(req.query.has('days') ? { days: numberParam(req.query, 'days') } : {}) }),
    summary: 'Shifts below a staffing, leader or armed-squad minimum over the next ?days= (default 14).',
  },
];

export function createRosterModule(context: HostContext, opts: RosterModuleOptions = {}): RosterModule {
  const { clock, router, log } = context;
  const service = createRosterService({
    db: context.db,
    clock,
    audit: context.audit.append,
    zone: () => context.settings.get().hallZone,
    holidaysDir: join(context.resourcesDir, 'holidays'),
    log,
    units: (): RosterUnit[] => context.map.get().data.units.features.map((f) => ({ id: f.properties.id, callsign: f.properties.callsign, kind: f.properties.kind })),
  });
  if (opts.seedSample !== false) {
    try {
      if (service.seedSampleIfEmpty()) log.info('sample roster created (示例)', {});
      else if (service.seedSampleUnitsIfMissing()) log.info('sample officers put on the sample units (示例车组)', {});
    } catch (err) {
      log.error('sample roster not created', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  router.register({
    'roster.onDuty': (input) => service.onDuty(input.at),
    'roster.onDutyNow': () => service.onDutyNow(),
    'roster.config': () => service.config(),
    'roster.view': (input) => service.view(input.from, input.to),
    'roster.schedule': (input) => service.schedule(input),
    'roster.check': (input) => service.check(input),
    'roster.gaps': (input) => service.gaps(input),
    'roster.exceptions': (input) => service.exceptions(input),
    'roster.history': (input) => service.history(input),
    'roster.export': (input) => service.exportRoster(input),
    'roster.import.preview': (input) => service.importPreview(input),
    'roster.import.apply': (input, ctx) => service.importApply(input, ctx.actor),
    'roster.officer.save': (input, ctx) => service.saveOfficer(input, ctx.actor),
    'roster.officer.moveCrew': (input, ctx) => service.moveCrew(input, ctx.actor),
    'roster.officer.setUnit': (input, ctx) => service.setUnit(input, ctx.actor),
    'roster.crew.save': (input, ctx) => service.saveCrew(input, ctx.actor),
    'roster.rotation.set': (input, ctx) => service.setRotation(input, ctx.actor),
    'roster.pattern.save': (input, ctx) => service.savePattern(input, ctx.actor),
    'roster.shift.set': (input, ctx) => service.setShift(input, ctx.actor),
    'roster.rules.set': (input, ctx) => service.setRules(input, ctx.actor),
    'roster.exception.add': (input, ctx) => service.addException(input, ctx.actor),
    'roster.exception.revoke': (input, ctx) => service.revokeException(input, ctx.actor),
    'roster.exception.restore': (input, ctx) => service.restoreException(input, ctx.actor),
    'roster.holidays.load': (input, ctx) => service.loadHolidays(input.file, ctx.actor),
  });

  // The on-duty pane switches by itself: a timer set for the next computed shift start or end.
  let timer: TimerHandle | null = null;
  let closed = false;
  const crewListeners = new Set<() => void>();
  const crewsMayHaveChanged = (): void => {
    for (const l of crewListeners) {
      try {
        l();
      } catch (err) {
        log.error('crew change listener failed', { error: err instanceof Error ? err.message : String(err) });
      }
    }
  };
  function scheduleBoundary(): void {
    if (closed) return;
    if (timer) clock.clearTimeout(timer);
    const now = clock.now();
    let next: number | null = null;
    try {
      next = service.nextBoundaryAfter(now);
    } catch (err) {
      log.warn('roster boundary not computed', { error: err instanceof Error ? err.message : String(err) });
    }
    const wait = next === null ? MAX_SLEEP_MS : Math.min(next - now, MAX_SLEEP_MS);
    timer = clock.setTimeout(() => {
      timer = null;
      if (next !== null && clock.now() >= next) {
        try {
          router.broadcast('roster.shiftChanged', service.onDutyNow(clock.now()));
        } catch (err) {
          log.error('roster.shiftChanged failed', { error: err instanceof Error ? err.message : String(err) });
        }
        crewsMayHaveChanged();
      }
      scheduleBoundary();
    }, wait);
  }
  const stopFeed = service.onChange((change) => {
    router.broadcast('roster.changed', change);
    scheduleBoundary();
    crewsMayHaveChanged();
  });
  scheduleBoundary();

  return {
    name: 'roster',
    service,
    crew: {
      crewAt: (at) => service.crewAt(at),
      onChange(listener) {
        crewListeners.add(listener);
        return () => crewListeners.delete(listener);
      },
    },
    routes: rosterRoutes,
    close() {
      closed = true;
      stopFeed();
      crewListeners.clear();
      if (timer) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
