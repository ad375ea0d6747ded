// An LCUS-1 USB relay (output only) as the siren, with a KF1 button box for the buttons, over real ptys.
import { afterEach, describe, expect, it } from 'vitest';
import { createRig, type Rig } from './test-rig';
import { waitFor } from './test-kit';

let rig: Rig;
afterEach(async () => { await rig.cleanup(); });

describe('LCUS-1 relay with a KF1 button box', () => {
  it('the box press sounds the relay; muster on the box stops the timer and stores the turnout; close switches it off', async () => {
    rig = createRig();
    const box = await rig.kf1({ sirenOutput: null });
    const relay = await rig.lcus();
    const h = rig.start([box.config, relay.config]);
    await waitFor('both OK', () => h.svc.devices().every((d) => d.state === 'ok'));

    box.sim.tap(1);
    await waitFor('relay on', () => relay.sim.relay(1));
    expect(relay.sim.commands().at(-1)).toMatchObject({ ch: 1, on: true });
    // The box has no siren here: nothing switched on at it.
    expect(box.sim.received().some((r) => r.frame.type === 'OUT' && r.frame.on)).toBe(false);

    box.sim.tap(2);
    const mustered = await waitFor('muster stored', () => { const a = h.svc.state().active; return a?.musteredAt ? a : null; });
    expect(h.db.prepare('SELECT turnout_ms FROM alarms WHERE id = ?').pluck().get(mustered.id)).toBe(mustered.turnoutMs);

    h.svc.close('op:1', '小组已出动');
    await waitFor('relay off', () => !relay.sim.relay(1));
    expect(relay.sim.badBytes()).toBe(0);
    expect(h.svc.frames('lcus-relay')[0]?.frames.map((f) => f.text)).toContain('A0 01 01 A2  relay 1 ON');
  });

  it('unplug the relay: FAULT within 3 s while the button box stays OK; replug: the relay is switched on again', async () => {
    rig = createRig();
    const box = await rig.kf1({ sirenOutput: null });
    const relay = await rig.lcus();
    const h = rig.start([box.config, relay.config]);
    await waitFor('both OK', () => h.svc.devices().every((d) => d.state === 'ok'));
    box.sim.tap(1);
    await waitFor('relay on', () => relay.sim.relay(1));

    const pulledAt = Date.now();
    await relay.unplug();
    const fault = await waitFor('relay FAULT', () => h.svc.devices()[1]?.state === 'fault' && h.svc.devices()[1], 6000);
    expect(Date.parse(fault.since) - pulledAt).toBeLessThan(3000);
    expect(h.svc.devices()[0]?.state).toBe('ok');
    expect(h.svc.state().active).not.toBeNull();

    const sim = await relay.replug();
    await waitFor('relay recovered', () => h.svc.devices()[1]?.state === 'ok', 15_000);
    await waitFor('relay on again', () => sim.relay(1));
  });

  it('a console that stops during an alarm switches the relay off (it has no auto-off of its own); a restart sounds it again', async () => {
    rig = createRig();
    const box = await rig.kf1({ sirenOutput: null });
    const relay = await rig.lcus();
    const first = rig.start([box.config, relay.config]);
    await waitFor('both OK', () => first.svc.devices().every((d) => d.state === 'ok'));
    box.sim.tap(1);
    await waitFor('relay on', () => relay.sim.relay(1));
    await first.stop();
    await waitFor('relay switched off by the stopping console', () => !relay.sim.relay(1));
    const second = rig.start([box.config, relay.config]);
    await waitFor('relay on again after the restart', () => relay.sim.relay(1));
    expect(second.svc.state().active?.id).toBe(1);
  });
});
