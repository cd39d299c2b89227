import { defaultPipeline } from '../stages';
import {
  actionsFor,
  editsAtPublication,
  grantApplies,
  mayReassign,
  scopeCovers,
  type ActionContext,
  type RoleGrant,
} from './access';
import { toPipelineStages } from './rules';

const sheet = { governmentId: 'g', departmentId: 'd', sectionId: 's', selectedForCommittee: false };
const grant = (role: RoleGrant['role'], scopeKind: RoleGrant['scopeKind'], scopeId: string) =>
  ({ role, scopeKind, scopeId }) satisfies RoleGrant;

describe('scopeCovers', () => {
  it('holds a sheet within the grant’s government, department or section only', () => {
    expect(scopeCovers(grant('evaluator', 'section', 's'), sheet)).toBe(true);
    expect(scopeCovers(grant('evaluator', 'section', 'other'), sheet)).toBe(false);
    expect(scopeCovers(grant('department_head', 'department', 'd'), sheet)).toBe(true);
    expect(scopeCovers(grant('department_head', 'department', 's'), sheet)).toBe(false);
    expect(scopeCovers(grant('planning_office', 'government', 'g'), sheet)).toBe(true);
    expect(scopeCovers(grant('planning_office', 'government', 'd'), sheet)).toBe(false);
  });
});

describe('grantApplies', () => {
  it('needs a government-wide grant for the planning office and administrators', () => {
    expect(grantApplies(grant('administrator', 'government', 'g'), sheet)).toBe(true);
    expect(grantApplies(grant('administrator', 'department', 'd'), sheet)).toBe(false);
    expect(grantApplies(grant('planning_office', 'section', 's'), sheet)).toBe(false);
  });

  it('gives committee members only the sheets selected for the committee', () => {
    const member = grant('committee_member', 'government', 'g');
    expect(grantApplies(member, sheet)).toBe(false);
    expect(grantApplies(member, { ...sheet, selectedForCommittee: true })).toBe(true);
  });
});

describe('mayReassign', () => {
  it('lets administrators, chiefs and heads in scope reassign; the planning office its own stage', () => {
    expect(mayReassign([grant('administrator', 'government', 'g')], sheet, 'evaluator')).toBe(true);
    expect(mayReassign([grant('section_chief', 'section', 's')], sheet, 'evaluator')).toBe(true);
    expect(mayReassign([grant('section_chief', 'section', 'x')], sheet, 'evaluator')).toBe(false);
    expect(mayReassign([grant('department_head', 'department', 'd')], sheet, 'x')).toBe(true);
    const office = [grant('planning_office', 'government', 'g')];
    expect(mayReassign(office, sheet, 'planning_office')).toBe(true);
    expect(mayReassign(office, sheet, 'section_chief')).toBe(false);
    expect(mayReassign([grant('evaluator', 'section', 's')], sheet, 'evaluator')).toBe(false);
    expect(mayReassign([], sheet, 'evaluator')).toBe(false);
  });
});

describe('editsAtPublication', () => {
  const pipeline = toPipelineStages(defaultPipeline);
  const publication = pipeline.find((s) => s.kind === 'publication');
  const office = [grant('planning_office', 'government', 'g')];

  it('lets the government-wide planning office edit a sheet waiting at publication', () => {
    expect(editsAtPublication(office, { ...sheet, published: false, stage: publication })).toBe(
      true,
    );
    expect(editsAtPublication(office, { ...sheet, published: true, stage: publication })).toBe(
      false,
    );
    expect(editsAtPublication(office, { ...sheet, published: false, stage: pipeline[1] })).toBe(
      false,
    );
    const chief = [grant('section_chief', 'section', 's')];
    expect(editsAtPublication(chief, { ...sheet, published: false, stage: publication })).toBe(
      false,
    );
  });
});

describe('actionsFor', () => {
  const pipeline = toPipelineStages(defaultPipeline);
  const base: ActionContext = {
    userId: 'me',
    published: false,
    editsAtPublication: false,
    sheetStage: 'section_chief',
    task: { stage: 'section_chief', assigneeUserId: null, claimedBy: 'me' },
    worksTask: true,
    pipeline,
    editableAt: (stage) => stage === 'self_evaluation' || stage === 'section_chief',
  };

  it('offers a claimant of a review its review actions and giving the task back', () => {
    expect(actionsFor(base)).toEqual(['release', 'edit_draft', 'approve', 'send_back']);
  });

  it('offers an unclaimed group task for claiming first', () => {
    expect(actionsFor({ ...base, task: { ...base.task!, claimedBy: null } })).toEqual([
      'claim',
      'edit_draft',
      'approve',
      'send_back',
    ]);
  });

  it('offers nothing when someone else claimed the task', () => {
    expect(actionsFor({ ...base, task: { ...base.task!, claimedBy: 'other' } })).toEqual([]);
  });

  it('offers the evaluator submission of an entry stage', () => {
    const task = { stage: 'self_evaluation', assigneeUserId: 'me', claimedBy: null };
    expect(actionsFor({ ...base, sheetStage: 'self_evaluation', task })).toEqual([
      'edit_draft',
      'submit',
    ]);
  });

  it('offers nothing on a published sheet, without a task or to someone not working it', () => {
    expect(actionsFor({ ...base, published: true })).toEqual([]);
    expect(actionsFor({ ...base, task: null })).toEqual([]);
    expect(actionsFor({ ...base, worksTask: false })).toEqual([]);
    expect(actionsFor({ ...base, task: { ...base.task!, stage: 'unknown' } })).toEqual([]);
  });

  it('offers editing at publication only where the template has blocks to edit there', () => {
    const atPublication = { ...base, editsAtPublication: true, sheetStage: 'publication' };
    expect(actionsFor(atPublication)).toEqual([]);
    expect(actionsFor({ ...atPublication, editableAt: () => true })).toEqual(['edit_draft']);
  });
});
