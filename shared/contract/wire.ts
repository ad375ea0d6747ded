// The frames that carry the contract over WebSocket (and mirror the IPC calls).
import { z } from 'zod';
import { HallErrorBody } from './errors';

export const InvokeFrame = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  command: z.string().min(1).max(100),
  input: z.unknown().optional(),
});
export type InvokeFrame = z.infer<typeof InvokeFrame>;

export type ReplyFrame =
  | { type: 'reply'; id: number | null; ok: true; output: unknown }
  | { type: 'reply'; id: number | null; ok: false; error: HallErrorBody };

export interface EventFrame {
  type: 'event';
  event: string;
  payload: unknown;
}

export type ServerFrame = ReplyFrame | EventFrame;

/** The result of one call, as both transports hand it to the renderer. */
export type InvokeResult = { ok: true; output: unknown } | { ok: false; error: HallErrorBody };
