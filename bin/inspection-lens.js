#!/usr/bin/env node
'use strict';
// The command line runs the compiled service; `npm install` builds it (see the README).
const { main } = require('../server/out/cli/main.js');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`inspection-lens: ${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
