import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { checkNet } from '../../../src/core/netApi/checkNet';
import { detectFamily } from '../../../src/core/retrieve/detectFamily';
import { loadSnippetLibrary } from '../../../src/core/retrieve/loadSnippetLibrary';

const library = loadSnippetLibrary(path.join(__dirname, '../../../snippets'));
const referenceCnn = fs.readFileSync(path.join(__dirname, '../../../examples/nets/referenceCnn.net.ts'), 'utf8');

/** Module specifiers a snippet imports or requires. */
function importsOf(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      found.push(node.arguments[0] && ts.isStringLiteral(node.arguments[0]) ? node.arguments[0].text : '<dynamic>');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('snippet library', () => {
  it('has the sixteen families the issue names', () => {
    const families = new Set(library.map((s) => s.family));
    for (const family of ['resnet', 'senet', 'cbam', 'convnext', 'mobilenet', 'efficientnet', 'densenet', 'vgg', 'inception', 'squeezenet', 'shufflenet', 'ghostnet', 'repvgg', 'vit', 'mlp-mixer']) {
      assert.ok(families.has(family), `no ${family} snippet`);
    }
    assert.ok(library.length >= 16, `${library.length} snippets`);
    assert.ok(library.some((s) => s.id === 'resnetBasic') && library.some((s) => s.id === 'resnetBottleneck'));
  });

  for (const snippet of library) {
    describe(snippet.id, () => {
      const source = ts.createSourceFile(`${snippet.id}.ts`, snippet.code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);

      it('parses without syntax errors', () => {
        const { diagnostics } = ts.transpileModule(snippet.code, { reportDiagnostics: true, fileName: `${snippet.id}.ts` });
        assert.deepEqual((diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), []);
      });

      it("imports only '@tensorflow/tfjs'", () => {
        assert.deepEqual(importsOf(source), ['@tensorflow/tfjs']);
      });

      it('exports a block-building function and has metadata', () => {
        const exported = source.statements.filter(
          (s) => ts.isFunctionDeclaration(s) && s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword),
        );
        assert.ok(exported.length >= 1, 'no exported function');
        assert.ok(snippet.tags.length >= 2 && snippet.description.length >= 30);
        assert.ok(!snippet.code.includes('@snippet'), 'the metadata header stays out of the code');
      });

      it('passes the Net-API checker when pasted into the reference Net (as an LLM would borrow it)', () => {
        const combined = `${referenceCnn}\n${snippet.code.replace("import * as tf from '@tensorflow/tfjs';\n", '')}`;
        assert.deepEqual(checkNet(combined, `${snippet.id}.net.ts`).findings.map((f) => `${f.code}: ${f.message}`), []);
      });

      it('is recognised as its own family by detectFamily', () => {
        assert.equal(detectFamily(snippet.code), snippet.family);
      });
    });
  }
});
