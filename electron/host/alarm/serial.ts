// Opens serial ports as promises and lists them, saying why when listing is impossible (no udevadm).
import { SerialPort } from 'serialport';
import type { PortList } from '../../../shared/contract/alarm';

export function openSerialPort(path: string, baudRate: number): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, dataBits: 8, stopBits: 1, parity: 'none', autoOpen: false });
    port.open((err) => (err ? reject(err) : resolve(port)));
  });
}

/**
 * Whether a port error means the device is gone (cable pulled, pty master closed): EIO on read is what a
 * vanished line gives, and serialport marks its own disconnects.
 */
export function isLinkGone(err: unknown): boolean {
  const e = err as { code?: unknown; disconnect?: unknown; disconnected?: unknown } | null;
  return !!e && (e.disconnect === true || e.disconnected === true || ['EIO', 'ENXIO', 'EBADF', 'ENODEV'].includes(String(e.code)));
}

/** Lets what was written go out (at most 500 ms: a dead line must not hold the close), then closes. */
export function closeSerialPort(port: SerialPort | null): Promise<void> {
  return new Promise((resolve) => {
    if (!port || !port.isOpen) return resolve();
    let done = false;
    const close = (): void => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      if (port.isOpen) port.close(() => resolve());
      else resolve();
    };
    const guard = setTimeout(close, 500);
    port.drain(close);
  });
}

type Lister = () => Promise<{ path: string; manufacturer?: string; serialNumber?: string; vendorId?: string; productId?: string }[]>;

/** Ports from SerialPort.list(); when listing fails (Linux without udevadm), the reason and what to do instead. */
export async function listSerialPorts(list: Lister = () => SerialPort.list()): Promise<PortList> {
  try {
    const ports = await list();
    return {
      ports: ports.map((p) => ({
        path: p.path,
        manufacturer: p.manufacturer ?? null,
        serialNumber: p.serialNumber ?? null,
        vendorId: p.vendorId ?? null,
        productId: p.productId ?? null,
      })),
      error: null,
    };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const hint = /udevadm|ENOENT/i.test(why)
      ? 'Listing needs udevadm (package udev), which this machine does not have'
      : 'The operating system would not list them';
    return {
      ports: [],
      error: `Serial ports could not be listed: ${why}. ${hint}; type the port path instead, e.g. /dev/ttyUSB0, /dev/serial/by-id/usb-… or COM3.`,
    };
  }
}
