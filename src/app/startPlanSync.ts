import { startPlanSync } from './planSync';

// Imported once by main.tsx for this side effect: the plan store follows the open volume for the app's life.
startPlanSync();
