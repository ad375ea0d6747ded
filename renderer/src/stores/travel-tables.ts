// The speed and congestion tables travel times are computed from: loaded once, kept current by travel.tablesChanged, saved through travel.setTables.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { TravelTables } from '@shared/contract/geo';
import type { CongestionTable } from '@shared/domain/geo/congestion';
import type { SpeedTable } from '@shared/domain/geo/speed-table';
import { useHallClient } from '../client';
import { reportLoadError } from './hall';

export const useTravelTablesStore = defineStore('travelTables', () => {
  const client = useHallClient();
  const tables = shallowRef<TravelTables | null>(null);
  /** Bumped whenever the tables change in the hall (here or elsewhere), so an open editor can tell its draft is stale. */
  const revision = shallowRef(0);

  async function load(): Promise<void> {
    tables.value = await client.invoke('travel.tables', {});
    revision.value++;
  }

  /** Saves one table or both ('default' puts the built-in back); rejects with the host's refusal. */
  async function save(input: { speedTable?: SpeedTable | 'default'; congestionTable?: CongestionTable | 'default' }): Promise<void> {
    tables.value = await client.invoke('travel.setTables', input);
    revision.value++;
  }

  client.on('travel.tablesChanged', (t) => {
    tables.value = t;
    revision.value++;
  });
  client.onReconnected(() => void load().catch(reportLoadError));
  void load().catch(reportLoadError);

  return { tables, revision, load, save };
});
