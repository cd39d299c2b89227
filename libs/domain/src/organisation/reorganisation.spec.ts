import { checkPolicyNode, policyParentKind, validInYear } from './policy-tree';
import { checkReorganisation, type OrganisationSnapshot } from './reorganisation';

const org: OrganisationSnapshot = {
  departments: new Map([
    ['d1', { validFromFy: null, validToFy: null }],
    ['dOld', { validFromFy: null, validToFy: 2025 }],
  ]),
  sections: new Map([
    ['s1', { code: '0101', validFromFy: null, validToFy: null }],
    ['s2', { code: '0102', validFromFy: 2020, validToFy: null }],
    ['sEnded', { code: '0199', validFromFy: null, validToFy: 2024 }],
  ]),
  projects: new Map([
    ['p1', { code: '1-1', sectionId: 's1', active: true }],
    ['p2', { code: '1-2', sectionId: 's1', active: true }],
    ['p3', { code: '2-1', sectionId: 's2', active: true }],
    ['pOff', { code: '9-9', sectionId: 's2', active: false }],
  ]),
};

describe('policy tree', () => {
  it('knows the parent kind of each level', () => {
    expect(policyParentKind('policy')).toBeNull();
    expect(policyParentKind('measure')).toBe('policy');
    expect(policyParentKind('basic_project')).toBe('measure');
  });

  it('names the parent field when the parent is missing, superfluous or of the wrong kind', () => {
    const open = { validFromFy: null, validToFy: null };
    expect(checkPolicyNode({ kind: 'policy', ...open }, undefined)).toEqual([]);
    expect(checkPolicyNode({ kind: 'measure', ...open }, { kind: 'policy', ...open })).toEqual([]);
    expect(checkPolicyNode({ kind: 'policy', ...open }, { kind: 'policy', ...open })[0]?.code).toBe(
      'policy_has_no_parent',
    );
    expect(checkPolicyNode({ kind: 'measure', ...open }, undefined)[0]?.code).toBe(
      'parent_required',
    );
    const wrong = checkPolicyNode({ kind: 'basic_project', ...open }, { kind: 'policy', ...open });
    expect(wrong.map((p) => [p.path, p.code])).toEqual([[['parentId'], 'wrong_parent_kind']]);
    expect(wrong[0]?.message.ja).toContain('基本事業の親は施策です');
  });

  it('keeps a node within its own and its parent years', () => {
    expect(
      checkPolicyNode({ kind: 'policy', validFromFy: 2026, validToFy: 2025 }, undefined)[0]?.code,
    ).toBe('years_reversed');
    const parent = { kind: 'policy' as const, validFromFy: 2021, validToFy: 2030 };
    expect(
      checkPolicyNode({ kind: 'measure', validFromFy: 2021, validToFy: 2030 }, parent),
    ).toEqual([]);
    expect(
      checkPolicyNode({ kind: 'measure', validFromFy: 2020, validToFy: null }, parent).map(
        (p) => p.path[0],
      ),
    ).toEqual(['validFromFy', 'validToFy']);
    expect(validInYear({ validFromFy: 2021, validToFy: 2030 }, 2031)).toBe(false);
    expect(validInYear({ validFromFy: null, validToFy: null }, 1990)).toBe(true);
  });
});

describe('checkReorganisation', () => {
  it('accepts a merge of two sections and a rename of a project in the same plan', () => {
    expect(
      checkReorganisation(
        {
          effectiveFiscalYear: 2026,
          operations: [
            { kind: 'rename-project', projectId: 'p1', code: '1-1a', nameJa: '新しい名前' },
            {
              kind: 'merge-sections',
              sectionIds: ['s1', 's2'],
              departmentId: 'd1',
              code: '0110',
              nameJa: '統合課',
            },
          ],
        },
        org,
      ),
    ).toEqual([]);
  });

  it('names each bad field of each operation, in Japanese and English', () => {
    const problems = checkReorganisation(
      {
        effectiveFiscalYear: 2026,
        operations: [
          {
            kind: 'merge-sections',
            sectionIds: ['s1', 'sEnded'],
            departmentId: 'dOld',
            code: '0102',
            nameJa: 'x',
          },
          { kind: 'rename-section', sectionId: 's1', code: 'N1', nameJa: 'y' },
          { kind: 'merge-projects', projectIds: ['p1'], code: '2-1', nameJa: 'z', sectionId: 's1' },
          { kind: 'rename-project', projectId: 'pOff', code: 'new', nameJa: 'w' },
          { kind: 'split-project', projectId: 'nope', into: [{ code: 'new', nameJa: 'a' }] },
        ],
      },
      org,
    );
    expect(problems.map((p) => `${p.path.join('.')}:${p.code}`)).toEqual([
      'operations.0.code:duplicate_code',
      'operations.0.departmentId:department_not_current',
      'operations.0.sectionIds.1:section_not_current',
      'operations.1.sectionId:used_twice',
      'operations.2.code:duplicate_code',
      'operations.2.projectIds:too_few',
      'operations.2.sectionId:section_not_current',
      'operations.3.projectId:project_inactive',
      'operations.4.into:too_few',
      'operations.4.into.0.code:duplicate_in_plan',
      'operations.4.projectId:unknown_project',
    ]);
    const first = problems[0]!;
    expect(first.message.ja).toBe('operations.0.code: この課コードは既に使われています');
    expect(first.message.en).toBe('operations.0.code: another section already has this code');
  });

  it('requires a split section to place every active project exactly once', () => {
    const problems = checkReorganisation(
      {
        effectiveFiscalYear: 2026,
        operations: [
          {
            kind: 'split-section',
            sectionId: 's1',
            into: [
              { code: 'A', nameJa: 'A課', projectIds: ['p1', 'p3'] },
              { code: 'B', nameJa: 'B課', projectIds: ['p1'] },
            ],
          },
        ],
      },
      org,
    );
    expect(problems.map((p) => `${p.path.join('.')}:${p.code}`)).toEqual([
      'operations.0.into:project_unassigned',
      'operations.0.into.0.projectIds.1:not_in_section',
      'operations.0.into.1.projectIds.0:used_twice',
    ]);
    expect(problems[0]?.message.en).toContain('project 1-2');
  });

  it('refuses an empty plan', () => {
    expect(checkReorganisation({ effectiveFiscalYear: 2026, operations: [] }, org)[0]?.code).toBe(
      'required',
    );
  });
});
