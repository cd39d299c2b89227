import { managementSheetTemplate } from '../builtin';
import { STAGE_DEFINITIONS, validatePipeline } from '../stages';
import { blocksEditableAt, templatePipeline } from '../template/lookup';
import { validateForSubmit } from '../validation/validate';
import { decisionStageErrors, isDecisionStage } from './decision';
import { toPipelineStages } from './rules';

const {
  self_evaluation: self,
  section_chief: chief,
  planning_office: planning,
  committee,
  final_decision: decision,
  publication,
} = STAGE_DEFINITIONS;

describe('the final decision stage (最終決定)', () => {
  it('is a review stage of the planning office between the committee and the publication', () => {
    const pipeline = [self, chief, planning, committee, decision, publication];
    expect(validatePipeline(pipeline)).toEqual({ ok: true });
    expect(toPipelineStages(pipeline)[4]).toEqual({
      key: 'final_decision',
      role: 'planning_office',
      kind: 'review',
    });
    expect(isDecisionStage('final_decision')).toBe(true);
    expect(isDecisionStage('planning_office')).toBe(false);
  });

  it('may be owned by an administrator, and may be the last stage of a pipeline without publication', () => {
    const byAdmin = { ...decision, role: 'administrator' };
    expect(validatePipeline([self, chief, byAdmin])).toEqual({ ok: true });
  });

  it('refuses another owner, an optional decision and one before another stage, naming the field', () => {
    const errors = decisionStageErrors([
      self,
      { ...decision, role: 'section_chief', optional: true },
      committee,
      publication,
    ]);
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      [[1, 'role'], 'decision_role'],
      [[1, 'optional'], 'decision_optional'],
      [[1, 'key'], 'decision_not_last'],
    ]);
    expect(errors[0]!.message.ja).toContain('最終決定');
    expect(errors[0]!.message.en).toContain('section_chief');
    const checked = validatePipeline([self, decision, chief, publication]);
    expect(checked.ok).toBe(false);
  });

  it('a pipeline without a final decision has nothing to check', () => {
    expect(decisionStageErrors([self, chief, planning, publication])).toEqual([]);
  });
});

describe('the management sheet’s final decision', () => {
  const fiscalYear = 2026;

  it('is its own stage, and its fields are editable at that stage only', () => {
    expect(managementSheetTemplate.version).toBe(2);
    expect(templatePipeline(managementSheetTemplate).map((s) => [s.key, s.role])).toEqual([
      ['self_evaluation', 'evaluator'],
      ['section_chief', 'section_chief'],
      ['planning_office', 'planning_office'],
      ['committee', 'committee'],
      ['final_decision', 'planning_office'],
      ['publication', 'administrator'],
    ]);
    expect(blocksEditableAt(managementSheetTemplate, 'final_decision').map((b) => b.key)).toEqual([
      'final_decision',
    ]);
    for (const stage of ['self_evaluation', 'section_chief', 'planning_office', 'committee']) {
      expect(blocksEditableAt(managementSheetTemplate, stage).map((b) => b.key)).not.toContain(
        'final_decision',
      );
    }
    expect(blocksEditableAt(managementSheetTemplate, 'publication')).toEqual([]);
  });

  it('is required at the decision stage: both fields missing are named', () => {
    const result = validateForSubmit(
      managementSheetTemplate,
      {},
      {
        fiscalYear,
        stage: 'final_decision',
      },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.path.join('.'), e.code])).toEqual([
      ['final_decision.direction', 'required'],
      ['final_decision.comment', 'required'],
    ]);
    expect(result.errors[0]!.message.ja).toContain('今後の方向性（決定）');
    const filled = validateForSubmit(
      managementSheetTemplate,
      { final_decision: { direction: ['keep'], comment: '現状のまま継続する。' } },
      { fiscalYear, stage: 'final_decision' },
    );
    expect(filled).toMatchObject({ ok: true });
  });
});
