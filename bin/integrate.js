#!/usr/bin/env node
// Shim: all behaviour lives in dist/main.js; main() returns the exit code.
import { main } from '../dist/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
