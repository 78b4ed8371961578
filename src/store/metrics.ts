// Aggregates for charts and statistics. SQLite does the grouping (by the
// user's local day, entries.local_date), so a century of check-ins comes back
// as at most one row per day, never as one row per entry.
import type { Database, Statement } from 'better-sqlite3';
import type { DailyMean } from '../domain/trends.js';
import { sortMetricNames } from '../domain/metrics.js';

export interface DayCount {
  date: string;
  count: number;
}

export interface PracticeCount {
  practice: string;
  count: number;
}

export class MetricsRepository {
  private readonly dailyStmt: Statement<[string, string, string], DailyMean>;
  private readonly namesStmt: Statement<[], { name: string }>;
  private readonly dayCountsStmt: Statement<[string, string], DayCount>;
  private readonly practicesStmt: Statement<[string, string], PracticeCount>;

  constructor(db: Database) {
    this.dailyStmt = db.prepare(
      `SELECT e.local_date AS date, AVG(m.value) AS mean, COUNT(*) AS count
       FROM entry_metrics m JOIN entries e ON e.id = m.entry_id
       WHERE m.name = ? AND e.local_date BETWEEN ? AND ?
       GROUP BY e.local_date ORDER BY e.local_date`,
    );
    this.namesStmt = db.prepare('SELECT DISTINCT name FROM entry_metrics');
    this.dayCountsStmt = db.prepare(
      `SELECT local_date AS date, COUNT(*) AS count FROM entries
       WHERE local_date BETWEEN ? AND ? GROUP BY local_date ORDER BY local_date`,
    );
    this.practicesStmt = db.prepare(
      `SELECT p.practice AS practice, COUNT(*) AS count
       FROM entry_practices p JOIN entries e ON e.id = p.entry_id
       WHERE e.local_date BETWEEN ? AND ?
       GROUP BY p.practice ORDER BY count DESC, p.practice`,
    );
  }

  /** Mean and number of values of one metric per local day within [fromDay, toDay]; days without values are absent. */
  dailyMeans(name: string, fromDay: string, toDay: string): DailyMean[] {
    return this.dailyStmt.all(name, fromDay, toDay);
  }

  /** Every metric name that has at least one value: core metrics first, then the rest alphabetically. */
  names(): string[] {
    return sortMetricNames(this.namesStmt.all().map((r) => r.name));
  }

  /** Entries (of any kind) per local day within [fromDay, toDay] (default: all); days without entries are absent. */
  entryCountsByDay(fromDay = '0000-01-01', toDay = '9999-12-31'): DayCount[] {
    return this.dayCountsStmt.all(fromDay, toDay);
  }

  /** How many entries recorded each practice from `sinceDay` (up to `untilDay`, default: no end), most frequent first. */
  practiceCounts(sinceDay: string, untilDay = '9999-12-31'): PracticeCount[] {
    return this.practicesStmt.all(sinceDay, untilDay);
  }
}
