#!/usr/bin/env node
/** `npm start`: build what is not built yet, then run the compiled server in this process. */
import { build } from './build.js';

build();
await import('../dist/server/api/main.js');
