import { ROLE, STAGE } from '../stages';

/**
 * Who reads a comment on a sheet.
 *
 * A comment's **audience** is one stage of the sheet's pipeline: the people who work that stage
 * and every earlier one read it (audience `section_chief`: the evaluators and the section chief;
 * audience `committee`: everyone up to and including the committee). Later stages do not read an
 * earlier stage's exchange unless it was addressed to them; nobody can be left out below the
 * audience, so the people of a sheet's section always read what is said about it further on.
 * Everyone reads their own comments; the planning office and administrators read every comment.
 *
 * A reader's **position** is the first stage of the pipeline they work on this sheet (by role
 * and scope: the person in charge and the section's evaluators work the entry stage, the
 * section chief 課長承認, the committee 外部評価, …). A department head works 部長承認 where the
 * pipeline has it, otherwise reads and writes at the section chief's stage (the chiefs they
 * oversee). They read a comment when its audience is at or after their position. Someone who sees
 * the sheet but works none of its stages (a committee member where this year's pipeline has no
 * committee stage) reads what is addressed to the last stage, i.e. to everyone.
 *
 * By default a comment is for the stages up to its author's own (the last stage they work on
 * the sheet). An evaluator writes to whoever reviews the submission, so a comment from the entry
 * stage reaches the next stage the sheet goes through. A comment given with a step (submit,
 * approve, send back) is by default for the stage where the step was taken (the same rule, the
 * step's stage being the author's); a send-back's comment always reaches the stage it goes back
 * to. Someone who works no stage of the sheet (an administrator) writes for the stage where the
 * comment is written.
 */

/** A stage of a cycle's pipeline, as comment audiences need it. */
export interface AudienceStage {
  readonly key: string;
  readonly role: string;
  readonly optional?: boolean;
}

/** What one person reads on one sheet. */
export interface CommentReader {
  /** The planning office and administrators: every comment. */
  readonly readsAll: boolean;
  /** Otherwise the audiences they read (besides their own comments): stage keys. */
  readonly audiences: readonly string[];
}

/** The user role that works a stage, where it is named differently from the stage's role. */
const WORKER_ROLE: Readonly<Record<string, string>> = { [ROLE.committee]: 'committee_member' };
const workerRoleOf = (stageRole: string): string => WORKER_ROLE[stageRole] ?? stageRole;
const READS_ALL: ReadonlySet<string> = new Set([ROLE.planningOffice, ROLE.administrator]);

/**
 * Indexes of the stages a person with these roles (held on the sheet: in scope) works, the
 * publication stage excluded (nobody reads or writes there as its worker).
 */
function stagesWorked(pipeline: readonly AudienceStage[], roles: readonly string[]): number[] {
  const held = new Set(roles);
  const worked = pipeline
    .map((stage, index) => ({ stage, index }))
    .filter(({ stage }) => stage.key !== STAGE.publication && held.has(workerRoleOf(stage.role)))
    .map(({ index }) => index);
  // A department head without a stage of their own stands with the section chiefs they oversee.
  if (held.has(ROLE.departmentHead) && !pipeline.some((s) => s.role === ROLE.departmentHead)) {
    const chief = pipeline.findIndex((s) => s.role === ROLE.sectionChief);
    if (chief >= 0) worked.push(chief);
  }
  return worked.sort((a, b) => a - b);
}

/** Whether a key names a stage of the pipeline, i.e. is a possible audience. */
export function isCommentAudience(pipeline: readonly AudienceStage[], key: string): boolean {
  return pipeline.some((s) => s.key === key);
}

/** What a person holding `roles` on the sheet reads (roles in scope, as the API grants them). */
export function commentReader(
  pipeline: readonly AudienceStage[],
  roles: readonly string[],
): CommentReader {
  if (roles.some((r) => READS_ALL.has(r))) return { readsAll: true, audiences: [] };
  const position = stagesWorked(pipeline, roles)[0] ?? pipeline.length - 1;
  return { readsAll: false, audiences: pipeline.slice(Math.max(position, 0)).map((s) => s.key) };
}

/** Whether the people of stage `stageKey` read a comment addressed to `audience`. */
export function audienceReaches(
  pipeline: readonly AudienceStage[],
  audience: string,
  stageKey: string,
): boolean {
  const stage = pipeline.findIndex((s) => s.key === stageKey);
  return stage >= 0 && stage <= pipeline.findIndex((s) => s.key === audience);
}

/**
 * The audience of a comment whose writer did not choose one (see the module comment).
 * `writtenAt`: the stage the comment is written at (a step's stage, or the sheet's current
 * stage); `authorRoles`: the author's roles on the sheet, or undefined for a step's comment
 * (the step's stage is then the author's). `writtenAt` must be a stage of the pipeline.
 */
export function defaultCommentAudience(
  pipeline: readonly AudienceStage[],
  input: {
    readonly writtenAt: string;
    readonly authorRoles?: readonly string[] | undefined;
    readonly selectedForCommittee: boolean;
  },
): string {
  const own = input.authorRoles ? stagesWorked(pipeline, input.authorRoles).at(-1) : undefined;
  const base = own ?? pipeline.findIndex((s) => s.key === input.writtenAt);
  const stage = pipeline[base];
  if (!stage) return input.writtenAt;
  if (stage.role !== ROLE.evaluator) return stage.key;
  // The entry stage's comment goes to whoever reviews it: the next stage this sheet goes through.
  let next = base + 1;
  while (pipeline[next]?.optional === true && !input.selectedForCommittee) next++;
  const reviewer = pipeline[next];
  return reviewer && reviewer.key !== STAGE.publication ? reviewer.key : stage.key;
}
