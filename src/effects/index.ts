export * from './effects.js';
export * from './drawsFile.js';
export * from './planValue.js';
export * from './fromEstimates.js';
