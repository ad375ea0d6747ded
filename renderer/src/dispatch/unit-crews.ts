// Each unit's crew from the duty roster (车组: names, shift), kept apart from the unit store so a GPS batch
// does not re-render what shows crews; it changes only when a crew does (shift boundary, roster edit).
import { defineStore } from 'pinia';
import { shallowRef, triggerRef } from 'vue';
import type { CrewView, UnitView } from '@shared/contract/dispatch';
import { useHallClient } from '../client';
import { reportLoadError } from '../stores/hall';
import { defineMessages, useMessages } from '../i18n/messages';

export const crewText = defineMessages({
  'zh-CN': {
    'crew.label': '车组',
    'crew.off': '车组不在岗（值班表），不可派警',
  },
  en: {
    'crew.label': 'Crew',
    'crew.off': 'Crew off duty (duty roster): cannot be dispatched',
  },
});

export const useUnitCrewStore = defineStore('unitCrews', () => {
  const client = useHallClient();
  /** Crew by unit id; a unit the roster does not know maps to null. */
  const crews = shallowRef(new Map<string, CrewView | null>());
  const keys = new Map<string, string>();

  function put(list: readonly UnitView[]): void {
    let changed = false;
    for (const u of list) {
      const key = JSON.stringify(u.crew);
      if (keys.get(u.id) === key) continue;
      keys.set(u.id, key);
      crews.value.set(u.id, u.crew);
      changed = true;
    }
    if (changed) triggerRef(crews);
  }
  async function load(): Promise<void> {
    put((await client.invoke('units.list', {})).units);
  }

  client.on('unit.changed', (u) => put([u]));
  client.onReconnected(() => void load().catch(reportLoadError));
  void load().catch(reportLoadError);
  return { crews };
});

/** One line for a crew: "白班 08:00-20:00 · 王伟、李强"; the reason when nobody is on duty; null when the roster does not know the unit. */
export function useCrewLine(): (crew: CrewView | null | undefined) => string | null {
  const t = useMessages(crewText);
  return (crew) => {
    if (!crew) return null;
    if (!crew.onDuty) return t('crew.off');
    return `${crew.shift ?? ''} · ${crew.officers.map((o) => o.name).join('、')}`;
  };
}
