import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { Roles } from '../auth/decorators';
import { ZodValidationPipe } from '../common/validation';
import { Responds, RespondsWithFile } from '../openapi/responds';
import {
  calendarChangeResultSchema,
  committeeSelectionResultSchema,
  cycleCloseResultSchema,
  cycleDetailSchema,
  cycleProgressReportSchema,
  cycleSummarySchema,
  cycleWriteResultSchema,
  type CalendarChangeResult,
  type CommitteeSelectionResult,
  type CycleCloseResult,
  type CycleDetail,
  type CycleProgressReport,
  type CycleSummary,
  type CycleWriteResult,
} from './cycles.schemas';
import {
  cycleRosterSchema,
  sectionSheetsSchema,
  type CycleRoster,
  type SectionSheets,
} from './cycle-roster.schemas';
import { AdminCycleRosterService } from './cycle-roster.service';
import { AdminCyclesService } from './cycles.service';
import { AdminProgressService } from './progress.service';
import { Summary } from '../openapi/summary';

const idPipe = new ZodValidationPipe(z.uuid());
const CSV = 'text/csv';
const text = (max: number) => z.string().trim().min(1).max(max);
const stageSchema = z.strictObject({
  key: text(64),
  role: text(64),
  label: z.strictObject({ ja: z.string().max(200), en: z.string().max(200) }).optional(),
  optional: z.boolean().optional(),
});
const dueSchema = z.union([
  z.iso.date(),
  z.strictObject({
    dueDate: z.iso.date(),
    deadlineAt: z.iso.datetime({ offset: true }).optional(),
  }),
]);
const calendarSchema = z.record(z.string().max(64), dueSchema);
const participantSchema = z.strictObject({
  projectId: z.uuid(),
  personInChargeId: z.uuid().nullable().optional(),
});
const setupFields = {
  templateId: z.uuid(),
  pipeline: z.array(stageSchema).min(1).max(20).optional(),
  calendar: calendarSchema,
  projects: z.array(participantSchema).max(20_000).optional(),
};
const createSchema = z.strictObject({
  fiscalYear: z.int().min(1989).max(2200),
  /** The evaluation programme; default: the government's default programme (事務事業評価). */
  programmeId: z.uuid().optional(),
  ...setupFields,
});
const updateSchema = z.strictObject(setupFields).partial();
const calendarChangeSchema = z.strictObject({ calendar: calendarSchema });
const committeeSchema = z.strictObject({ sheetIds: z.array(z.uuid()).max(20_000) });

/** Fiscal-year cycles: set-up, opening, calendar, committee selection, closing, progress. */
@Controller('admin/cycles')
@Roles('administrator')
export class AdminCyclesController {
  constructor(
    private readonly cycles: AdminCyclesService,
    private readonly progress: AdminProgressService,
    private readonly roster: AdminCycleRosterService,
  ) {}

  /** The planning office reads cycles too: it needs their ids to read progress. */
  @Summary('評価サイクルの一覧を読む', 'List the evaluation cycles')
  @Get()
  @Roles('administrator', 'planning_office')
  @Responds(z.array(cycleSummarySchema))
  list(@CurrentAuth() auth: AuthContext): Promise<CycleSummary[]> {
    return this.cycles.list(auth);
  }

  @Summary('評価サイクルを読む', 'Read an evaluation cycle')
  @Get(':id')
  @Roles('administrator', 'planning_office')
  @Responds(cycleDetailSchema)
  get(@CurrentAuth() auth: AuthContext, @Param('id', idPipe) id: string): Promise<CycleDetail> {
    return this.cycles.get(auth, id);
  }

  /** Sets up a fiscal year's cycle in draft; `warnings` lists due dates that are not business days. */
  @Summary('評価サイクルを下書きとして作成する', 'Create an evaluation cycle in draft')
  @Post()
  @Responds(cycleWriteResultSchema)
  create(
    @CurrentAuth() auth: AuthContext,
    @Body(new ZodValidationPipe(createSchema)) body: z.infer<typeof createSchema>,
  ): Promise<CycleWriteResult> {
    return this.cycles.create(auth, body);
  }

  /** Changes a cycle in draft (409 once it is open). */
  @Summary('下書きの評価サイクルを変更する', 'Change a cycle that is still in draft')
  @Patch(':id')
  @Responds(cycleWriteResultSchema)
  update(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(updateSchema)) body: z.infer<typeof updateSchema>,
  ): Promise<CycleWriteResult> {
    return this.cycles.update(auth, id, body);
  }

  /** Starts the cycle workflow; a second call is 409 `cycle_already_open`. */
  @Summary('評価サイクルを開始する', 'Open a cycle: its workflow starts every sheet')
  @Post(':id/open')
  @HttpCode(HttpStatus.OK)
  @Responds(cycleDetailSchema)
  open(@CurrentAuth() auth: AuthContext, @Param('id', idPipe) id: string): Promise<CycleDetail> {
    return this.cycles.open(auth, id);
  }

  /** Moves the given stages' due dates; running sheets follow. */
  @Summary('段階の期限を変更する', "Move the due dates of a cycle's stages")
  @Patch(':id/calendar')
  @Responds(calendarChangeResultSchema)
  changeCalendar(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(calendarChangeSchema)) body: z.infer<typeof calendarChangeSchema>,
  ): Promise<CalendarChangeResult> {
    return this.cycles.changeCalendar(auth, id, body.calendar);
  }

  /** The whole committee selection: listed sheets selected, every other sheet unselected. */
  @Summary('委員会で審議するシートを選ぶ', 'Choose the sheets the committee reviews')
  @Put(':id/committee')
  @Responds(committeeSelectionResultSchema)
  selectCommittee(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(committeeSchema)) body: z.infer<typeof committeeSchema>,
  ): Promise<CommitteeSelectionResult> {
    return this.cycles.selectCommittee(auth, id, body.sheetIds);
  }

  /** Publishes what is reviewed now; the cycle closes when its last sheet is published. */
  @Summary('評価サイクルを締めて公表する', 'Close a cycle: publish what has been reviewed')
  @Post(':id/close')
  @HttpCode(HttpStatus.OK)
  @Responds(cycleCloseResultSchema)
  close(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
  ): Promise<CycleCloseResult> {
    return this.cycles.close(auth, id);
  }

  @Summary('評価サイクルの進捗を読む', "Read a cycle's progress by stage and section")
  @Get(':id/progress')
  @Roles('administrator', 'planning_office')
  @Responds(cycleProgressReportSchema)
  report(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
  ): Promise<CycleProgressReport> {
    return this.progress.report(auth, id);
  }

  /** The sheets with their department, section and people by name; who opening mails. */
  @Summary('評価サイクルの対象事業と担当者を読む', "Read a cycle's projects and people")
  @Get(':id/roster')
  @Roles('administrator', 'planning_office')
  @Responds(cycleRosterSchema)
  readRoster(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
  ): Promise<CycleRoster> {
    return this.roster.roster(auth, id);
  }

  @Summary('課ごとのシートの進捗を読む', "Read the progress of one section's sheets")
  @Get(':id/progress/sections/:sectionId')
  @Roles('administrator', 'planning_office')
  @Responds(sectionSheetsSchema)
  sectionSheets(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Param('sectionId', idPipe) sectionId: string,
  ): Promise<SectionSheets> {
    return this.progress.sectionSheets(auth, id, sectionId);
  }

  @Summary('評価サイクルの進捗を CSV で出力する', "Export a cycle's progress as CSV")
  @Get(':id/progress.csv')
  @Roles('administrator', 'planning_office')
  @RespondsWithFile(CSV)
  async progressCsv(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const { fiscalYear, csv } = await this.progress.progressCsv(auth, id);
    sendCsv(res, `progress-${fiscalYear}.csv`);
    return csv;
  }

  @Summary('期限を過ぎたシートを CSV で出力する', "Export a cycle's overdue sheets as CSV")
  @Get(':id/overdue.csv')
  @Roles('administrator', 'planning_office')
  @RespondsWithFile(CSV)
  async overdueCsv(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const { fiscalYear, csv } = await this.progress.overdueCsv(auth, id);
    sendCsv(res, `overdue-${fiscalYear}.csv`);
    return csv;
  }
}

function sendCsv(res: Response, filename: string): void {
  res.setHeader('Content-Type', `${CSV}; charset=utf-8`);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'private, no-store');
}
