// The vendored chart library (web/vendor/) is exactly the npm package pinned in package.json:
// same version, same bytes, same sha256 as recorded in web/vendor/README.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sha256 = (p) => crypto.createHash('sha256').update(readFileSync(p)).digest('hex');

test('web/vendor/uplot matches the pinned npm package byte for byte', () => {
  const pinned = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies.uplot;
  const installed = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/uplot/package.json'), 'utf8')).version;
  assert.equal(installed, pinned, 'node_modules holds the pinned uplot (run npm ci)');
  const readme = readFileSync(path.join(ROOT, 'web/vendor/README.md'), 'utf8');
  for (const [ours, theirs] of [['uPlot.iife.min.js', 'dist/uPlot.iife.min.js'], ['uPlot.min.css', 'dist/uPlot.min.css'], ['LICENSE', 'LICENSE']]) {
    const sum = sha256(path.join(ROOT, 'web/vendor/uplot', ours));
    assert.equal(sum, sha256(path.join(ROOT, 'node_modules/uplot', theirs)), `${ours} differs from uplot's ${theirs}`);
    assert.ok(readme.includes(`| uplot | ${pinned} | uplot/${ours}`) && readme.includes(sum), `README records ${ours} ${sum}`);
  }
});
