// The blob store's write path, watched through its filesystem calls (all of them real, in a temp
// folder): a temporary file written and fsync'd, renamed into place, then the folder fsync'd.
// Snapshots' staging: a new set of blobs written aside and swapped in whole.
// @see issue 7 point 13
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { createFileBlobStore, type BlobFiles } from './blob-store.ts';

describe('the file blob store', () => {
  const root = mkdtempSync(join(tmpdir(), 'igloo-blobs-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  /** The real calls, recorded as `call path` lines (paths relative to the store's folder). */
  function watchedFiles(calls: string[], failOn?: string): BlobFiles {
    const name = (path: unknown) => relative(root, String(path)) || '.';
    return {
      mkdir: (async (path: string, options: { recursive: true }) => {
        calls.push(`mkdir ${name(path)}`);
        return fsPromises.mkdir(path, options);
      }) as BlobFiles['mkdir'],
      open: (async (path: string, flags: string) => {
        calls.push(`open ${name(path)} ${flags}`);
        const handle = await fsPromises.open(path, flags);
        return Object.assign(Object.create(handle) as fsPromises.FileHandle, {
          writeFile: async (data: Buffer) => {
            calls.push(`write ${name(path)}`);
            if (failOn === 'write') throw new Error('disk full');
            return handle.writeFile(data);
          },
          sync: async () => {
            calls.push(`fsync ${name(path)}`);
            return handle.sync();
          },
          close: async () => {
            calls.push(`close ${name(path)}`);
            return handle.close();
          },
        });
      }) as BlobFiles['open'],
      rename: async (from, to) => {
        calls.push(`rename ${name(from)} ${name(to)}`);
        return fsPromises.rename(from, to);
      },
      rm: async (path, options) => {
        calls.push(`rm ${name(path)}`);
        return fsPromises.rm(path, options);
      },
    };
  }

  it('writes a temporary file, fsyncs it, renames it into place, then fsyncs the folder (and a new folder\'s parent)', async () => {
    const calls: string[] = [];
    const store = createFileBlobStore(root, watchedFiles(calls));
    await store.put('m/17000000000000001.jpg', Buffer.from('first'));
    assert.deepEqual(calls, [
      'mkdir m',
      'open m/17000000000000001.jpg.partial w',
      'write m/17000000000000001.jpg.partial',
      'fsync m/17000000000000001.jpg.partial',
      'close m/17000000000000001.jpg.partial',
      'rename m/17000000000000001.jpg.partial m/17000000000000001.jpg',
      'open m r',
      'fsync m',
      'close m',
      'open . r',
      'fsync .',
      'close .',
    ]);
    calls.length = 0;
    await store.put('m/17000000000000002.jpg', Buffer.from('second'));
    assert.deepEqual(calls.slice(-4), ['rename m/17000000000000002.jpg.partial m/17000000000000002.jpg', 'open m r', 'fsync m', 'close m']);
    assert.equal(readFileSync(join(root, 'm/17000000000000002.jpg'), 'utf8'), 'second');
    assert.deepEqual((await store.stat('m/17000000000000001.jpg'))?.size, 5);
  });

  it('leaves nothing behind when a write fails, and remove deletes a blob', async () => {
    const calls: string[] = [];
    const store = createFileBlobStore(root, watchedFiles(calls, 'write'));
    await assert.rejects(store.put('t/17000000000000003.jpg', Buffer.from('x')), /disk full/);
    assert.deepEqual(calls.slice(-2), ['close t/17000000000000003.jpg.partial', 'rm t/17000000000000003.jpg.partial']);
    assert.deepEqual(readdirSync(join(root, 't')), []);
    await store.remove('m/17000000000000001.jpg');
    await store.remove('m/17000000000000001.jpg');
    assert.equal(await store.stat('m/17000000000000001.jpg'), undefined);
  });

  it('answers stat with undefined only for a missing blob; any other failure is thrown', async () => {
    const store = createFileBlobStore(root);
    symlinkSync('17000000000000009.jpg', join(root, 'm/17000000000000009.jpg'));
    await assert.rejects(store.stat('m/17000000000000009.jpg'), { code: 'ELOOP' });
    assert.equal(await store.stat('x/17000000000000009.jpg'), undefined);
  });

  it('stages a whole new set of blobs beside its folder and swaps it in; a discarded one leaves nothing', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'igloo-blobs-'));
    try {
      const store = createFileBlobStore(join(parent, 'media'));
      await store.put('m/17000000000000001.jpg', Buffer.from('old'));
      const discarded = await store.stage();
      await discarded.write('m/17000000000000005.jpg', Readable.from([Buffer.from('never')]));
      await discarded.discard();
      assert.deepEqual(readdirSync(parent), ['media']);

      const staging = await store.stage();
      await staging.write('t/17000000000000002.jpg', Readable.from([Buffer.from('po'), Buffer.from('ster')]));
      await staging.write('m/17000000000000002.mp4', Readable.from([Buffer.from('video')]));
      await assert.rejects(staging.write('../escaped.jpg', Readable.from([Buffer.from('x')])), /not a blob key/);
      assert.deepEqual(await store.list(), ['m/17000000000000001.jpg'], 'nothing changes before the swap');
      await staging.replaceAll();
      assert.deepEqual(await store.list(), ['m/17000000000000002.mp4', 't/17000000000000002.jpg']);
      assert.equal(readFileSync(join(parent, 'media', 't/17000000000000002.jpg'), 'utf8'), 'poster');
      assert.deepEqual(readdirSync(parent), ['media']);
      assert.equal(existsSync(join(parent, 'escaped.jpg')), false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
