import { describe, expect, it } from 'vitest';
import { loadMapping, parseMapping } from '../../src/cohort/mapping.js';
import { loadCohort } from '../../src/cohort/read.js';
import { caught, csv, EXAMPLES, read, readError, tempFile } from './helpers.js';

describe('mapping files', () => {
  it('read the local export example as it is', async () => {
    const mapping = await loadMapping(`${EXAMPLES}local-export.map.json`);
    const { cases, summary } = await loadCohort(`${EXAMPLES}local-export.csv`, { mapping });
    expect(summary.valid).toBe(13);
    expect(summary.columns.canonical.case_id).toBe('Child Ref');
    expect(summary.columns.extra).toEqual(['School Phase']);
    expect(cases[2]).toMatchObject({
      case_id: 'LA-10257',
      sen_status: 'EHCP',
      primary_need: 'ASD',
      secondary_need: 'SEMH',
      setting: 'mainstream_resourced',
      service_stage: 'established',
      social_care: 'none',
      health_services: ['CAMHS', 'SALT'],
      locality: 'East Team',
      extra: { 'School Phase': 'Primary' },
    });
    expect(cases.filter((c) => c.alternative_provision).map((c) => c.case_id)).toEqual(['LA-10279', 'LA-10352']);
  });

  it('are needed by the local export: without one, its columns are missing', async () => {
    const error = await caught(loadCohort(`${EXAMPLES}local-export.csv`));
    expect(error.problems[0]?.kind).toBe('header');
    expect(error.message).toContain("the header has: 'Child Ref', 'Age at Census'");
  });

  it('match local headers and value keys ignoring case and spaces', async () => {
    const mapping = parseMapping(
      { columns: { case_id: 'child ref', primary_need: 'MAIN NEED' }, values: { primary_need: { ' asc ': 'asd' }, setting: { 'resourced base': 'Mainstream_Resourced' } } },
      'local.json',
    );
    expect(mapping.values.primary_need).toEqual({ ' asc ': 'ASD' });
    expect(mapping.values.setting).toEqual({ 'resourced base': 'mainstream_resourced' });
    const text = csv(['Child Ref,age,sen,Main Need,setting,stage', 'R1,4,e,  ASC ,Resourced Base,transition']);
    const { cases } = await read(text, { mapping });
    expect(cases[0]).toMatchObject({ case_id: 'R1', primary_need: 'ASD', setting: 'mainstream_resourced' });
  });

  it('leave unmapped values to the usual rules, and report them as usual', async () => {
    const mapping = parseMapping({ values: { setting: { 'Resourced Base': 'mainstream_resourced' } } }, 'local.json');
    const error = await readError(csv(['case_id,age,sen,sen type,setting,stage', 'R1,4,e,hi,Resourced Unit,transition']), { mapping });
    expect(error.problems[0]).toMatchObject({ kind: 'value', column: 'setting', value: 'Resourced Unit' });
  });

  it('name the local header in messages about a mapped column', async () => {
    const mapping = parseMapping({ columns: { primary_need: 'Main Need' } }, 'local.json');
    const error = await readError(csv(['case_id,age,sen,Main Need,setting,stage', 'R1,4,e,ADHD,nursery,transition']), { mapping });
    expect(error.message).toMatch(/^cohort\.csv line 2, primary_need \('Main Need'\): 'ADHD' is not a SEN type code/);
  });

  it('refuse a mapped header the file lacks, saying so', async () => {
    const mapping = parseMapping({ columns: { primary_need: 'Need Type' } }, 'local.json');
    const error = await readError(csv(['case_id,age,sen,Main Need,setting,stage', 'R1,4,e,HI,nursery,transition']), { mapping });
    expect(error.problems[0]).toMatchObject({ kind: 'mapping', file: 'local.json', column: 'primary_need' });
    expect(error.message).toBe(
      "local.json, primary_need: maps primary_need to the column 'Need Type', but cohort.csv has no such column; its columns are: 'case_id', 'age', 'sen', 'Main Need', 'setting', 'stage'",
    );
  });

  it('keep a column the mapping displaced as an extra column, with a warning', async () => {
    const mapping = parseMapping({ columns: { case_id: 'Child Ref' } }, 'local.json');
    const { cases, summary } = await read(csv(['ID,Child Ref,age,sen,sen type,setting,stage', '991,R1,4,e,hi,nursery,transition']), { mapping });
    expect(cases[0]).toMatchObject({ case_id: 'R1', extra: { ID: '991' } });
    expect(summary.warnings[0]?.message).toBe(
      "cohort.csv, ID: is not read as case_id: local.json reads case_id from 'Child Ref'; kept as an extra column",
    );
  });

  it('refuse bad targets with the zod path and the codes expected', async () => {
    const path = tempFile('local.json', JSON.stringify({ values: { setting: { 'Resourced Base': 'resourced' } } }));
    const error = await caught(loadMapping(path));
    expect(error.problems[0]).toMatchObject({ kind: 'mapping', column: 'values.setting.Resourced Base', value: 'resourced' });
    expect(error.message).toBe(
      `${path}: values.setting.Resourced Base must be one of early_years, mainstream, mainstream_resourced, special, ap, further_education, home_educated, other_arrangements, not_in_education (found 'resourced')`,
    );
  });

  it('refuse unknown columns, wrong types, case_id values, clashing keys and shared headers', () => {
    const messages = (data: unknown) => {
      try {
        parseMapping(data, 'local.json');
      } catch (error) {
        return (error as { problems: { message: string }[] }).problems.map((p) => p.message);
      }
      return [];
    };
    expect(messages({ colums: {} })).toEqual(["local.json: has unknown key 'colums'; expected columns, values"]);
    expect(messages({ columns: { need: 'Need' } })).toEqual([
      "local.json: columns has unknown key 'need'; expected case_id, age, sen_status, primary_need, secondary_need, setting, service_stage, social_care, health_services, locality, la_code",
    ]);
    expect(messages({ columns: { age: 3 } })).toEqual(['local.json: columns.age must be text']);
    expect(messages({ columns: { age: ' ' } })).toEqual(['local.json: columns.age must name a column of the file']);
    expect(messages([])).toEqual(["local.json: must be a JSON object with 'columns' and/or 'values'"]);
    expect(messages({ values: { case_id: { a: 'b' } } })).toEqual([
      "local.json: values.case_id.a cannot be mapped: case_id is an opaque reference and is read as it is (found 'b')",
    ]);
    expect(messages({ values: { age: { Reception: 'four' } } })).toEqual([
      "local.json: values.age.Reception must be a whole number of years from 0 to 25 (found 'four')",
    ]);
    expect(messages({ values: { sen_status: { Plan: 'EHCP', plan: 'K' } } })).toEqual([
      "local.json: values.sen_status.plan clashes with 'Plan' (keys match ignoring case and spaces), which maps to 'EHCP'",
    ]);
    expect(messages({ columns: { case_id: 'Ref', locality: 'REF' } })).toEqual(['local.json: columns.locality names the same column as columns.case_id']);
  });

  it('refuse a missing mapping file and one that is not JSON', async () => {
    const missing = await caught(loadMapping('/no/such/local.json'));
    expect(missing.problems[0]?.kind).toBe('mapping');
    expect(missing.message).toBe('mapping file /no/such/local.json not found');
    const path = tempFile('bad.json', '{ "columns": { "age": "Age", } }');
    const bad = await caught(loadMapping(path));
    expect(bad.problems[0]?.kind).toBe('mapping');
    expect(bad.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON: `));
    expect(bad.message).not.toContain('\n');
  });
});
