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

export async function listSerialPorts(): Promise<PortList> {
  try {
    const ports = await SerialPort.list();
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
    return {
      ports: [],
      error: `Serial ports could not be listed (${why}). On Linux this needs udevadm (package udev); type the port path instead, e.g. /dev/ttyUSB0 or /dev/serial/by-id/...`,
    };
  }
}
