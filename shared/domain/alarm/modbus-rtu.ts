// Modbus RTU framing for the few functions an I/O board needs (FC01, FC02, FC05, FC15): CRC-16, requests
// and replies as bytes, and a byte-stream splitter that resyncs after noise. The simulator and frame logs use it.

export const FC_READ_COILS = 0x01;
export const FC_READ_DISCRETE_INPUTS = 0x02;
export const FC_WRITE_SINGLE_COIL = 0x05;
export const FC_WRITE_MULTIPLE_COILS = 0x0f;

export const EXC_ILLEGAL_FUNCTION = 0x01;
export const EXC_ILLEGAL_ADDRESS = 0x02;
export const EXC_ILLEGAL_VALUE = 0x03;

/** CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF); sent low byte first. */
export function modbusCrc(bytes: Uint8Array, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = 0; i < end; i++) {
    crc ^= bytes[i];
    for (let b = 0; b < 8; b++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** Appends the CRC to a frame without one. */
export function withCrc(body: readonly number[]): Uint8Array {
  const out = new Uint8Array(body.length + 2);
  out.set(body);
  const crc = modbusCrc(out, body.length);
  out[body.length] = crc & 0xff;
  out[body.length + 1] = crc >>> 8;
  return out;
}

export type ModbusRequest =
  | { slave: number; fc: typeof FC_READ_COILS | typeof FC_READ_DISCRETE_INPUTS; address: number; count: number }
  | { slave: number; fc: typeof FC_WRITE_SINGLE_COIL; address: number; on: boolean; raw: number }
  | { slave: number; fc: typeof FC_WRITE_MULTIPLE_COILS; address: number; values: boolean[] }
  | { slave: number; fc: number; unsupported: true };

export function encodeReadRequest(slave: number, fc: typeof FC_READ_COILS | typeof FC_READ_DISCRETE_INPUTS, address: number, count: number): Uint8Array {
  return withCrc([slave, fc, address >>> 8, address & 0xff, count >>> 8, count & 0xff]);
}

export function encodeWriteCoil(slave: number, address: number, on: boolean): Uint8Array {
  return withCrc([slave, FC_WRITE_SINGLE_COIL, address >>> 8, address & 0xff, on ? 0xff : 0x00, 0x00]);
}

/** Reply to FC01/FC02: the bits packed LSB first. */
export function encodeBitsReply(slave: number, fc: number, bits: readonly boolean[]): Uint8Array {
  const n = Math.ceil(bits.length / 8);
  const body = [slave, fc, n];
  for (let i = 0; i < n; i++) {
    let byte = 0;
    for (let b = 0; b < 8; b++) if (bits[i * 8 + b]) byte |= 1 << b;
    body.push(byte);
  }
  return withCrc(body);
}

export function encodeException(slave: number, fc: number, code: number): Uint8Array {
  return withCrc([slave, fc | 0x80, code]);
}

/**
 * Length of a request frame starting at `buf[at]`: 0 when more bytes are needed to know it, -1 when these
 * bytes cannot start a request (a write-multiple header whose byte count does not match its quantity).
 */
function requestLength(buf: Uint8Array, at: number, len: number): number {
  if (len < 2) return 0;
  const fc = buf[at + 1];
  if (fc === FC_WRITE_MULTIPLE_COILS || fc === 0x10) {
    if (len < 7) return 0;
    const quantity = (buf[at + 4] << 8) | buf[at + 5];
    const bytes = buf[at + 6];
    const expected = fc === FC_WRITE_MULTIPLE_COILS ? Math.ceil(quantity / 8) : quantity * 2;
    if (quantity < 1 || bytes !== expected) return -1;
    return 9 + bytes;
  }
  // FC01-FC06 and anything unknown: slave, fc, 4 data bytes, CRC.
  return 8;
}

function crcOk(buf: Uint8Array, at: number, need: number): boolean {
  const frame = buf.subarray(at, at + need);
  const crc = modbusCrc(frame, need - 2);
  return (crc & 0xff) === frame[need - 2] && crc >>> 8 === frame[need - 1];
}

/** The first offset after `from` where a complete request with a good CRC starts, or -1. */
function nextGoodFrame(buf: Uint8Array, from: number): number {
  for (let at = from; at < buf.length; at++) {
    const need = requestLength(buf, at, buf.length - at);
    if (need > 0 && buf.length - at >= need && crcOk(buf, at, need)) return at;
  }
  return -1;
}

function parseRequest(f: Uint8Array): ModbusRequest {
  const slave = f[0];
  const fc = f[1];
  const address = (f[2] << 8) | f[3];
  const word = (f[4] << 8) | f[5];
  switch (fc) {
    case FC_READ_COILS:
    case FC_READ_DISCRETE_INPUTS:
      return { slave, fc, address, count: word };
    case FC_WRITE_SINGLE_COIL:
      return { slave, fc, address, on: word === 0xff00, raw: word };
    case FC_WRITE_MULTIPLE_COILS: {
      const values: boolean[] = [];
      for (let i = 0; i < word; i++) values.push((f[7 + (i >> 3)] & (1 << (i & 7))) !== 0);
      return { slave, fc, address, values };
    }
    default:
      return { slave, fc, unsupported: true };
  }
}

export type RequestReadResult = { ok: true; request: ModbusRequest; bytes: Uint8Array } | { ok: false; reason: 'bad-crc'; bytes: Uint8Array };

/**
 * Splits what a slave hears into requests. A frame whose CRC fails costs one byte and the search goes on
 * from the next, so a good request right after noise is still found.
 */
export class ModbusRequestReader {
  private buf = new Uint8Array(0);

  push(chunk: Uint8Array): RequestReadResult[] {
    const merged = new Uint8Array(this.buf.length + chunk.length);
    merged.set(this.buf);
    merged.set(chunk, this.buf.length);
    const out: RequestReadResult[] = [];
    let at = 0;
    let badFrom = -1;
    while (at < merged.length) {
      const need = requestLength(merged, at, merged.length - at);
      if (need !== -1 && (need === 0 || merged.length - at < need)) {
        // Incomplete: more bytes may finish it, unless a good frame already starts later (then this was noise).
        const later = nextGoodFrame(merged, at + 1);
        if (later < 0) break;
        if (badFrom < 0) badFrom = at;
        at = later;
        continue;
      }
      if (need > 0 && crcOk(merged, at, need)) {
        if (badFrom >= 0) out.push({ ok: false, reason: 'bad-crc', bytes: merged.slice(badFrom, at) });
        badFrom = -1;
        out.push({ ok: true, request: parseRequest(merged.subarray(at, at + need)), bytes: merged.slice(at, at + need) });
        at += need;
      } else {
        if (badFrom < 0) badFrom = at;
        at++;
      }
    }
    if (badFrom >= 0) out.push({ ok: false, reason: 'bad-crc', bytes: merged.slice(badFrom, at) });
    // Keep at most one frame's worth of tail; a longer tail is noise that can never complete.
    this.buf = merged.slice(Math.max(at, merged.length - 300));
    return out;
  }
}

/** `01 05 00 00 FF 00 8C 3A`, for frame logs. */
export function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}
