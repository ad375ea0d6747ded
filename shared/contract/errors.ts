// Typed error replies: every refusal names what was wrong and what to do about it.
import { z } from 'zod';

export const ErrorCode = z.enum([
  'BAD_REQUEST', // the message itself is malformed (not JSON, no command name, ...)
  'UNKNOWN_COMMAND',
  'BAD_INPUT', // the command's input failed its schema
  'UNAUTHENTICATED', // no or wrong token
  'FORBIDDEN', // the role may not call this command
  'SIGN_IN_REQUIRED', // an action needs a signed-in operator
  'LOCKED', // account locked after wrong PINs
  'NOT_FOUND',
  'CONFLICT', // optimistic concurrency: somebody else changed it first
  'REFUSED', // a domain rule refused the action (e.g. unit off duty)
  'UNAVAILABLE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FieldIssue = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssue>;

export const HallErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
  issues: z.array(FieldIssue).optional(),
});
export type HallErrorBody = z.infer<typeof HallErrorBody>;

/** An error the host means to show to the caller; anything else thrown becomes INTERNAL. */
export class HallError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[] | undefined;
  constructor(code: ErrorCode, message: string, issues?: FieldIssue[]) {
    super(message);
    this.name = 'HallError';
    this.code = code;
    this.issues = issues;
  }
  toBody(): HallErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}

/** One line naming every bad field, for logs and simple clients. */
export function describeIssues(issues: FieldIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}
