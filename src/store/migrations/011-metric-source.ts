import type { Migration } from './index.js';

// Where each value came from, so series do not mix. A check-in's mood and a
// weekly review's "mood this week" are different questions: averaged into one
// daily mean, a check-in of 1 beside a weekly 3 showed as 2 and hid the low.
// - source: 'checkin' for check-ins and the daily pack (the daily series), else
//   the pack id ('weekly', 'pre-session', 'phq9'...). Within one entry a metric
//   has one value, so (source, name) names the question it answered.
// - local_date: the entry's local day, copied here so a series is read from
//   one index without visiting its entries (kept in step by the entry writes,
//   which always rewrite an entry's metrics together with the entry).
export const metricSource: Migration = {
  version: 11,
  name: 'metric-source',
  up: (db) => {
    db.exec(`
      ALTER TABLE entry_metrics ADD COLUMN source TEXT NOT NULL DEFAULT 'checkin';
      ALTER TABLE entry_metrics ADD COLUMN local_date TEXT NOT NULL DEFAULT '';
      UPDATE entry_metrics SET
        local_date = (SELECT e.local_date FROM entries e WHERE e.id = entry_metrics.entry_id),
        source = (SELECT CASE WHEN e.pack IS NULL OR e.pack = 'daily' THEN 'checkin' ELSE e.pack END
                  FROM entries e WHERE e.id = entry_metrics.entry_id);
      CREATE INDEX entry_metrics_series ON entry_metrics (name, source, local_date, value);
    `);
  },
};
