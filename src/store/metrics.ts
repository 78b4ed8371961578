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
  private readonly dailyByNameStmt: Statement<[string, string, string], DailyMean>;
  private readonly dailyByDayStmt: Statement<[string, string, string], DailyMean>;
  private readonly dailyAllStmt: Statement<[string, string], DailyMean & { name: string }>;
  private readonly entriesInRangeStmt: Statement<[string, string], { n: number }>;
  private readonly valuesOfStmt: Statement<[string], { n: number }>;
  /** How many values each metric has, counted once per repository (it only steers the plan, never the result). */
  private readonly valueCounts = new Map<string, number>();
  private readonly namesStmt: Statement<[], { name: string }>;
  private readonly dayCountsStmt: Statement<[string, string], DayCount>;
  private readonly practicesStmt: Statement<[string, string], PracticeCount>;

  constructor(db: Database) {
    // Two plans for the same rows. A short range (a session's fortnight, the last
    // 90 days) starts from the entries of those days and looks up their values;
    // a long one (ten years, "all time") starts from the metric's values and
    // looks up each one's entry. Starting from the metric costs the same for a
    // week as for a decade (SQLite chose it for every range: 40 ms a call on
    // 36,500 entries, 5 s for a summary with a before/after row per session);
    // starting from the days costs the same for a rare metric as for mood.
    // dailyMeans picks the smaller of the two. CROSS JOIN fixes the loop order.
    const grouped = 'GROUP BY e.local_date ORDER BY e.local_date';
    this.dailyByNameStmt = db.prepare(
      `SELECT e.local_date AS date, AVG(m.value) AS mean, COUNT(*) AS count
       FROM entry_metrics m CROSS JOIN entries e ON e.id = m.entry_id
       WHERE m.name = ? AND e.local_date BETWEEN ? AND ?
       ${grouped}`,
    );
    this.dailyByDayStmt = db.prepare(
      `SELECT e.local_date AS date, AVG(m.value) AS mean, COUNT(*) AS count
       FROM entries e CROSS JOIN entry_metrics m ON m.entry_id = e.id AND m.name = ?
       WHERE e.local_date BETWEEN ? AND ?
       ${grouped}`,
    );
    this.dailyAllStmt = db.prepare(
      `SELECT m.name AS name, e.local_date AS date, AVG(m.value) AS mean, COUNT(*) AS count
       FROM entries e CROSS JOIN entry_metrics m ON m.entry_id = e.id
       WHERE e.local_date BETWEEN ? AND ?
       GROUP BY m.name, e.local_date ORDER BY m.name, e.local_date`,
    );
    this.entriesInRangeStmt = db.prepare('SELECT COUNT(*) AS n FROM entries WHERE local_date BETWEEN ? AND ?');
    this.valuesOfStmt = db.prepare('SELECT COUNT(*) AS n FROM entry_metrics WHERE name = ?');
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
    if (fromDay > toDay) return [];
    let values = this.valueCounts.get(name);
    if (values === undefined) {
      values = this.valuesOfStmt.get(name)!.n;
      this.valueCounts.set(name, values);
    }
    const entries = this.entriesInRangeStmt.get(fromDay, toDay)!.n;
    return (entries <= values ? this.dailyByDayStmt : this.dailyByNameStmt).all(name, fromDay, toDay);
  }

  /**
   * Daily means of every metric within [fromDay, toDay] in one pass over the
   * entries of those days (a summary needs them all; one query per metric
   * walked the values nine times).
   */
  dailyMeansAll(fromDay: string, toDay: string): Map<string, DailyMean[]> {
    const byName = new Map<string, DailyMean[]>();
    if (fromDay > toDay) return byName;
    for (const row of this.dailyAllStmt.all(fromDay, toDay)) {
      let list = byName.get(row.name);
      if (!list) byName.set(row.name, (list = []));
      list.push({ date: row.date, mean: row.mean, count: row.count });
    }
    return byName;
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
