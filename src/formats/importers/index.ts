import type { Importer } from '../import.js';
import { daylioImporter } from './daylio.js';
import { dayOneImporter } from './dayone.js';
import { IMPORT_FORMATS, type ImportFormat } from './formats.js';
import { integrateImporter } from './integrate.js';
import { jrnlImporter } from './jrnl.js';

// Keyed by the names in formats.ts: a format without an importer (or the reverse) does not compile.
const BY_NAME: Record<ImportFormat, Importer> = {
  integrate: integrateImporter, jrnl: jrnlImporter, daylio: daylioImporter, dayone: dayOneImporter,
};

export const IMPORTERS: ReadonlyMap<ImportFormat, Importer> = new Map(IMPORT_FORMATS.map((f) => [f.name, BY_NAME[f.name]]));
