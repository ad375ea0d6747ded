// Small shared bits of the alarm screens: who may act, and turning stored instants into hall-time text.
import { computed } from 'vue';
import { useRoute } from 'vue-router';
import { useSessionStore } from '../stores/session';
import { formatTime } from '../i18n/time';

/**
 * Alarm actions are a commander's: shown (locked until sign-in) on desks, never on display screens (a display
 * token, or a wall/board/squad window even in the Electron shell) or to a watch officer.
 */
export function useAlarmActions() {
  const session = useSessionStore();
  const route = useRoute();
  return computed(() => {
    if (session.isDisplay || route.meta.display) return false;
    const role = session.session?.role;
    return session.operator === null || role === 'commander' || role === 'admin';
  });
}

export function timeOf(iso: string | null): string {
  return iso ? formatTime(Date.parse(iso)) : '';
}
