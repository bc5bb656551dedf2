#!/usr/bin/env node
// The `claimbase` command. The TypeScript is compiled to dist/ by `npm install` (the `prepare` script).
require("../dist/src/cli/main.js").main(process.argv);
