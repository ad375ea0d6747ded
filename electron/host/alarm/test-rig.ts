// Integration test rig: real socat pty pairs with a simulated box on one end and the alarm service on the other.
import { createSystemClock } from '../clock';
import type { HallDatabase } from '../db/open';
import type { DeviceConfig } from '../../../shared/domain/alarm/device-spec';
import { createAlarmService, type AlarmService, type AlarmServiceEvent } from './service';
import { runKf1Simulator, type Kf1SimOptions, type Kf1Simulator } from './sim/kf1-sim';
import { runModbusSimulator, type ModbusSimulator } from './sim/modbus-sim';
import { runLcusSimulator, type LcusSimulator } from './sim/lcus-sim';
import { startSocatPair, type SocatPair } from './sim/socat-pair';
import { alarmDbFile, auditRows, memoryLog, openAlarmDb } from './test-kit';

export interface Box<S> {
  pair: SocatPair;
  sim: S;
  config: DeviceConfig;
  /** Kills socat: both ends see the cable pulled. */
  unplug(): Promise<void>;
  /** A new socat on the same paths and a new simulator on its device end (with these simulator options). */
  replug(opts?: Record<string, unknown>): Promise<S>;
}

export interface Rig {
  kf1(opts?: Partial<Kf1SimOptions> & { id?: string; sirenOutput?: number | null; lampOutput?: number | null }): Promise<Box<Kf1Simulator>>;
  modbus(opts?: { slaveId?: number; pollMs?: number }): Promise<Box<ModbusSimulator>>;
  lcus(): Promise<Box<LcusSimulator>>;
  /** Starts the service on the rig's database with these devices (a second call is a console restart). */
  start(devices: DeviceConfig[]): AlarmServiceHandle;
  readonly dbFile: string;
  cleanup(): Promise<void>;
}

export interface AlarmServiceHandle {
  svc: AlarmService;
  db: HallDatabase;
  events: AlarmServiceEvent[];
  log: ReturnType<typeof memoryLog>;
  actions(): string[];
  alarmCount(): number;
  stop(): Promise<void>;
}

export function createRig(): Rig {
  const dbFile = alarmDbFile();
  const closers: (() => Promise<void>)[] = [];

  async function box<S extends { close(): Promise<void> }>(open: (path: string, more?: Record<string, unknown>) => Promise<S>, config: (a: string) => DeviceConfig): Promise<Box<S>> {
    let pair = await startSocatPair();
    let sim = await open(pair.b);
    const b: Box<S> = {
      get pair() { return pair; },
      get sim() { return sim; },
      config: config(pair.a),
      unplug: () => pair.kill(),
      async replug(more) {
        pair = await pair.replug();
        sim = await open(pair.b, more);
        return sim;
      },
    };
    closers.push(async () => { await sim.close().catch(() => undefined); await pair.kill(); });
    return b;
  }

  return {
    dbFile,
    kf1: (opts = {}) =>
      box(
        (path, more) => runKf1Simulator({ heartbeatMs: 1000, ...opts, ...more, path }),
        (a) => ({ kind: 'kf1', id: opts.id ?? 'kf1-box', path: a, baudRate: 9600, triggerInput: 1, musterInput: 2, sirenOutput: opts.sirenOutput === undefined ? 1 : opts.sirenOutput, ...(opts.lampOutput !== undefined ? { lampOutput: opts.lampOutput } : {}) }),
      ),
    modbus: (opts = {}) =>
      box(
        (path) => runModbusSimulator({ path, slaveId: opts.slaveId ?? 1 }),
        (a) => ({ kind: 'modbus', id: 'modbus-board', path: a, baudRate: 9600, slaveId: opts.slaveId ?? 1, pollMs: opts.pollMs ?? 50, triggerInput: 1, musterInput: 2, sirenOutput: 1 }),
      ),
    lcus: () =>
      box(
        (path) => runLcusSimulator({ path }),
        (a) => ({ kind: 'lcus', id: 'lcus-relay', path: a, baudRate: 9600, sirenOutput: 1 }),
      ),
    start(devices) {
      const clock = createSystemClock();
      const { db, audit } = openAlarmDb(dbFile, clock);
      const log = memoryLog();
      const svc = createAlarmService({ db, clock, audit: audit.append, log, startupDevices: devices, drivesHardware: true });
      const events: AlarmServiceEvent[] = [];
      svc.onChange((e) => events.push(e));
      svc.start();
      let stopped = false;
      const stop = async (): Promise<void> => {
        if (stopped) return;
        stopped = true;
        await svc.dispose();
        db.close();
      };
      closers.unshift(stop);
      return {
        svc, db, events, log, stop,
        actions: () => auditRows(db).map((r) => r.action),
        alarmCount: () => db.prepare('SELECT COUNT(*) FROM alarms').pluck().get() as number,
      };
    },
    async cleanup() {
      for (const c of closers.splice(0)) await c().catch(() => undefined);
    },
  };
}
