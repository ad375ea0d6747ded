// Events the desktop shell sends its own windows (never the host, never a LAN screen): which screens the console holds as tabs.
import { z } from 'zod';
import { event } from './define';

/** Screens that open as tabs in the console when they have no monitor of their own. */
export const TabbedScreen = z.enum(['wall', 'board']);
export type TabbedScreen = z.infer<typeof TabbedScreen>;

export const WindowTabs = z.object({ tabs: z.array(TabbedScreen) });
export type WindowTabs = z.infer<typeof WindowTabs>;

export const shellEvents = {
  'window.tabs': event({ payload: WindowTabs, summary: 'A monitor came or went: the console window now holds these screens as tabs.' }),
} as const;
