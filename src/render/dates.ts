// Dates as the user likes to read them (config dateFormat); data stays ISO.
import type { DateFormat } from '../config.js';

export function formatDay(day: string, format: DateFormat = 'YYYY-MM-DD'): string {
  const [y, m, d] = day.split('-');
  switch (format) {
    case 'DD.MM.YYYY': return `${d}.${m}.${y}`;
    case 'DD/MM/YYYY': return `${d}/${m}/${y}`;
    case 'MM/DD/YYYY': return `${m}/${d}/${y}`;
    default: return day;
  }
}

/** "YYYY-MM-DD HH:MM" re-written in the chosen format. */
export function formatDayTime(dayTime: string, format: DateFormat = 'YYYY-MM-DD'): string {
  const [day, time] = dayTime.split(' ');
  return time ? `${formatDay(day!, format)} ${time}` : formatDay(day!, format);
}
