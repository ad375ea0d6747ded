// Where the other domains plug into the shell: their screens, the alarm banner, console panes, map layers.
// Each engineer adds their entries here with a one-line edit; see renderer/README.md.
import type { Component } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import type { MapLayerContribution } from './map/contribution';
import DispatchQueue from './dispatch/DispatchQueue.vue';
import BoardIncidents from './dispatch/BoardIncidents.vue';
import WallIncidents from './dispatch/WallIncidents.vue';
import OrdersPanel from './dispatch/OrdersPanel.vue';
import { incidentLayer } from './dispatch/incident-layer';
import { frameTool } from './dispatch/frame-tool';
import OnDutyPane from './roster/OnDutyPane.vue';
import AlarmBanner from './alarm/AlarmBanner.vue';
import DeviceFaultBanner from './alarm/DeviceFaultBanner.vue';
import AlarmPanel from './alarm/AlarmPanel.vue';
import CoveragePanel from './geo/CoveragePanel.vue';
import { coverageLayer } from './geo/coverage-layer';

export interface ConsolePanel {
  /** Stable id, also the panel's data-testid ("panel-<id>"). */
  id: string;
  component: Component;
}

export interface ShellContributions {
  /**
   * Extra screens at #/<path> (roster, squad, settings/hardware, ...). Set `meta.display: true` on screens
   * for read-only displays: they never offer sign-in.
   */
  routes: RouteRecordRaw[];
  /** Shown in the alarm-banner strip at the top of every screen; each hides itself (v-if) when it has nothing to say. */
  alarmBanner: Component[];
  /** The console's alert-queue pane body; until one is given the pane says "暂无警情 / No incidents". */
  consoleQueue: Component | null;
  /** Panels stacked under the alert queue on the console (e.g. coverage). */
  consolePanels: ConsolePanel[];
  /** The board's incident area; until one is given it shows "no incidents" and the targets per tier. */
  boardIncidents: Component | null;
  /** The wall's incident figure (top of its summary box); until one is given it shows 0, "no incidents". */
  wallIncidents: Component | null;
  /** Layers added to every map (console and wall), e.g. incidents or coverage gaps. */
  mapLayers: MapLayerContribution[];
  /** Shown at the top of the console's unit roster, above the units (e.g. the crew on duty now). */
  unitRosterTop: Component[];
}

export const contributions: ShellContributions = {
  routes: [
    { path: '/roster', name: 'roster', component: () => import('./roster/RosterScreen.vue') },
    { path: '/roster/print/:month?', name: 'roster-print', component: () => import('./roster/RosterPrintScreen.vue') },
    { path: '/squad', name: 'squad', component: () => import('./alarm/SquadScreen.vue'), meta: { display: true } },
    { path: '/settings/hardware', name: 'hardware', component: () => import('./alarm/HardwareScreen.vue') },
    { path: '/coverage', name: 'coverage', component: () => import('./geo/CoverageScreen.vue') },
  ],
  alarmBanner: [AlarmBanner, DeviceFaultBanner],
  consoleQueue: DispatchQueue,
  consolePanels: [{ id: 'alarm', component: AlarmPanel }, { id: 'coverage', component: CoveragePanel }, { id: 'orders', component: OrdersPanel }],
  boardIncidents: BoardIncidents,
  wallIncidents: WallIncidents,
  mapLayers: [coverageLayer, incidentLayer, frameTool],
  unitRosterTop: [OnDutyPane],
};
