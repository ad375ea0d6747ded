// Alarm device configuration: the `--device kind:path[:n][?opt=v&...]` strings and the config-file objects.
import { z } from 'zod';

/** Highest input/output channel: the KF1 protocol's limit (`IN`/`OUT` ch 1-64); Modbus boards are held to the same. */
export const MAX_CHANNEL = 64;
const Channel = z.number().int().min(1).max(MAX_CHANNEL);
const OptionalOutput = Channel.nullable();

const common = {
  id: z.string().trim().min(1, 'id is empty').max(120),
  path: z.string().trim().min(1, 'the port path is empty, e.g. /dev/ttyUSB0 or COM3').max(300),
  /** Output channel of the siren on this device; null = this device drives no siren. */
  sirenOutput: OptionalOutput.default(1),
  /** Output channel of the lamp; undefined = the hall's lamp setting, null = none on this device. */
  lampOutput: OptionalOutput.optional(),
};

export const Kf1DeviceConfig = z.object({
  kind: z.literal('kf1'),
  ...common,
  baudRate: z.number().int().positive().default(9600),
  triggerInput: Channel.default(1),
  musterInput: Channel.default(2),
});

export const ModbusDeviceConfig = z.object({
  kind: z.literal('modbus'),
  ...common,
  baudRate: z.number().int().positive().default(9600),
  slaveId: z.number().int().min(1).max(247),
  pollMs: z.number().int().min(10).max(5000).default(50),
  triggerInput: Channel.default(1),
  musterInput: Channel.default(2),
});

export const LcusDeviceConfig = z.object({
  kind: z.literal('lcus'),
  ...common,
  baudRate: z.number().int().positive().default(9600),
});

export const DeviceConfig = z.discriminatedUnion('kind', [Kf1DeviceConfig, ModbusDeviceConfig, LcusDeviceConfig]);
export type DeviceConfig = z.output<typeof DeviceConfig>;
export type DeviceConfigInput = z.input<typeof DeviceConfig>;
export type DeviceKind = DeviceConfig['kind'];

const optionalId = { id: common.id.optional() };
/** A device as the settings view sends it: like DeviceConfig, but the id may be left out. */
export const DeviceDraft = z.discriminatedUnion('kind', [
  Kf1DeviceConfig.extend(optionalId),
  ModbusDeviceConfig.extend(optionalId),
  LcusDeviceConfig.extend(optionalId),
]);
export type DeviceDraft = z.output<typeof DeviceDraft>;

export class DeviceSpecError extends Error {
  constructor(spec: string, why: string) {
    super(`Bad device "${spec}": ${why}. Examples: kf1:/dev/ttyUSB0, kf1:COM3:9600, modbus:/dev/ttyUSB1:1, lcus:/dev/ttyUSB2, modbus:/dev/ttyUSB1:1?poll=50&baud=19200`);
    this.name = 'DeviceSpecError';
  }
}

const OPTION_KEYS: Record<string, string> = {
  baud: 'baudRate', poll: 'pollMs', siren: 'sirenOutput', lamp: 'lampOutput',
  trigger: 'triggerInput', muster: 'musterInput', id: 'id', slave: 'slaveId',
};

/**
 * Parses `kf1:/dev/ttyUSB0[:9600]`, `modbus:/dev/ttyUSB1:<slave id>`, `lcus:PATH`, each with optional
 * `?baud=..&poll=..&siren=N|none&lamp=N|none&trigger=N&muster=N&id=NAME`.
 * Only a trailing all-digit `:segment` is a number, so paths with colons (by-path names) still work.
 */
export function parseDeviceSpec(spec: string): DeviceConfig {
  const m = /^([a-z0-9]+):(.+)$/i.exec(spec.trim());
  if (!m) throw new DeviceSpecError(spec, 'expected KIND:PATH');
  const kind = m[1].toLowerCase();
  if (kind !== 'kf1' && kind !== 'modbus' && kind !== 'lcus') throw new DeviceSpecError(spec, `unknown kind "${m[1]}" (kf1, modbus or lcus)`);
  let rest = m[2];
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) { query = rest.slice(q + 1); rest = rest.slice(0, q); }
  let number: number | undefined;
  const tail = /^(.+):([0-9]+)$/.exec(rest);
  if (tail) { rest = tail[1]; number = Number(tail[2]); }
  if (!rest) throw new DeviceSpecError(spec, 'the port path is empty');
  const raw: Record<string, unknown> = { kind, path: rest };
  if (kind === 'kf1' && number !== undefined) raw.baudRate = number;
  if (kind === 'modbus') {
    if (number === undefined) throw new DeviceSpecError(spec, 'modbus needs the slave id, e.g. modbus:/dev/ttyUSB1:1');
    raw.slaveId = number;
  }
  if (kind === 'lcus' && number !== undefined) throw new DeviceSpecError(spec, 'lcus takes no number after the path (use ?baud=)');
  for (const part of query.split('&').filter(Boolean)) {
    const [k, v = ''] = part.split('=');
    const key = OPTION_KEYS[k];
    if (!key) throw new DeviceSpecError(spec, `unknown option "${k}" (${Object.keys(OPTION_KEYS).join(', ')})`);
    if (key === 'id') raw.id = v;
    else if (v === 'none' && (key === 'sirenOutput' || key === 'lampOutput')) raw[key] = null;
    else if (/^[0-9]+$/.test(v)) raw[key] = Number(v);
    else throw new DeviceSpecError(spec, `option "${k}" needs a number${key.endsWith('Output') ? ' or none' : ''}`);
  }
  raw.id ??= defaultDeviceId(kind, rest, number);
  const parsed = DeviceConfig.safeParse(raw);
  if (!parsed.success) {
    throw new DeviceSpecError(spec, parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; '));
  }
  const problems = deviceConfigProblems(parsed.data);
  if (problems.length) throw new DeviceSpecError(spec, problems.join('; '));
  return parsed.data;
}

/** The id a device gets when none is given: kind and path (and the slave id for Modbus). */
export function defaultDeviceId(kind: DeviceKind, path: string, slaveId?: number): string {
  return kind === 'modbus' ? `modbus:${path}#${slaveId ?? '?'}` : `${kind}:${path}`;
}

/** Channel clashes a schema cannot see: one channel used twice on the same device. */
export function deviceConfigProblems(d: DeviceConfig): string[] {
  const problems: string[] = [];
  if (d.kind !== 'lcus' && d.triggerInput === d.musterInput) problems.push(`the alarm button and the muster button are both input ${d.triggerInput}`);
  if (d.sirenOutput !== null && d.lampOutput !== undefined && d.lampOutput !== null && d.sirenOutput === d.lampOutput) {
    problems.push(`the siren and the lamp are both output ${d.sirenOutput}`);
  }
  if (d.kind === 'lcus' && d.sirenOutput === null && (d.lampOutput === undefined || d.lampOutput === null)) {
    problems.push('an LCUS relay with neither siren nor lamp drives nothing');
  }
  if (d.kind === 'lcus') {
    for (const ch of [d.sirenOutput, d.lampOutput]) if (typeof ch === 'number' && ch > 8) problems.push(`LCUS relays have channels 1-8, not ${ch}`);
  }
  return problems;
}

/** A checked draft with its id filled in; throws DeviceSpecError naming the clash. */
export function completeDevice(draft: DeviceDraft, label = draft.path): DeviceConfig {
  const config = { ...draft, id: draft.id ?? defaultDeviceId(draft.kind, draft.path, draft.kind === 'modbus' ? draft.slaveId : undefined) } as DeviceConfig;
  const problems = deviceConfigProblems(config);
  if (problems.length) throw new DeviceSpecError(label, problems.join('; '));
  return config;
}

/** Parses a config-file object (id optional), as kuaifan.json holds one; errors name the field. */
export function parseDeviceObject(raw: unknown): DeviceConfig {
  const label = typeof raw === 'object' && raw !== null ? JSON.stringify(raw).slice(0, 120) : String(raw);
  const parsed = DeviceDraft.safeParse(raw);
  if (!parsed.success) {
    throw new DeviceSpecError(label, parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; '));
  }
  return completeDevice(parsed.data, label);
}

/** Parses `--device` strings and config-file entries (strings or objects); refuses duplicate ids. */
export function parseDeviceConfigs(items: readonly unknown[]): DeviceConfig[] {
  const out = items.map((it) => (typeof it === 'string' ? parseDeviceSpec(it) : parseDeviceObject(it)));
  const seen = new Set<string>();
  for (const d of out) {
    if (seen.has(d.id)) throw new Error(`Two alarm devices have the id "${d.id}"; give one an ?id=NAME`);
    seen.add(d.id);
  }
  return out;
}
