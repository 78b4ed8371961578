#!/usr/bin/env node
// Shim: all behaviour lives in dist/main.js; runProcess() returns the exit code.
import { runProcess } from '../dist/main.js';

runProcess(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
