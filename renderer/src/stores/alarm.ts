// The one-key reinforcement alarm on this screen: the open alarm, siren and lamp, device states; kept current by events.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { AlarmState, DeviceStatus } from '@shared/contract/alarm';
import { turnoutElapsed } from '@shared/domain/alarm/alarm-state';
import { useHallClient } from '../client';
import { reportLoadError, useHallStore } from './hall';

type DrillMode = 'siren' | 'lamp-only' | 'short-siren';

export const useAlarmStore = defineStore('alarm', () => {
  const client = useHallClient();
  const hall = useHallStore();
  const state = shallowRef<AlarmState | null>(null);
  const active = computed(() => state.value?.active ?? null);
  const last = computed(() => state.value?.last ?? null);
  const devices = computed<DeviceStatus[]>(() => state.value?.devices ?? []);
  const faults = computed(() => devices.value.filter((d) => d.state === 'fault'));
  /** Whether the siren (or, for a lamp-only drill, the lamp) is sounding right now, by the hall clock. */
  const sounding = computed(() => {
    const s = state.value;
    if (!s?.active) return false;
    const now = hall.now;
    const on = (o: { on: boolean; until: string | null }): boolean => o.on && (o.until === null || Date.parse(o.until) > now);
    return on(s.siren) || on(s.lamp);
  });
  /** Turnout running (or frozen at muster), from the stored trigger instant and the hall clock: the same on every screen. */
  const elapsedMs = computed(() => {
    const a = active.value;
    if (!a) return 0;
    return turnoutElapsed({ turnoutMs: a.turnoutMs, triggeredAt: Date.parse(a.triggeredAt) }, hall.now);
  });

  async function load(): Promise<void> {
    state.value = await client.invoke('alarm.state', {});
  }
  async function trigger(opts: { drill: boolean; drillMode?: DrillMode; incidentId?: string }): Promise<boolean> {
    const r = await client.invoke('alarm.trigger', {
      ...(opts.drill ? { drill: true } : {}),
      ...(opts.drill && opts.drillMode ? { drillMode: opts.drillMode } : {}),
      ...(opts.incidentId ? { incidentId: opts.incidentId } : {}),
    });
    state.value = r.state;
    return r.started;
  }
  async function muster(): Promise<void> {
    state.value = await client.invoke('alarm.muster', {});
  }
  async function silence(): Promise<void> {
    state.value = await client.invoke('alarm.silence', {});
  }
  async function close(note: string): Promise<void> {
    state.value = await client.invoke('alarm.close', { note });
  }

  client.on('alarm.changed', (s) => { state.value = s; });
  client.on('alarm.deviceChanged', (d) => {
    const s = state.value;
    if (!s) return;
    const known = s.devices.some((x) => x.id === d.id);
    state.value = { ...s, devices: known ? s.devices.map((x) => (x.id === d.id ? d : x)) : [...s.devices, d] };
  });
  client.onReconnected(() => void load().catch(reportLoadError));
  void load().catch(reportLoadError);
  return { state, active, last, devices, faults, sounding, elapsedMs, load, trigger, muster, silence, close };
});
