import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPromptTemplates } from '../../../src/core/prompts/loadPromptTemplates';

const builtin = path.join(__dirname, '../../../prompts');
const minimal = 'description: d\nsystem: ["s"]\nuser: ["u {dataset}"]\n';

describe('loadPromptTemplates', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nngpt-prompts-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const rx = (file: string): string => file.replace(/[/\\.]/g, '\\$&');

  it('loads the built-in generate and repair templates', () => {
    const t = loadPromptTemplates(builtin);
    assert.equal(t.generate.source, path.join(builtin, 'generate.yaml'));
    assert.equal(t.repair.source, path.join(builtin, 'repair.yaml'));
    assert.ok(t.generate.outputRules.length > 0 && t.repair.user.length > 0);
  });

  it('a same-named workspace file overrides that template only; a missing override folder is fine', () => {
    const file = write('generate.yaml', minimal);
    const t = loadPromptTemplates(builtin, dir);
    assert.equal(t.generate.source, file);
    assert.deepEqual(t.generate.user, ['u {dataset}']);
    assert.equal(t.repair.source, path.join(builtin, 'repair.yaml'));
    assert.equal(loadPromptTemplates(builtin, path.join(dir, 'absent')).generate.source, path.join(builtin, 'generate.yaml'));
  });

  it('accepts .yml overrides and ignores non-YAML files', () => {
    write('repair.yml', 'description: d\nsystem: [s]\nuser: ["{code}"]\n');
    write('notes.txt', 'anything');
    assert.equal(loadPromptTemplates(builtin, dir).repair.source, path.join(dir, 'repair.yml'));
  });

  it('rejects an override named after no template', () => {
    const file = write('genrate.yaml', minimal);
    assert.throws(() => loadPromptTemplates(builtin, dir), new RegExp(`${rx(file)}: no template is named "genrate" \\(known: generate, repair, diffRepair\\)`));
  });

  it('names the file for bad YAML', () => {
    const file = write('generate.yaml', 'description: d\nsystem: [unclosed\n');
    assert.throws(() => loadPromptTemplates(builtin, dir), new RegExp(`${rx(file)}: not valid YAML`));
  });

  it('names the file and the field for a missing or wrong field', () => {
    let file = write('generate.yaml', 'description: d\nsystem: ["s"]\n');
    assert.throws(() => loadPromptTemplates(builtin, dir), new RegExp(`${rx(file)}: field "user"`));
    file = write('generate.yaml', 'description: d\nsystem: "one string"\nuser: [u]\n');
    assert.throws(() => loadPromptTemplates(builtin, dir), new RegExp(`${rx(file)}: field "system"`));
    file = write('generate.yaml', 'description: d\nsystem: [s]\nuser: [u, { when: seedAccuracy }]\n');
    assert.throws(() => loadPromptTemplates(builtin, dir), new RegExp(`${rx(file)}: field "user\\[1\\]`));
    file = write('generate.yaml', `${minimal}extra: 1\n`);
    assert.throws(() => loadPromptTemplates(builtin, dir), new RegExp(`${rx(file)}: field "\\(root\\)": .*extra`));
  });

  it('rejects an unknown placeholder or section variable at load time, naming it and where', () => {
    let file = write('generate.yaml', 'description: d\nsystem: [s]\nuser: ["ok {dataset}", "bad {seedCod}"]\n');
    assert.throws(() => loadPromptTemplates(builtin, dir), new RegExp(`${rx(file)}: field "user\\[1\\]": unknown placeholder "\\{seedCod\\}"`));
    file = write('repair.yaml', 'description: d\nsystem: [s]\noutputRules: [{ unless: accuracy, lines: [x] }]\nuser: ["{code}"]\n');
    fs.rmSync(path.join(dir, 'generate.yaml'));
    assert.throws(() => loadPromptTemplates(builtin, dir), new RegExp(`${rx(file)}: field "outputRules\\[0\\]": unknown variable "accuracy"`));
  });

  it('says when the override location is a file, not a folder', () => {
    const file = write('prompts', 'x');
    assert.throws(() => loadPromptTemplates(builtin, file), new RegExp(`${rx(file)}: the prompt override location must be a folder`));
  });

  it('says when a built-in template is missing', () => {
    assert.throws(() => loadPromptTemplates(dir), /generate\.yaml: cannot read the "generate" prompt template/);
  });
});
