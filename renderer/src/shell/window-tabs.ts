// Which screens this window holds as tabs: ?tabs= when the desktop app opened it, then its window.tabs event when a monitor comes or goes.
import { shallowRef, type Ref } from 'vue';
import { TabbedScreen } from '@shared/contract/shell';
import type { HallClient } from '../client';
import { pageParam } from '../client/page-params';

/** `wall,board` → ['wall', 'board']; anything not a tabbable screen is ignored. */
export function parseTabs(param: string | null): TabbedScreen[] {
  const asked = (param ?? '').split(',').map((s) => s.trim());
  return TabbedScreen.options.filter((r) => asked.includes(r));
}

let current: Ref<TabbedScreen[]> | null = null;

/** One state per window, shared by every screen's header; the address keeps up so a reload shows the same tabs. */
export function useWindowTabs(client: HallClient, win: Window = window): Readonly<Ref<TabbedScreen[]>> {
  if (current) return current;
  const tabs = shallowRef(parseTabs(pageParam('tabs', win.location)));
  client.on('window.tabs', (payload) => {
    tabs.value = parseTabs(payload.tabs.join(','));
    const url = new URL(win.location.href);
    if (tabs.value.length) url.searchParams.set('tabs', tabs.value.join(','));
    else url.searchParams.delete('tabs');
    win.history.replaceState(win.history.state, '', url.toString());
  });
  current = tabs;
  return tabs;
}
