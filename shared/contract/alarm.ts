// Commands and events of the one-key reinforcement alarm: trigger, muster, silence, close, and its devices.
import { z } from 'zod';
import { anyRole, command, event } from './define';
import { DeviceConfig, DeviceDraft } from '../domain/alarm/device-spec';

const Instant = z.string().describe('ISO 8601 instant (UTC)');

export const AlarmSource = z.enum(['button', 'console', 'api']);
/** What a drill sounds; a real alarm always sounds the full siren. */
export const DrillMode = z.enum(['siren', 'lamp-only', 'short-siren']);

export const AlarmView = z.object({
  id: z.number().int(),
  triggeredAt: Instant,
  source: AlarmSource,
  /** 演练: shown on every screen and in every record. */
  drill: z.boolean(),
  mode: DrillMode,
  actor: z.string(),
  incidentId: z.string().nullable(),
  musteredAt: Instant.nullable(),
  /** Press to "mustered", frozen once the squad departs. */
  turnoutMs: z.number().int().nullable(),
  silencedAt: Instant.nullable(),
  closedAt: Instant.nullable(),
  note: z.string().nullable(),
  sirenUntil: Instant.nullable(),
  lampUntil: Instant,
});
export type AlarmView = z.infer<typeof AlarmView>;

export const OutputView = z.object({ on: z.boolean(), until: Instant.nullable() });

export const DeviceState = z.enum(['connecting', 'ok', 'fault', 'stopped']);

export const DeviceOrigin = z.enum(['startup', 'hall']);

export const DeviceStatus = z.object({
  id: z.string(),
  kind: z.enum(['kf1', 'modbus', 'lcus']),
  path: z.string(),
  /** 'startup': from `--device` or kuaifan.json (change it there); 'hall': added in the hardware settings view. */
  origin: DeviceOrigin,
  state: DeviceState,
  /** Since when the device is in this state (FAULT shows "since"). */
  since: Instant,
  reason: z.string().nullable(),
  model: z.string().nullable(),
  firmware: z.string().nullable(),
  lastFrameAt: Instant.nullable(),
  /** Input channels seen pressed; output channels the console wants on. */
  inputsPressed: z.array(z.number().int()),
  outputsOn: z.array(z.number().int()),
  channels: z.object({
    trigger: z.number().int().nullable(),
    muster: z.number().int().nullable(),
    siren: z.number().int().nullable(),
    lamp: z.number().int().nullable(),
  }),
  counters: z.object({
    framesIn: z.number().int(),
    framesOut: z.number().int(),
    dropped: z.number().int(),
    noiseBytes: z.number().int(),
    resends: z.number().int(),
    missedInputs: z.number().int(),
    reconnects: z.number().int(),
  }),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

export const AlarmState = z.object({
  /** The open alarm (triggered, not yet closed), or null in standby. */
  active: AlarmView.nullable(),
  /** The most recent closed alarm, for the squad display's calm view and the console's history line. */
  last: AlarmView.nullable(),
  siren: OutputView,
  lamp: OutputView,
  /** Host time when this state was taken, so screens run the turnout clock without trusting their own. */
  now: Instant,
  devices: z.array(DeviceStatus),
});
export type AlarmState = z.infer<typeof AlarmState>;

export const FrameEntry = z.object({
  at: Instant,
  dir: z.enum(['in', 'out']),
  /** ASCII line for KF1, hex bytes for Modbus and LCUS. */
  text: z.string(),
  /** Why the frame was dropped (bad checksum, unknown type, ...); absent when it was accepted. */
  dropped: z.string().optional(),
});
export type FrameEntry = z.infer<typeof FrameEntry>;

export const DeviceFrames = z.object({ deviceId: z.string(), frames: z.array(FrameEntry) });
export type DeviceFrames = z.infer<typeof DeviceFrames>;

export const SerialPortInfo = z.object({
  path: z.string(),
  manufacturer: z.string().nullable(),
  serialNumber: z.string().nullable(),
  vendorId: z.string().nullable(),
  productId: z.string().nullable(),
});

export const PortList = z.object({
  ports: z.array(SerialPortInfo),
  /** Why listing failed (e.g. no udevadm); the settings view then lets the user type a path. */
  error: z.string().nullable(),
});
export type PortList = z.infer<typeof PortList>;

export const AlarmSettings = z.object({
  /** Longest the siren sounds unless silenced first. */
  maxSirenMs: z.number().int().min(5_000, 'at least 5 s').max(600_000, 'at most 10 min'),
  /** What a drill sounds unless the trigger says otherwise. */
  drillMode: DrillMode,
  /** Length of the short siren of a 'short-siren' drill. */
  shortSirenMs: z.number().int().min(500, 'at least 0.5 s').max(30_000, 'at most 30 s'),
  /** Lamp output on devices that do not name their own; null = no lamp. */
  lampChannel: z.number().int().min(1).max(64).nullable(),
  /** A device button counts as pressed only after it was released this long (console-side debounce). */
  buttonSettleMs: z.number().int().min(20, 'at least 20 ms').max(2_000, 'at most 2 s'),
  /** Alarm-button presses this soon after an alarm is closed start nothing (a held button let go). */
  closeLockoutMs: z.number().int().min(0).max(10_000, 'at most 10 s'),
});
export type AlarmSettings = z.infer<typeof AlarmSettings>;

export const AlarmConfig = z.object({
  settings: AlarmSettings,
  devices: z.array(z.object({ config: DeviceConfig, origin: DeviceOrigin })),
  /** False when this host process does not drive serial hardware (a one-shot tool); devices then stay stopped. */
  drivesHardware: z.boolean(),
});
export type AlarmConfig = z.infer<typeof AlarmConfig>;

const commanders = ['commander'] as const;

export const alarmCommands = {
  'alarm.state': command({
    input: z.object({}).strict(),
    output: AlarmState,
    roles: anyRole,
    mutates: false,
    summary: 'The open alarm (if any), siren and lamp, and every alarm device.',
  }),
  'alarm.trigger': command({
    input: z
      .object({ drill: z.boolean().optional(), drillMode: DrillMode.optional(), incidentId: z.string().min(1).max(64).optional() })
      .strict()
      .refine((i) => i.drillMode === undefined || i.drill === true, { message: 'drillMode is for drills only: add "drill": true', path: ['drillMode'] }),
    output: z.object({ started: z.boolean(), state: AlarmState }),
    roles: commanders,
    mutates: true,
    summary: '一键增援: sound the siren for the readiness squad. While an alarm is open it starts nothing (started: false).',
  }),
  'alarm.muster': command({
    input: z.object({}).strict(),
    output: AlarmState,
    roles: commanders,
    mutates: true,
    summary: 'The squad departed: stop the turnout timer and store the turnout time.',
  }),
  'alarm.silence': command({
    input: z.object({}).strict(),
    output: AlarmState,
    roles: commanders,
    mutates: true,
    summary: 'Switch the siren and lamp off; the alarm stays open until closed.',
  }),
  'alarm.close': command({
    input: z.object({ note: z.string().trim().min(1, 'write what happened, e.g. 小组已出动 or 误触').max(500) }).strict(),
    output: AlarmState,
    roles: commanders,
    mutates: true,
    summary: 'Close the alarm with a note; outputs off, screens return to standby.',
  }),
  'alarm.testSiren': command({
    input: z.object({ deviceId: z.string().optional(), ms: z.number().int().min(100).max(5000).default(1000) }).strict(),
    output: z.object({ until: Instant, devices: z.array(z.string()) }),
    roles: commanders,
    mutates: true,
    summary: 'Sound the siren briefly (1 s) on one or every output device. Refused while an alarm is open.',
  }),
  'alarm.devices': command({
    input: z.object({}).strict(),
    output: z.array(DeviceStatus),
    roles: anyRole,
    mutates: false,
    summary: 'Live status of every alarm device: OK, connecting, or FAULT since when and why.',
  }),
  'alarm.frames': command({
    input: z.object({ deviceId: z.string().optional() }).strict(),
    output: z.array(DeviceFrames),
    roles: ['commander', 'watch'],
    mutates: false,
    summary: 'The last frames in and out of each device (hardware settings view).',
  }),
  'alarm.config': command({
    input: z.object({}).strict(),
    output: AlarmConfig,
    roles: ['commander', 'watch'],
    mutates: false,
    summary: 'Alarm settings (max siren time, drill mode, lamp) and every configured device.',
  }),
  'alarm.configure': command({
    input: AlarmSettings.partial().strict(),
    output: AlarmConfig,
    roles: commanders,
    mutates: true,
    summary: 'Change the alarm settings; an open alarm keeps the times it started with.',
  }),
  'alarm.saveDevice': command({
    input: z.object({ device: DeviceDraft }).strict(),
    output: AlarmConfig,
    roles: commanders,
    mutates: true,
    summary: 'Add or replace a device of the hall (kf1, modbus or lcus; its id defaults from kind and path) and start it.',
  }),
  'alarm.removeDevice': command({
    input: z.object({ id: z.string().min(1) }).strict(),
    output: AlarmConfig,
    roles: commanders,
    mutates: true,
    summary: 'Stop and remove a device added in the settings view (startup devices are changed where they were given).',
  }),
  'alarm.ports': command({
    input: z.object({}).strict(),
    output: PortList,
    roles: ['commander', 'watch'],
    mutates: false,
    summary: 'Serial ports on this machine; when listing fails, the reason (type a path instead).',
  }),
} as const;

export const alarmEvents = {
  'alarm.changed': event({ payload: AlarmState, summary: 'The alarm was triggered, mustered, silenced, timed out or closed.' }),
  'alarm.deviceChanged': event({ payload: DeviceStatus, summary: 'A device went OK, connecting or FAULT, or its inputs/outputs changed.' }),
} as const;
