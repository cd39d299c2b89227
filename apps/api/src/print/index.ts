import { SheetPrintController } from './sheet-print.controller';
import { SheetPrintService } from './sheet-print.service';

/** Printing sheets in their paper form (drafts, review copies; publications print in publication/). */
export const PRINT_CONTROLLERS = [SheetPrintController];
export const PRINT_PROVIDERS = [SheetPrintService];
