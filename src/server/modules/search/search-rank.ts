import { DOC_TYPES, type DocType } from '../../../shared/schemas/card-files.js';
import { normalizeSearchText } from './search-text.js';

/**
 * What a query means, engine-independently. The engines only fetch candidates (a superset);
 * whether a document matches and how it ranks is decided here, so SQLite and PostgreSQL answer the
 * same for the same data.
 *
 * A document matches when, for one of the alternatives, every word is found in its text: a word
 * of three or more characters as a substring, a shorter one as the beginning of a word (else
 * "и" would match nearly everything).
 */
export interface SearchPlan {
  /** The normalised query as typed. */
  text: string;
  /** The words of the query (AND). */
  words: string[];
  /** Sets of words of which any may match (the query itself, then phone forms of it). */
  alternatives: string[][];
}

/** Word characters of every script; anything else starts a new word. */
const WORD_CHAR = /[\p{L}\p{N}]/u;
export const SHORT_WORD = 3;
const MAX_WORDS = 8;
/** At least this many digits make a query a phone number (or a tax id) worth matching by digits. */
const PHONE_DIGITS = 5;
const PHONE_LIKE = /^[\d\s()+\-./]+$/;

/**
 * Builds the plan of a query. `phoneDigits` turns a phone written in any form into the digits of
 * its international form (or null); the index holds phones as typed, in E.164 and as bare digits.
 */
export function planSearch(query: string, phoneDigits: (q: string) => string | null): SearchPlan | null {
  const text = normalizeSearchText(query);
  if (!text) return null;
  const words = [...new Set(text.split(' '))].slice(0, MAX_WORDS);
  const alternatives = [words];
  const digits = text.replace(/\D/g, '');
  if (PHONE_LIKE.test(text) && digits.length >= PHONE_DIGITS) {
    const forms = new Set([digits, phoneDigits(query) ?? digits]);
    for (const form of forms) if (!(words.length === 1 && words[0] === form)) alternatives.push([form]);
  }
  return { text, words, alternatives };
}

function startsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    if (at === 0 || !WORD_CHAR.test(text[at - 1]!)) return true;
  }
  return false;
}

function wordMatches(text: string, word: string): boolean {
  return word.length >= SHORT_WORD ? text.includes(word) : startsWord(text, word);
}

export function matchesPlan(body: string, plan: SearchPlan): boolean {
  return plan.alternatives.some((words) => words.every((w) => wordMatches(body, w)));
}

export const SCORE = {
  exact: 100,
  titlePrefix: 80,
  titleWordPrefix: 60,
  inTitle: 40,
  elsewhere: 20,
} as const;

export function scoreTitle(title: string, plan: SearchPlan): number {
  const t = normalizeSearchText(title);
  if (t === plan.text) return SCORE.exact;
  if (t.startsWith(plan.text)) return SCORE.titlePrefix;
  if (plan.words.every((w) => startsWord(t, w))) return SCORE.titleWordPrefix;
  if (plan.words.every((w) => wordMatches(t, w))) return SCORE.inTitle;
  return SCORE.elsewhere;
}

/** Best first; equal scores by document type (clients, projects, events, tasks), then by id. */
export function compareResults(
  a: { score: number; docType: DocType; docId: number },
  b: { score: number; docType: DocType; docId: number },
): number {
  return (
    b.score - a.score || DOC_TYPES.indexOf(a.docType) - DOC_TYPES.indexOf(b.docType) || a.docId - b.docId
  );
}
