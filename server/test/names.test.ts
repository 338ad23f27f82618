import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guestName } from '../identity/guest-name.js';
import { identityKey, parseIdentity, skeleton } from '../identity/names.js';
import { checkName, NAME_RULES, parseName } from '../../protocol/index.js';

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
    const identity = parseIdentity(g.display);
    assert.ok(identity.ok);
    assert.equal(identity.name.display, g.display);
  }
});

describe('names v2', () => {
  const refused = (input: string, reason: string) => {
    assert.deepEqual(checkName(input), { ok: false, reason }, JSON.stringify(input));
    assert.deepEqual(parseIdentity(input), { ok: false, message: reason }, JSON.stringify(input));
    assert.equal(identityKey(input), null);
  };

  it('refuses invisible characters, saying so', () => {
    for (const invisible of ['\u034f', '\ufe0f', '\u{e0100}', '\u3164', '\uffa0', '\u115f', '\u17b4', '\u180b', '\u200b', '\u200d', '\u00ad']) {
      refused(`alice${invisible}`, NAME_RULES.invisible);
      refused(`al${invisible}ice`, NAME_RULES.invisible);
    }
    refused('\u3164\u3164', NAME_RULES.invisible);
    refused('\uffa0', NAME_RULES.invisible);
  });

  it('says which rule the name breaks', () => {
    refused('', NAME_RULES.empty);
    refused('  ', NAME_RULES.empty);
    refused('x'.repeat(33), NAME_RULES.tooLong);
    refused('x'.repeat(10_000), NAME_RULES.tooLong);
    refused('a b', NAME_RULES.characters);
    refused('😀', NAME_RULES.characters);
    for (const start of ['_alice', '-alice', '.alice', '\u0301alice']) refused(start, NAME_RULES.start);
    for (const message of Object.values(NAME_RULES)) assert.match(message, /^A name .+\.$/);
  });

  it('refuses letters of two scripts that do not go together', () => {
    for (const mixed of [
      'alicе', // Latin + Cyrillic е
      'bοb', // Latin + Greek ο
      'аlice',
      'Пётрpetr',
      'αβγabc',
      'محمدali',
      'שלוםabc',
      'たなか김', // kana + Hangul: no UTS #39 combination has both
      'ㄅ김', // Bopomofo + Hangul
      'カタカナㄅ', // Katakana + Bopomofo
      'ひらがなЖ',
    ]) refused(mixed, NAME_RULES.scripts);
  });

  it('accepts one script, the CJK combinations, and digits or marks with any of them', () => {
    for (const good of [
      '山田taro', 'たなかtaro', 'タナカ_taro', '山田たなか', '김kim', '김철수', '金김kim', '王ㄅㄆtaro',
      '日本語の名前', 'ラーメン', // ー is Common by Script but Hiragana/Katakana by Script_Extensions
      'محمد', 'محمد_2', 'Αλέξανδρος', 'Пётр', 'שלום', 'नमस्ते', 'สมชาย', 'ქართული',
      'alice', 'Zoë', 'bob-2.0', '42', '3d', 'Ǆemal',
    ]) {
      const checked = checkName(good);
      assert.ok(checked.ok, `${good}: ${checked.ok || checked.reason}`);
      const identity = parseIdentity(good);
      assert.ok(identity.ok && identity.name.display === good, good);
    }
  });

  it('gives look-alikes the same identity key', () => {
    const same = (...names: string[]) => {
      const keys = names.map((n) => identityKey(n));
      assert.ok(keys[0], names[0]);
      for (const [i, key] of keys.entries()) assert.equal(key, keys[0], `${names[i]} ~ ${names[0]}`);
    };
    same('alice', 'Alice', 'ALICE', 'ａｌｉｃｅ');
    same('bob0', 'bobo', 'BOBO', 'bobO');
    same('l', '1', 'I', 'i');
    same('Alice', 'AIice', 'A1ice');
    same('rn', 'm', 'RN', 'M');
    same('modern', 'rnodern');
        // A look-alike in one other script is a valid name, and takes the same key.
    same('аре', 'ape'); // all Cyrillic vs all Latin
    same('ορο', 'opo'); // all Greek vs all Latin
    assert.equal(identityKey('alicе'), null, 'mixed with one Cyrillic е: no key at all');
    assert.equal(identityKey('Cyrillicа'), null);
    assert.notEqual(identityKey('alice'), identityKey('bob'));
    assert.notEqual(identityKey('anna'), identityKey('anne'));
  });

  it('computes the UTS #39 skeleton', () => {
    assert.equal(skeleton('paypal'), 'paypal');
    assert.equal(skeleton('раураl'), 'paypal');
    assert.equal(skeleton('m'), 'rn');
    assert.equal(skeleton('a\u200bb'), 'ab', 'default-ignorables are dropped');
    assert.equal(skeleton('é'), 'e\u0301', 'NFD');
  });

  it('takes only strings', () => {
    for (const bad of [undefined, null, 42, {}, ['alice']]) {
      assert.equal(parseIdentity(bad).ok, false);
      assert.equal(identityKey(bad), null);
    }
  });
});
