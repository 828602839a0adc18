import { isPlaceholder, normaliseBody, normaliseSubject, STOP_WORDS, tokenise } from '../classifier/index.js';

// Clusters of similar unmatched tickets: tickets the model could not place (out of scope, low
// confidence, "none fits"), grouped by what they say. A group large enough is a candidate new
// category. Pure and deterministic: the same tickets give the same clusters in any order.

export interface UnmatchedTicket {
  id: string;
  subject: string;
  body: string;
}

/** What the model made of an unmatched ticket: its top category and confidence, or a reviewer's "none fits". */
export interface UnmatchedVerdict {
  predictedCategoryId: string | null;
  confidence: number | null;
  noneFits: boolean;
}

export interface TicketCluster {
  /** Member ticket ids, closest to the cluster's centre first. */
  memberIds: string[];
  /** The words that weigh most in the cluster, heaviest first: a suggested name. */
  topTerms: string[];
  /** Mean cosine similarity of the members to their centre (0–1): how tight it is. */
  cohesion: number;
}

export interface ClusterOptions {
  /** Two groups merge while their average pairwise cosine similarity is at least this. */
  similarity: number;
  /** Smallest cluster reported. */
  minSize: number;
}

export const CLUSTER_DEFAULTS: ClusterOptions = { similarity: 0.25, minSize: 5 };

/** Only the start of a body is read: what a ticket is about is in its first lines. */
const BODY_CHARS = 2_000;
const SUBJECT_WEIGHT = 2;
/** Quoted replies (0.3) still count; signatures, boilerplate and logs (0.1–0.2) do not. */
const MIN_SEGMENT_WEIGHT = 0.3;

type Vector = Map<string, number>;

/** A crude plural fold, so "invoices" and "invoice" count as one word. */
const fold = (word: string) =>
  word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;

const isContentWord = (t: string) =>
  t.length >= 3 && !STOP_WORDS.has(t) && !isPlaceholder(t) && !/^\p{N}+$/u.test(t);

/** Weighted word counts of a ticket: the subject counts double, quoted replies little, signatures not at all. */
export function termCounts(ticket: UnmatchedTicket): Vector {
  const counts: Vector = new Map();
  const add = (text: string, weight: number) => {
    for (const token of tokenise(text)) {
      if (!isContentWord(token)) continue;
      const word = fold(token);
      counts.set(word, (counts.get(word) ?? 0) + weight);
    }
  };
  add(normaliseSubject(ticket.subject), SUBJECT_WEIGHT);
  for (const segment of normaliseBody(ticket.body.slice(0, BODY_CHARS))) {
    // Signatures, boilerplate and logs say who wrote and how, not what about: two tickets
    // signed by the same person are not a topic.
    if (segment.weight >= MIN_SEGMENT_WEIGHT) add(segment.text, segment.weight);
  }
  return counts;
}

/** TF-IDF vectors (sublinear tf, smoothed idf over the given tickets), each of unit length. */
export function tfidfVectors(tickets: UnmatchedTicket[]): Vector[] {
  const counts = tickets.map(termCounts);
  const df = new Map<string, number>();
  for (const c of counts) for (const word of c.keys()) df.set(word, (df.get(word) ?? 0) + 1);
  const n = tickets.length;
  return counts.map((c) => {
    const v: Vector = new Map();
    let norm = 0;
    for (const [word, count] of c) {
      const w = (1 + Math.log(count)) * (Math.log((1 + n) / (1 + (df.get(word) ?? 0))) + 1);
      v.set(word, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [word, w] of v) v.set(word, w / norm);
    return v;
  });
}

export function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [word, w] of small) {
    const other = large.get(word);
    if (other !== undefined) dot += w * other;
  }
  return dot;
}

/**
 * Average-linkage agglomerative clustering with a similarity floor: start with one group per
 * ticket and merge the two most similar groups (mean pairwise cosine) until no pair reaches
 * `similarity`. Average linkage rather than single linkage, so a chain of loosely related
 * tickets does not become one "topic". Tickets are sorted by id first and ties go to the lowest
 * index, so the result does not depend on input order. O(n³) in the worst case: callers cap n
 * (a few hundred tickets take well under a second).
 */
export function clusterTickets(
  tickets: UnmatchedTicket[],
  options: ClusterOptions = CLUSTER_DEFAULTS,
): TicketCluster[] {
  const sorted = [...tickets].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const vectors = tfidfVectors(sorted);
  const n = sorted.length;
  // sim[i][j]: average similarity between groups i and j (valid while both are alive).
  const sim = vectors.map((a) => vectors.map((b) => cosine(a, b)));
  const members: number[][] = sorted.map((_, i) => [i]);
  const alive = new Array<boolean>(n).fill(true);
  for (;;) {
    let best = -1;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      const row = sim[i]!;
      for (let j = i + 1; j < n; j++) {
        if (alive[j] && row[j]! > best) {
          best = row[j]!;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0 || best < options.similarity) break;
    // Lance–Williams update for average linkage: the merged group's similarity to k is the
    // size-weighted mean of its parts' similarities.
    const si = members[bi]!.length;
    const sj = members[bj]!.length;
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === bi || k === bj) continue;
      const merged = (si * sim[bi]![k]! + sj * sim[bj]![k]!) / (si + sj);
      sim[bi]![k] = merged;
      sim[k]![bi] = merged;
    }
    members[bi] = [...members[bi]!, ...members[bj]!];
    alive[bj] = false;
  }
  const clusters: TicketCluster[] = [];
  for (let i = 0; i < n; i++) {
    if (!alive[i] || members[i]!.length < options.minSize) continue;
    clusters.push(describeCluster(members[i]!, vectors, sorted));
  }
  return clusters.sort(
    (a, b) => b.memberIds.length - a.memberIds.length || a.memberIds[0]!.localeCompare(b.memberIds[0]!),
  );
}

const TOP_TERMS = 3;

function describeCluster(indexes: number[], vectors: Vector[], tickets: UnmatchedTicket[]): TicketCluster {
  const centre: Vector = new Map();
  for (const i of indexes) {
    for (const [word, w] of vectors[i]!) centre.set(word, (centre.get(word) ?? 0) + w / indexes.length);
  }
  // A term that every member shares names the topic better than one member's favourite word,
  // so the weight is scaled by the share of members that use it.
  const coverage = (word: string) => indexes.filter((i) => vectors[i]!.has(word)).length / indexes.length;
  const topTerms = [...centre.entries()]
    .map(([word, w]) => [word, w * coverage(word)] as const)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP_TERMS)
    .map(([word]) => word);
  let norm = 0;
  for (const w of centre.values()) norm += w * w;
  norm = Math.sqrt(norm) || 1;
  const closeness = indexes.map((i) => ({ i, s: cosine(vectors[i]!, centre) / norm }));
  closeness.sort((a, b) => b.s - a.s || a.i - b.i);
  const cohesion = closeness.reduce((s, c) => s + c.s, 0) / closeness.length;
  return {
    memberIds: closeness.map((c) => tickets[c.i]!.id),
    topTerms,
    cohesion: Number(cohesion.toFixed(4)),
  };
}

/** "Carbon offset certificate": the top terms as a name a person can start from. */
export function suggestedName(topTerms: string[]): string {
  const name = topTerms.join(' ');
  return name.length > 0 ? name[0]!.toUpperCase() + name.slice(1) : 'Unnamed topic';
}

/** Most members must share one predicted category, with at least this mean confidence, ... */
export const EXPLAINED_SHARE = 0.6;
export const EXPLAINED_CONFIDENCE = 0.5;

/**
 * The existing category that explains a cluster, if one does: when most of its tickets are
 * predicted as the same category with a fair confidence, the model knows the topic and is only
 * unsure of it (a matter for the confidence and the labels, not a new category). A ticket a
 * reviewer said no category fits never counts for a category. Tickets of a topic no category
 * covers scatter over several categories at low confidence.
 */
export function explainingCategory(members: readonly UnmatchedVerdict[]): string | null {
  const byCategory = new Map<string, number[]>();
  for (const m of members) {
    if (m.noneFits || m.predictedCategoryId === null || m.confidence === null) continue;
    byCategory.set(m.predictedCategoryId, [...(byCategory.get(m.predictedCategoryId) ?? []), m.confidence]);
  }
  for (const [categoryId, confidences] of [...byCategory.entries()].sort((a, b) =>
    a[0].localeCompare(b[0]),
  )) {
    const mean = confidences.reduce((s, c) => s + c, 0) / confidences.length;
    if (confidences.length >= EXPLAINED_SHARE * members.length && mean >= EXPLAINED_CONFIDENCE)
      return categoryId;
  }
  return null;
}
