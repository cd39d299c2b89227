import { kpiSheetTemplate, managementSheetTemplate } from '../builtin';
import { carryForward } from './carry-forward';
import { projectIdentityFields, withProjectIdentity } from './project-identity';

describe('withProjectIdentity', () => {
  const lastYear = {
    identity: { project_name: '子育て応援事業', project_code: '02-01-03', start_year: 2019 },
    purpose: { intent: '安心して子育てできる' },
  };

  it('names the project as it is called now in a carried sheet, nothing else changed', () => {
    const carried = carryForward(managementSheetTemplate, lastYear, {
      fromFiscalYear: 2025,
      toFiscalYear: 2026,
    });
    const now = withProjectIdentity(managementSheetTemplate, carried, {
      name: '子育て応援事業（新）',
      code: '02-01-03-R',
    });
    expect(now['identity']).toEqual({
      ...carried['identity'],
      project_name: '子育て応援事業（新）',
      project_code: '02-01-03-R',
    });
    expect(now['purpose']).toEqual(carried['purpose']);
    // The carried content itself is left as it was.
    expect(carried['identity']?.['project_name']).toBe('子育て応援事業');
  });

  it('fills the identity block when nothing was carried into it', () => {
    expect(withProjectIdentity(managementSheetTemplate, {}, { name: 'A', code: '1' })).toEqual({
      identity: { project_name: 'A', project_code: '1' },
    });
  });

  it('leaves a template without project name and code fields alone', () => {
    expect(projectIdentityFields(kpiSheetTemplate)).toEqual([]);
    const content = { identity: { name: '旧' } };
    expect(withProjectIdentity(kpiSheetTemplate, content, { name: '新', code: 'X' })).toBe(content);
  });
});
