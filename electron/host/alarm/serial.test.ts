// Listing serial ports on a machine without udevadm: the real SerialPort.list() failing, and what we say.
import { afterEach, describe, expect, it } from 'vitest';
import { listSerialPorts } from './serial';

const savedPath = process.env.PATH;
afterEach(() => { process.env.PATH = savedPath; });

describe('listSerialPorts', () => {
  it('says why listing failed and to type a path, when udevadm is missing (Linux)', async () => {
    if (process.platform !== 'linux') return void console.log('skipped: udevadm listing is Linux-only');
    process.env.PATH = '/nonexistent';
    const r = await listSerialPorts();
    expect(r.ports).toEqual([]);
    expect(r.error).toMatch(/udevadm/);
    expect(r.error).toMatch(/type the port path instead, e\.g\. \/dev\/ttyUSB0/);
  });

  it('returns the ports when listing works', async () => {
    const r = await listSerialPorts(async () => [{ path: '/dev/ttyUSB0', manufacturer: 'wch.cn', vendorId: '1a86', productId: '7523' }]);
    expect(r).toEqual({ ports: [{ path: '/dev/ttyUSB0', manufacturer: 'wch.cn', serialNumber: null, vendorId: '1a86', productId: '7523' }], error: null });
  });
});
