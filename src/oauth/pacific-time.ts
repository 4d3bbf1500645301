// Instagram wrote token-expiry times in Pacific time: "Friday, 11-Sep-20 06:41:31 PDT" (spec §5.2).

// Made on first use: loading a time zone's data costs the process ~9 MB that most never need.
let formatter: Intl.DateTimeFormat | undefined;
const pacific = () =>
  (formatter ??= new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  weekday: 'long',
  day: '2-digit',
  month: 'short',
  year: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
  }));

export function formatPacificTime(ms: number): string {
  const part: Record<string, string> = {};
  for (const { type, value } of pacific().formatToParts(new Date(ms))) part[type] = value;
  return `${part.weekday}, ${part.day}-${part.month}-${part.year} ${part.hour}:${part.minute}:${part.second} ${part.timeZoneName}`;
}
