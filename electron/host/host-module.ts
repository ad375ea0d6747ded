// What a domain module (roster, alarm, dispatch, geo) gets from the host and gives back to it.
import type { Clock } from './clock';
import type { HallDatabase } from './db/open';
import type { Logger } from './logging/logger';
import type { AuditLog } from './audit/audit-log';
import type { ContractRouter } from './contract-router';
import type { SettingsStore } from './settings';
import type { MapStore } from './map/map-store';
import type { ApiRoute } from './web/api-routes';

export interface DeviceStatus {
  id: string;
  kind: string;
  path: string;
  state: string;
  since: string | null;
}

/** The host's shared parts, handed to every module when the host starts. */
export interface HostContext {
  readonly dataDir: string;
  readonly resourcesDir: string;
  readonly clock: Clock;
  readonly db: HallDatabase;
  readonly log: Logger;
  readonly audit: AuditLog;
  readonly router: ContractRouter;
  readonly settings: SettingsStore;
  readonly map: MapStore;
}

export interface HostModule {
  readonly name: string;
  /** Integration API routes (/api/v1/...) the module serves; each maps onto one of its contract commands. */
  readonly routes?: readonly ApiRoute[];
  /** Hardware the module drives, for health. */
  devices?(): DeviceStatus[];
  /** Stops timers and closes ports; called once when the host closes. */
  close?(): void | Promise<void>;
}
