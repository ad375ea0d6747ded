// LCUS-1 CH340 USB relay command bytes: A0 <ch> <00|01> <(A0+ch+op) & FF>.

export function lcusCommand(ch: number, on: boolean): Uint8Array {
  if (!Number.isInteger(ch) || ch < 1 || ch > 8) throw new RangeError(`LCUS relay channel must be 1-8, got ${ch}`);
  const op = on ? 1 : 0;
  return Uint8Array.of(0xa0, ch, op, (0xa0 + ch + op) & 0xff);
}

/** Reads a 4-byte LCUS command back (used by the simulator); null when the checksum or header is wrong. */
export function parseLcusCommand(bytes: Uint8Array): { ch: number; on: boolean } | null {
  if (bytes.length !== 4 || bytes[0] !== 0xa0 || bytes[2] > 1) return null;
  if (((0xa0 + bytes[1] + bytes[2]) & 0xff) !== bytes[3]) return null;
  return { ch: bytes[1], on: bytes[2] === 1 };
}
