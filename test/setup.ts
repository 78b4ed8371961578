import fc from 'fast-check';

// Fixed time zone for every test: local days are Berlin days (UTC+1 in winter).
process.env.TZ = 'Europe/Berlin';

// Property tests explore new random inputs on every local run; CI replays one
// fixed seed, so a landing is never decided by the luck of the draw.
if (process.env.CI === 'true') fc.configureGlobal({ seed: 20261121 });
