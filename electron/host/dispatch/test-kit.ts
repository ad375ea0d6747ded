// Test helpers for dispatch: a real hall host on a temp data folder with a fake clock, and typed contract calls.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandInput, CommandName, CommandOutput } from '../../../shared/contract';
import type { HallErrorBody } from '../../../shared/contract/errors';
import { createFakeClock, type FakeClock } from '../clock';
import { createHallHost, type HallHost } from '../hall-host';
import type { Logger } from '../logging/logger';
import type { DispatchModule } from './module';

/** 2026-12-03 10:00 China time. */
export const T0 = Date.UTC(2026, 11, 3, 2, 0, 0);

export const quietLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export const tempDataDir = (): string => mkdtempSync(join(tmpdir(), 'kf-dispatch-'));

export interface TestHall {
  host: HallHost;
  clock: FakeClock;
  dispatch: DispatchModule;
  /** Every event broadcast to screens, in order. */
  events: { event: string; payload: unknown }[];
  /** Calls a command as the 110 gateway (an HTTP commander token); throws the error body when refused. */
  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>>;
  /** Calls a command that must be refused; returns the error body. */
  refused(name: CommandName, input: unknown): Promise<HallErrorBody>;
}

export function openTestHall(dataDir: string, clock: FakeClock = createFakeClock(T0)): TestHall {
  const host = createHallHost({ dataDir, clock, log: quietLog });
  const dispatch = host.modules.find((m) => m.name === 'dispatch') as DispatchModule;
  const events: TestHall['events'] = [];
  host.connect({ transport: 'ws', ceiling: 'display', principal: 'wall', deliver: (event, payload) => events.push({ event, payload }) });
  const conn = host.connect({ transport: 'http', ceiling: 'commander', principal: '110-gateway' });
  return {
    host,
    clock,
    dispatch,
    events,
    async call(name, input) {
      const r = await conn.invoke(name, input);
      if (!r.ok) throw Object.assign(new Error(`${name} refused: ${r.error.code} ${r.error.message}`), { body: r.error });
      return r.output as never;
    },
    async refused(name, input) {
      const r = await conn.invoke(name, input);
      if (r.ok) throw new Error(`${name} was expected to be refused but succeeded`);
      return r.error;
    },
  };
}

/** A point in no key target's zone, south-east of the town. */
export const OUTSIDE_ZONES = { lat: 26.86, lon: 102.13 };
