import { ReportRunner } from './report-runner';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { SheetForms } from './sheet-forms';

/** Output forms and bound reports (報告書). */
export const REPORT_CONTROLLERS = [ReportsController];
export const REPORT_PROVIDERS = [SheetForms, ReportRunner, ReportsService];
