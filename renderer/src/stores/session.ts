// Who is on duty at this screen: first-start setup, sign-in and sign-out (shift handover), what it may do.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { Operator, SessionState, SignedIn } from '@shared/contract/system';
import { useHallClient } from '../client';
import { reportLoadError } from './hall';

const RESUME_KEY = 'kuaifan.resume';

/** The sign-in this screen holds, kept per tab so a reload or reconnect resumes it without the PIN. */
const resumeStore = {
  get(): string | null {
    try {
      return window.sessionStorage.getItem(RESUME_KEY);
    } catch {
      return null;
    }
  },
  set(token: string | null): void {
    try {
      if (token) window.sessionStorage.setItem(RESUME_KEY, token);
      else window.sessionStorage.removeItem(RESUME_KEY);
    } catch {
      // storage disabled: the operator signs in again after a reload
    }
  },
};

export const useSessionStore = defineStore('session', () => {
  const client = useHallClient();
  const session = shallowRef<SessionState | null>(null);
  /** Who was signed in when the link dropped and could not be resumed (signed out elsewhere, or expired). */
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

  /** Reads this connection's session; a new connection (reload, reconnect) resumes the sign-in it held. */
  async function load(): Promise<void> {
    const status = await client.invoke('session.status', {});
    const token = resumeStore.get();
    if (status.operator || !token || status.connectionRole === 'display') return apply(status);
    try {
      apply(await client.invoke('session.resume', { resumeToken: token }));
    } catch {
      resumeStore.set(null);
      apply(status);
    }
  }

  function signedIn(reply: SignedIn): void {
    const { resumeToken, ...state } = reply;
    resumeStore.set(resumeToken);
    apply(state);
  }

  async function setupAdmin(input: { name: string; policeNo: string; pin: string }): Promise<void> {
    signedIn(await client.invoke('session.setupAdmin', input));
  }

  async function signIn(policeNo: string, pin: string): Promise<void> {
    signedIn(await client.invoke('session.signIn', { policeNo, pin }));
  }

  async function signOut(): Promise<void> {
    resumeStore.set(null);
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
