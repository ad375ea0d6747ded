// Opens serial ports as promises and lists them, saying why when listing is impossible (no udevadm).
import { SerialPort } from 'serialport';
import type { PortList } from '../../../shared/contract/alarm';

export function openSerialPort(path: string, baudRate: number): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, dataBits: 8, stopBits: 1, parity: 'none', autoOpen: false });
    port.open((err) => (err ? reject(err) : resolve(port)));
  });
}

export function closeSerialPort(port: SerialPort | null): Promise<void> {
  return new Promise((resolve) => {
    if (!port || !port.isOpen) return resolve();
    port.close(() => resolve());
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
