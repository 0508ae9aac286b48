import * as path from 'node:path';
import * as vscode from 'vscode';
import { generateVariant } from '../../core/generate/generateVariant';
import type { GenerateResult } from '../../core/generate/generateVariant';
import { netApiChecker } from '../../core/generate/netApiChecker';
import { createNoveltyJudge } from '../../core/generate/noveltyJudge';
import { patternedVariantFileName } from '../../core/generate/variantFileNamePattern';
import { loadCorpusFromStore } from '../../core/novelty/corpusLoader';
import { NoveltyChecker } from '../../core/novelty/noveltyChecker';
import { cycleConfig, generateConfig } from '../config';
import type { Engine } from '../engine';
import { requireTrust } from '../engine';
import { variantUri } from '../history/variantDocuments';
import { log } from '../log';
import { isNetDocument } from '../netFiles';

/**
 * `nngpt.generateVariant` — a new variant of the active Net from the LLM (or the offline mutation
 * generator when no endpoint is set): checked, repaired, execution-checked, judged for novelty,
 * written beside the seed, recorded with its lineage, and shown as a diff against the seed.
 */
export async function generateVariantCommand(engine: Engine): Promise<void> {
  if (!(await requireTrust('Generating a variant'))) return;
  const document = vscode.window.activeTextEditor?.document;
  if (!document || !isNetDocument(document)) {
    void vscode.window.showWarningMessage('NNGPT: open a Net file to generate a variant of it.');
    return;
  }
  const store = await engine.history.writable();
  if (!store) return;
  const generator = await engine.generator(document.uri);
  if (!generator) return;
  const g = generateConfig(document.uri);
  const c = cycleConfig(document.uri);
  const seedName = path.basename(document.fileName);
  const seed = store.addVariant({
    code: document.getText(),
    generator: 'seed',
    name: seedName.replace(/\.net\.[jt]s$/i, ''),
    filePath: document.fileName,
  });
  const novelty = new NoveltyChecker({
    nearDuplicateThreshold: c.nearDuplicateThreshold,
    lshThreshold: c.lshThreshold,
  });
  loadCorpusFromStore(store, novelty);
  const judge = createNoveltyJudge(novelty, (id) => (store.getVariant(id) ? id : undefined));

  const result = await engine.jobs.run(
    `Generating a variant of ${seedName} (${generator.kind === 'llm' ? g.llm.model : 'offline mutation'})`,
    (signal, reporter) => {
      let streamed = '';
      return generateVariant(
        { generator, checker: netApiChecker, executionCheck: engine.executionCheck(document.uri), novelty: judge },
        {
          seed: { code: document.getText(), fileName: seedName },
          trusted: vscode.workspace.isTrusted,
          maxRepairs: g.maxRepairs,
          k: g.snippets,
          randomSeed: Date.now() % 100000,
          signal,
          onProgress: (p) => {
            if (p.delta !== undefined) {
              streamed = (streamed + p.delta).slice(-400);
              reporter.report(`attempt ${p.attempt}: ${streamed.split('\n').filter(Boolean).pop()?.slice(-80) ?? ''}`);
            } else {
              log.info(`[attempt ${p.attempt}] ${p.message}`);
              reporter.report(p.message);
              reporter.status(`${p.stage} (attempt ${p.attempt})`);
            }
          },
        },
      );
    },
  );
  if (!result) return;
  await finish(engine, document, seed.id, result, g.fileNamePattern);
}

/** Writes, records and shows the outcome. */
async function finish(
  engine: Engine,
  seedDocument: vscode.TextDocument,
  seedId: string,
  result: GenerateResult,
  pattern: string,
): Promise<void> {
  for (const [i, attempt] of result.attempts.entries())
    log.info(
      `attempt ${i + 1}: ${attempt.error ?? 'accepted'}${attempt.applied.length ? ` (fixed: ${attempt.applied.join('; ')})` : ''}`,
    );
  if (!result.code || result.status === 'cancelled' || result.status === 'invalid' || result.status === 'failed') {
    const verb = result.status === 'cancelled' ? 'showInformationMessage' : 'showErrorMessage';
    void vscode.window[verb](`NNGPT: no variant — ${result.message}`, 'Show Log').then((c) => c && log.show());
    return;
  }
  const store = await engine.history.writable();
  if (!store) return;
  const nearest = result.nearest
    ? ` Nearest: ${result.nearest.id.slice(0, 12)} (Jaccard ≈ ${result.nearest.similarity.toFixed(2)}).`
    : '';
  if (result.status === 'duplicate') {
    void vscode.window.showWarningMessage(`NNGPT: ${result.message}${nearest} Nothing was written.`);
    return;
  }
  const folder = path.dirname(seedDocument.fileName);
  const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.file(folder));
  const fileName = patternedVariantFileName(
    pattern,
    path.basename(seedDocument.fileName),
    entries.map(([name]) => name),
  );
  const target = vscode.Uri.file(path.join(folder, fileName));
  await vscode.workspace.fs.writeFile(target, Buffer.from(result.code, 'utf8'));
  const added = store.addVariant({
    code: result.code,
    generator: result.generator,
    name: fileName.replace(/\.net\.[jt]s$/i, ''),
    filePath: target.fsPath,
    parentId: seedId,
    snippets: result.snippets,
    prompt: result.prompt ? { ...result.prompt, hash: result.promptHash } : null,
    hyperparameters: result.hyperparameters ? { ...result.hyperparameters } : undefined,
    findings: result.attempts[result.attempts.length - 1]?.findings ?? [],
    status: result.status === 'near-duplicate' ? 'near-duplicate' : 'generated',
    novelty: {
      score: result.nearest ? 1 - result.nearest.similarity : 1,
      nearestId: result.nearest?.id ?? null,
      nearestSimilarity: result.nearest?.similarity ?? null,
    },
  });
  await vscode.commands.executeCommand(
    'vscode.diff',
    variantUri(seedId, path.basename(seedDocument.fileName, '.ts')),
    target,
    `${path.basename(seedDocument.fileName)} ↔ ${fileName}`,
  );
  const verdict = result.status === 'near-duplicate' ? 'a near-duplicate' : 'novel';
  const text = `NNGPT: wrote ${fileName} — ${verdict}.${nearest}${result.description ? ` ${result.description}` : ''}`;
  if (result.status === 'near-duplicate') void vscode.window.showWarningMessage(text);
  else
    void vscode.window
      .showInformationMessage(text, 'Train It')
      .then((c) => c && vscode.commands.executeCommand('nngpt.trainCurrentNet', target));
  log.info(`${fileName}: id ${added.id}, ${result.status}, generator ${result.generator}`);
}
