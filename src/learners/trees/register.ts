/** Adds 'forest' and 'boosting' to the learner registry when the learners barrel is loaded. */
import { registerLearner } from '../registry.js';
import { boostingEntry, forestEntry } from './entries.js';

registerLearner(forestEntry);
registerLearner(boostingEntry);
