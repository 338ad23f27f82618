import assert from 'node:assert/strict';
import { it } from 'node:test';
import { guestName } from './guest-name.js';
import { parseName } from '../protocol/index.js';

it('compares names by NFKC + lower case and shows them as typed', () => {
  assert.deepEqual(parseName('  Alice '), { display: 'Alice', key: 'alice' });
  assert.equal(parseName('ＡＬＩＣＥ')?.key, 'alice');
  assert.equal(parseName('ﬁsh')?.key, 'fish', 'ligature folds under NFKC');
  assert.equal(parseName('José')?.key, parseName('Jose\u0301')?.key, 'composed = decomposed');
  assert.equal(parseName('Ünïcödé-ñame_1.2')?.display, 'Ünïcödé-ñame_1.2');
});

it('refuses what breaks the rules', () => {
  for (const bad of ['', '   ', 'a b', 'a/b', 'x'.repeat(33), 'ta\tb', '😀', 'a@b']) assert.equal(parseName(bad), null, bad);
  assert.ok(parseName('x'.repeat(32)));
  assert.ok(parseName('日本語の名前'));
});

it('guest names are valid names', () => {
  for (let i = 0; i < 100; i++) {
    const g = guestName();
    assert.match(g.display, /^guest-[a-z2-9]{6}$/);
    assert.deepEqual(parseName(g.display), g);
  }
});
