import type { TemplateDefinition } from '../template/schema';
import { actionPlanTemplate } from './action-plan';
import { kpiSheetTemplate } from './kpi-sheet';
import { managementSheetTemplate } from './management-sheet';

export { actionPlanTemplate, kpiSheetTemplate, managementSheetTemplate };

/** The templates shipped with the product. Each passes `parseTemplate`. */
export const builtinTemplates: readonly TemplateDefinition[] = [
  managementSheetTemplate,
  actionPlanTemplate,
  kpiSheetTemplate,
];
