// The whole contract: every command and event any screen or integration may use.
import type { z } from 'zod';
import type { CommandSpec, EventSpec } from './define';
import { systemCommands, systemEvents } from './system';
import { dispatchCommands, dispatchEvents } from './dispatch';
import { alarmCommands, alarmEvents } from './alarm';
import { rosterCommands, rosterEvents } from './roster';
import { geoCommands, geoEvents } from './geo';
import { shellEvents } from './shell';

export const commands = {
  ...systemCommands,
  ...dispatchCommands,
  ...alarmCommands,
  ...rosterCommands,
  ...geoCommands,
} as const satisfies Record<string, CommandSpec>;

export const events = {
  ...systemEvents,
  ...dispatchEvents,
  ...alarmEvents,
  ...rosterEvents,
  ...geoEvents,
  ...shellEvents,
} as const satisfies Record<string, EventSpec>;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<N extends CommandName> = z.input<Commands[N]['input']>;
export type CommandOutput<N extends CommandName> = z.output<Commands[N]['output']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.output<Events[N]['payload']>;

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}

export * from './define';
export * from './errors';
