import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EstimateJson } from '../../core/estimate';
import { estimateHtml, estimateTables, statusText } from '../../client/estimate-format';

const fourHost: EstimateJson = {
  tree: { width: 24, depth: 4, filesPerDir: 193, distribution: 'bottom', dirMask: 'd%d_w%d.dir' },
  levels: [
    {
      depth: 1,
      leafDirs: 24,
      totalDirs: 24,
      files: 4632,
      bytes: 38855811072,
      treeSeconds: 0.012,
      prepareSeconds: 5,
    },
    {
      depth: 4,
      leafDirs: 331776,
      totalDirs: 346200,
      files: 64032768,
      bytes: '537139477970944',
      treeSeconds: 69.2,
      prepareSeconds: 80000,
    },
  ],
  total: {
    dirs: 346200,
    leafDirs: 331776,
    files: 64032768,
    bytes: '537139477970944',
    treeSeconds: 69.2,
    prepareSeconds: 80000,
  },
  perAgent: ['agent-1', 'agent-2', 'agent-3', 'agent-4'].map((id) => ({
    id,
    dirs: 86550,
    files: 16008192,
    bytes: '134284869492736',
  })),
  warnings: ['<b>big</b> tree'],
};

describe('client estimate formatting', () => {
  it('says size, files and agents in the language status', () => {
    assert.equal(statusText(fourHost), '537 TB · 64M files · 4 agents');
    assert.equal(statusText({ ...fourHost, perAgent: [] }), '537 TB · 64M files · 1 agent');
  });

  it('builds per-depth rows and per-agent rows with their sum', () => {
    const t = estimateTables(fourHost, 'bench.yaml');
    assert.deepEqual(t.levels[1], ['4', '331,776', '346,200', '64,032,768', '537 TB', '69 s', '22 h 13 min']);
    assert.equal(t.agents.length, 5);
    assert.deepEqual(t.agents[4], ['All agents', '346,200', '64,032,768', '537 TB']);
  });

  it('renders an accessible, escaped HTML table without scripts', () => {
    const html = estimateHtml(fourHost, 'a<b>.yaml', 'vscode-resource:');
    assert.match(html, /<caption>Per depth/);
    assert.match(html, /<th scope="col">Files<\/th>/);
    assert.match(html, /<th scope="row">agent-1<\/th>/);
    assert.match(html, /a&lt;b&gt;\.yaml/);
    assert.match(html, /&lt;b&gt;big&lt;\/b&gt; tree/);
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /default-src 'none'/);
  });
});
