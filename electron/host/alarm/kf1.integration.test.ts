// KF1 over real socat pseudo-terminals: the simulated button box on one end, the alarm service on the other.
import { afterEach, describe, expect, it } from 'vitest';
import type { Kf1Frame } from '../../../shared/domain/alarm/kf1-codec';
import { createRig, type Rig } from './test-rig';
import { sleep, waitFor } from './test-kit';
import type { Kf1Simulator } from './sim/kf1-sim';

type Out = Extract<Kf1Frame, { type: 'OUT' }>;
const outs = (sim: Kf1Simulator, ch?: number): Out[] =>
  sim.received().map((r) => r.frame).filter((f): f is Out => f.type === 'OUT' && (ch === undefined || f.ch === ch));

let rig: Rig;
afterEach(async () => { await rig.cleanup(); });

describe('KF1 button box over a pty', () => {
  it('press: siren OUT with auto-off at the box; muster stops the timer and stores the turnout; silence and close', async () => {
    rig = createRig();
    const box = await rig.kf1({ lampOutput: 2 });
    const h = rig.start([box.config]);
    // A heartbeat may arrive before the reply to WHO: wait for the HELLO, not only for the first frame.
    await waitFor('device OK and its HELLO', () => h.svc.devices()[0]?.state === 'ok' && h.svc.devices()[0]?.model !== null);
    expect(h.svc.devices()[0]).toMatchObject({ model: 'KF1-SIM', firmware: '1.0' });

    box.sim.tap(1);
    const siren = await waitFor('siren OUT at the box', () => outs(box.sim, 1).find((f) => f.on));
    // Every OUT that switches the siren on carries its auto-off, so the box stops it even if the console dies.
    expect(siren.autoOffMs).toBeGreaterThan(55_000);
    expect(siren.autoOffMs).toBeLessThanOrEqual(60_000);
    await waitFor('relays 1 and 2 on at the box', () => box.sim.output(1) && box.sim.output(2));
    const active = h.svc.state().active;
    expect(active).toMatchObject({ source: 'button', actor: 'device:kf1-box', drill: false });
    expect(h.events.some((e) => e.name === 'alarm.changed' && e.payload.active?.id === active?.id)).toBe(true);
    expect(h.actions()).toContain('alarm.trigger');

    box.sim.tap(2);
    const mustered = await waitFor('muster stored', () => { const a = h.svc.state().active; return a?.musteredAt ? a : null; });
    expect(mustered.turnoutMs).toBeGreaterThan(0);
    expect(h.db.prepare('SELECT turnout_ms FROM alarms WHERE id = ?').pluck().get(mustered.id)).toBe(mustered.turnoutMs);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.svc.state().active?.turnoutMs).toBe(mustered.turnoutMs);
    // The siren keeps sounding after muster until silenced or its maximum.
    expect(box.sim.output(1)).toBe(true);

    h.svc.silence('op:032117');
    await waitFor('siren and lamp off at the box', () => !box.sim.output(1) && !box.sim.output(2));
    h.svc.close('op:032117', '小组已出动');
    expect(h.svc.state().active).toBeNull();
    expect(h.actions()).toEqual(['alarm.trigger', 'alarm.muster', 'alarm.silence', 'alarm.close']);
    for (const f of outs(box.sim)) if (f.on) expect(f.autoOffMs).toBeGreaterThan(0);
  });

  it('unplug: FAULT within 3 s, the alarm survives; replug: recovered and the siren re-asserted', async () => {
    rig = createRig();
    const box = await rig.kf1();
    const h = rig.start([box.config]);
    await waitFor('device OK', () => h.svc.devices()[0]?.state === 'ok');
    box.sim.tap(1);
    await waitFor('siren on at the box', () => box.sim.output(1));

    const pulledAt = Date.now();
    await box.unplug();
    // The requirement is on the device's own FAULT instant; the wait is longer so a loaded machine does not flake.
    const fault = await waitFor('FAULT', () => h.svc.devices()[0]?.state === 'fault' && h.svc.devices()[0], 6000);
    expect(Date.parse(fault.since) - pulledAt).toBeLessThan(3000);
    expect(fault.reason).toMatch(/port closed|port gone|cannot open/);
    expect(h.svc.state().active).not.toBeNull();
    expect(h.svc.state().siren.on).toBe(true);
    expect(h.actions()).toContain('alarm.device-fault');

    const sim = await box.replug();
    await waitFor('recovered', () => h.svc.devices()[0]?.state === 'ok', 15_000);
    await waitFor('siren re-asserted on the new box', () => sim.output(1));
    const reasserted = outs(sim, 1).find((f) => f.on);
    expect(reasserted?.autoOffMs).toBeLessThan(60_000);
    expect(h.svc.devices()[0]?.counters.reconnects).toBeGreaterThanOrEqual(1);
    expect(h.actions()).toContain('alarm.device-recovered');
  });

  it('a press-release made while the cable was out (seen only in the seq) starts no alarm; during an alarm it is the muster', async () => {
    rig = createRig();
    const box = await rig.kf1({ heartbeatMs: 300 });
    const h = rig.start([box.config]);
    await waitFor('device OK and a heartbeat seen', () => h.svc.devices()[0]?.state === 'ok' && h.svc.frames()[0]?.frames.some((f) => f.text.startsWith('$HB')));
    let seq = box.sim.seq();
    await box.unplug();
    await waitFor('FAULT', () => h.svc.devices()[0]?.state === 'fault');
    // The box ran on: some button was pressed and released (seq + 2) while nobody could hear it.
    await box.replug({ seq: seq + 2, powerUp: false });
    await waitFor('OK again with the new seq', () => h.svc.devices()[0]?.state === 'ok' && h.svc.frames()[0]?.frames.some((f) => f.text.startsWith(`$HB,${seq + 2},`)), 15_000);
    await waitFor('the lost frames counted', () => (h.svc.devices()[0]?.counters.missedInputs ?? 0) >= 2);
    expect(h.svc.state().active).toBeNull();
    expect(h.alarmCount()).toBe(0);

    const { state } = h.svc.trigger({ source: 'console', actor: 'op:1' });
    seq = box.sim.seq();
    await box.unplug();
    await waitFor('FAULT', () => h.svc.devices()[0]?.state === 'fault');
    await box.replug({ seq: seq + 2, powerUp: false });
    const mustered = await waitFor('muster from the seq gap after reconnect', () => { const a = h.svc.state().active; return a?.musteredAt ? a : null; }, 15_000);
    expect(mustered.id).toBe(state.active?.id);
    expect(h.db.prepare('SELECT turnout_ms FROM alarms WHERE id = ?').pluck().get(mustered.id)).toBe(mustered.turnoutMs);
    const row = h.db.prepare("SELECT detail FROM audit_log WHERE action = 'alarm.muster'").pluck().get() as string;
    expect(JSON.parse(row)).toMatchObject({ via: expect.stringContaining('input unknown') });
    expect(h.alarmCount()).toBe(1);
  });

  it('a box that restarted unseen (seq far behind or far ahead) raises nothing', async () => {
    rig = createRig();
    const box = await rig.kf1({ heartbeatMs: 300, seq: 40_000 });
    const h = rig.start([box.config]);
    await waitFor('device OK and a heartbeat seen', () => h.svc.devices()[0]?.state === 'ok' && h.svc.frames()[0]?.frames.some((f) => f.text.startsWith('$HB,40000')));
    await box.unplug();
    await waitFor('FAULT', () => h.svc.devices()[0]?.state === 'fault');
    await box.replug({ seq: 7, powerUp: false });
    await waitFor('OK again with the new seq', () => h.svc.devices()[0]?.state === 'ok' && h.svc.frames()[0]?.frames.some((f) => f.text.startsWith('$HB,7,')), 15_000);
    expect(h.svc.state().active).toBeNull();
    expect(h.alarmCount()).toBe(0);
  });

  it('a silent box (port open, no frames) is FAULT after 3 s of silence and recovers when it talks', async () => {
    rig = createRig();
    const box = await rig.kf1({ heartbeatMs: 3_600_000 });
    const h = rig.start([box.config]);
    const fault = await waitFor('FAULT from silence', () => h.svc.devices()[0]?.state === 'fault' && h.svc.devices()[0], 10_000);
    expect(fault.reason).toBe('no frame for 3 s');
    expect(Date.parse(fault.since) - Date.parse(fault.lastFrameAt ?? fault.since)).toBeGreaterThanOrEqual(2900);
    box.sim.heartbeat();
    await waitFor('OK again', () => h.svc.devices()[0]?.state === 'ok');
  });

  it('1 MB of random bytes: no alarm, frames dropped and counted, and the next real press still works', async () => {
    rig = createRig();
    const box = await rig.kf1({ heartbeatMs: 200 });
    const h = rig.start([box.config]);
    await waitFor('device OK', () => h.svc.devices()[0]?.state === 'ok');
    let x = 0x1357_9bdf;
    const noise = new Uint8Array(1 << 20);
    for (let i = 0; i < noise.length; i++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      noise[i] = x & 0xff;
    }
    const framesBefore = h.svc.devices()[0]!.counters.framesIn;
    box.sim.sendRaw(noise);
    // Heartbeats written after the noise arrive after it: two more than were in flight means it was all read.
    await waitFor('heartbeats again after the noise', () => h.svc.devices()[0]!.counters.framesIn >= framesBefore + 3, 30_000);
    const d = h.svc.devices()[0]!;
    expect(d.counters.dropped).toBeGreaterThan(100);
    expect(d.counters.noiseBytes).toBeGreaterThan(100_000);
    expect(d.state).toBe('ok');
    expect(h.svc.state().active).toBeNull();
    expect(h.alarmCount()).toBe(0);
    expect(h.svc.frames()[0]?.frames.some((f) => f.dropped)).toBe(true);

    box.sim.tap(1);
    await waitFor('alarm after the noise', () => h.svc.state().active);
  });

  it('a bouncing contact (50 toggles within 100 ms) gives exactly one alarm', async () => {
    rig = createRig();
    const box = await rig.kf1();
    const h = rig.start([box.config]);
    await waitFor('device OK', () => h.svc.devices()[0]?.state === 'ok');
    await box.sim.bounce(1, 50, 100);
    await waitFor('alarm', () => h.svc.state().active);
    await waitFor('all 51 edges read', () => (h.svc.devices()[0]?.counters.framesIn ?? 0) >= 52);
    expect(h.alarmCount()).toBe(1);
    expect(h.actions().filter((a) => a === 'alarm.trigger')).toHaveLength(1);
    expect(outs(box.sim, 1).filter((f) => f.on)).toHaveLength(1);
  });

  it('a lost IN frame is recovered: a held alarm button from the heartbeat mask, a tap whose press was lost from its release', async () => {
    rig = createRig();
    const box = await rig.kf1({ heartbeatMs: 300 });
    const h = rig.start([box.config]);
    await waitFor('device OK and a heartbeat seen', () => h.svc.devices()[0]?.state === 'ok' && h.svc.frames()[0]?.frames.some((f) => f.text.startsWith('$HB')));
    box.sim.loseNextIn();
    box.sim.press(1);
    const a = await waitFor('alarm from the heartbeat mask', () => h.svc.state().active, 5000);
    expect(a.source).toBe('button');
    expect(h.svc.devices()[0]?.counters.missedInputs).toBe(1);
    box.sim.release(1);
    h.svc.close('op:1', 'test');

    await waitFor('release seen', () => h.svc.devices()[0]?.inputsPressed.length === 0);
    // Past the lockout after a close: this tap is a new press.
    await sleep(1200);
    box.sim.loseNextIn();
    box.sim.tap(1);
    await waitFor('alarm from the release of input 1 (its press was lost)', () => h.svc.state().active, 5000);
    expect(h.alarmCount()).toBe(2);
    expect(h.svc.devices()[0]?.counters.missedInputs).toBe(2);
  });

  it('a muster tap whose press frame was lost, with the hall idle, starts no alarm (nor does a tap lost whole)', async () => {
    rig = createRig();
    const box = await rig.kf1({ heartbeatMs: 300 });
    const h = rig.start([box.config]);
    await waitFor('device OK and a heartbeat seen', () => h.svc.devices()[0]?.state === 'ok' && h.svc.frames()[0]?.frames.some((f) => f.text.startsWith('$HB')));
    box.sim.loseNextIn();
    box.sim.tap(2);
    const seq = box.sim.seq();
    await waitFor('the release of input 2 read', () => h.svc.frames()[0]?.frames.some((f) => f.text.startsWith(`$IN,2,0,${seq}*`)));
    await waitFor('a heartbeat after it', () => h.svc.frames()[0]?.frames.some((f) => f.text.startsWith(`$HB,${seq},`)));
    expect(h.svc.devices()[0]?.counters.missedInputs).toBe(1);

    // Both frames of a tap lost: only the seq gap tells, and it cannot tell which input.
    box.sim.loseNextIn();
    box.sim.press(2);
    box.sim.loseNextIn();
    box.sim.release(2);
    await waitFor('a heartbeat with the gap', () => h.svc.frames()[0]?.frames.some((f) => f.text.startsWith(`$HB,${seq + 2},`)));
    await waitFor('the gap counted', () => h.svc.devices()[0]?.counters.missedInputs === 3);
    expect(h.svc.state().active).toBeNull();
    expect(h.alarmCount()).toBe(0);
    expect(box.sim.output(1)).toBe(false);
    expect(outs(box.sim, 1).filter((f) => f.on)).toHaveLength(0);
  });

  it('a muster tap whose press frame was lost, during an alarm, stops the timer and stores the turnout', async () => {
    rig = createRig();
    const box = await rig.kf1({ heartbeatMs: 300 });
    const h = rig.start([box.config]);
    await waitFor('device OK and a heartbeat seen', () => h.svc.devices()[0]?.state === 'ok' && h.svc.frames()[0]?.frames.some((f) => f.text.startsWith('$HB')));
    box.sim.tap(1);
    await waitFor('alarm', () => h.svc.state().active);
    box.sim.loseNextIn();
    box.sim.tap(2);
    const mustered = await waitFor('muster stored', () => { const a = h.svc.state().active; return a?.musteredAt ? a : null; }, 5000);
    expect(mustered.turnoutMs).toBeGreaterThan(0);
    expect(h.db.prepare('SELECT turnout_ms FROM alarms WHERE id = ?').pluck().get(mustered.id)).toBe(mustered.turnoutMs);
    await sleep(400);
    expect(h.svc.state().active?.turnoutMs).toBe(mustered.turnoutMs);
    expect(h.svc.devices()[0]?.counters.missedInputs).toBe(1);
    expect(h.alarmCount()).toBe(1);
  });

  it('a held alarm button let go with a bounce after the close starts no new alarm; a press after the settle time does', async () => {
    rig = createRig();
    const box = await rig.kf1({ heartbeatMs: 300 });
    const h = rig.start([box.config]);
    await waitFor('device OK', () => h.svc.devices()[0]?.state === 'ok');
    const framesIn = () => h.svc.devices()[0]!.counters.framesIn;
    // From held, the bounce sends 49 IN frames (its first edge is no change), ending released.
    const bounceRead = (before: number) => waitFor('the whole bounce read', () => framesIn() >= before + 49 && h.svc.devices()[0]?.inputsPressed.length === 0);

    box.sim.press(1);
    await waitFor('alarm', () => h.svc.state().active);
    h.svc.close('op:1', '误触');
    // Released at once, bouncing: within the lockout after the close, and every rising edge 2 ms after a release.
    let before = framesIn();
    await box.sim.bounce(1, 50, 100);
    await bounceRead(before);
    await sleep(300);
    expect(h.svc.state().active).toBeNull();
    expect(h.alarmCount()).toBe(1);

    await sleep(1000);
    box.sim.press(1);
    await waitFor('a genuine press starts the second alarm', () => h.svc.state().active);
    h.svc.close('op:1', '误触');
    // Held past the lockout this time: the settle time alone keeps the bounce from being a press.
    await sleep(1200);
    before = framesIn();
    await box.sim.bounce(1, 50, 100);
    await bounceRead(before);
    await sleep(300);
    expect(h.svc.state().active).toBeNull();
    expect(h.alarmCount()).toBe(2);

    box.sim.tap(1);
    await waitFor('a press after the settle time starts an alarm', () => h.svc.state().active);
    expect(h.alarmCount()).toBe(3);
  });

  it('OUT without ACK is resent 3 times after 200 ms, then the box is FAULT', async () => {
    rig = createRig();
    const box = await rig.kf1({ ack: false });
    const h = rig.start([box.config]);
    await waitFor('device OK', () => h.svc.devices()[0]?.state === 'ok');
    h.svc.trigger({ source: 'console', actor: 'op:1' });
    const d = await waitFor('FAULT for the unacknowledged OUT', () => h.svc.devices()[0]?.state === 'fault' && h.svc.devices()[0], 5000);
    expect(d.reason).toMatch(/not acknowledged after 3 resends/);
    const first = outs(box.sim, 1).find((f) => f.on)!;
    // The first OUT and its three resends; later the box answers a PING, so the console drives it once more.
    const copies = box.sim.received().filter((r) => r.frame.type === 'OUT' && r.frame.id === first.id);
    expect(copies).toHaveLength(4);
    // The spacing is the console's: when each copy was written (its frame log). Read times at the box also carry
    // the scheduling of three processes on a loaded machine, which can bunch two copies together.
    const sent = h.svc.frames()[0]!.frames.filter((f) => f.dir === 'out' && f.text.startsWith(`$OUT,${first.id},`)).map((f) => Date.parse(f.at));
    expect(sent).toHaveLength(4);
    for (let i = 1; i < sent.length; i++) expect(sent[i]! - sent[i - 1]!).toBeGreaterThanOrEqual(195);
    expect(d.counters.resends).toBeGreaterThanOrEqual(3);
  });

  it('a box that restarts on its own gets its siren driven again', async () => {
    rig = createRig();
    const box = await rig.kf1();
    const h = rig.start([box.config]);
    await waitFor('device OK', () => h.svc.devices()[0]?.state === 'ok');
    h.svc.trigger({ source: 'console', actor: 'op:1' });
    await waitFor('siren on', () => box.sim.output(1));
    box.sim.reboot();
    expect(box.sim.output(1)).toBe(false);
    await waitFor('siren on again after the reboot', () => box.sim.output(1));
  });
});
