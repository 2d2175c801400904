export type { LogDensityTarget, TargetSource } from "./target.js";
