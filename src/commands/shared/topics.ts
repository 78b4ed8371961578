// The names of the help topics, in the order help lists them: the one list
// the help command (topics.ts, keyed by these names), the root help in cli.ts
// and completion (through the command tree) read. Kept apart from topics.ts so
// root help does not load the topics' text.
export const HELP_TOPICS = ['packs', 'privacy', 'crisis', 'env', 'scripting'] as const;

export type HelpTopic = (typeof HELP_TOPICS)[number];
