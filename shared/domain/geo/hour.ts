// Hour of day in the hall's time zone (IANA name, e.g. Asia/Shanghai), whatever the machine's own zone.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // Throws RangeError for an unknown zone, which the caller turns into a clear message.
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  return f;
}

/** True when the runtime knows the zone name. */
export function isKnownZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** Fractional hour of day (7.5 = 07:30) at that instant in the zone. */
export function hourInZone(epochMs: number, zone: string): number {
  let h = 0, m = 0, s = 0;
  for (const p of formatterFor(zone).formatToParts(new Date(epochMs))) {
    if (p.type === 'hour') h = Number(p.value);
    else if (p.type === 'minute') m = Number(p.value);
    else if (p.type === 'second') s = Number(p.value);
  }
  const ms = ((epochMs % 1000) + 1000) % 1000;
  return (h % 24) + m / 60 + (s + ms / 1000) / 3600;
}

/** Milliseconds from the instant to the next half-hour boundary (a congestion slot edge) in the zone. */
export function msToNextHalfHour(epochMs: number, zone: string): number {
  const hour = hourInZone(epochMs, zone);
  const next = Math.floor(hour * 2 + 1e-9) / 2 + 0.5;
  return Math.max(1, Math.round((next - hour) * 3_600_000));
}

/** "07:30" for 7.5. */
export function hourLabel(hour: number): string {
  const mins = Math.floor(Math.round(hour * 600) / 10) % (24 * 60);
  return `${String(Math.floor(mins / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;
}
