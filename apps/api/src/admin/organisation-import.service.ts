import { Inject, Injectable } from '@nestjs/common';
import { OrganisationRepository, type DepartmentRow, type SectionRow } from '@hyoka/persistence';
import type { DataSource } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { DATA_SOURCE } from '../tokens';
import {
  checkNames,
  checkSortOrder,
  checkYearRange,
  finishImport,
  readCsv,
  rowErrors,
} from './csv-import.service';
import { ORGANISATION_COLUMNS } from './csv-columns';
import type { CsvImportResult } from './csv-import.schemas';

type UnitKind = 'department' | 'section';
const KINDS: Record<string, UnitKind> = {
  department: 'department',
  section: 'section',
  部局: 'department',
  部: 'department',
  課: 'section',
};
const KIND_JA: Record<UnitKind, string> = { department: '部局', section: '課' };

interface Plan {
  row: number;
  kind: UnitKind;
  existing: DepartmentRow | SectionRow | undefined;
  code: string;
  nameJa: string;
  nameEn: string | null;
  departmentCode: string | null;
  sortOrder: number | null;
  validFromFy: number | null;
  validToFy: number | null;
}

/**
 * CSV import of the organisation: departments (部局) and sections (課) in one file, one row per
 * unit, like the other imports (every row's errors by row and column in Japanese and English;
 * nothing written while any remains). Departments are written before sections, so a section may
 * name a department of the same file. An existing code (per kind) updates that unit; a blank cell
 * keeps its stored value.
 */
@Injectable()
export class AdminOrganisationImportService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly organisation: OrganisationRepository,
  ) {}

  async importUnits(auth: AuthContext, body: Buffer, dryRun: boolean): Promise<CsvImportResult> {
    const g = auth.governmentId;
    const { encoding, records, errors } = readCsv(body, ORGANISATION_COLUMNS);
    const [departments, sections] = await Promise.all([
      this.organisation.listDepartments(g),
      this.organisation.listSections(g, null),
    ]);
    const stored = {
      department: new Map<string, DepartmentRow | SectionRow>(departments.map((d) => [d.code, d])),
      section: new Map<string, DepartmentRow | SectionRow>(sections.map((s) => [s.code, s])),
    };
    const errorAt = rowErrors(errors);
    const seen = new Map<string, number>();
    const plans: Plan[] = [];
    for (const { row, values } of records) {
      const err = errorAt(row);
      const kind = KINDS[values['kind'] ?? ''];
      if (!kind)
        err(
          'kind',
          values['kind'] ? 'invalid_choice' : 'required',
          'department / section（部局 / 課）を指定してください',
          'must be department or section',
        );
      const code = values['code'] ?? '';
      if (code === '' || code.length > 50 || !/^[^\s,;]+$/.test(code))
        err(
          'code',
          code === '' ? 'required' : 'invalid_code',
          code === ''
            ? 'コードを入力してください'
            : 'コードは50文字までで、空白・カンマ・セミコロンを含められません',
          code === '' ? 'required' : 'at most 50 characters, no spaces, commas or semicolons',
        );
      const key = `${kind ?? ''}/${code}`;
      const earlier = seen.get(key);
      if (earlier !== undefined && kind)
        err(
          'code',
          'duplicate_in_file',
          `${earlier}行目と同じ${KIND_JA[kind]}コードです`,
          `same ${kind} code as row ${earlier}`,
        );
      seen.set(key, row);
      const { nameJa, nameEn } = checkNames(values, err, kind ? `${KIND_JA[kind]}名` : '名称');
      const departmentCode = values['department_code'] || null;
      if (kind === 'section' && !departmentCode && !stored.section.has(code))
        err(
          'department_code',
          'required',
          '課の部局コードを入力してください',
          "required for a section (the department's code)",
        );
      if (kind === 'department' && departmentCode)
        err(
          'department_code',
          'not_for_department',
          '部局の行には部局コードを書きません（課の行だけ）',
          'only for sections',
        );
      const { from: validFromFy, to: validToFy } = checkYearRange(
        values,
        err,
        'valid_from_fy',
        'valid_to_fy',
      );
      const sortOrder = checkSortOrder(values, err);
      plans.push({
        row,
        kind: kind ?? 'department',
        existing: kind ? stored[kind].get(code) : undefined,
        code,
        nameJa,
        nameEn,
        departmentCode,
        sortOrder,
        validFromFy,
        validToFy,
      });
    }
    // A section's department: a department row of the file, else a stored one.
    const fileDepartments = new Set(
      plans.filter((p) => p.kind === 'department').map((p) => p.code),
    );
    for (const p of plans)
      if (
        p.kind === 'section' &&
        p.departmentCode &&
        !fileDepartments.has(p.departmentCode) &&
        !stored.department.has(p.departmentCode)
      )
        errorAt(p.row)(
          'department_code',
          'unknown_department',
          `部局コード「${p.departmentCode}」の部局がありません`,
          `no department with code "${p.departmentCode}"`,
        );

    const ordered = [...plans].sort(
      (a, b) => Number(a.kind === 'section') - Number(b.kind === 'section'),
    );
    return finishImport(
      this.dataSource,
      encoding,
      dryRun,
      errors,
      plans.map((p) => ({ row: p.row, create: p.existing === undefined, key: p.code })),
      async (m) => {
        const repo = new OrganisationRepository(m);
        const departmentIds = new Map(departments.map((d) => [d.code, d.id]));
        for (const p of ordered) {
          const old = p.existing;
          const write = {
            code: p.code,
            nameJa: p.nameJa,
            nameEn: p.nameEn ?? old?.nameEn ?? null,
            sortOrder: p.sortOrder ?? old?.sortOrder ?? 0,
            validFromFy: p.validFromFy ?? old?.validFromFy ?? null,
            validToFy: p.validToFy ?? old?.validToFy ?? null,
          };
          if (p.kind === 'department') {
            if (old) await repo.updateDepartment(g, old.id, write);
            else departmentIds.set(p.code, await repo.insertDepartment(g, write));
            continue;
          }
          const departmentId =
            (p.departmentCode ? departmentIds.get(p.departmentCode) : undefined) ??
            (old as SectionRow | undefined)?.departmentId;
          if (!departmentId) throw new Error(`section ${p.code}: department not resolved`);
          if (old) await repo.updateSection(g, old.id, { ...write, departmentId });
          else await repo.insertSection(g, { ...write, departmentId });
        }
      },
    );
  }
}
