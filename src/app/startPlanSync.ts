import { usePlanStore } from '../state/planStore';
import { useTabPresenceStore } from '../state/tabPresenceStore';
import { startPlanSync } from './planSync';
import { startPlanTabs } from './planTabs';

// Imported once by main.tsx for this side effect: the plan store follows the open volume for the app's life,
// and other tabs of the app on the same case are merged with and shown (planTabs.ts).
startPlanSync();
startPlanTabs(usePlanStore, useTabPresenceStore);
