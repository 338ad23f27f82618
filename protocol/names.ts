// Usernames (docs/protocol.md, "Names"): checked on the NFKC form after
// trimming; two names are the same when their NFKC forms match after
// toLowerCase(). `key` is that comparison form: the browser client compares
// names with it. (The server's v2 identity key, which also folds look-alikes,
// needs the Unicode confusables data and lives in server/identity/names.ts.)
//
// This module is part of the browser bundle: it uses only what the JavaScript
// regex engine knows about Unicode (properties, scripts), no data of its own.

const NAME = /^[\p{L}\p{M}\p{N}_.-]+$/u;
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
const LETTER = /\p{L}/u;
const STARTS_WELL = /^[\p{L}\p{N}]/u;
const LONGEST = 32;

// A valid name is at most 32 code points after NFKC, and NFKC expands one
// code point to at most 18: anything longer cannot be a name, so it is
// refused before the (costly, on huge strings) normalisation.
const LONGEST_INPUT = LONGEST * 18 * 2;

export interface Name {
  /** As typed, trimmed: what people see. */
  display: string;
  /** NFKC + lower case: what the browser compares (the server adds look-alike folding). */
  key: string;
}

export type NameCheck = { ok: true; name: Name } | { ok: false; reason: string };

/** Why a name is refused, one sentence per rule (the INVALID_USERNAME message). */
export const NAME_RULES = {
  empty: 'A name cannot be empty.',
  tooLong: `A name is at most ${LONGEST} characters long.`,
  invisible: 'A name cannot contain invisible characters (zero-width characters, variation selectors, Hangul fillers and the like).',
  characters: 'A name may contain only letters, digits, "_", "-" and ".".',
  start: 'A name must begin with a letter or a digit.',
  scripts:
    'A name must keep its letters in one script (not, say, Latin mixed with Cyrillic or Greek); ' +
    'Latin may go with Han and Japanese kana, with Han and Bopomofo, or with Han and Hangul.',
} as const;

// Script names as the regex engine spells them (Unicode's Script property
// values). Which characters belong to each comes from the engine's Unicode
// data through \p{Script_Extensions=…}; names the engine does not know yet
// are skipped, and a letter of a script unknown to the engine counts as a
// script of its own.
const SCRIPT_NAMES =
  'Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Beria_Erfe ' +
  'Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham ' +
  'Cherokee Chisoi Chorasmian Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru Dogra ' +
  'Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Garay Georgian Glagolitic Gothic Grantha Greek Gujarati ' +
  'Gunjala_Gondi Gurmukhi Gurung_Khema Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic ' +
  'Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi Kayah_Li Kharoshthi ' +
  'Khitan_Small_Script Khmer Khojki Khudawadi Kirat_Rai Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian ' +
  'Mahajani Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui ' +
  'Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari ' +
  'New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Ol_Onal Old_Hungarian Old_Italic ' +
  'Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage ' +
  'Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan ' +
  'Saurashtra Sharada Shavian Siddham Sidetic SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese Sunuwar ' +
  'Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Tai_Yo Takri Tamil Tangsa Tangut Telugu Thaana ' +
  'Thai Tibetan Tifinagh Tirhuta Todhri Tolong_Siki Toto Tulu_Tigalari Ugaritic Vai Vithkuqi Wancho Warang_Citi ' +
  'Yezidi Yi Zanabazar_Square';

let scripts: { name: string; test: RegExp }[] | undefined;

function knownScripts(): { name: string; test: RegExp }[] {
  scripts ??= SCRIPT_NAMES.split(' ').flatMap((name) => {
    try {
      return [{ name, test: new RegExp(`\\p{Script_Extensions=${name}}`, 'u') }];
    } catch {
      return []; // a script newer than this engine's Unicode data
    }
  });
  return scripts;
}

// Letters whose Script_Extensions are Common or Inherited (modifier letters,
// math letters) belong to no script and fit any.
const NO_SCRIPT = /[\p{Script_Extensions=Common}\p{Script_Extensions=Inherited}]/u;

// UTS #39 "highly restrictive": one script, or letters within one of these.
const COMBINATIONS = [
  /[\p{Script_Extensions=Latin}\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}]/u,
  /[\p{Script_Extensions=Latin}\p{Script_Extensions=Han}\p{Script_Extensions=Bopomofo}]/u,
  /[\p{Script_Extensions=Latin}\p{Script_Extensions=Han}\p{Script_Extensions=Hangul}]/u,
];

/** True when the letters of `text` are in one script or one allowed combination. */
export function lettersInOneScript(text: string): boolean {
  const letters = [...text].filter((c) => LETTER.test(c) && !NO_SCRIPT.test(c));
  if (letters.length === 0) return true;
  if (COMBINATIONS.some((allowed) => letters.every((c) => allowed.test(c)))) return true;
  // Some script common to every letter (Script_Extensions: a letter may be
  // used by several, as the Japanese prolonged-sound mark is by both kana).
  let common = knownScripts().filter((s) => s.test.test(letters[0]));
  for (const c of letters.slice(1)) {
    common = common.filter((s) => s.test.test(c));
    if (common.length === 0) return false;
  }
  return common.length > 0;
}

/** Checks a name a person chose, saying which rule it breaks when it is refused. */
export function checkName(input: string): NameCheck {
  if (input.length > LONGEST_INPUT) return { ok: false, reason: NAME_RULES.tooLong };
  const display = input.trim();
  const nfkc = display.normalize('NFKC');
  if (nfkc === '') return { ok: false, reason: NAME_RULES.empty };
  if ([...nfkc].length > LONGEST) return { ok: false, reason: NAME_RULES.tooLong };
  if (INVISIBLE.test(nfkc)) return { ok: false, reason: NAME_RULES.invisible };
  if (!NAME.test(nfkc)) return { ok: false, reason: NAME_RULES.characters };
  if (!STARTS_WELL.test(nfkc)) return { ok: false, reason: NAME_RULES.start };
  if (!lettersInOneScript(nfkc)) return { ok: false, reason: NAME_RULES.scripts };
  return { ok: true, name: { display, key: foldName(display) } };
}

/**
 * A name's folded form (NFKC after trimming, lower case), without checking
 * that it is valid: how the browser client compares names the server sent
 * it. The server's identity key (server/identity/names.ts) builds on this form.
 */
export function foldName(input: string): string {
  return input.trim().normalize('NFKC').toLowerCase();
}

/** Parses a name a person chose; `null` when it breaks the rules. */
export function parseName(input: string): Name | null {
  const checked = checkName(input);
  return checked.ok ? checked.name : null;
}

/** The lookup key of a name given in `to` / `from`; `null` if no user can have it. */
export function nameKey(input: string): string | null {
  return parseName(input)?.key ?? null;
}
