// The built-in analyzers' quality gate on the labelled corpus (issue 11): on every set, recall ≥ 0.97 and
// precision ≥ 0.98, scored as bench/analyzers-corpus.mjs scores them (same loader, same scoring, the default
// settings without the per-review cap). A regression in any analyzer that loses findings or adds noise on
// realistic pull requests fails here, with the misses and the noise named.
import { analyzeFiles, DEFAULT_SETTINGS } from '../src';
import { type CaseScore, type CorpusModule, loadCorpusModule } from './corpus-module';

const settings = { ...DEFAULT_SETTINGS, maxComments: Number.MAX_SAFE_INTEGER };
let corpus: CorpusModule;

beforeAll(async () => {
  corpus = await loadCorpusModule();
});

describe.each(['dev', 'holdout', 'blind'])('the analyzers on the %s set', (set) => {
  test('recall ≥ 0.97 and precision ≥ 0.98', async () => {
    const scores: CaseScore[] = [];
    const named: string[] = [];
    for (const corpusCase of corpus.loadSet(set).cases) {
      const score = corpus.scoreCase(
        corpusCase,
        await analyzeFiles(corpus.changedFiles(corpusCase), settings),
      );
      scores.push(score);
      for (const miss of score.fn)
        named.push(`miss ${corpusCase.name} ${miss.path}:${miss.line} ${miss.kind}`);
      for (const { finding } of score.fp)
        named.push(`noise ${corpusCase.name} ${finding.path}:${finding.line} ${finding.ruleId}`);
    }
    const { recall, precision } = corpus.summarize(scores);
    // The misses and the noise are named in the failure, so a regression says what it lost or added.
    const report = `${set}: recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}\n${named.join('\n')}`;
    expect({ recallMet: recall >= 0.97, precisionMet: precision >= 0.98, report }).toEqual({
      recallMet: true,
      precisionMet: true,
      report,
    });
  }, 60_000);
});
