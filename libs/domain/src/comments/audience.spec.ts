import { defaultPipeline, STAGE_DEFINITIONS } from '../stages';
import {
  audienceReaches,
  commentReader,
  defaultCommentAudience,
  isCommentAudience,
} from './audience';

const KEYS = ['self_evaluation', 'section_chief', 'planning_office', 'committee', 'publication'];
const withHead = [
  STAGE_DEFINITIONS.self_evaluation,
  STAGE_DEFINITIONS.section_chief,
  STAGE_DEFINITIONS.department_head,
  STAGE_DEFINITIONS.planning_office,
  STAGE_DEFINITIONS.publication,
];

describe('commentReader', () => {
  it('reads from the first stage a person works to the end of the pipeline', () => {
    const reads = (...roles: string[]) => commentReader(defaultPipeline, roles);
    expect(reads('evaluator')).toEqual({ readsAll: false, audiences: KEYS });
    expect(reads('section_chief')).toEqual({ readsAll: false, audiences: KEYS.slice(1) });
    expect(reads('committee_member')).toEqual({
      readsAll: false,
      audiences: ['committee', 'publication'],
    });
    // Several roles: the earliest stage counts.
    expect(reads('committee_member', 'section_chief').audiences).toEqual(KEYS.slice(1));
    // The planning office and administrators read everything.
    expect(reads('planning_office')).toEqual({ readsAll: true, audiences: [] });
    expect(reads('administrator', 'committee_member').readsAll).toBe(true);
    // No stage of their own on the sheet: what is addressed to everyone (the last stage).
    expect(reads()).toEqual({ readsAll: false, audiences: ['publication'] });
    expect(commentReader(withHead.slice(0, 2), ['committee_member']).audiences).toEqual([
      'section_chief',
    ]);
    expect(commentReader([], ['evaluator'])).toEqual({ readsAll: false, audiences: [] });
  });

  it('puts a department head at 部長承認, or beside the section chiefs where there is no such stage', () => {
    expect(commentReader(withHead, ['department_head']).audiences).toEqual([
      'department_head',
      'planning_office',
      'publication',
    ]);
    expect(commentReader(defaultPipeline, ['department_head']).audiences).toEqual(KEYS.slice(1));
  });
});

describe('defaultCommentAudience', () => {
  const byRoles = (roles: string[], writtenAt = 'committee', pipeline = defaultPipeline) =>
    defaultCommentAudience(pipeline, { writtenAt, authorRoles: roles, selectedForCommittee: true });
  const atStep = (writtenAt: string, selectedForCommittee = false, pipeline = defaultPipeline) =>
    defaultCommentAudience(pipeline, { writtenAt, selectedForCommittee });

  it("is the author's own stage, wherever the sheet is", () => {
    expect(byRoles(['section_chief'])).toBe('section_chief');
    expect(byRoles(['planning_office'], 'self_evaluation')).toBe('planning_office');
    expect(byRoles(['committee_member'], 'publication')).toBe('committee');
    expect(byRoles(['department_head'])).toBe('section_chief');
    expect(byRoles(['department_head'], 'self_evaluation', withHead)).toBe('department_head');
    // Several roles: the last stage they work.
    expect(byRoles(['evaluator', 'section_chief'])).toBe('section_chief');
  });

  it("sends an evaluator's comment on to the stage that reviews it", () => {
    expect(byRoles(['evaluator'], 'planning_office')).toBe('section_chief');
    expect(atStep('self_evaluation')).toBe('section_chief');
    // The next stage the sheet goes through: an unselected optional stage is skipped.
    const short = [
      STAGE_DEFINITIONS.self_evaluation,
      STAGE_DEFINITIONS.committee,
      STAGE_DEFINITIONS.planning_office,
      STAGE_DEFINITIONS.publication,
    ];
    expect(atStep('self_evaluation', false, short)).toBe('planning_office');
    expect(atStep('self_evaluation', true, short)).toBe('committee');
    // Nobody reviews it: it stays with the evaluators.
    const alone = [STAGE_DEFINITIONS.self_evaluation, STAGE_DEFINITIONS.publication];
    expect(atStep('self_evaluation', false, alone)).toBe('self_evaluation');
  });

  it("is a step's own stage for a step's comment, and the stage at work for someone without one", () => {
    expect(atStep('section_chief')).toBe('section_chief');
    expect(atStep('committee', true)).toBe('committee');
    expect(byRoles(['administrator'], 'committee')).toBe('committee');
    expect(byRoles(['administrator'], 'publication')).toBe('publication');
  });
});

describe('audienceReaches / isCommentAudience', () => {
  it('reaches the audience stage and every earlier one, nothing later or unknown', () => {
    expect(audienceReaches(defaultPipeline, 'section_chief', 'self_evaluation')).toBe(true);
    expect(audienceReaches(defaultPipeline, 'section_chief', 'section_chief')).toBe(true);
    expect(audienceReaches(defaultPipeline, 'section_chief', 'committee')).toBe(false);
    expect(audienceReaches(defaultPipeline, 'mayor', 'self_evaluation')).toBe(false);
    expect(audienceReaches(defaultPipeline, 'committee', 'mayor')).toBe(false);
    expect(isCommentAudience(defaultPipeline, 'committee')).toBe(true);
    expect(isCommentAudience(defaultPipeline, 'mayor')).toBe(false);
  });
});
