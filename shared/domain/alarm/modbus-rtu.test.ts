import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeBitsReply, encodeReadRequest, encodeWriteCoil, hexBytes, modbusCrc, ModbusRequestReader, withCrc } from './modbus-rtu';

describe('Modbus RTU framing', () => {
  it('computes CRC-16/MODBUS as the specification and the common boards do', () => {
    // "123456789" -> 0x4B37 is the catalogued check value of CRC-16/MODBUS.
    expect(modbusCrc(new TextEncoder().encode('123456789'))).toBe(0x4b37);
    // Relay 1 on, slave 1: the frame printed in every 8-relay board's manual.
    expect(hexBytes(encodeWriteCoil(1, 0, true))).toBe('01 05 00 00 FF 00 8C 3A');
    expect(hexBytes(encodeReadRequest(1, 2, 0, 8))).toBe('01 02 00 00 00 08 79 CC');
  });

  it('reads requests split anywhere, and resyncs after noise and a bad CRC', () => {
    const good = [encodeWriteCoil(1, 0, true), encodeReadRequest(1, 2, 0, 2), withCrc([1, 0x0f, 0, 0, 0, 3, 1, 0b101])];
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }), (noise, cuts) => {
      const bad = encodeWriteCoil(1, 1, true);
      bad[7] ^= 0xff;
      const stream = Uint8Array.from([...noise, ...bad, ...good.flatMap((g) => [...g])]);
      const reader = new ModbusRequestReader();
      const requests = [];
      for (let i = 0, c = 0; i < stream.length; c++) {
        const n = cuts[c % cuts.length]!;
        for (const r of reader.push(stream.subarray(i, i + n))) if (r.ok) requests.push(r.request);
        i += n;
      }
      // Noise may by chance hold a valid frame; the three good ones always come out, last and in order.
      expect(requests.slice(-3)).toEqual([
        { slave: 1, fc: 5, address: 0, on: true, raw: 0xff00 },
        { slave: 1, fc: 2, address: 0, count: 2 },
        { slave: 1, fc: 15, address: 0, values: [true, false, true] },
      ]);
    }), { numRuns: Number(process.env.FC_RUNS ?? 200) });
  });

  it('packs bits LSB first in replies', () => {
    expect(hexBytes(encodeBitsReply(1, 2, [true, false, false, false, false, false, false, false, true]))).toMatch(/^01 02 02 01 01 /);
  });
});
