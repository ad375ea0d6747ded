// Small shared bits of the alarm screens: who may act, turning stored instants into hall-time text, the last-alarm line.
import { computed } from 'vue';
import { useRoute } from 'vue-router';
import type { AlarmView } from '@shared/contract/alarm';
import { formatElapsed } from '@shared/domain/alarm/alarm-state';
import { useSessionStore } from '../stores/session';
import { formatDateTime, formatTime } from '../i18n/time';
import type { Translate } from '../i18n/messages';
import type { alarmText } from '../i18n/alarm';

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

/** The "last alarm" line of the console panel and the squad's standby view; a drill says so (演练 / DRILL). */
export function lastAlarmLine(t: Translate<(typeof alarmText)['zh-CN']>, last: AlarmView | null): string {
  if (!last) return t('noAlarmYet');
  const time = formatDateTime(Date.parse(last.triggeredAt));
  return last.turnoutMs !== null
    ? t('lastAlarm', { time, turnout: formatElapsed(last.turnoutMs), drill: last.drill })
    : t('lastAlarmNoTurnout', { time, drill: last.drill });
}
