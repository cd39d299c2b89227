import { Inject, Injectable } from '@nestjs/common';
import { checkPolicyNode, codeProblem, normaliseCode, type PolicyKind } from '@hyoka/domain';
import { PolicyRepository, type PolicyNodeDetailRow } from '@hyoka/persistence';
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
import { POLICY_COLUMNS } from './csv-columns';
import type { CsvImportResult } from './csv-import.schemas';

const KINDS: Record<string, PolicyKind> = {
  policy: 'policy',
  measure: 'measure',
  basic_project: 'basic_project',
  政策: 'policy',
  施策: 'measure',
  基本事業: 'basic_project',
};
const LEVEL: Record<PolicyKind, number> = { policy: 0, measure: 1, basic_project: 2 };
const COLUMN_OF: Record<string, string> = {
  parentId: 'parent_code',
  validFromFy: 'valid_from_fy',
  validToFy: 'valid_to_fy',
};

interface Plan {
  row: number;
  existing: PolicyNodeDetailRow | undefined;
  kind: PolicyKind;
  code: string;
  nameJa: string;
  nameEn: string | null;
  parentCode: string | null;
  sortOrder: number;
  validFromFy: number | null;
  validToFy: number | null;
}

/**
 * CSV import of the policy hierarchy, like the projects import: every row's errors (row, column,
 * Japanese and English), nothing written while any remains, else one transaction that writes
 * policies, then measures, then basic projects (so a parent may be a row of the same file).
 */
@Injectable()
export class AdminPolicyImportService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly policies: PolicyRepository,
  ) {}

  async importPolicyNodes(
    auth: AuthContext,
    body: Buffer,
    dryRun: boolean,
  ): Promise<CsvImportResult> {
    const { encoding, records, errors } = readCsv(body, POLICY_COLUMNS);
    const stored = new Map(
      (await this.policies.list(auth.governmentId)).map((n) => [n.code, n] as const),
    );
    const plans: Plan[] = [];
    const seen = new Map<string, number>();
    const errorAt = rowErrors(errors);
    for (const { row, values } of records) {
      const err = errorAt(row);
      const code = normaliseCode(values['code'] ?? '');
      const problem = codeProblem(code);
      if (problem)
        err(
          'code',
          problem.code === 'required' ? 'required' : 'invalid_code',
          problem.message.ja,
          problem.message.en,
        );
      const earlier = seen.get(code);
      if (earlier !== undefined)
        err(
          'code',
          'duplicate_in_file',
          `${earlier}行目と同じコードです`,
          `same code as row ${earlier}`,
        );
      seen.set(code, row);
      const existing = stored.get(code);
      const kind = KINDS[values['kind'] ?? ''];
      if (!kind)
        err(
          'kind',
          values['kind'] ? 'invalid_choice' : 'required',
          'policy / measure / basic_project（政策 / 施策 / 基本事業）を指定してください',
          'must be policy, measure or basic_project',
        );
      else if (existing && existing.kind !== kind)
        err(
          'kind',
          'kind_change',
          `既存の項目の種別（${existing.kind}）は変更できません`,
          `an existing node keeps its kind (${existing.kind})`,
        );
      const { nameJa, nameEn } = checkNames(values, err, '名称');
      const { from: validFromFy, to: validToFy } = checkYearRange(
        values,
        err,
        'valid_from_fy',
        'valid_to_fy',
      );
      const sortOrder = checkSortOrder(values, err) ?? 0;
      plans.push({
        row,
        existing,
        kind: kind ?? 'policy',
        code,
        nameJa,
        nameEn,
        parentCode: normaliseCode(values['parent_code'] ?? '') || null,
        sortOrder,
        validFromFy,
        validToFy,
      });
    }
    // Parents: a row of the file wins over the stored node of the same code.
    const inFile = new Map(plans.map((p) => [p.code, p] as const));
    for (const p of plans) {
      if (errors.some((e) => e.row === p.row && e.column === 'kind')) continue;
      const err = errorAt(p.row);
      const parent = p.parentCode
        ? (inFile.get(p.parentCode) ?? stored.get(p.parentCode))
        : undefined;
      if (p.parentCode && !parent) {
        err(
          'parent_code',
          'unknown_parent',
          `コード「${p.parentCode}」の項目がありません`,
          `no policy node with code "${p.parentCode}"`,
        );
        continue;
      }
      for (const problem of checkPolicyNode(p, parent)) {
        const column = COLUMN_OF[String(problem.path[0])] ?? null;
        err(
          column,
          problem.code,
          problem.message.ja.replace(/^\w+: /, ''),
          problem.message.en.replace(/^\w+: /, ''),
        );
      }
    }
    const ordered = [...plans].sort((a, b) => LEVEL[a.kind] - LEVEL[b.kind]);
    return finishImport(
      this.dataSource,
      encoding,
      dryRun,
      errors,
      plans.map((p) => ({ row: p.row, create: p.existing === undefined, key: p.code })),
      async (m) => {
        const ids = new Map([...stored].map(([code, n]) => [code, n.id] as const));
        for (const p of ordered) {
          const write = {
            kind: p.kind,
            code: p.code,
            nameJa: p.nameJa,
            nameEn: p.nameEn,
            parentId: p.parentCode ? (ids.get(p.parentCode) ?? null) : null,
            sortOrder: p.sortOrder,
            validFromFy: p.validFromFy,
            validToFy: p.validToFy,
          };
          if (p.existing) await this.policies.update(auth.governmentId, p.existing.id, write, m);
          else ids.set(p.code, await this.policies.insert(auth.governmentId, write, m));
        }
      },
    );
  }
}
