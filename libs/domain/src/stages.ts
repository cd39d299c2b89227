import type { DomainError } from './errors';
import type { LocalizedText } from './i18n';
import { decisionStageErrors } from './pipeline/decision';

/** Ids of the stages this library knows about. A government may define others. */
export const STAGE = {
  selfEvaluation: 'self_evaluation',
  sectionChief: 'section_chief',
  departmentHead: 'department_head',
  planningOffice: 'planning_office',
  committee: 'committee',
  finalDecision: 'final_decision',
  publication: 'publication',
} as const;

export type KnownStageKey = (typeof STAGE)[keyof typeof STAGE];
/** A stage id: one of {@link STAGE} or a government-defined snake_case id. */
export type StageKey = KnownStageKey | (string & {});

/** Who acts at a stage. Open like {@link StageKey}. */
export const ROLE = {
  evaluator: 'evaluator',
  sectionChief: 'section_chief',
  departmentHead: 'department_head',
  planningOffice: 'planning_office',
  committee: 'committee',
  administrator: 'administrator',
} as const;
export type KnownRole = (typeof ROLE)[keyof typeof ROLE];
export type StageRole = KnownRole | (string & {});

export interface StageDefinition {
  key: StageKey;
  label: LocalizedText;
  role: StageRole;
  /** Only some sheets go through this stage (e.g. the external committee reviews selected sheets). */
  optional?: boolean;
}

export const STAGE_DEFINITIONS: Readonly<Record<KnownStageKey, StageDefinition>> = {
  self_evaluation: {
    key: STAGE.selfEvaluation,
    label: { ja: '一次評価（自己評価）', en: 'Self-evaluation' },
    role: ROLE.evaluator,
  },
  section_chief: {
    key: STAGE.sectionChief,
    label: { ja: '課長承認', en: 'Section chief approval' },
    role: ROLE.sectionChief,
  },
  department_head: {
    key: STAGE.departmentHead,
    label: { ja: '部長承認', en: 'Department head approval' },
    role: ROLE.departmentHead,
  },
  planning_office: {
    key: STAGE.planningOffice,
    label: { ja: '二次評価', en: 'Secondary evaluation (planning office)' },
    role: ROLE.planningOffice,
  },
  committee: {
    key: STAGE.committee,
    label: { ja: '外部評価', en: 'External committee review' },
    role: ROLE.committee,
    optional: true,
  },
  final_decision: {
    key: STAGE.finalDecision,
    label: { ja: '最終決定', en: 'Final decision' },
    role: ROLE.planningOffice,
  },
  publication: {
    key: STAGE.publication,
    label: { ja: '公表', en: 'Publication' },
    role: ROLE.administrator,
  },
};

/** The usual pipeline: 一次評価 → 課長承認 → 二次評価 → 外部評価 (selected sheets) → 公表. */
export const defaultPipeline: readonly StageDefinition[] = [
  STAGE_DEFINITIONS.self_evaluation,
  STAGE_DEFINITIONS.section_chief,
  STAGE_DEFINITIONS.planning_office,
  STAGE_DEFINITIONS.committee,
  STAGE_DEFINITIONS.publication,
];

const STAGE_KEY_PATTERN = /^[a-z][a-z0-9_]*$/;

export type PipelineValidation = { ok: true } | { ok: false; errors: DomainError[] };

/**
 * Checks a pipeline: at least one stage, unique snake_case keys, labels and role present,
 * the first stage is not optional, `publication` (if present) is last, and a final decision
 * (if present) is owned by the planning office or an administrator and comes after every review.
 */
export function validatePipeline(pipeline: readonly StageDefinition[]): PipelineValidation {
  const errors: DomainError[] = [];
  if (pipeline.length === 0) {
    errors.push({
      path: [],
      code: 'empty_pipeline',
      message: {
        ja: '段階が1つもありません。少なくとも1つの段階を定義してください',
        en: 'The pipeline has no stage. Define at least one stage',
      },
    });
  }
  const seen = new Set<string>();
  pipeline.forEach((stage, index) => {
    if (!STAGE_KEY_PATTERN.test(stage.key)) {
      errors.push({
        path: [index, 'key'],
        code: 'invalid_stage_key',
        message: {
          ja: `段階のキー「${stage.key}」は英小文字・数字・_ で指定してください`,
          en: `Stage key "${stage.key}" must be lower-case snake_case`,
        },
      });
    }
    if (seen.has(stage.key)) {
      errors.push({
        path: [index, 'key'],
        code: 'duplicate_stage',
        message: {
          ja: `段階「${stage.key}」が重複しています`,
          en: `Stage "${stage.key}" appears more than once`,
        },
      });
    }
    seen.add(stage.key);
    if (stage.label.ja.trim() === '' || stage.label.en.trim() === '') {
      errors.push({
        path: [index, 'label'],
        code: 'missing_label',
        message: {
          ja: `段階「${stage.key}」の名称（日本語・英語）を入力してください`,
          en: `Stage "${stage.key}" needs a Japanese and an English label`,
        },
      });
    }
    if (stage.role.trim() === '') {
      errors.push({
        path: [index, 'role'],
        code: 'missing_role',
        message: {
          ja: `段階「${stage.key}」の担当ロールを指定してください`,
          en: `Stage "${stage.key}" needs a role`,
        },
      });
    }
    if (stage.key === STAGE.publication && index !== pipeline.length - 1) {
      errors.push({
        path: [index, 'key'],
        code: 'publication_not_last',
        message: {
          ja: '公表は最後の段階にしてください',
          en: 'Publication must be the last stage',
        },
      });
    }
  });
  errors.push(...decisionStageErrors(pipeline));
  if (pipeline[0]?.optional === true) {
    errors.push({
      path: [0, 'optional'],
      code: 'first_stage_optional',
      message: {
        ja: '最初の段階を任意（一部のシートのみ）にすることはできません',
        en: 'The first stage cannot be optional',
      },
    });
  }
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}

/** Index of a stage in a pipeline, or -1. */
export function stageIndex(pipeline: readonly StageDefinition[], key: StageKey): number {
  return pipeline.findIndex((s) => s.key === key);
}
