// README.md and docs/ as a reader on GitHub follows them: every relative link
// reaches a file of the repository, every #anchor a heading (GitHub's slug of
// it, github-slugger) or an explicit <a id> / <a name> in the page it points
// at, and README stays short enough to be a front door.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import { marked, type Token, type Tokens } from 'marked';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** README's line budget: a front door (issue 26: under ~200 lines); the rest belongs in docs/. */
export const README_MAX_LINES = 200;

/** README.md and every Markdown file under docs/, relative to the root. */
function pages(): string[] {
  const found = ['README.md'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) found.push(path);
    }
  };
  walk('docs');
  return found;
}

/** Every token of a Markdown document, nested ones (lists, tables, inline) included. */
function* walk(tokens: readonly Token[]): Generator<Token> {
  for (const token of tokens) {
    yield token;
    const t = token as Token & { tokens?: Token[]; items?: Token[]; header?: Tokens.TableCell[]; rows?: Tokens.TableCell[][] };
    if (t.tokens) yield* walk(t.tokens);
    if (t.items) yield* walk(t.items);
    if (t.header) yield* walk(t.header.flatMap((cell) => cell.tokens));
    if (t.rows) yield* walk(t.rows.flat().flatMap((cell) => cell.tokens));
  }
}

/** A heading's text as GitHub renders it (markup gone, code spans' text kept). */
function plainText(tokens: readonly Token[]): string {
  return tokens
    .map((token) => {
      const t = token as Token & { tokens?: Token[]; text?: string };
      if (t.type === 'html') return '';
      return t.tokens ? plainText(t.tokens) : (t.text ?? t.raw);
    })
    .join('');
}

interface Page {
  anchors: Set<string>;
  links: Array<{ href: string; line: number }>;
}

const parsed = new Map<string, Page>();

function parse(file: string): Page {
  let page = parsed.get(file);
  if (page) return page;
  const text = readFileSync(join(ROOT, file), 'utf8');
  const tokens = marked.lexer(text);
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  const links: Page['links'] = [];
  // The line of a link: the first line (after the last one found) with its raw text.
  const lines = text.split('\n');
  let from = 0;
  const lineOf = (raw: string) => {
    const first = raw.split('\n')[0];
    for (let i = from; i < lines.length; i++) if (lines[i].includes(first)) return (from = i) + 1;
    return 0;
  };
  for (const token of walk(tokens)) {
    if (token.type === 'heading') anchors.add(slugger.slug(plainText((token as Tokens.Heading).tokens)));
    if (token.type === 'link' || token.type === 'image') links.push({ href: (token as Tokens.Link).href, line: lineOf(token.raw) });
    if (token.type === 'html') {
      for (const [, id] of token.raw.matchAll(/<a\s[^>]*\b(?:id|name)="([^"]+)"/g)) anchors.add(id);
      for (const [, href] of token.raw.matchAll(/\bhref="([^"]+)"/g)) links.push({ href, line: lineOf(token.raw) });
    }
  }
  page = { anchors, links };
  parsed.set(file, page);
  return page;
}

/** Why `href` in `file` does not resolve, or undefined when it does. */
function deadLink(file: string, href: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return undefined; // another site (checked by nobody here)
  const [pathPart, anchor] = href.split('#', 2) as [string, string | undefined];
  const path = decodeURIComponent(pathPart);
  const target = path ? relative(ROOT, resolve(ROOT, dirname(file), path)) : file;
  if (target.startsWith('..')) return `${href} leaves the repository`;
  if (!existsSync(join(ROOT, target))) return `${href}: no file ${target}`;
  if (anchor === undefined || anchor === '') return undefined;
  if (target.endsWith('.md')) {
    return parse(target).anchors.has(decodeURIComponent(anchor)) ? undefined : `${href}: no heading #${anchor} in ${target}`;
  }
  // GitHub's line anchors in a source file: #L10 or #L10-L20, within the file.
  const lines = /^L(\d+)(?:-L(\d+))?$/.exec(anchor);
  if (lines && !statSync(join(ROOT, target)).isDirectory()) {
    const count = readFileSync(join(ROOT, target), 'utf8').split('\n').length;
    return Math.max(Number(lines[1]), Number(lines[2] ?? 0)) <= count ? undefined : `${href}: ${target} has ${count} lines`;
  }
  return `${href}: #${anchor} is no anchor GitHub makes in ${target}`;
}

describe('README and docs', () => {
  it('every relative link and anchor resolves', () => {
    const dead: string[] = [];
    let checked = 0;
    for (const file of pages()) {
      for (const { href, line } of parse(file).links) {
        checked++;
        const why = deadLink(file, href);
        if (why) dead.push(`${file}:${line}: ${why}`);
      }
    }
    assert.ok(checked >= 10, `only ${checked} links found: is the parser reading the pages?`);
    assert.deepEqual(dead, [], `dead links:\n${dead.join('\n')}`);
  });

  it('the checker tells a dead file, a dead anchor and a live one apart', () => {
    // README's own first heading is an anchor; made-up ones are not.
    const first = [...parse('README.md').anchors][0];
    assert.equal(deadLink('README.md', `#${first}`), undefined);
    assert.match(deadLink('README.md', '#no-such-heading-here') ?? '', /no heading/);
    assert.match(deadLink('README.md', 'docs/no-such-page.md') ?? '', /no file/);
    assert.match(deadLink('docs/protocol.md', '../README.md#no-such-heading-here') ?? '', /no heading/);
    assert.equal(deadLink('docs/protocol.md', '../package.json'), undefined);
    assert.equal(deadLink('README.md', 'https://example.com/#x'), undefined);
  });

  it(`README stays within its line budget (${README_MAX_LINES} lines)`, () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').trimEnd().split('\n').length;
    assert.ok(lines <= README_MAX_LINES, `README.md has ${lines} lines, over its budget of ${README_MAX_LINES}`);
  });
});
