import { describe, expect, it } from 'vitest';
import { completeDevice, parseDeviceConfigs, parseDeviceObject, parseDeviceSpec } from './device-spec';

describe('parseDeviceSpec', () => {
  it('reads the three kinds with their defaults', () => {
    expect(parseDeviceSpec('kf1:/dev/ttyUSB0')).toMatchObject({ kind: 'kf1', path: '/dev/ttyUSB0', baudRate: 9600, triggerInput: 1, musterInput: 2, sirenOutput: 1, id: 'kf1:/dev/ttyUSB0' });
    expect(parseDeviceSpec('kf1:COM3:19200')).toMatchObject({ path: 'COM3', baudRate: 19200 });
    expect(parseDeviceSpec('modbus:/dev/ttyUSB1:1')).toMatchObject({ kind: 'modbus', slaveId: 1, pollMs: 50, baudRate: 9600 });
    expect(parseDeviceSpec('lcus:/dev/ttyUSB2')).toMatchObject({ kind: 'lcus', path: '/dev/ttyUSB2', sirenOutput: 1 });
  });

  it('takes options, and keeps colons inside by-path names', () => {
    expect(parseDeviceSpec('modbus:/dev/ttyUSB1:3?poll=100&baud=19200&lamp=2')).toMatchObject({ slaveId: 3, pollMs: 100, baudRate: 19200, lampOutput: 2 });
    expect(parseDeviceSpec('kf1:/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0-port0?siren=none')).toMatchObject({
      path: '/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0-port0', sirenOutput: null,
    });
  });

  it('refuses bad specs with a message that says what to write', () => {
    expect(() => parseDeviceSpec('usb:/dev/x')).toThrow(/unknown kind "usb"/);
    expect(() => parseDeviceSpec('modbus:/dev/ttyUSB1')).toThrow(/slave id/);
    expect(() => parseDeviceSpec('modbus:/dev/ttyUSB1:300')).toThrow(/slaveId/);
    expect(() => parseDeviceSpec('kf1:/dev/x?color=red')).toThrow(/unknown option "color"/);
    expect(() => parseDeviceSpec('/dev/ttyUSB0')).toThrow(/KIND:PATH/);
    expect(() => parseDeviceConfigs(['kf1:/dev/a', 'kf1:/dev/a'])).toThrow(/Two alarm devices/);
  });

  it('reads config-file objects with the id defaulted, and refuses channel clashes', () => {
    expect(parseDeviceObject({ kind: 'lcus', path: 'COM4' })).toMatchObject({ id: 'lcus:COM4', sirenOutput: 1, baudRate: 9600 });
    expect(parseDeviceObject({ kind: 'modbus', path: '/dev/ttyUSB1', slaveId: 2 })).toMatchObject({ id: 'modbus:/dev/ttyUSB1#2', pollMs: 50 });
    expect(() => parseDeviceObject({ kind: 'modbus', path: '/dev/ttyUSB1' })).toThrow(/slaveId/);
    expect(() => parseDeviceObject({ kind: 'kf1', path: '' })).toThrow(/port path is empty/);
    expect(() => parseDeviceSpec('kf1:/dev/x?trigger=2')).toThrow(/both input 2/);
    expect(() => parseDeviceSpec('kf1:/dev/x?lamp=1')).toThrow(/siren and the lamp are both output 1/);
    expect(() => parseDeviceSpec('lcus:/dev/x?siren=9')).toThrow(/LCUS relays have channels 1-8/);
    expect(() => parseDeviceSpec('lcus:/dev/x?siren=none')).toThrow(/drives nothing/);
    expect(() => completeDevice({ kind: 'lcus', path: 'COM5', baudRate: 9600, sirenOutput: null, lampOutput: null })).toThrow(/drives nothing/);
    expect(parseDeviceConfigs(['kf1:/dev/a', { kind: 'lcus', path: '/dev/b' }]).map((d) => d.id)).toEqual(['kf1:/dev/a', 'lcus:/dev/b']);
  });
});
