import type { Importer } from '../import.js';
import { daylioImporter } from './daylio.js';
import { dayOneImporter } from './dayone.js';
import { integrateImporter } from './integrate.js';
import { jrnlImporter } from './jrnl.js';

export const IMPORTERS: ReadonlyMap<string, Importer> = new Map(
  [integrateImporter, jrnlImporter, daylioImporter, dayOneImporter].map((i) => [i.name, i]),
);
