// Console-side debounce of device buttons: which rising edges are presses, whatever the box's own debounce did.

export interface PressFilterOptions {
  /** A rising edge is a press only if the input was released at least this long before it. */
  buttonSettleMs: number;
  /** Alarm-button presses this soon after an alarm was closed are ignored (a held button let go with a bounce). */
  closeLockoutMs: number;
}

export type PressVerdict = 'press' | 'no-edge' | 'bounce' | 'after-close';

/**
 * Remembers each input's last edge. A bouncing contact's rising edges follow a falling edge by milliseconds,
 * so they are never presses; a person's press follows a release of at least the settle time.
 */
export class PressFilter {
  private readonly inputs = new Map<string, { pressed: boolean; at: number }>();
  private closedAt = -Infinity;

  /**
   * Records an edge of `input` at `now`. For a rising edge, says whether it is a press; `extraSettleMs` widens
   * the settle time for inputs seen only by polling (a release can look one poll interval longer than it was).
   */
  edge(input: string, pressed: boolean, now: number, opts: PressFilterOptions, extraSettleMs = 0): PressVerdict {
    const prev = this.inputs.get(input);
    this.inputs.set(input, { pressed, at: now });
    if (!pressed || prev?.pressed) return 'no-edge';
    if (prev && now - prev.at < opts.buttonSettleMs + extraSettleMs) return 'bounce';
    return 'press';
  }

  /** Whether an alarm-button press at `now` falls in the lockout after the last close. */
  lockedOut(now: number, opts: PressFilterOptions): boolean {
    return now - this.closedAt < opts.closeLockoutMs;
  }

  alarmClosed(now: number): void {
    this.closedAt = now;
  }
}
