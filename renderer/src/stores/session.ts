// Who is on duty at this screen: first-start setup, sign-in and sign-out (shift handover), what it may do.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { Operator, SessionState } from '@shared/contract/system';
import { useHallClient } from '../client';
import { reportLoadError } from './hall';

export const useSessionStore = defineStore('session', () => {
  const client = useHallClient();
  const session = shallowRef<SessionState | null>(null);
  /** Who was signed in when the link dropped: the host signs a new connection out, so they must sign in again. */
  const signedOutByReconnect = shallowRef<Operator | null>(null);

  const operator = computed(() => session.value?.operator ?? null);
  const setupNeeded = computed(() => session.value?.setupNeeded ?? false);
  /** A display token (wall, board, squad room) never signs in. */
  const isDisplay = computed(() => session.value?.connectionRole === 'display');
  /** Actions (commands that change the hall) need a signed-in operator acting with more than display rights. */
  const canAct = computed(() => operator.value !== null && session.value?.role !== 'display');

  function apply(next: SessionState): void {
    session.value = next;
    if (next.operator) signedOutByReconnect.value = null;
  }

  async function load(): Promise<void> {
    apply(await client.invoke('session.status', {}));
  }

  async function setupAdmin(input: { name: string; policeNo: string; pin: string }): Promise<void> {
    apply(await client.invoke('session.setupAdmin', input));
  }

  async function signIn(policeNo: string, pin: string): Promise<void> {
    apply(await client.invoke('session.signIn', { policeNo, pin }));
  }

  async function signOut(): Promise<void> {
    apply(await client.invoke('session.signOut', {}));
  }

  client.on('session.changed', apply);
  client.onReconnected(() => {
    const before = operator.value;
    void load()
      .then(() => {
        if (before && !operator.value) signedOutByReconnect.value = before;
      })
      .catch(reportLoadError);
  });
  void load().catch(reportLoadError);
  return { session, operator, setupNeeded, isDisplay, canAct, signedOutByReconnect, load, setupAdmin, signIn, signOut };
});
