import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeKf1, Kf1Reader, kf1Checksum, nextKf1Id, parseKf1Line, seqDistance, seqNewer, type Kf1Frame } from './kf1-codec';

const frameArb: fc.Arbitrary<Kf1Frame> = fc.oneof(
  fc.record({ type: fc.constant('IN' as const), ch: fc.integer({ min: 1, max: 64 }), pressed: fc.boolean(), seq: fc.integer({ min: 0, max: 65535 }) }),
  fc.record({ type: fc.constant('HB' as const), seq: fc.integer({ min: 0, max: 65535 }), inputMask: fc.integer({ min: 0, max: 0xffff }), outputMask: fc.integer({ min: 0, max: 0xffff }) }),
  fc.record({ type: fc.constant('OUT' as const), id: fc.integer({ min: 1, max: 65535 }), ch: fc.integer({ min: 1, max: 64 }), on: fc.boolean(), autoOffMs: fc.integer({ min: 0, max: 600000 }) }),
  fc.record({ type: fc.constant('ACK' as const), id: fc.integer({ min: 1, max: 65535 }) }),
  fc.record({ type: fc.constant('HELLO' as const), model: fc.constantFrom('KF1', 'KF1-SIM'), firmware: fc.constantFrom('1.0', '2.3b'), inputs: fc.integer({ min: 0, max: 8 }), outputs: fc.integer({ min: 0, max: 8 }) }),
);

describe('KF1 codec', () => {
  it('computes the XOR checksum as two upper-case hex digits', () => {
    // I^N^,^1^,^1^,^7 = 0x49^0x4E^0x2C^0x31^0x2C^0x31^0x2C^0x37 = 0x1C, worked by hand
    expect(kf1Checksum('IN,1,1,7')).toBe('1C');
    expect(encodeKf1({ type: 'IN', ch: 1, pressed: true, seq: 7 })).toBe('$IN,1,1,7*1C\r\n');
    expect(encodeKf1({ type: 'OUT', id: 12, ch: 1, on: true, autoOffMs: 60000 })).toMatch(/^\$OUT,12,1,1,60000\*[0-9A-F]{2}\r\n$/);
  });

  it('round-trips every frame', () => {
    fc.assert(fc.property(frameArb, (f) => {
      const r = new Kf1Reader().push(encodeKf1(f));
      expect(r).toEqual([{ ok: true, frame: f, text: encodeKf1(f).slice(1, -2) }]);
    }));
  });

  it('reassembles frames split across chunks at any point', () => {
    fc.assert(fc.property(fc.array(frameArb, { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 7 })), (frames, cuts) => {
      const text = frames.map(encodeKf1).join('');
      const reader = new Kf1Reader();
      const got: Kf1Frame[] = [];
      let i = 0;
      let c = 0;
      while (i < text.length) {
        const n = cuts.length ? cuts[c++ % cuts.length] : 1;
        for (const r of reader.push(new TextEncoder().encode(text.slice(i, i + n)))) if (r.ok) got.push(r.frame);
        i += n;
      }
      expect(got).toEqual(frames);
    }));
  });

  it('drops bad checksums, unknown types and wrong field counts, and counts why', () => {
    const body = 'IN,1,1,7';
    expect(parseKf1Line(`${body}*0B`)).toMatchObject({ ok: false, reason: 'bad-checksum' });
    expect(parseKf1Line(`FOO,1*${kf1Checksum('FOO,1')}`)).toMatchObject({ ok: false, reason: 'unknown-type' });
    expect(parseKf1Line(`IN,1,1*${kf1Checksum('IN,1,1')}`)).toMatchObject({ ok: false, reason: 'field-count' });
    expect(parseKf1Line(`IN,1,2,7*${kf1Checksum('IN,1,2,7')}`)).toMatchObject({ ok: false, reason: 'bad-field' });
    expect(parseKf1Line(`ACK,0*${kf1Checksum('ACK,0')}`)).toMatchObject({ ok: false, reason: 'bad-field' });
  });

  it('finds the good frame after noise and after a frame cut short', () => {
    const reader = new Kf1Reader();
    const r = reader.push(`xx\u0001$IN,1,1$garbage\r\n${encodeKf1({ type: 'IN', ch: 2, pressed: true, seq: 3 })}`);
    expect(r.filter((x) => x.ok)).toHaveLength(1);
    expect(r.filter((x) => !x.ok).length).toBeGreaterThanOrEqual(1);
    expect(reader.noiseBytes).toBe(3);
  });

  it('never yields a frame from random bytes that is not a valid frame', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
      for (const r of new Kf1Reader().push(bytes)) if (r.ok) expect(encodeKf1(r.frame).slice(1, -2).toUpperCase()).toBe(r.text.toUpperCase());
    }));
  });

  it('wraps command ids 65535 -> 1, never 0', () => {
    expect(nextKf1Id(0)).toBe(1);
    expect(nextKf1Id(65534)).toBe(65535);
    expect(nextKf1Id(65535)).toBe(1);
  });

  it('compares seq numbers across the 16-bit wrap', () => {
    expect(seqNewer(65535, 0)).toBe(true);
    expect(seqDistance(65534, 1)).toBe(3);
    expect(seqNewer(5, 5)).toBe(false);
    expect(seqNewer(10, 9)).toBe(false);
  });
});
