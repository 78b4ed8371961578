import type { Migration } from './index.js';

// Clinics give ketamine by body weight (mg/kg, common for IV and IM) or as a
// fixed amount (mg, common for lozenges and sprays): the unit is stored with
// the dose. Doses recorded before were entered as milligrams.
export const doseUnit: Migration = {
  version: 12,
  name: 'dose-unit',
  up: (db) => {
    db.exec(`ALTER TABLE sessions ADD COLUMN dose_unit TEXT NOT NULL DEFAULT 'mg' CHECK (dose_unit IN ('mg', 'mg/kg'));`);
  },
};
