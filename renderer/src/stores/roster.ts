// The duty roster: the watch officer's month (grid, rules, history, undo) and the console's on-duty feed,
// both kept current by roster.changed and roster.shiftChanged.
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { CommandInput } from '@shared/contract';
import type { ExceptionView, HistoryRow, ImportPreview, OnDutyNow, RosterConfig, RosterRulesView, RosterView } from '@shared/contract/roster';
import { useHallClient } from '../client';
import { hallTimeZone } from '../i18n/time';
import { addMonths, monthBounds, monthOf } from '../roster/month';
import { reportLoadError, useHallStore } from './hall';

/** One edit made on this screen and how to take it back. */
interface UndoEntry {
  /** add: withdraw it to undo; revoke: put it back to undo. */
  kind: 'add' | 'revoke';
  id: number;
  /** The exception's version after the edit, so the undo conflicts if somebody changed it since. */
  version: number;
  summary: string;
}

const UNDO_DEPTH = 20;

export const useRosterStore = defineStore('roster', () => {
  const client = useHallClient();
  const hall = useHallStore();
  const month = shallowRef(monthOf(hall.hallNow(), hallTimeZone.value));
  const view = shallowRef<RosterView | null>(null);
  const config = shallowRef<RosterConfig | null>(null);
  const history = shallowRef<HistoryRow[]>([]);
  const undoStack = shallowRef<UndoEntry[]>([]);
  const loadError = shallowRef<string | null>(null);

  const officersById = computed(() => new Map((view.value?.groups ?? []).flatMap((g) => g.officers).map((o) => [o.id, o])));
  const errors = computed(() => view.value?.violations.filter((v) => v.severity === 'error').length ?? 0);
  const warnings = computed(() => view.value?.violations.filter((v) => v.severity === 'warning').length ?? 0);

  let seq = 0;
  async function load(): Promise<void> {
    const mine = ++seq;
    const { from, to } = monthBounds(month.value);
    try {
      const [v, c, h] = await Promise.all([
        client.invoke('roster.view', { from, to }),
        client.invoke('roster.config', {}),
        client.invoke('roster.history', { limit: 50 }),
      ]);
      if (mine !== seq) return; // a newer load (another month, a later edit) is on its way
      view.value = v;
      config.value = c;
      history.value = h;
      loadError.value = null;
    } catch (err) {
      if (mine === seq) loadError.value = err instanceof Error ? err.message : String(err);
      throw err;
    }
  }

  function setMonth(next: string): void {
    month.value = next;
    view.value = null;
    void load().catch(reportLoadError);
  }
  const step = (delta: number): void => setMonth(addMonths(month.value, delta));
  const goToday = (): void => setMonth(monthOf(hall.hallNow(), hallTimeZone.value));

  function remember(entry: UndoEntry): void {
    undoStack.value = [...undoStack.value, entry].slice(-UNDO_DEPTH);
  }

  async function addException(input: CommandInput<'roster.exception.add'>) {
    const r = await client.invoke('roster.exception.add', input);
    remember({ kind: 'add', id: r.exception.id, version: r.exception.version, summary: r.exception.summary });
    await load();
    return r;
  }

  async function withdraw(ex: ExceptionView): Promise<void> {
    const r = await client.invoke('roster.exception.revoke', { id: ex.id, version: ex.version });
    remember({ kind: 'revoke', id: r.exception.id, version: r.exception.version, summary: r.exception.summary });
    await load();
  }

  /** Takes back the last edit made on this screen; a conflict (somebody changed it since) keeps it on the stack. */
  async function undo(): Promise<void> {
    const last = undoStack.value[undoStack.value.length - 1];
    if (!last) return;
    if (last.kind === 'add') await client.invoke('roster.exception.revoke', { id: last.id, version: last.version, reason: '撤销 / undo' });
    else await client.invoke('roster.exception.restore', { id: last.id, version: last.version });
    undoStack.value = undoStack.value.slice(0, -1);
    await load();
  }

  async function setRules(rules: Partial<RosterRulesView>): Promise<void> {
    await client.invoke('roster.rules.set', { rules, ...(config.value ? { version: config.value.rulesVersion } : {}) });
    await load();
  }

  async function exportFile(format: 'csv' | 'xlsx'): Promise<void> {
    const { from, to } = monthBounds(month.value);
    const file = await client.invoke('roster.export', { from, to, format });
    const bytes = Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file.fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async function importPreview(fileName: string, data: string): Promise<ImportPreview> {
    return client.invoke('roster.import.preview', { fileName, data });
  }

  async function importApply(fileName: string, data: string, preview: ImportPreview) {
    const r = await client.invoke('roster.import.apply', { fileName, data, digest: preview.digest, revision: preview.revision });
    await load();
    return r;
  }

  async function loadHolidays(json: unknown) {
    const r = await client.invoke('roster.holidays.load', { file: json as CommandInput<'roster.holidays.load'>['file'] });
    await load();
    return r;
  }

  let pending = false;
  client.on('roster.changed', () => {
    // Coalesce a burst of changes (an import, several screens) into one reload.
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      void load().catch(reportLoadError);
    }, 150);
  });
  client.onReconnected(() => void load().catch(reportLoadError));
  void load().catch(reportLoadError);

  return {
    month, view, config, history, undoStack, loadError, officersById, errors, warnings,
    load, setMonth, step, goToday, addException, withdraw, undo, setRules, exportFile, importPreview, importApply, loadHolidays,
  };
});

/** The shift on duty now, for the console's unit-roster pane; switches by itself at the boundary. */
export const useOnDutyStore = defineStore('rosterOnDuty', () => {
  const client = useHallClient();
  const hall = useHallStore();
  const current = shallowRef<OnDutyNow | null>(null);
  const unavailable = shallowRef<string | null>(null);
  let fallback: ReturnType<typeof setTimeout> | null = null;

  function apply(next: OnDutyNow): void {
    current.value = next;
    unavailable.value = null;
    // The host announces each boundary; should that event be lost (link down at the moment), ask again a
    // few seconds after the boundary.
    if (fallback) clearTimeout(fallback);
    if (next.nextChangeAt) {
      const wait = Date.parse(next.nextChangeAt) - hall.hallNow() + 5_000;
      fallback = setTimeout(() => void load().catch(reportLoadError), Math.max(5_000, Math.min(wait, 2 ** 31 - 1)));
    }
  }

  async function load(): Promise<void> {
    try {
      apply(await client.invoke('roster.onDutyNow', {}));
    } catch (err) {
      unavailable.value = err instanceof Error ? err.message : String(err);
      throw err;
    }
  }

  client.on('roster.shiftChanged', apply);
  client.on('roster.changed', () => void load().catch(reportLoadError));
  client.onReconnected(() => void load().catch(reportLoadError));
  void load().catch(reportLoadError);
  return { current, unavailable, load };
});
