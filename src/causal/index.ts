/** Causal tools: panel data and difference-in-differences. */
export type { Panel, PanelCovariate } from './panel.js';
export { simulatePanel } from './simulatePanel.js';
export type { SimulatePanelOptions, SimulatedPanel } from './simulatePanel.js';
export { panelFromTable, panelToTable } from './panelTable.js';
export type { PanelFromTableOptions } from './panelTable.js';
export { didPooledOls } from './didPooledOls.js';
export { didTwoWayFixedEffects } from './didTwoWayFixedEffects.js';
export type { TwfeOptions } from './didTwoWayFixedEffects.js';
export { didEventStudy } from './didEventStudy.js';
export type { EventStudy, EventStudyOptions } from './didEventStudy.js';
export { demeanTwoWay } from './withinTransform.js';
export type { DemeanOptions, Demeaned, TwoWayIndex } from './withinTransform.js';
export { termOf } from './regression.js';
export type { RegressionFit, Term } from './regression.js';
export { simulateCampaign } from './campaign.js';
export type { Campaign, CampaignOptions } from './campaign.js';
