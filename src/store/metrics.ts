// Aggregates for charts and statistics. SQLite does the grouping (by the
// user's local day, copied onto each value), so a century of check-ins comes
// back as at most one row per day, never as one row per entry.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
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

/** Where a value came from: 'checkin' (check-ins and the daily pack) or a pack id. */
export const CHECKIN_SOURCE = 'checkin';

/** The series an entry's values join: check-ins and the daily pack make the check-in series, every other pack its own. */
export function metricSourceOf(pack: string | null): string {
  return pack === null || pack === 'daily' ? CHECKIN_SOURCE : pack;
}

/** A value recorded outside the check-in series: a pack's own rating, by day. */
export interface SourcedDailyMean extends DailyMean {
  name: string;
  source: string;
}

export class MetricsRepository {
  private readonly dailyStmt: Statement<[string, string, string, string], DailyMean>;
  private readonly dailyAnySourceStmt: Statement<[string, string, string], DailyMean>;
  private readonly otherSourcesStmt: Statement<[string, string, string], SourcedDailyMean>;
  private readonly namesStmt: Statement<[], { name: string }>;
  private readonly namesOfSourceStmt: Statement<[string], { name: string }>;
  private readonly hasSourceStmt: Statement<[string, string], { one: number }>;
  private readonly dayCountsStmt: Statement<[string, string], DayCount>;
  private readonly entryDaysStmt: Statement<[], string>;
  private readonly practicesStmt: Statement<[string, string], PracticeCount>;

  constructor(db: Database) {
    // Each value carries its entry's local day and its source (migration 11),
    // so one series is one range of the entry_metrics_series index: the same
    // cost for a rare metric as for mood, for a week as for a decade.
    this.dailyStmt = db.prepare(
      `SELECT local_date AS date, AVG(value) AS mean, COUNT(*) AS count FROM entry_metrics
       WHERE name = ? AND source = ? AND local_date BETWEEN ? AND ?
       GROUP BY local_date ORDER BY local_date`,
    );
    this.dailyAnySourceStmt = db.prepare(
      `SELECT local_date AS date, AVG(value) AS mean, COUNT(*) AS count FROM entry_metrics
       WHERE name = ? AND local_date BETWEEN ? AND ?
       GROUP BY local_date ORDER BY local_date`,
    );
    this.otherSourcesStmt = db.prepare(
      `SELECT name, source, local_date AS date, AVG(value) AS mean, COUNT(*) AS count FROM entry_metrics
       WHERE source != ? AND local_date BETWEEN ? AND ?
       GROUP BY source, name, local_date ORDER BY source, name, local_date`,
    );
    // Each name found by one seek in the series index from the one before it (a skip scan): a journal has a
    // dozen names among 130,000 values, which SELECT DISTINCT would read every one of (6–9 ms).
    const distinctNames = (where: string) => `
      WITH RECURSIVE n(name) AS (
        SELECT (SELECT min(name) FROM entry_metrics)
        UNION ALL
        SELECT (SELECT min(name) FROM entry_metrics WHERE name > n.name) FROM n WHERE n.name IS NOT NULL
      )
      SELECT name FROM n WHERE name IS NOT NULL${where}`;
    this.namesStmt = db.prepare(distinctNames(''));
    this.namesOfSourceStmt = db.prepare(distinctNames(' AND EXISTS (SELECT 1 FROM entry_metrics m WHERE m.name = n.name AND m.source = ?)'));
    this.hasSourceStmt = db.prepare('SELECT 1 AS one FROM entry_metrics WHERE name = ? AND source = ? LIMIT 1');
    this.dayCountsStmt = db.prepare(
      `SELECT local_date AS date, COUNT(*) AS count FROM entries
       WHERE local_date BETWEEN ? AND ? GROUP BY local_date ORDER BY local_date`,
    );
    // One string per day, not an object: streaks read every day of the history.
    this.entryDaysStmt = db.prepare<[], string>('SELECT DISTINCT local_date FROM entries ORDER BY local_date').pluck();
    this.practicesStmt = db.prepare(
      `SELECT p.practice AS practice, COUNT(*) AS count
       FROM entry_practices p JOIN entries e ON e.id = p.entry_id
       WHERE e.local_date BETWEEN ? AND ?
       GROUP BY p.practice ORDER BY count DESC, p.practice`,
    );
  }

  /**
   * Mean and number of values of one metric per local day within [fromDay, toDay];
   * days without values are absent. By default the check-in series, when
   * check-ins record the metric (a pack's "mood this week" is another
   * question), else every source (a questionnaire's score, a user pack's own
   * metric); `source: null` mixes them all, a pack id picks that pack's.
   */
  dailyMeans(name: string, fromDay: string, toDay: string, source?: string | null): DailyMean[] {
    if (fromDay > toDay) return [];
    const from = source !== undefined ? source : this.hasSourceStmt.get(name, CHECKIN_SOURCE) ? CHECKIN_SOURCE : null;
    return from === null ? this.dailyAnySourceStmt.all(name, fromDay, toDay) : this.dailyStmt.all(name, from, fromDay, toDay);
  }

  /** Daily means of every check-in metric within [fromDay, toDay]. */
  dailyMeansAll(fromDay: string, toDay: string): Map<string, DailyMean[]> {
    const byName = new Map<string, DailyMean[]>();
    if (fromDay > toDay) return byName;
    for (const name of this.names(CHECKIN_SOURCE)) {
      const rows = this.dailyMeans(name, fromDay, toDay, CHECKIN_SOURCE);
      if (rows.length) byName.set(name, rows);
    }
    return byName;
  }

  /** Values recorded by packs (weekly "mood this week", questionnaire scores...) within [fromDay, toDay], per source, metric and day. */
  otherSources(fromDay: string, toDay: string): SourcedDailyMean[] {
    return fromDay > toDay ? [] : this.otherSourcesStmt.all(CHECKIN_SOURCE, fromDay, toDay);
  }

  /** Every metric name that has at least one value (of one source, if given): core metrics first, then the rest alphabetically. */
  names(source?: string): string[] {
    return sortMetricNames((source === undefined ? this.namesStmt.all() : this.namesOfSourceStmt.all(source)).map((r) => r.name));
  }

  /** Every local day with an entry (of any kind), oldest first. */
  entryDays(): string[] {
    return this.entryDaysStmt.all();
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
