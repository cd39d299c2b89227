import type { DomainError } from '../errors';

/** 政策 (policy) → 施策 (measure) → 基本事業 (basic project), under the 総合計画. */
export type PolicyKind = 'policy' | 'measure' | 'basic_project';

/** The kind a node's parent must have; null: the node has no parent (a policy). */
export function policyParentKind(kind: PolicyKind): PolicyKind | null {
  switch (kind) {
    case 'policy':
      return null;
    case 'measure':
      return 'policy';
    case 'basic_project':
      return 'measure';
  }
}

const KIND_JA: Record<PolicyKind, string> = {
  policy: '政策',
  measure: '施策',
  basic_project: '基本事業',
};

/** The kinds a project may belong to (a 施策 or, usually, a 基本事業). */
export const PROJECT_POLICY_KINDS: readonly PolicyKind[] = ['measure', 'basic_project'];

export interface PolicyNodeShape {
  readonly kind: PolicyKind;
  readonly validFromFy: number | null;
  readonly validToFy: number | null;
}

/**
 * Problems with a node's place in the tree: its parent must be of the kind above it (a policy has
 * none), its years must not be reversed, and they must lie within the parent's years.
 * `parent` undefined: no parent was given; null is never passed.
 */
export function checkPolicyNode(
  node: PolicyNodeShape,
  parent: PolicyNodeShape | undefined,
): DomainError[] {
  const problems: DomainError[] = [];
  const wanted = policyParentKind(node.kind);
  if (wanted === null && parent !== undefined) {
    problems.push({
      path: ['parentId'],
      code: 'policy_has_no_parent',
      message: {
        ja: 'parentId: 政策には親を指定できません',
        en: 'parentId: a policy has no parent',
      },
    });
  } else if (wanted !== null && parent === undefined) {
    problems.push({
      path: ['parentId'],
      code: 'parent_required',
      message: {
        ja: `parentId: ${KIND_JA[node.kind]}には親の${KIND_JA[wanted]}を指定してください`,
        en: `parentId: a ${node.kind.replace('_', ' ')} needs a parent ${wanted}`,
      },
    });
  } else if (wanted !== null && parent !== undefined && parent.kind !== wanted) {
    problems.push({
      path: ['parentId'],
      code: 'wrong_parent_kind',
      message: {
        ja: `parentId: ${KIND_JA[node.kind]}の親は${KIND_JA[wanted]}です（指定されたのは${KIND_JA[parent.kind]}）`,
        en: `parentId: the parent of a ${node.kind.replace('_', ' ')} must be a ${wanted}, not a ${parent.kind.replace('_', ' ')}`,
      },
    });
  }
  if (node.validFromFy !== null && node.validToFy !== null && node.validToFy < node.validFromFy) {
    problems.push({
      path: ['validToFy'],
      code: 'years_reversed',
      message: {
        ja: 'validToFy: validFromFy 以降の年度を指定してください',
        en: 'validToFy: must not be before validFromFy',
      },
    });
  } else if (parent !== undefined) {
    if (
      parent.validFromFy !== null &&
      (node.validFromFy === null || node.validFromFy < parent.validFromFy)
    ) {
      problems.push({
        path: ['validFromFy'],
        code: 'outside_parent_years',
        message: {
          ja: `validFromFy: 親の開始年度（${parent.validFromFy}）より前にはできません`,
          en: `validFromFy: cannot start before its parent (${parent.validFromFy})`,
        },
      });
    }
    if (
      parent.validToFy !== null &&
      (node.validToFy === null || node.validToFy > parent.validToFy)
    ) {
      problems.push({
        path: ['validToFy'],
        code: 'outside_parent_years',
        message: {
          ja: `validToFy: 親の終了年度（${parent.validToFy}）より後にはできません`,
          en: `validToFy: cannot end after its parent (${parent.validToFy})`,
        },
      });
    }
  }
  return problems;
}

/** Whether a node exists in `fiscalYear` (null years are open-ended). */
export function validInYear(
  unit: { readonly validFromFy: number | null; readonly validToFy: number | null },
  fiscalYear: number,
): boolean {
  return (
    (unit.validFromFy === null || unit.validFromFy <= fiscalYear) &&
    (unit.validToFy === null || unit.validToFy >= fiscalYear)
  );
}
