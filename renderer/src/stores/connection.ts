// The link to the hall host, for the connection indicator: up, down (reconnecting by itself), since when.
import { defineStore } from 'pinia';
import { computed, shallowRef, watch } from 'vue';
import { useHallClient } from '../client';

export const useConnectionStore = defineStore('connection', () => {
  const client = useHallClient();
  const state = computed(() => client.state.value);
  const online = computed(() => state.value === 'open');
  /** True once the link has been lost at least once; the first connection is 'connecting', not 'down'. */
  const down = computed(() => state.value === 'reconnecting' || state.value === 'closed');
  /** The host refuses this screen's token: retrying will not help until the hall gives it a new link. */
  const problem = computed(() => client.problem.value);
  const since = shallowRef(Date.now());
  const reconnects = shallowRef(0);
  watch(state, () => (since.value = Date.now()));
  client.onReconnected(() => (reconnects.value += 1));
  return { state, online, down, problem, since, reconnects, transport: client.transport };
});
