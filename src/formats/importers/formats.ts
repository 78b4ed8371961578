// The import formats by name, with the words also accepted for them: the one
// list --from, its help, completion and the importer registry (index.ts) read.
// Light on purpose: naming the formats does not load a parser.
export const IMPORT_FORMATS = [
  { name: 'integrate', aliases: [] },
  { name: 'jrnl', aliases: [] },
  { name: 'daylio', aliases: [] },
  { name: 'dayone', aliases: ['day-one'] },
] as const satisfies readonly { name: string; aliases: readonly string[] }[];

export type ImportFormat = (typeof IMPORT_FORMATS)[number]['name'];
