// The final decision (最終決定): after every review, the government decides each project's
// direction; that decision is what gets published. A pipeline has it as a stage of its own,
// worked by the role the template names, with its own task, validation and version.
import type { DomainError } from '../errors';

/** The stage key of the final decision. */
export const DECISION_STAGE = 'final_decision';

/** The roles that may own the final decision: the planning office (on the mayor's behalf) or an administrator. */
export const DECISION_ROLES: readonly string[] = ['planning_office', 'administrator'];

/** Whether a stage key is the final decision. */
export function isDecisionStage(key: string): boolean {
  return key === DECISION_STAGE;
}

/**
 * What is wrong with a pipeline's final decision stage, if it has one: it is owned by the
 * planning office or an administrator, every sheet goes through it (not optional), and it comes
 * after every stage people work (only the publication may follow).
 */
export function decisionStageErrors(
  pipeline: readonly { readonly key: string; readonly role: string; readonly optional?: boolean }[],
): DomainError[] {
  const index = pipeline.findIndex((s) => isDecisionStage(s.key));
  const stage = pipeline[index];
  if (!stage) return [];
  const errors: DomainError[] = [];
  if (!DECISION_ROLES.includes(stage.role)) {
    errors.push({
      path: [index, 'role'],
      code: 'decision_role',
      message: {
        ja: `最終決定の担当は企画課（planning_office）または管理者（administrator）にしてください（「${stage.role}」は指定できません）`,
        en: `The final decision is owned by planning_office or administrator, not "${stage.role}"`,
      },
    });
  }
  if (stage.optional === true) {
    errors.push({
      path: [index, 'optional'],
      code: 'decision_optional',
      message: {
        ja: '最終決定はすべてのシートで行うため、任意の段階にはできません',
        en: 'Every sheet gets a final decision: the stage cannot be optional',
      },
    });
  }
  if (pipeline.slice(index + 1).some((s) => s.key !== 'publication')) {
    errors.push({
      path: [index, 'key'],
      code: 'decision_not_last',
      message: {
        ja: '最終決定は公表の直前（他のすべての段階の後）に置いてください',
        en: 'The final decision comes after every other stage, just before publication',
      },
    });
  }
  return errors;
}
