import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assetPath, packageRoot, packageVersion } from './package-root.ts';

describe('packageRoot', () => {
  it("finds igloo's package.json from src/ (tsx) and from dist/ (the esbuild bundle)", () => {
    const root = packageRoot();
    assert.equal((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string }).name, 'igloo');
    assert.equal(packageRoot(join(root, 'dist')), root);
    assert.equal(packageRoot(join(root, 'src', 'media')), root);
  });

  it('reads the version from package.json', () => {
    assert.match(packageVersion(), /^\d+\.\d+\.\d+/);
  });

  it("locates the demo world's shipped MP4 and JPEG poster under assets/demo/", () => {
    assert.equal(readFileSync(assetPath('demo', 'sample-video.mp4')).toString('latin1', 4, 8), 'ftyp');
    assert.deepEqual([...readFileSync(assetPath('demo', 'sample-poster.jpg')).subarray(0, 3)], [0xff, 0xd8, 0xff]);
  });
});
