#!/usr/bin/env node
/** The liftwise command line (the program itself is in program.ts, so tests can run it in-process). */
import { runLiftwise } from './program.js';

process.exitCode = await runLiftwise(process.argv.slice(2));
