#!/usr/bin/env node
// The `zagel-device` bin (package.json): the compiled agent, from `npm run build`.
require('../../../dist/apps/zagel-device/src/main.js');
