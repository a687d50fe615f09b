#!/usr/bin/env node
import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exitCode = 250;
});
