// Serves the contract to connections: validates every call (schema, role, operator) and runs its handler.
import { commands, events, isCommandName, type CommandName, type CommandOutput, type EventName, type EventPayload } from '../../shared/contract';
import type { Role } from '../../shared/contract/define';
import { HallError, issuesFromZod, describeIssues, type HallErrorBody } from '../../shared/contract/errors';
import type { Operator } from '../../shared/contract/system';
import type { InvokeResult } from '../../shared/contract/wire';
import type { Logger } from './logging/logger';
import { operatorActor } from './operators/accounts';

export type Transport = 'ipc' | 'ws' | 'http';

export interface Connection {
  readonly id: string;
  readonly transport: Transport;
  /** The most this connection may do: a token's role, or 'admin' for the workstation's own windows. */
  readonly ceiling: Role;
  /** Token name for network clients ("110-gateway"), "workstation" for Electron windows. */
  readonly principal: string;
  operator: Operator | null;
  /** The resumable sign-in this connection holds, revoked when it signs out. */
  resumeToken?: string | null;
  /** Delivers an event to this connection only. */
  deliver(event: string, payload: unknown): void;
}

export interface CallContext {
  connection: Connection;
  operator: Operator | null;
  role: Role;
  /** Who did it, for audit rows: the operator, or the integration's token name. */
  actor: string;
}

export type Handler<N extends CommandName> = (
  input: import('zod').output<(typeof commands)[N]['input']>,
  ctx: CallContext,
) => CommandOutput<N> | Promise<CommandOutput<N>>;

export type Handlers = { [N in CommandName]?: Handler<N> };

/** The role a connection acts with: its operator's, bounded by the connection's ceiling. */
export function effectiveRole(conn: Pick<Connection, 'ceiling' | 'transport' | 'operator'>): Role {
  if (conn.transport === 'http' || !conn.operator) return conn.ceiling;
  if (conn.ceiling === 'display') return 'display';
  if (conn.ceiling === 'admin' || conn.ceiling === conn.operator.role) return conn.operator.role;
  if (conn.operator.role === 'admin') return conn.ceiling;
  return 'display';
}

export function createContractRouter(log: Logger) {
  const handlers: Handlers = {};
  const connections = new Map<string, Connection>();

  function register(part: Handlers): void {
    for (const name of Object.keys(part) as CommandName[]) {
      if (handlers[name]) throw new Error(`Command ${name} has two handlers`);
      (handlers as Record<string, unknown>)[name] = part[name];
    }
  }

  function refuse(conn: Connection, command: string, error: HallErrorBody): InvokeResult {
    log.warn('command refused', { connection: conn.id, principal: conn.principal, command, code: error.code, message: error.message });
    return { ok: false, error };
  }

  async function invoke(conn: Connection, command: unknown, rawInput: unknown): Promise<InvokeResult> {
    if (typeof command !== 'string' || !isCommandName(command)) {
      return refuse(conn, String(command).slice(0, 100), {
        code: 'UNKNOWN_COMMAND',
        message: `Unknown command ${JSON.stringify(String(command).slice(0, 100))}; see docs/api.md for the list.`,
      });
    }
    const spec = commands[command];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error);
      return refuse(conn, command, { code: 'BAD_INPUT', message: `${command}: ${describeIssues(issues)}`, issues });
    }
    const role = effectiveRole(conn);
    const allowed = role === 'admin' || spec.roles.includes(role);
    if (spec.mutates && conn.transport !== 'http' && !conn.operator) {
      if (conn.ceiling === 'display') {
        return refuse(conn, command, { code: 'FORBIDDEN', message: `${command} is not allowed on a read-only display.` });
      }
      return refuse(conn, command, { code: 'SIGN_IN_REQUIRED', message: `${command} changes the hall: sign in first (签到后操作).` });
    }
    if (!allowed) {
      return refuse(conn, command, {
        code: 'FORBIDDEN',
        message: `${command} needs role ${spec.roles.join(' or ')}; this connection acts as ${role}.`,
      });
    }
    const handler = handlers[command] as Handler<typeof command> | undefined;
    if (!handler) {
      return refuse(conn, command, { code: 'UNAVAILABLE', message: `${command} is not available in this hall (its module is not running).` });
    }
    const actor = conn.transport === 'http' || !conn.operator ? conn.principal : operatorActor(conn.operator);
    try {
      const output = await handler(parsed.data as never, { connection: conn, operator: conn.operator, role, actor });
      return { ok: true, output };
    } catch (err) {
      if (err instanceof HallError) return refuse(conn, command, err.toBody());
      log.error('command failed', { command, connection: conn.id, error: err instanceof Error ? err.stack : String(err) });
      return { ok: false, error: { code: 'INTERNAL', message: `${command} failed inside the host; the hall keeps running. See the host log.` } };
    }
  }

  function broadcast<N extends EventName>(event: N, payload: EventPayload<N>): void {
    if (!Object.prototype.hasOwnProperty.call(events, event)) throw new Error(`Unknown event ${event}`);
    for (const c of connections.values()) {
      try {
        c.deliver(event, payload);
      } catch (err) {
        log.warn('event delivery failed', { connection: c.id, event, error: String(err) });
      }
    }
  }

  return {
    register,
    invoke,
    broadcast,
    attach(conn: Connection): void {
      connections.set(conn.id, conn);
    },
    detach(id: string): void {
      connections.delete(id);
    },
    connectionCount: (): number => connections.size,
  };
}

export type ContractRouter = ReturnType<typeof createContractRouter>;
