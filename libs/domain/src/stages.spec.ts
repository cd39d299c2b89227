import { STAGE, STAGE_DEFINITIONS, defaultPipeline, validatePipeline } from './stages';

describe('validatePipeline', () => {
  it('accepts the default pipeline in its documented order', () => {
    expect(validatePipeline(defaultPipeline)).toEqual({ ok: true });
    expect(defaultPipeline.map((s) => s.key)).toEqual([
      'self_evaluation',
      'section_chief',
      'planning_office',
      'committee',
      'publication',
    ]);
    expect(STAGE_DEFINITIONS.committee.optional).toBe(true);
  });

  it('accepts a government-specific pipeline with 部長承認 and without the committee', () => {
    const pipeline = [
      STAGE_DEFINITIONS.self_evaluation,
      STAGE_DEFINITIONS.section_chief,
      STAGE_DEFINITIONS.department_head,
      { key: 'mayor_hearing', label: { ja: '市長ヒアリング', en: 'Mayor hearing' }, role: 'mayor' },
      STAGE_DEFINITIONS.publication,
    ];
    expect(validatePipeline(pipeline)).toEqual({ ok: true });
  });

  it('reports empty, duplicate, badly named and misplaced stages', () => {
    expect(validatePipeline([])).toMatchObject({ ok: false, errors: [{ code: 'empty_pipeline' }] });
    const result = validatePipeline([
      { ...STAGE_DEFINITIONS.committee },
      STAGE_DEFINITIONS.publication,
      STAGE_DEFINITIONS.self_evaluation,
      { key: 'Self Eval', label: { ja: '', en: 'x' }, role: 'evaluator' },
      STAGE_DEFINITIONS.self_evaluation,
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.path, e.code])).toEqual([
      [[1, 'key'], 'publication_not_last'],
      [[3, 'key'], 'invalid_stage_key'],
      [[3, 'label'], 'missing_label'],
      [[4, 'key'], 'duplicate_stage'],
      [[0, 'optional'], 'first_stage_optional'],
    ]);
    expect(result.errors[0]?.message.ja).toBe('公表は最後の段階にしてください');
  });

  it('exposes known stage ids as constants', () => {
    expect(STAGE.planningOffice).toBe('planning_office');
  });
});
