// KF1 line protocol: frame checksums, encoding, and a byte-stream reader that survives noise and split chunks.

/** Device-to-console frames. */
export type Kf1DeviceFrame =
  | { type: 'HELLO'; model: string; firmware: string; inputs: number; outputs: number }
  | { type: 'IN'; ch: number; pressed: boolean; seq: number }
  | { type: 'HB'; seq: number; inputMask: number; outputMask: number }
  | { type: 'ACK'; id: number }
  | { type: 'NAK'; id: number; reason: string };

/** Console-to-device frames. */
export type Kf1ConsoleFrame =
  | { type: 'OUT'; id: number; ch: number; on: boolean; autoOffMs: number }
  | { type: 'WHO'; id: number }
  | { type: 'PING'; id: number };

export type Kf1Frame = Kf1DeviceFrame | Kf1ConsoleFrame;

export type Kf1DropReason = 'bad-checksum' | 'unknown-type' | 'field-count' | 'bad-field' | 'malformed' | 'too-long';

export type Kf1ReadResult =
  | { ok: true; frame: Kf1Frame; text: string }
  | { ok: false; reason: Kf1DropReason; text: string };

export const KF1_SEQ_MODULO = 65536;
export const KF1_MAX_ID = 65535;
/** Longest body we accept; real frames are < 40 bytes, so anything longer is line noise. */
export const KF1_MAX_FRAME = 128;

export function kf1Checksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i) & 0xff;
  return x.toString(16).toUpperCase().padStart(2, '0');
}

export function kf1Body(frame: Kf1Frame): string {
  switch (frame.type) {
    case 'HELLO': return `HELLO,${frame.model},${frame.firmware},${frame.inputs},${frame.outputs}`;
    case 'IN': return `IN,${frame.ch},${frame.pressed ? 1 : 0},${frame.seq}`;
    case 'HB': return `HB,${frame.seq},${hex(frame.inputMask)},${hex(frame.outputMask)}`;
    case 'ACK': return `ACK,${frame.id}`;
    case 'NAK': return `NAK,${frame.id},${frame.reason}`;
    case 'OUT': return `OUT,${frame.id},${frame.ch},${frame.on ? 1 : 0},${frame.autoOffMs}`;
    case 'WHO': return `WHO,${frame.id}`;
    case 'PING': return `PING,${frame.id}`;
  }
}

/** The full line, `$BODY*HH\r\n`. */
export function encodeKf1(frame: Kf1Frame): string {
  const body = kf1Body(frame);
  return `$${body}*${kf1Checksum(body)}\r\n`;
}

function hex(n: number): string {
  return n.toString(16).toUpperCase();
}

const FIELD_COUNT: Record<Kf1Frame['type'], number> = {
  HELLO: 5, IN: 4, HB: 4, ACK: 2, NAK: 3, OUT: 5, WHO: 2, PING: 2,
};

const DEC = /^[0-9]{1,5}$/;
const HEX = /^[0-9A-Fa-f]{1,8}$/;

function dec(s: string, min: number, max: number): number | null {
  if (!DEC.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
}

function hexField(s: string): number | null {
  return HEX.test(s) ? parseInt(s, 16) : null;
}

function bit(s: string): boolean | null {
  return s === '1' ? true : s === '0' ? false : null;
}

/** Parses one line without its `$`, CR and LF, e.g. `IN,1,1,7*5C`. */
export function parseKf1Line(line: string): Kf1ReadResult {
  const text = line;
  const star = line.lastIndexOf('*');
  if (star < 0 || star !== line.length - 3) return { ok: false, reason: 'malformed', text };
  const body = line.slice(0, star);
  const given = line.slice(star + 1);
  if (given.toUpperCase() !== kf1Checksum(body)) return { ok: false, reason: 'bad-checksum', text };
  const f = body.split(',');
  const type = f[0] as Kf1Frame['type'];
  if (!Object.prototype.hasOwnProperty.call(FIELD_COUNT, type)) return { ok: false, reason: 'unknown-type', text };
  if (f.length !== FIELD_COUNT[type]) return { ok: false, reason: 'field-count', text };
  const frame = fieldsToFrame(type, f);
  return frame ? { ok: true, frame, text } : { ok: false, reason: 'bad-field', text };
}

function fieldsToFrame(type: Kf1Frame['type'], f: string[]): Kf1Frame | null {
  switch (type) {
    case 'HELLO': {
      const inputs = dec(f[3], 0, 64);
      const outputs = dec(f[4], 0, 64);
      if (inputs === null || outputs === null || !f[1] || !f[2]) return null;
      return { type, model: f[1], firmware: f[2], inputs, outputs };
    }
    case 'IN': {
      const ch = dec(f[1], 1, 64);
      const pressed = bit(f[2]);
      const seq = dec(f[3], 0, KF1_SEQ_MODULO - 1);
      return ch === null || pressed === null || seq === null ? null : { type, ch, pressed, seq };
    }
    case 'HB': {
      const seq = dec(f[1], 0, KF1_SEQ_MODULO - 1);
      const inputMask = hexField(f[2]);
      const outputMask = hexField(f[3]);
      return seq === null || inputMask === null || outputMask === null ? null : { type, seq, inputMask, outputMask };
    }
    case 'ACK':
    case 'WHO':
    case 'PING': {
      const id = dec(f[1], 1, KF1_MAX_ID);
      return id === null ? null : { type, id };
    }
    case 'NAK': {
      const id = dec(f[1], 1, KF1_MAX_ID);
      return id === null ? null : { type, id, reason: f[2] };
    }
    case 'OUT': {
      const id = dec(f[1], 1, KF1_MAX_ID);
      const ch = dec(f[2], 1, 64);
      const on = bit(f[3]);
      const autoOffMs = /^[0-9]{1,9}$/.test(f[4]) ? Number(f[4]) : null;
      return id === null || ch === null || on === null || autoOffMs === null ? null : { type, id, ch, on, autoOffMs };
    }
  }
}

/**
 * Splits a byte stream into frames. Bytes before a `$` are noise; a `$` always starts a new frame,
 * so a frame cut by noise is dropped without swallowing the good frame after it.
 */
export class Kf1Reader {
  private buf = '';
  private inFrame = false;
  /** Bytes that were outside any frame (line noise), for the dropped counters. */
  noiseBytes = 0;

  push(chunk: Uint8Array | string): Kf1ReadResult[] {
    const out: Kf1ReadResult[] = [];
    const s = typeof chunk === 'string' ? chunk : latin1(chunk);
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === '$') {
        if (this.inFrame && this.buf.length > 0) out.push({ ok: false, reason: 'malformed', text: this.buf });
        this.inFrame = true;
        this.buf = '';
        continue;
      }
      if (!this.inFrame) {
        this.noiseBytes++;
        continue;
      }
      if (c === '\n') {
        const line = this.buf.endsWith('\r') ? this.buf.slice(0, -1) : this.buf;
        this.inFrame = false;
        this.buf = '';
        out.push(parseKf1Line(line));
        continue;
      }
      this.buf += c;
      if (this.buf.length > KF1_MAX_FRAME) {
        out.push({ ok: false, reason: 'too-long', text: this.buf.slice(0, 32) });
        this.inFrame = false;
        this.buf = '';
      }
    }
    return out;
  }
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** Next command id: 1..65535, then 1 again (0 is never used). */
export function nextKf1Id(id: number): number {
  return id >= KF1_MAX_ID ? 1 : id + 1;
}

/** How many IN frames lie between two seq values, with 16-bit wrap-around (0 when equal). */
export function seqDistance(from: number, to: number): number {
  return (to - from + KF1_SEQ_MODULO) % KF1_SEQ_MODULO;
}

/** True when `to` is newer than `from` (less than half the ring ahead), as with TCP sequence numbers. */
export function seqNewer(from: number, to: number): boolean {
  const d = seqDistance(from, to);
  return d > 0 && d < KF1_SEQ_MODULO / 2;
}
