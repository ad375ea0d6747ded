// Which screen role goes on which monitor: a pure plan from the display list and the user's saved choices.

export const windowRoles = ['console', 'wall', 'board'] as const;
export type WindowRole = (typeof windowRoles)[number];

export interface DisplayInfo {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
  primary: boolean;
}

/** What the user chose last time: a display per role (by id), remembered across starts. */
export interface DisplayPreferences {
  assignments: Partial<Record<WindowRole, number>>;
}

export interface PlannedWindow {
  role: WindowRole;
  displayId: number;
  bounds: { x: number; y: number; width: number; height: number };
  fullscreen: boolean;
}

export interface DisplayPlan {
  windows: PlannedWindow[];
  /** Roles that have no monitor of their own and open as tabs in the console. */
  tabbedInConsole: WindowRole[];
}

/** Console on the primary monitor; wall full-screen on the second; board full-screen on the third. */
export function planDisplays(displays: readonly DisplayInfo[], prefs: DisplayPreferences = { assignments: {} }): DisplayPlan {
  if (displays.length === 0) return { windows: [], tabbedInConsole: [...windowRoles] };
  const byId = new Map(displays.map((d) => [d.id, d]));
  // Stable order: primary first, then left to right, top to bottom, so a re-plan is deterministic.
  const ordered = [...displays].sort((a, b) => Number(b.primary) - Number(a.primary) || a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y || a.id - b.id);
  const wanted = windowRoles.slice(0, Math.min(displays.length, windowRoles.length));
  const taken = new Set<number>();
  const chosen = new Map<WindowRole, DisplayInfo>();

  // Saved choices win while their monitor is still plugged in and not already claimed.
  for (const role of wanted) {
    const id = prefs.assignments[role];
    const d = id === undefined ? undefined : byId.get(id);
    if (d && !taken.has(d.id)) {
      chosen.set(role, d);
      taken.add(d.id);
    }
  }
  for (const role of wanted) {
    if (chosen.has(role)) continue;
    const d = ordered.find((x) => !taken.has(x.id));
    if (!d) break;
    chosen.set(role, d);
    taken.add(d.id);
  }

  const windows: PlannedWindow[] = wanted.map((role) => {
    const d = chosen.get(role)!;
    return { role, displayId: d.id, bounds: { ...d.bounds }, fullscreen: role !== 'console' };
  });
  return { windows, tabbedInConsole: windowRoles.filter((r) => !wanted.includes(r)) };
}

/** Remember where the user moved a window: that role now belongs to that display. */
export function rememberPlacement(prefs: DisplayPreferences, role: WindowRole, displayId: number): DisplayPreferences {
  const assignments: Partial<Record<WindowRole, number>> = { ...prefs.assignments };
  for (const r of windowRoles) if (assignments[r] === displayId && r !== role) delete assignments[r];
  assignments[role] = displayId;
  return { assignments };
}
