#!/usr/bin/env node
// Shim: all behaviour lives in dist/main.js; runProcess() returns the exit code.
// CommonJS (bin/package.json), like dist/: a run then never starts Node's ES
// module loader, and the bundle can use its V8 code cache (src/code-cache.ts).
'use strict';

require('../dist/main.js').runProcess(process.argv).then(
  (code) => {
    // Output that could not be written (a full disk) has set 1 already, perhaps just before this.
    if (code || !process.exitCode) process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
