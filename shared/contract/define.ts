// Building blocks of the contract: a command is (input schema, output schema, roles), an event is a schema.
import { z } from 'zod';

export const roles = ['commander', 'watch', 'display', 'admin'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

export interface CommandSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  /** Roles allowed to call it. `admin` may always call. */
  readonly roles: readonly Role[];
  /** True when the command changes state, so it needs a signed-in operator on the console. */
  readonly mutates: boolean;
  readonly summary: string;
}

export function command<I extends z.ZodType, O extends z.ZodType>(spec: CommandSpec<I, O>): CommandSpec<I, O> {
  return spec;
}

export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
  readonly summary: string;
}

export function event<P extends z.ZodType>(spec: EventSpec<P>): EventSpec<P> {
  return spec;
}

/** Every role (read-only queries that any screen may make). */
export const anyRole: readonly Role[] = roles;
