// Commands and events of the hall itself: health, operators and sign-in, settings, map data.
import { z } from 'zod';
import { anyRole, command, event, Role } from './define';
import { MapData } from './mapdata';

export const OperatorRole = z.enum(['commander', 'watch', 'admin']);
export type OperatorRole = z.infer<typeof OperatorRole>;

export const PoliceNo = z.string().trim().regex(/^[0-9A-Za-z]{4,12}$/, '警号 must be 4-12 letters or digits, e.g. 032117');
export const Pin = z.string().regex(/^[0-9]{4,12}$/, 'PIN must be 4-12 digits');

export const Operator = z.object({
  id: z.number().int(),
  name: z.string(),
  policeNo: z.string(),
  role: OperatorRole,
});
export type Operator = z.infer<typeof Operator>;

export const NewOperator = z.object({
  name: z.string().trim().min(1, 'name is required').max(40),
  policeNo: PoliceNo,
  role: OperatorRole,
  pin: Pin,
});

export const DeviceHealth = z.object({
  id: z.string(),
  kind: z.string(),
  path: z.string(),
  state: z.string(),
  since: z.string().nullable(),
});

export const Health = z.object({
  name: z.literal('kuaifan'),
  version: z.string(),
  uptimeS: z.number(),
  dataDir: z.string(),
  sampleData: z.boolean(),
  devices: z.array(DeviceHealth),
  now: z.string(),
});
export type Health = z.infer<typeof Health>;

export const SessionState = z.object({
  /** True until the first admin account exists. */
  setupNeeded: z.boolean(),
  operator: Operator.nullable(),
  /** The role this connection acts with right now. */
  role: Role,
  /** Role ceiling of the connection (from its token, or the workstation). */
  connectionRole: Role,
});
export type SessionState = z.infer<typeof SessionState>;

/** A sign-in's reply also carries the token that resumes it after a reload or reconnect (keep it per screen). */
export const SignedIn = SessionState.extend({ resumeToken: z.string() });
export type SignedIn = z.infer<typeof SignedIn>;

export const Lang = z.enum(['zh-CN', 'en']);

/** The origin of a raster tile URL template ({z}/{x}/{y}, and Leaflet's {s}, filled in), or null if it is not an http(s) URL. */
export function tileUrlOrigin(template: string): string | null {
  const filled = template.trim().replace(/\{[a-z]\}/g, '0');
  // The host must be written out: the URL parser would read http:///0/0/0 as the host 0.
  if (!/^https?:\/\/[^/?#]/i.test(filled) || !URL.canParse(filled)) return null;
  return new URL(filled).origin;
}

/** A tile URL as the user may set it: empty (the offline basemap) or an http(s) template with {z}, {x} and {y}. */
export const TileUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => v === '' || (tileUrlOrigin(v) !== null && ['{z}', '{x}', '{y}'].every((p) => v.includes(p))), {
    message: 'tileUrl must be empty (offline basemap) or an http:// or https:// URL template with {z}, {x} and {y}, e.g. http://10.1.2.3/tiles/{z}/{x}/{y}.png',
  });

export const HallSettings = z.object({
  lang: Lang,
  /** Raster tile URL template; empty means the offline vector basemap (or imported MBTiles). Checked on the way in (TileUrl). */
  tileUrl: z.string().max(500),
  hallZone: z.string(),
});
export type HallSettings = z.infer<typeof HallSettings>;

export const TileInfo = z.object({
  available: z.boolean(),
  minZoom: z.number().int().optional(),
  maxZoom: z.number().int().optional(),
  format: z.string().optional(),
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  /** Changes with every import, so screens ask for the new tiles instead of the ones they cached. */
  version: z.string().optional(),
});
export type TileInfo = z.infer<typeof TileInfo>;

export const PrintJob = z.object({
  kind: z.literal('roster-month'),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM, e.g. 2026-12'),
}).strict();
export type PrintJob = z.infer<typeof PrintJob>;

export const systemCommands = {
  'system.health': command({
    input: z.object({}).strict(),
    output: Health,
    roles: anyRole,
    mutates: false,
    summary: 'Version, uptime, data folder and device states.',
  }),
  'session.status': command({
    input: z.object({}).strict(),
    output: SessionState,
    roles: anyRole,
    mutates: false,
    summary: 'Who is signed in on this connection and what it may do.',
  }),
  'session.setupAdmin': command({
    input: NewOperator.omit({ role: true }).strict(),
    output: SignedIn,
    roles: ['commander', 'watch', 'admin'],
    mutates: false,
    summary: 'First start only: create the admin account and sign it in.',
  }),
  'session.signIn': command({
    input: z.object({ policeNo: PoliceNo, pin: z.string().min(1, 'PIN is required') }).strict(),
    output: SignedIn,
    roles: ['commander', 'watch', 'admin'],
    mutates: false,
    summary: 'Sign an operator in on this connection (shift handover).',
  }),
  'session.resume': command({
    input: z.object({ resumeToken: z.string().min(1).max(200) }).strict(),
    output: SessionState,
    roles: ['commander', 'watch', 'admin'],
    mutates: false,
    summary: 'Resume a sign-in after a reload or reconnect, with the token its sign-in returned.',
  }),
  'session.signOut': command({
    input: z.object({}).strict(),
    output: SessionState,
    roles: anyRole,
    mutates: false,
    summary: 'Sign the operator out; the screen stays live, read-only.',
  }),
  'operators.list': command({
    input: z.object({}).strict(),
    output: z.array(Operator.extend({ lockedUntil: z.string().nullable() })),
    roles: ['admin'],
    mutates: false,
    summary: 'Local operator accounts.',
  }),
  'operators.create': command({
    input: NewOperator.strict(),
    output: Operator,
    roles: ['admin'],
    mutates: true,
    summary: 'Add a local operator account.',
  }),
  'settings.get': command({
    input: z.object({}).strict(),
    output: HallSettings,
    roles: anyRole,
    mutates: false,
    summary: 'Hall settings (language, tile source, zone).',
  }),
  'settings.set': command({
    input: HallSettings.extend({ tileUrl: TileUrl }).partial().strict(),
    output: HallSettings,
    roles: ['commander', 'watch', 'admin'],
    mutates: true,
    summary: 'Change hall settings.',
  }),
  'map.get': command({
    input: z.object({}).strict(),
    // The host parsed it with this schema when it loaded; screens get the typed layers.
    output: MapData,
    roles: anyRole,
    mutates: false,
    summary: 'The map data: targets, rapid-response points, patrol zones, roads, units.',
  }),
  'print.pdf': command({
    input: PrintJob,
    output: z.object({ path: z.string(), bytes: z.number().int() }),
    roles: ['commander', 'watch', 'admin'],
    mutates: false,
    summary: 'Print a sheet (the month roster, A4 landscape) to a PDF in the data folder; desktop app only.',
  }),
  'map.tiles': command({
    input: z.object({}).strict(),
    output: TileInfo,
    roles: anyRole,
    mutates: false,
    summary: 'Whether an imported MBTiles basemap is available.',
  }),
} as const;

export const systemEvents = {
  'session.changed': event({ payload: SessionState, summary: 'This connection signed in or out.' }),
  'settings.changed': event({ payload: HallSettings, summary: 'Hall settings changed.' }),
  'map.changed': event({ payload: z.object({ source: z.string() }), summary: 'Map data was replaced by an import.' }),
} as const;
