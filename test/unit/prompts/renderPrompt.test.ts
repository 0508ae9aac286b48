import * as assert from 'node:assert/strict';
import { parsePromptTemplate } from '../../../src/core/prompts/promptTemplate';
import { renderPrompt } from '../../../src/core/prompts/renderPrompt';

const template = parsePromptTemplate(
  'generate',
  [
    'description: test',
    'system: ["You design {task} nets.", "Braces: {{ x }} and { y }."]',
    'outputRules: ["One block."]',
    'user:',
    '  - "Code: {seedCode}"',
    '  - when: seedAccuracy',
    '    lines: ["Accuracy {seedAccuracy}."]',
    '  - unless: seedAccuracy',
    '    lines: ["Not trained."]',
  ].join('\n'),
  'test.yaml',
);

describe('renderPrompt', () => {
  it('fills placeholders, keeps literal and escaped braces, appends output rules to the system message', () => {
    const r = renderPrompt(template, { task: 'vision', seedCode: 'class Net { f() { return {dataset}; } }', seedAccuracy: '40.0%' });
    assert.deepEqual(r.messages, [
      { role: 'system', content: 'You design vision nets.\nBraces: { x } and { y }.\nOne block.' },
      // A value is inserted once: its own braces are never read as placeholders.
      { role: 'user', content: 'Code: class Net { f() { return {dataset}; } }\nAccuracy 40.0%.' },
    ]);
  });

  it('keeps a when section only with its variable and an unless section only without it', () => {
    for (const absent of [undefined, '']) {
      const r = renderPrompt(template, { task: 't', seedCode: 'c', seedAccuracy: absent });
      assert.equal(r.messages[1].content, 'Code: c\nNot trained.');
    }
  });

  it('fails at render time for a missing value, naming the template and placeholder', () => {
    assert.throws(() => renderPrompt(template, { seedCode: 'c' }), /test\.yaml: system\[0\]: no value for the placeholder \{task\}/);
  });

  it('rejects a variable the template kind does not know (a caller typo)', () => {
    assert.throws(() => renderPrompt(template, { task: 't', seedCode: 'c', seedAcuracy: 1 }), /has no variable "seedAcuracy"/);
  });

  it('hashes the text: same text same hash, any change a new hash', () => {
    const a = renderPrompt(template, { task: 't', seedCode: 'c' });
    assert.match(a.hash, /^[0-9a-f]{64}$/);
    assert.equal(renderPrompt(template, { task: 't', seedCode: 'c' }).hash, a.hash);
    assert.notEqual(renderPrompt(template, { task: 't', seedCode: 'c ' }).hash, a.hash);
  });
});
