// Modbus RTU I/O board over real socat pseudo-terminals: modbus-serial polling a CRC-checking simulated slave.
import { afterEach, describe, expect, it } from 'vitest';
import { createRig, type Rig } from './test-rig';
import { sleep, waitFor } from './test-kit';

let rig: Rig;
afterEach(async () => { await rig.cleanup(); });

describe('Modbus RTU board over a pty', () => {
  it('press: siren coil on; muster stops the timer and stores the turnout; silence switches the coil off', async () => {
    rig = createRig();
    const board = await rig.modbus({ slaveId: 3 });
    const h = rig.start([board.config]);
    await waitFor('device OK', () => h.svc.devices()[0]?.state === 'ok');

    board.sim.tap(1);
    await waitFor('coil 1 on at the board', () => board.sim.coil(1));
    expect(h.svc.state().active).toMatchObject({ source: 'button', actor: 'device:modbus-board' });

    board.sim.tap(2);
    const mustered = await waitFor('muster stored', () => { const a = h.svc.state().active; return a?.musteredAt ? a : null; });
    expect(mustered.turnoutMs).toBeGreaterThan(0);
    expect(h.db.prepare('SELECT turnout_ms FROM alarms WHERE id = ?').pluck().get(mustered.id)).toBe(mustered.turnoutMs);
    // The timer stays stopped: polls go on, more muster presses come, the stored turnout does not move.
    const polls = board.sim.counts().requests;
    await sleep(300);
    board.sim.tap(2);
    await waitFor('a few polls after the second muster press', () => board.sim.counts().requests > polls + 8);
    expect(h.svc.state().active).toMatchObject({ musteredAt: mustered.musteredAt, turnoutMs: mustered.turnoutMs });
    expect(h.db.prepare('SELECT turnout_ms FROM alarms WHERE id = ?').pluck().get(mustered.id)).toBe(mustered.turnoutMs);
    expect(h.actions().filter((a) => a === 'alarm.muster')).toHaveLength(1);

    h.svc.silence('op:1');
    await waitFor('coil 1 off', () => !board.sim.coil(1));
    expect(board.sim.counts().badCrc).toBe(0);
    expect(h.svc.frames()[0]?.frames.some((f) => f.text.startsWith('03 05 00 00 FF 00'))).toBe(true);
  });

  it('unplug: FAULT within 3 s; replug: recovered and the siren coil re-asserted', async () => {
    rig = createRig();
    const board = await rig.modbus();
    const h = rig.start([board.config]);
    await waitFor('device OK', () => h.svc.devices()[0]?.state === 'ok');
    h.svc.trigger({ source: 'console', actor: 'op:1' });
    await waitFor('coil on', () => board.sim.coil(1));

    const pulledAt = Date.now();
    await board.unplug();
    // The requirement is on the device's own FAULT instant; the wait is longer so a loaded machine does not flake.
    const fault = await waitFor('FAULT', () => h.svc.devices()[0]?.state === 'fault' && h.svc.devices()[0], 6000);
    expect(Date.parse(fault.since) - pulledAt).toBeLessThan(3000);
    expect(h.svc.state().active).not.toBeNull();

    const sim = await board.replug();
    await waitFor('recovered', () => h.svc.devices()[0]?.state === 'ok', 15_000);
    await waitFor('coil re-asserted on the new board', () => sim.coil(1));
  });

  it('a board that stops answering is FAULT after 3 s of failed polls', async () => {
    rig = createRig();
    const board = await rig.modbus({ slaveId: 1 });
    // The console polls slave 2; the board on the line is slave 1 and stays silent, as on a miswired bus.
    const h = rig.start([{ ...board.config, slaveId: 2 } as typeof board.config]);
    const d = await waitFor('FAULT', () => h.svc.devices()[0]?.state === 'fault' && h.svc.devices()[0], 10_000);
    expect(d.reason).toBe('no frame for 3 s');
    expect(d.counters.dropped).toBeGreaterThan(3);
  });

  it('a bouncing contact (50 toggles within 100 ms) gives exactly one alarm', async () => {
    rig = createRig();
    const board = await rig.modbus();
    const h = rig.start([board.config]);
    await waitFor('device OK', () => h.svc.devices()[0]?.state === 'ok');
    await board.sim.bounce(1, 50, 100);
    await waitFor('alarm', () => h.svc.state().active);
    const polls = board.sim.counts().requests;
    await waitFor('a few polls after the bounce', () => board.sim.counts().requests > polls + 4);
    expect(h.alarmCount()).toBe(1);
    expect(h.actions().filter((a) => a === 'alarm.trigger')).toHaveLength(1);
  });

  it('a held alarm button let go with a bounce after the close starts no new alarm; a press after the settle time does', async () => {
    rig = createRig();
    const board = await rig.modbus();
    const h = rig.start([board.config]);
    await waitFor('device OK', () => h.svc.devices()[0]?.state === 'ok');
    const polls = () => board.sim.counts().requests;
    const pollsAfter = async (n: number) => { const p = polls(); await waitFor(`${n} polls`, () => polls() >= p + n); };
    // The contact opens, and 60 ms later (a poll has read it open) bounces: 50 edges in 100 ms, ending open.
    // The board latches each press until a poll reads it, so the console sees a release and then a press.
    const letGoWithBounce = async () => {
      board.sim.release(1);
      await sleep(60);
      await board.sim.bounce(1, 50, 100);
      await pollsAfter(6);
    };

    board.sim.press(1);
    await waitFor('alarm', () => h.svc.state().active);
    h.svc.close('op:1', '误触');
    await letGoWithBounce();
    expect(h.svc.state().active).toBeNull();
    expect(h.alarmCount()).toBe(1);

    await sleep(1000);
    board.sim.press(1);
    await waitFor('a genuine press starts the second alarm', () => h.svc.state().active);
    h.svc.close('op:1', '误触');
    // Held past the lockout this time: the settle time alone keeps the bounce from being a press.
    await sleep(1200);
    await letGoWithBounce();
    expect(h.svc.state().active).toBeNull();
    expect(h.alarmCount()).toBe(2);

    board.sim.tap(1);
    await waitFor('a press after the settle time starts an alarm', () => h.svc.state().active);
    expect(h.alarmCount()).toBe(3);
    expect(board.sim.counts().badCrc).toBe(0);
  });

  it('a console that stops during an alarm switches the siren coil off (coils have no auto-off)', async () => {
    rig = createRig();
    const board = await rig.modbus();
    const h = rig.start([board.config]);
    await waitFor('device OK', () => h.svc.devices()[0]?.state === 'ok');
    board.sim.tap(1);
    await waitFor('coil on', () => board.sim.coil(1));
    await h.stop();
    expect(board.sim.coil(1)).toBe(false);
  });
});
