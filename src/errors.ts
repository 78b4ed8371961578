// The typed errors live in domain/ (domain code throws them too); everything else imports them from here.
export * from './domain/errors.js';
