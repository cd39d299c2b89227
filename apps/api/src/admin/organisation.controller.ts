import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import type { Request } from 'express';
import { codeProblem, normaliseCode } from '@hyoka/domain';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { Roles } from '../auth/decorators';
import { AcceptsUpload, CSV_UPLOAD, readUpload } from '../common/upload';
import { ZodValidationPipe } from '../common/validation';
import { csvImportResultSchema, type CsvImportResult } from './csv-import.schemas';
import { AdminCsvImportService } from './csv-import.service';
import { Responds, RespondsEmpty } from '../openapi/responds';
import {
  departmentSchema as departmentView,
  projectSchema as projectView,
  sectionSchema as sectionView,
  type Department,
  type Project,
  type Section,
} from './organisation.schemas';
import { AdminOrganisationService } from './organisation.service';
import { AdminOrganisationImportService } from './organisation-import.service';
import { Summary } from '../openapi/summary';

const idPipe = new ZodValidationPipe(z.uuid());
/** A code as typed (「02 05 02」, 「０２－０５－０２」): normalised, then checked (see normaliseCode). */
const code = z
  .string()
  .max(200)
  .transform(normaliseCode)
  .superRefine((value, ctx) => {
    const problem = codeProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message.en });
  });
const name = z.string().trim().min(1).max(300);
const fy = z.int().min(1989).max(2200);
const unitFields = {
  code,
  nameJa: name,
  nameEn: name.nullable().optional(),
  sortOrder: z.int().min(0).max(1_000_000).optional(),
  validFromFy: fy.nullable().optional(),
  validToFy: fy.nullable().optional(),
};
const departmentSchema = z.strictObject(unitFields);
const sectionSchema = z.strictObject({ ...unitFields, departmentId: z.uuid() });
const projectSchema = z.strictObject({
  code,
  nameJa: name,
  nameEn: name.nullable().optional(),
  sectionId: z.uuid(),
  policyNodeId: z.uuid().nullable().optional(),
  periodType: z.enum(['single_year', 'recurring', 'fixed_term']),
  startFy: fy.nullable().optional(),
  endFy: fy.nullable().optional(),
  active: z.boolean().optional(),
});
const sectionQuery = z.strictObject({ departmentId: z.uuid().optional() });
const projectQuery = z.strictObject({
  sectionId: z.uuid().optional(),
  q: z.string().trim().min(1).max(100).optional(),
});
export const codeSchema = code;
export const nameSchema = name;
export const fiscalYearSchema = fy;
export const dryRunQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** Departments (部), sections (課) and projects (事務事業, also by CSV); the policy tree: policy-nodes.controller.ts. */
@Controller('admin')
@Roles('administrator')
export class AdminOrganisationController {
  constructor(
    private readonly organisation: AdminOrganisationService,
    private readonly csv: AdminCsvImportService,
    private readonly units: AdminOrganisationImportService,
  ) {}

  /** CSV of departments and sections (columns: GET /admin/csv-columns → organisation). */
  @Summary(
    '部局・課を CSV で取り込む',
    'Import departments and sections from a CSV file, or preview the import',
  )
  @Post('organisation/import')
  @HttpCode(HttpStatus.OK)
  @Responds(csvImportResultSchema)
  @AcceptsUpload(CSV_UPLOAD)
  async importUnits(
    @CurrentAuth() auth: AuthContext,
    @Query(new ZodValidationPipe(dryRunQuery)) query: z.infer<typeof dryRunQuery>,
    @Req() req: Request,
  ): Promise<CsvImportResult> {
    return this.units.importUnits(auth, await readUpload(req, CSV_UPLOAD), query.dryRun ?? false);
  }

  @Summary('部の一覧を読む', 'List the departments')
  @Get('departments')
  @Responds(z.array(departmentView))
  departments(@CurrentAuth() auth: AuthContext): Promise<Department[]> {
    return this.organisation.listDepartments(auth);
  }

  @Summary('部を読む', 'Read a department')
  @Get('departments/:id')
  @Responds(departmentView)
  department(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
  ): Promise<Department> {
    return this.organisation.getDepartment(auth, id);
  }

  @Summary('部を作成する', 'Create a department')
  @Post('departments')
  @Responds(departmentView)
  createDepartment(
    @CurrentAuth() auth: AuthContext,
    @Body(new ZodValidationPipe(departmentSchema)) body: z.infer<typeof departmentSchema>,
  ): Promise<Department> {
    return this.organisation.createDepartment(auth, body);
  }

  @Summary('部を変更する', 'Change a department')
  @Patch('departments/:id')
  @Responds(departmentView)
  updateDepartment(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(departmentSchema.partial()))
    body: Partial<z.infer<typeof departmentSchema>>,
  ): Promise<Department> {
    return this.organisation.updateDepartment(auth, id, body);
  }

  @Summary('部を削除する', 'Delete a department')
  @Delete('departments/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RespondsEmpty()
  deleteDepartment(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
  ): Promise<void> {
    return this.organisation.deleteDepartment(auth, id);
  }

  @Summary('課の一覧を読む', 'List the sections')
  @Get('sections')
  @Responds(z.array(sectionView))
  sections(
    @CurrentAuth() auth: AuthContext,
    @Query(new ZodValidationPipe(sectionQuery)) query: z.infer<typeof sectionQuery>,
  ): Promise<Section[]> {
    return this.organisation.listSections(auth, query.departmentId);
  }

  @Summary('課を読む', 'Read a section')
  @Get('sections/:id')
  @Responds(sectionView)
  section(@CurrentAuth() auth: AuthContext, @Param('id', idPipe) id: string): Promise<Section> {
    return this.organisation.getSection(auth, id);
  }

  @Summary('課を作成する', 'Create a section')
  @Post('sections')
  @Responds(sectionView)
  createSection(
    @CurrentAuth() auth: AuthContext,
    @Body(new ZodValidationPipe(sectionSchema)) body: z.infer<typeof sectionSchema>,
  ): Promise<Section> {
    return this.organisation.createSection(auth, body);
  }

  @Summary('課を変更する', 'Change a section')
  @Patch('sections/:id')
  @Responds(sectionView)
  updateSection(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(sectionSchema.partial()))
    body: Partial<z.infer<typeof sectionSchema>>,
  ): Promise<Section> {
    return this.organisation.updateSection(auth, id, body);
  }

  @Summary('課を削除する', 'Delete a section')
  @Delete('sections/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RespondsEmpty()
  deleteSection(@CurrentAuth() auth: AuthContext, @Param('id', idPipe) id: string): Promise<void> {
    return this.organisation.deleteSection(auth, id);
  }

  @Summary('事業の一覧を読む', 'List the projects')
  @Get('projects')
  @Responds(z.array(projectView))
  projects(
    @CurrentAuth() auth: AuthContext,
    @Query(new ZodValidationPipe(projectQuery)) query: z.infer<typeof projectQuery>,
  ): Promise<Project[]> {
    return this.organisation.listProjects(auth, query);
  }

  /** CSV of projects (see GET /admin/csv-columns); `?dryRun=true` previews. */
  @Summary('事業を CSV で取り込む', 'Import projects from a CSV file, or preview the import')
  @Post('projects/import')
  @HttpCode(HttpStatus.OK)
  @Responds(csvImportResultSchema)
  @AcceptsUpload(CSV_UPLOAD)
  async importProjects(
    @CurrentAuth() auth: AuthContext,
    @Query(new ZodValidationPipe(dryRunQuery)) query: z.infer<typeof dryRunQuery>,
    @Req() req: Request,
  ): Promise<CsvImportResult> {
    return this.csv.importProjects(auth, await readUpload(req, CSV_UPLOAD), query.dryRun ?? false);
  }

  @Summary('事業を読む', 'Read a project')
  @Get('projects/:id')
  @Responds(projectView)
  project(@CurrentAuth() auth: AuthContext, @Param('id', idPipe) id: string): Promise<Project> {
    return this.organisation.getProject(auth, id);
  }

  @Summary('事業を登録する', 'Create a project')
  @Post('projects')
  @Responds(projectView)
  createProject(
    @CurrentAuth() auth: AuthContext,
    @Body(new ZodValidationPipe(projectSchema)) body: z.infer<typeof projectSchema>,
  ): Promise<Project> {
    return this.organisation.createProject(auth, body);
  }

  @Summary('事業を変更する', 'Change a project')
  @Patch('projects/:id')
  @Responds(projectView)
  updateProject(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(projectSchema.partial()))
    body: Partial<z.infer<typeof projectSchema>>,
  ): Promise<Project> {
    return this.organisation.updateProject(auth, id, body);
  }

  @Summary('事業を削除する', 'Delete a project')
  @Delete('projects/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RespondsEmpty()
  deleteProject(@CurrentAuth() auth: AuthContext, @Param('id', idPipe) id: string): Promise<void> {
    return this.organisation.deleteProject(auth, id);
  }
}
