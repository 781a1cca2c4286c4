/**
 * "Go to similar finding": an incremental inverted index over the findings of many reports,
 * ranked with BM25. A finding about the quality of supervision should bring back supervision
 * findings, not findings that merely share "social workers" and "children": words every report
 * uses weigh little (IDF, and a short list of Ofsted's stock words weighted down further), and
 * Ofsted's boilerplate (back page, grade-scale explanations, statistics of the area, the
 * letters' opening and closing sentences) is never indexed and never answers.
 *
 * The ranking was chosen on a labelled set of findings from the shared reports
 * (test/fixtures/similar/labelled.json; bench/similar.mjs prints precision@10, 0.875 when
 * written, against 0.45 for fuse.js). What measured: counting a word as often as the query uses
 * it rather than saturating it (0.81 → 0.88), Porter stemming rather than inflections only
 * (0.85 → 0.88), weighting Ofsted's stock words down (0.86 → 0.88) and looking up the query's
 * 40 heaviest terms (15: 0.84, 25: 0.86, all: 0.88). Skipping terms that weigh under a tenth of
 * the heaviest halves query time for 0.004. Bigrams ("management oversight", "return home") did
 * not measurably help (0.88 at best, 0.67 weighted like words) and would double the index, so
 * there are none; nor did tuning k1 and b away from 1.2 and 0.75. Differences under about 0.02
 * are within the noise of 28 queries.
 *
 * Storage is built for tens of thousands of reports: postings of new findings are appended to
 * small per-term arrays and sealed, from time to time, into one varint-compressed byte array;
 * removed findings are marked dead and dropped when a fifth of the index is dead. Until then
 * they still count in the document frequencies, which moves scores by a hair, never the
 * findings returned (dead findings are never returned).
 */

export interface SimilarFinding {
  /** The id the finding's report was added under. */
  reportId: string;
  /** The finding's index in the array given to `add`. */
  finding: number;
  /**
   * BM25 score relative to the query's own: about 1 for a finding that uses the query's words
   * as often as the query does, near 0 for one that shares only common words.
   */
  score: number;
}

export interface SimilarQueryOptions {
  /** At most this many findings (default 10). */
  limit?: number;
  /** Leave out the findings of this report (usually the query's own). */
  excludeReport?: string;
  /** Leave out findings scoring below this (default `DEFAULT_MIN_SCORE`). */
  minScore?: number;
}

/** What `add` reads of a finding: its text, and the section it sits in when known. */
export interface IndexableFinding {
  text: string;
  section?: string;
}

/** Ranking parameters. The defaults are those the labelled evaluation supports (bench/similar.mjs). */
export interface SimilarityOptions {
  /** BM25 term-frequency saturation. */
  k1?: number;
  /** BM25 length normalisation. */
  b?: number;
  /** Weight of Ofsted's stock words ("children", "social workers", "leaders") relative to IDF alone. */
  stockWordWeight?: number;
  /** Only the query's heaviest terms are looked up. */
  maxQueryTerms?: number;
  /** Query terms weighing less than this share of the heaviest are not looked up: common words cost most and decide least. */
  minTermShare?: number;
}

/** The serialised index: compact, for a warm-start cache. Base64 fields hold varints. */
export interface SimilarityIndexJSON {
  format: typeof FORMAT;
  options: Required<SimilarityOptions>;
  /** Terms in id order, separated by line breaks. */
  terms: string;
  /** Per term: its document frequency, then the byte length of its postings. */
  termStats: string;
  postings: string;
  /** Per document: its length in terms, then its finding index. */
  docs: string;
  /** Live reports: id, first document, number of documents. */
  reports: Array<[string, number, number]>;
}

/**
 * The index as binary parts, for a cache that stores bytes as bytes (base64 in JSON costs a third
 * more space and a decoding pass). `toJSON` is this with the byte arrays in base64.
 */
export interface SimilarityIndexSnapshot {
  format: typeof FORMAT;
  options: Required<SimilarityOptions>;
  /** Terms in id order, separated by line breaks. */
  terms: string;
  reports: Array<[string, number, number]>;
  termStats: Uint8Array;
  postings: Uint8Array;
  docs: Uint8Array;
}

/**
 * A report's findings as `add` reads them, counted apart from any index, so that the counting
 * (scanning, stemming and leaving out boilerplate: most of the cost of indexing) can be done in
 * a worker thread and cross to the index as plain data; `addCounted` then indexes exactly what
 * `add` would have.
 *
 * Terms are numbered by the `FindingCounter` that counted them, for all the reports it counts: a
 * report brings only the terms that counter had not numbered before, which the receiving side
 * gathers in a `CountedTerms` (one per counter, given every count in the order counted). Sending
 * each report's terms as strings had cost the server's thread a string and a hash lookup per
 * term and report.
 */
export interface CountedFindings {
  /** The counter's number for the first of `terms`. */
  firstTerm: number;
  /** The terms the counter numbered while counting this report (and any count that failed since the last). */
  terms: string[];
  /**
   * Per indexed finding: its index among the report's findings, its length in terms, its number
   * of distinct terms, then as many (term, frequency) pairs in order of first use, each term the
   * counter's number for it.
   */
  docs: Int32Array;
}

/** A `FindingCounter`'s terms, gathered from its counts where they are indexed (see `CountedFindings`). */
export class CountedTerms {
  readonly terms: string[] = [];
  /** Per counter term, its id in `vocabulary` (-1: not looked up yet). */
  ids = new Int32Array(0);
  /** The vocabulary, and its version, that `ids` hold ids of. */
  vocabulary: unknown;
  version = -1;

  /** Takes a count's new terms; throws when a count was missed (the numbers would be misread). */
  receive(counted: CountedFindings): void {
    if (counted.firstTerm !== this.terms.length) throw new Error(`counted terms from ${counted.firstTerm}, after ${this.terms.length}`);
    for (const term of counted.terms) this.terms.push(term);
  }
}

/**
 * Findings scoring below this share of the query's own score are not similar enough to show.
 * On the labelled set it keeps 95% of the relevant findings ranked anywhere and drops half of
 * the others; no query's tenth result scored below 0.16, so it costs no precision@10.
 */
export const DEFAULT_MIN_SCORE = 0.05;

const DEFAULT_LIMIT = 10;
const FORMAT = 'inspection-lens/similar@1';

const DEFAULTS: Required<SimilarityOptions> = {
  k1: 1.2,
  b: 0.75,
  stockWordWeight: 0.3,
  maxQueryTerms: 40,
  minTermShare: 0.1,
};

/**
 * Whether a finding is Ofsted's boilerplate or report furniture rather than something said about
 * this authority: the back page, contents, the letters' opening and closing sentences, how the
 * inspection was carried out and by whom, the grade-scale explanations and the area's statistics.
 * The section, when given, recognises whole sections of furniture.
 */
export function isBoilerplate(text: string, section?: string): boolean {
  if (section !== undefined && BOILERPLATE_SECTION.test(section)) return true;
  const trimmed = text.trim();
  if (BOILERPLATE_START.test(trimmed)) return true;
  return BOILERPLATE_KEYS.test(trimmed) && BOILERPLATE_ANYWHERE.some((pattern) => pattern.test(trimmed));
}

/** The terms the index reads from a text, in order: lowercased, repaired, stemmed, stop words out. */
export function findingTerms(text: string): string[] {
  const terms: string[] = [];
  scanWords(text, (word) => {
    const term = termOf(word);
    if (term) terms.push(term);
  });
  return terms;
}

export class SimilarityIndex {
  private readonly options: Required<SimilarityOptions>;
  private readonly vocabulary = new Vocabulary();
  private readonly postings = new Postings();
  private readonly docs = new Docs();
  private readonly reports = new Map<string, ReportDocs>();
  /** The live reports holding documents, in document order; rebuilt after a change. */
  private ordered: ReportDocs[] | undefined;
  /** Score accumulators and the documents touched, reused by every query. */
  private scores: Float32Array = new Float32Array(0);
  private touched: Int32Array = new Int32Array(0);

  constructor(options: SimilarityOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** How many findings are indexed (boilerplate is not). */
  get size(): number {
    return this.docs.live;
  }

  /** How many reports are indexed. */
  get reportCount(): number {
    return this.reports.size;
  }

  /** Indexes a report's findings, replacing what was indexed for it before. */
  add(reportId: string, findings: ReadonlyArray<IndexableFinding>): void {
    this.removeDocs(reportId);
    const first = this.docs.count;
    findings.forEach((finding, index) => {
      if (isBoilerplate(finding.text, finding.section)) return;
      const counted = this.vocabulary.count(finding.text, true);
      if (counted.distinct === 0) return;
      const doc = this.docs.push(index, counted.length);
      for (let i = 0; i < counted.distinct; i++) this.postings.append(counted.ids[i], doc, counted.tfs[i]);
    });
    this.reports.set(reportId, { id: reportId, first, count: this.docs.count - first });
    this.ordered = undefined;
    if (this.postings.shouldSeal()) this.postings.seal();
    this.compactIfWasteful();
  }

  /**
   * Indexes a report's findings counted by a `FindingCounter` whose counts `terms` has received:
   * the same as `add` with the findings counted. Terms new to the index get ids in the order
   * `add` would give them (first use in the report), so the index is the same byte for byte.
   */
  addCounted(reportId: string, counted: CountedFindings, terms: CountedTerms): void {
    this.removeDocs(reportId);
    const first = this.docs.count;
    const vocabulary = this.vocabulary;
    if (terms.vocabulary !== vocabulary || terms.version !== vocabulary.version || terms.ids.length < terms.terms.length) {
      const ids = new Int32Array(Math.max(16, terms.terms.length * 2)).fill(-1);
      if (terms.vocabulary === vocabulary && terms.version === vocabulary.version) ids.set(terms.ids);
      terms.ids = ids;
      terms.vocabulary = vocabulary;
      terms.version = vocabulary.version;
    }
    const ids = terms.ids;
    const docs = counted.docs;
    for (let i = 0; i < docs.length; ) {
      const doc = this.docs.push(docs[i], docs[i + 1]);
      const distinct = docs[i + 2];
      i += 3;
      for (const end = i + 2 * distinct; i < end; i += 2) {
        const term = docs[i];
        let id = ids[term];
        if (id < 0) id = ids[term] = vocabulary.idOfTerm(terms.terms[term]);
        this.postings.append(id, doc, docs[i + 1]);
      }
    }
    this.reports.set(reportId, { id: reportId, first, count: this.docs.count - first });
    this.ordered = undefined;
    if (this.postings.shouldSeal()) this.postings.seal();
    this.compactIfWasteful();
  }

  /** Forgets a report's findings. */
  remove(reportId: string): void {
    this.removeDocs(reportId);
    this.compactIfWasteful();
  }

  /** The findings most similar to `text`, best first. Boilerplate has none. */
  query(text: string, options: SimilarQueryOptions = {}): SimilarFinding[] {
    const limit = options.limit ?? DEFAULT_LIMIT;
    if (limit <= 0 || this.docs.live === 0 || isBoilerplate(text)) return [];
    const weighted = this.weighQuery(text);
    const self = this.selfScore(weighted);
    if (self <= 0) return [];
    const touched = this.accumulate(weighted.terms);
    const excluded = options.excludeReport === undefined ? undefined : this.reports.get(options.excludeReport);
    const floor = (options.minScore ?? DEFAULT_MIN_SCORE) * self;
    const best = this.selectBest(touched, limit, floor, excluded);
    const hits = best.map((doc) => this.hitOf(doc, this.scores[doc] / self));
    this.clearScores(touched);
    return hits;
  }

  /** The serialisable form. Seals pending additions first, which changes no result. */
  toJSON(): SimilarityIndexJSON {
    const { termStats, postings, docs, ...rest } = this.toSnapshot();
    return { ...rest, termStats: toBase64(termStats), postings: toBase64(postings), docs: toBase64(docs) };
  }

  static fromJSON(json: SimilarityIndexJSON): SimilarityIndex {
    if (json?.format !== FORMAT) throw new Error(`Not a similarity index of format ${FORMAT}.`);
    return SimilarityIndex.fromSnapshot({ ...json, termStats: fromBase64(json.termStats), postings: fromBase64(json.postings), docs: fromBase64(json.docs) });
  }

  /** The binary form. Seals pending additions first, which changes no result. */
  toSnapshot(): SimilarityIndexSnapshot {
    this.postings.seal();
    return {
      format: FORMAT,
      options: this.options,
      terms: this.vocabulary.terms.join('\n'),
      reports: [...this.reports.values()].map((r): [string, number, number] => [r.id, r.first, r.count]),
      termStats: this.postings.statsBytes(this.vocabulary.terms.length),
      postings: this.postings.sealedBytes(),
      docs: this.docs.toBytes(),
    };
  }

  static fromSnapshot(snapshot: SimilarityIndexSnapshot): SimilarityIndex {
    if (snapshot?.format !== FORMAT) throw new Error(`Not a similarity index of format ${FORMAT}.`);
    const index = new SimilarityIndex(snapshot.options);
    const terms = snapshot.terms ? snapshot.terms.split('\n') : [];
    index.vocabulary.load(terms);
    index.postings.load(snapshot.termStats, snapshot.postings, terms.length);
    index.docs.load(snapshot.docs, snapshot.reports);
    for (const [id, first, count] of snapshot.reports) index.reports.set(id, { id, first, count });
    return index;
  }

  // -------------------------------------------------------------------------------------------
  // Querying.

  /** The query's known terms with their weights, heaviest first, cut to `maxQueryTerms`. */
  private weighQuery(text: string): WeightedQuery {
    const counted = this.vocabulary.count(text, false);
    const total = this.docs.count;
    const terms: QueryTerm[] = [];
    for (let i = 0; i < counted.distinct; i++) {
      const id = counted.ids[i];
      const df = this.postings.df[id];
      if (df === 0) continue;
      const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
      const stock = this.vocabulary.isStock(id) ? this.options.stockWordWeight : 1;
      // The query's own term frequency counts in full: a finding that says "early help" three
      // times is about early help (saturating it measured worse).
      terms.push({ id, tf: counted.tfs[i], weight: idf * stock * counted.tfs[i] });
    }
    terms.sort((a, b) => b.weight - a.weight || a.id - b.id);
    const floor = terms.length ? terms[0].weight * this.options.minTermShare : 0;
    return { terms: terms.slice(0, this.options.maxQueryTerms).filter((term) => term.weight >= floor), length: counted.length };
  }

  /** The score the query would give itself: what a finding saying just the same would get. */
  private selfScore(weighted: WeightedQuery): number {
    const norm = this.lengthNorm(weighted.length);
    const k1 = this.options.k1;
    return weighted.terms.reduce((sum, term) => sum + (term.weight * term.tf * (k1 + 1)) / (term.tf + norm), 0);
  }

  /** Term at a time: adds each term's BM25 share to the documents holding it; returns how many were touched. */
  private accumulate(terms: QueryTerm[]): number {
    this.ensureScratch();
    const { k1, b } = this.options;
    const norms = this.docs.norms(k1, b);
    let touched = 0;
    for (const term of terms) touched = this.postings.score(term.id, term.weight * (k1 + 1), norms, this.scores, this.touched, touched);
    return touched;
  }

  private lengthNorm(length: number): number {
    const { k1, b } = this.options;
    return k1 * (1 - b + (b * length) / this.docs.averageLength());
  }

  /** The `limit` best live documents at or above `floor`, best first, ties to the earlier document. */
  private selectBest(touched: number, limit: number, floor: number, excluded: ReportDocs | undefined): number[] {
    const heap = new MinHeap(limit, this.scores);
    const alive = this.docs.alive;
    const from = excluded ? excluded.first : -1;
    const to = excluded ? excluded.first + excluded.count : -1;
    for (let i = 0; i < touched; i++) {
      const doc = this.touched[i];
      if (this.scores[doc] < floor || alive[doc] === 0 || (doc >= from && doc < to)) continue;
      heap.offer(doc);
    }
    return heap.sorted();
  }

  private hitOf(doc: number, score: number): SimilarFinding {
    return { reportId: this.reportOf(doc).id, finding: this.docs.findings[doc], score };
  }

  /** The live report holding a document, by binary search: reports are contiguous runs of documents. */
  private reportOf(doc: number): ReportDocs {
    const ordered = (this.ordered ??= [...this.reports.values()].filter((r) => r.count > 0).sort((a, b) => a.first - b.first));
    let low = 0;
    let high = ordered.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (ordered[mid].first <= doc) low = mid;
      else high = mid - 1;
    }
    return ordered[low];
  }

  private clearScores(touched: number): void {
    for (let i = 0; i < touched; i++) this.scores[this.touched[i]] = 0;
  }

  private ensureScratch(): void {
    if (this.scores.length >= this.docs.count) return;
    const size = Math.max(1024, this.docs.count * 1.25) | 0;
    this.scores = new Float32Array(size);
    this.touched = new Int32Array(size);
  }

  // -------------------------------------------------------------------------------------------
  // Removal and compaction.

  private removeDocs(reportId: string): void {
    const report = this.reports.get(reportId);
    if (!report) return;
    for (let doc = report.first; doc < report.first + report.count; doc++) this.docs.kill(doc);
    this.reports.delete(reportId);
    this.ordered = undefined;
  }

  /** Drops dead documents once they are a fifth of the index, renumbering the rest in order. */
  private compactIfWasteful(): void {
    const dead = this.docs.count - this.docs.live;
    if (dead === 0 || dead * 5 < this.docs.count) return;
    const renumbered = this.docs.compact();
    const kept = this.postings.compact(renumbered);
    this.vocabulary.keep(kept);
    for (const report of this.reports.values()) report.first = report.count === 0 ? 0 : renumbered[report.first];
    this.ordered = undefined;
  }
}

/**
 * Counts reports' findings for `SimilarityIndex.addCounted`, away from the index (in a worker
 * thread). It remembers each word's term, as the index does, so stemming runs once per word,
 * and numbers terms once for every report it counts (see `CountedFindings`).
 */
export class FindingCounter {
  private readonly vocabulary = new Vocabulary();
  /** How many of the vocabulary's terms earlier counts have given out. */
  private given = 0;
  /** Scratch for a report's counts, reused (a plain array grown per number was a tenth of counting). */
  private docs = new Int32Array(4096);

  count(findings: ReadonlyArray<IndexableFinding>): CountedFindings {
    let length = 0;
    for (let index = 0; index < findings.length; index++) {
      const finding = findings[index];
      if (isBoilerplate(finding.text, finding.section)) continue;
      const counted = this.vocabulary.count(finding.text, true);
      if (counted.distinct === 0) continue;
      if (length + 3 + 2 * counted.distinct > this.docs.length) this.docs = resized(this.docs, 2 * (length + 3 + 2 * counted.distinct));
      const docs = this.docs;
      docs[length++] = index;
      docs[length++] = counted.length;
      docs[length++] = counted.distinct;
      for (let i = 0; i < counted.distinct; i++) {
        docs[length++] = counted.ids[i];
        docs[length++] = counted.tfs[i];
      }
    }
    const firstTerm = this.given;
    this.given = this.vocabulary.terms.length;
    // A copy of its own, which a worker transfers.
    return { firstTerm, terms: this.vocabulary.terms.slice(firstTerm), docs: this.docs.slice(0, length) };
  }
}

// ---------------------------------------------------------------------------------------------
// Boilerplate.

/** Sections that are all furniture: how the inspection was done, by whom, the area's statistics, the grade scale. */
const BOILERPLATE_SECTION =
  /^(?:The inspection team|Information about (?:this|the) (?:local authority |LSCB )?inspection|About this inspection|What the (?:local authority |LSCB )?inspection judgements mean|What the inspection judgements mean(?:: the LSCB)?|The inspection judgements and what they mean|Children living in this area|Child protection in this area|Children looked after in this area|Other Ofsted inspections|Other information about this area|Information about this local authority area|Service information|Website: www\.ofsted\.gov\.uk|T 0300 123 1231|Lead inspector:|Contents\b)/i;

const BOILERPLATE_PATTERNS: RegExp[] = [
  // The back page and letterhead.
  /reproduced in whole or in part for non-commercial purposes/i,
  /Further copies of this report are obtainable/i,
  /Crown copyright|enquiries@ofsted\.gov\.uk|Textphone \d|www\.gov\.uk\/government\/organisations\/ofsted/i,
  /^(?:Piccadilly Gate|Ofsted\b.{0,40}Manchester M1 2WD)/i,
  /Office for Standards in Education, Children.?s Services and Skills \(Ofsted\) regulates and inspects/i,
  /If you would like a copy of this document in a different format/i,
  /Any complaints about the inspection or the report should be made/i,
  /^Director of Children.?s Services\b/i,
  /^Copy:/,
  // The letters' opening and closing sentences.
  /^This letter summarises the findings/i,
  /^(?:Annual unannounced inspection|Focused visit to|Monitoring visit (?:to|of))\b.{0,200}This letter summarises/i,
  /Chief Inspector of Education, Children.?s Services and Skills is leading Ofsted.?s work into how England.?s social care system/i,
  /^The methodology for this visit was in line with the (?:inspection of local authority children.?s services|ILACS)/i,
  /^Ofsted will take the findings (?:from|of) this (?:focused|monitoring) visit into account/i,
  /Any areas for development identified above will be specifically considered in any future inspection/i,
  /^I am copying this letter to/i,
  /^Yours sincerely/i,
  /^The inspection identified areas of practice that met requirements/i,
  /^From the evidence gathered, the following features of the service were identified/i,
  // How the inspection was carried out, and by whom.
  /carried out under section (?:136|20|15A) of the (?:Education and Inspections Act 2006|Children Act 2004)/i,
  /under its power to combine reports in accordance with section 152/i,
  /^Inspectors have looked closely at the experiences of children and young people who have needed/i,
  /^Inspectors considered the quality of work and the difference (?:that )?adults make/i,
  /^The inspection team consisted of/i,
  /^(?:Lead inspector|Deputy lead inspector|Team inspectors|Shadow inspectors?|Quality assurance manager|Senior (?:data|analytical) (?:analyst|officer)):/i,
  /^This inspection (?:was carried out|considered key aspects of a child.?s journey|focused on the effectiveness of multi-agency arrangements)/i,
  /^Inspection of (?:services for children in need of help and protection|local authority children.?s services)\b.{0,400}Inspection dates?:/i,
  // The grade scale and what the judgements mean.
  /^All inspection judgements are made using the following/i,
  /^An outstanding local authority leads highly effective services/i,
  /^In a local authority that requires improvement, there are no widespread or serious failures/i,
  /^A local authority that is inadequate is providing services where there are widespread or serious failures/i,
  /^A full description of what the inspection judgements mean/i,
  /^An? (?:outstanding|good|inadequate) LSCB (?:is|does)\b|^An LSCB that (?:is inadequate|requires improvement)\b/i,
  /^Failure to achieve a single criterion will not in itself automatically lead to/i,
  /^The (?:LSCB|Local Safeguarding Children Board) is likely to be (?:judged|outstanding)/i,
  // Grade tables, judgement headings and the lists of judgements that open a report.
  /^The graded judge?ment (?:for|about) adoption performance is/i,
  /\b2\.1 Adoption performance\b/i,
  /^(?:(?:The experiences and progress of (?:children who need help and protection|children looked after and achieving permanence|care leavers)|Leadership, management and governance|The Local Safeguarding Children Board(?: \(LSCB\))?|Adoption performance|Overall effectiveness)\s*)+$/i,
  /^Overall effectiveness (?:Outstanding|Good|Adequate|Inadequate|Requires improvement)\b.{0,300}\bLeadership and governance\b/i,
  /^(?:Summary of findings )?Children.?s services in .{1,60} (?:are|is|require|requires) (?:outstanding|good|adequate|inadequate|improvement)(?: to be good)?(?: because)?:?$/i,
  /should take the following action\.?$/i,
  /^Inspection of the effectiveness of the local safeguarding children board\b|^Children Board Inspection of the effectiveness/i,
  // The statistics of the area.
  /children and young people (?:are|were) the subject of a child protection plan \(a rate of/i,
  /^At [\d ]+\w+ \d{4}, [\d, ]+ children had been identified through assessment as being formally in need/i,
  /^At [\d ]+\w+ \d{4}, [\d, ]+ (?:children|children and young people) (?:are|were) (?:being )?looked after by the local authority/i,
  /\bceased to be looked after and (?:moved on to independent living|are now living in houses of multiple occupation)/i,
  /^The Director of Children.?s Services has been in post since/i,
  /^The local authority operates \w+ children.?s homes?\b/i,
  /^There (?:is|are) \w+ serious case reviews? (?:ongoing|completed)/i,
  /^(?:\d+ )?(?:children|young people|children and young people) (?:\(under 18 years\) )?are unaccompanied asylum-seeking children\.?$/i,
  /^Approximately [\d ,.]+ children and young people under the age of 18/i,
  /^Approximately [\d.]+% of the local authority.?s children (?:aged under 16 years old )?are living in/i,
  /^The proportion of children (?:and young people )?(?:entitled to free school meals|(?:who speak |with )English as an additional language)/i,
  /^Children and young people from minority ethnic groups account for/i,
  /^The largest minority ethnic groups? of children and young people in the area/i,
  /^The local authority was given the opportunity to review this section of the report/i,
  /^in secondary schools is [\d.]+% \(the national average/i,
];

/**
 * The patterns anchored at the start are tested as one: a finding is tested once, not once per
 * pattern. The others are tested only when the text holds one of their key phrases, found by
 * one alternation of plain phrases, which is quick (boilerplate detection had been a third of
 * the time taken to index).
 */
const BOILERPLATE_START = new RegExp(
  BOILERPLATE_PATTERNS.filter((pattern) => pattern.source.startsWith('^')).map((pattern) => `(?:${pattern.source})`).join('|'),
  'i',
);
const BOILERPLATE_ANYWHERE = BOILERPLATE_PATTERNS.filter((pattern) => !pattern.source.startsWith('^'));
const BOILERPLATE_KEYS =
  /reproduced in whole|further copies|crown copyright|enquiries@ofsted|textphone|www\.gov\.uk\/government|regulates and inspects|different format|any complaints|is leading ofsted|any areas for development|carried out under section|power to combine|2\.1 adoption|following action|\(a rate of|ceased to be looked after/i;

// ---------------------------------------------------------------------------------------------
// Terms: reading words, repairing extraction damage, stemming.

interface QueryTerm {
  id: number;
  tf: number;
  weight: number;
}

interface WeightedQuery {
  terms: QueryTerm[];
  /** The query's length in terms. */
  length: number;
}

/** A text's distinct terms and their frequencies, in scratch arrays reused from text to text. */
interface Counted {
  ids: Int32Array;
  tfs: Int32Array;
  distinct: number;
  /** Number of terms, repeats included: the document length for BM25. */
  length: number;
}

/**
 * Calls `visit` for each word of a text, lowercased. Apostrophes are dropped inside words
 * ("children's" and the extraction's "childrens" both end as "children"). A hyphenated word
 * gives its joined form, so that "multi-agency" and the extraction's "multiagency" are one
 * term; a compound of two words ("decision-making", "long-term") gives its parts as well, so
 * that it also meets the words written apart.
 */
function scanWords(text: string, visit: (word: string) => void): void {
  scanWordSpans(
    text,
    (lower, start, end) => visit(lower.slice(start, end)),
    (compound) => visitCompound(compound, visit),
  );
}

/**
 * The scan behind `scanWords`, for readers that would rather not make a string per word: a plain
 * word is given as its place in the lowered text with its `hashOf`, hashed while scanning; a
 * word with an apostrophe or hyphen inside (rare) as a string, to split as `visitCompound` does.
 */
function scanWordSpans(text: string, word: (lower: string, start: number, end: number, hash: number) => void, compound: (word: string) => void): void {
  const lower = text.toLowerCase();
  const length = lower.length;
  let i = 0;
  while (i < length) {
    if (!isWordChar(lower.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let joined = false;
    let hash = HASH_SEED;
    while (i < length) {
      const code = lower.charCodeAt(i);
      if (isWordChar(code)) {
        hash = Math.imul(hash ^ code, HASH_PRIME);
        i++;
      } else if ((isApostrophe(code) || isHyphen(code)) && isWordChar(lower.charCodeAt(i + 1))) {
        joined = true;
        i++;
      } else break;
    }
    if (joined) compound(lower.slice(start, i));
    else word(lower, start, i, hash);
  }
}

function visitCompound(word: string, visit: (word: string) => void): void {
  const parts = word.replace(POSSESSIVE, '').replace(APOSTROPHES, '').split(HYPHENS).filter(Boolean);
  visit(parts.join(''));
  // "multi-agency", "well-being", "co-ordinated": a prefix, not a word; the joined form alone
  // matches the extraction's "multiagency".
  if (parts.length > 1 && !PREFIXES.has(parts[0])) for (const part of parts) visit(part);
}

const POSSESSIVE = /['\u2019\u2018`\u02bc]s(?=$|[-\u2010\u2011])/g;
const APOSTROPHES = /['\u2019\u2018`\u02bc]/g;
const HYPHENS = /[-\u2010\u2011]/;

/** The term for a word: '' for stop words, stray letters and years. */
function termOf(word: string): string {
  if (word.length < 2 || STOP_WORDS.has(word) || YEAR.test(word)) return '';
  const term = stem(REPAIRS.get(word) ?? word);
  return STOP_WORDS.has(term) ? '' : term;
}

const YEAR = /^\d{4,}$/;

/** Words whose apostrophe PDF extraction lost, where stemming alone would not repair them. */
const REPAIRS: ReadonlyMap<string, string> = new Map([
  ['childrens', 'children'],
  ['peoples', 'people'],
  ['authoritys', 'authority'],
  ['ofsteds', 'ofsted'],
]);

/**
 * Term ids, and each word's term remembered: words repeat across findings, so stemming runs
 * once per distinct word, and counting a text's terms is a scan and lookups.
 */
class Vocabulary {
  readonly terms: string[] = [];
  /** Bumped when terms are renumbered. */
  version = 0;
  private readonly ids = new Map<string, number>();
  /** Word to term id; -1 for words with no term. */
  private readonly words = new WordTable();
  private stock = new Uint8Array(1024);
  private readonly counted: Counted = { ids: new Int32Array(256), tfs: new Int32Array(256), distinct: 0, length: 0 };
  /** Per term id: its slot in `counted` plus one, while a text is being counted. */
  private slots = new Int32Array(1024);

  /**
   * Counts a text's terms; new terms get ids only when `grow` (indexing, not querying). Reads the
   * words as `scanWords` does, but looks each up by its characters in the lowered text, hashed
   * while scanning (`scanWordSpans`): a string sliced and hashed per word had made this half of
   * the indexing time spent outside the parser.
   */
  count(text: string, grow: boolean): Counted {
    const counted = this.counted;
    counted.distinct = 0;
    counted.length = 0;
    scanWordSpans(
      text,
      (lower, start, end, hash) => this.countId(this.idOfWord(lower, start, end, hash, grow)),
      (compound) => visitCompound(compound, (word) => this.countId(this.idOfWord(word, 0, word.length, hashOf(word), grow))),
    );
    for (let k = 0; k < counted.distinct; k++) this.slots[counted.ids[k]] = 0;
    return counted;
  }

  isStock(id: number): boolean {
    return this.stock[id] === 1;
  }

  load(terms: string[]): void {
    for (const term of terms) this.idOfTerm(term);
  }

  /** Keeps the terms whose new id (in `kept`) is not -1, renumbered. */
  keep(kept: Int32Array): void {
    const terms = this.terms.filter((_, id) => kept[id] >= 0);
    this.version++;
    this.terms.length = 0;
    this.ids.clear();
    this.words.clear();
    this.stock.fill(0);
    this.load(terms);
  }

  private tally(id: number): void {
    const counted = this.counted;
    const slot = this.slots[id] - 1;
    if (slot >= 0) {
      counted.tfs[slot]++;
      return;
    }
    if (counted.distinct === counted.ids.length) {
      counted.ids = resized(counted.ids, counted.distinct * 2);
      counted.tfs = resized(counted.tfs, counted.distinct * 2);
    }
    counted.ids[counted.distinct] = id;
    counted.tfs[counted.distinct] = 1;
    this.slots[id] = ++counted.distinct;
  }

  /** Counts a word's term id (from `idOfWord`) in the text being counted. */
  private countId(id: number): void {
    if (id === -2) this.counted.length++;
    if (id < 0) return;
    this.counted.length++;
    this.tally(id);
  }

  /**
   * The term id of the word `text` holds from `start` to `end` (`hash` its `hashOf`); -1 for no
   * term, -2 for a term the index does not know (when not growing).
   */
  private idOfWord(text: string, start: number, end: number, hash: number, grow: boolean): number {
    const known = this.words.find(text, start, end, hash);
    if (known !== MISSING) return known;
    const word = text.slice(start, end);
    const term = termOf(word);
    if (!term) {
      this.words.add(word, hash, -1);
      return -1;
    }
    const id = this.ids.get(term);
    if (id === undefined && !grow) return -2;
    const assigned = id ?? this.idOfTerm(term);
    this.words.add(word, hash, assigned);
    return assigned;
  }

  idOfTerm(term: string): number {
    let id = this.ids.get(term);
    if (id !== undefined) return id;
    id = this.terms.length;
    this.terms.push(term);
    this.ids.set(term, id);
    if (id >= this.stock.length) {
      this.stock = resized(this.stock, id * 2);
      this.slots = resized(this.slots, id * 2);
    }
    this.stock[id] = STOCK_WORDS.has(term) ? 1 : 0;
    return id;
  }
}

/** What `WordTable.find` returns for a word it does not hold. */
const MISSING = -3;
/** FNV-1a over UTF-16 code units. */
const HASH_SEED = 0x811c9dc5 | 0;
const HASH_PRIME = 0x01000193;

function hashOf(word: string): number {
  let hash = HASH_SEED;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), HASH_PRIME);
  return hash;
}

/**
 * Words to numbers, in an open-addressed table that can be asked about a word inside a longer
 * text (by its bounds and its `hashOf`) without slicing it out: most words of a finding are
 * known already, so counting one allocates no string per word. The words' characters are kept in
 * one array of code units, which compares faster than strings of mixed representations.
 */
class WordTable {
  /** Per slot: where its word starts in `chars`, plus one (0: an empty slot). */
  private starts = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private values = new Int32Array(1024);
  private chars = new Uint16Array(8192);
  private used = 0;
  private size = 0;

  /** The number held for `text` from `start` to `end`, or `MISSING`. */
  find(text: string, start: number, end: number, hash: number): number {
    const mask = this.hashes.length - 1;
    const length = end - start;
    const chars = this.chars;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const from = this.starts[slot] - 1;
      if (from < 0) return MISSING;
      if (this.hashes[slot] !== hash || this.lengths[slot] !== length) continue;
      let k = 0;
      while (k < length && chars[from + k] === text.charCodeAt(start + k)) k++;
      if (k === length) return this.values[slot];
    }
  }

  /** Holds `value` for `word` (whose `hashOf` is `hash`), which it does not hold yet. */
  add(word: string, hash: number, value: number): void {
    if ((this.size + 1) * 2 > this.hashes.length) this.resize(this.hashes.length * 2);
    if (this.used + word.length > this.chars.length) this.chars = resized(this.chars, (this.used + word.length) * 2);
    for (let k = 0; k < word.length; k++) this.chars[this.used + k] = word.charCodeAt(k);
    this.place(this.used, word.length, hash, value);
    this.used += word.length;
    this.size++;
  }

  clear(): void {
    this.starts.fill(0);
    this.used = 0;
    this.size = 0;
  }

  private place(from: number, length: number, hash: number, value: number): void {
    const mask = this.hashes.length - 1;
    let slot = hash & mask;
    while (this.starts[slot] !== 0) slot = (slot + 1) & mask;
    this.starts[slot] = from + 1;
    this.lengths[slot] = length;
    this.hashes[slot] = hash;
    this.values[slot] = value;
  }

  private resize(capacity: number): void {
    const { starts, lengths, hashes, values } = this;
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    for (let slot = 0; slot < starts.length; slot++) if (starts[slot] !== 0) this.place(starts[slot] - 1, lengths[slot], hashes[slot], values[slot]);
  }
}

/**
 * Porter's stemmer (1980), so that "assessed" meets "assessments", "privately" meets "private
 * fostering" and "exploited" meets "exploitation". Light inflection-only stemming lost those
 * matches and measured lower on the labelled set (bench/similar.mjs).
 */
function stem(word: string): string {
  if (word.length <= 2 || isDigit(word.charCodeAt(0))) return word;
  const s = new PorterWord(word);
  s.step1ab();
  s.step1c();
  s.step2();
  s.step3();
  s.step4();
  s.step5();
  return s.result();
}

/** The reference implementation's state: the word in `b`, its end at `k`, a suffix boundary at `j`. */
class PorterWord {
  private b: string[];
  private k: number;
  private j = 0;

  constructor(word: string) {
    this.b = [...word];
    this.k = word.length - 1;
  }

  result(): string {
    return this.b.slice(0, this.k + 1).join('');
  }

  step1ab(): void {
    if (this.b[this.k] === 's') {
      if (this.ends('sses')) this.k -= 2;
      else if (this.ends('ies')) this.setTo('i');
      else if (this.b[this.k - 1] !== 's') this.k--;
    }
    if (this.ends('eed')) {
      if (this.measure() > 0) this.k--;
    } else if ((this.ends('ed') || this.ends('ing')) && this.vowelInStem()) {
      this.k = this.j;
      if (this.ends('at')) this.setTo('ate');
      else if (this.ends('bl')) this.setTo('ble');
      else if (this.ends('iz')) this.setTo('ize');
      else if (this.ends('is') && this.k > 2) this.setTo('ise');
      else if (this.doubleConsonant(this.k)) {
        this.k--;
        const ch = this.b[this.k];
        if (ch === 'l' || ch === 's' || ch === 'z') this.k++;
      } else if (this.measure() === 1 && this.cvc(this.k)) this.setTo('e');
    }
  }

  step1c(): void {
    if (this.ends('y') && this.vowelInStem()) this.b[this.k] = 'i';
  }

  step2(): void {
    this.replaceFirst(STEP2, 0);
  }

  step3(): void {
    this.replaceFirst(STEP3, 0);
  }

  step4(): void {
    for (const suffix of STEP4) {
      if (!this.ends(suffix)) continue;
      if (suffix === 'ion' && !(this.b[this.j] === 's' || this.b[this.j] === 't')) return;
      if (this.measure() > 1) this.k = this.j;
      return;
    }
  }

  step5(): void {
    this.j = this.k;
    if (this.b[this.k] === 'e') {
      const m = this.measure();
      if (m > 1 || (m === 1 && !this.cvc(this.k - 1))) this.k--;
    }
    if (this.b[this.k] === 'l' && this.doubleConsonant(this.k) && this.measure() > 1) this.k--;
  }

  /** Replaces the first listed suffix the word ends with, when the stem's measure exceeds `minimum`. */
  private replaceFirst(rules: ReadonlyArray<readonly [string, string]>, minimum: number): void {
    for (const [suffix, replacement] of rules) {
      if (!this.ends(suffix)) continue;
      if (this.measure() > minimum) this.setTo(replacement);
      return;
    }
  }

  private consonant(i: number): boolean {
    const ch = this.b[i];
    if ('aeiou'.includes(ch)) return false;
    if (ch === 'y') return i === 0 ? true : !this.consonant(i - 1);
    return true;
  }

  /** The number of vowel-consonant sequences in b[0..j]. */
  private measure(): number {
    let n = 0;
    let i = 0;
    const j = this.j;
    for (;;) {
      if (i > j) return n;
      if (!this.consonant(i)) break;
      i++;
    }
    i++;
    for (;;) {
      for (;;) {
        if (i > j) return n;
        if (this.consonant(i)) break;
        i++;
      }
      i++;
      n++;
      for (;;) {
        if (i > j) return n;
        if (!this.consonant(i)) break;
        i++;
      }
      i++;
    }
  }

  private vowelInStem(): boolean {
    for (let i = 0; i <= this.j; i++) if (!this.consonant(i)) return true;
    return false;
  }

  private doubleConsonant(i: number): boolean {
    return i >= 1 && this.b[i] === this.b[i - 1] && this.consonant(i);
  }

  /** Consonant-vowel-consonant ending at i, the last not w, x or y: "hop", "cav". */
  private cvc(i: number): boolean {
    if (i < 2 || !this.consonant(i) || this.consonant(i - 1) || !this.consonant(i - 2)) return false;
    const ch = this.b[i];
    return ch !== 'w' && ch !== 'x' && ch !== 'y';
  }

  private ends(suffix: string): boolean {
    const length = suffix.length;
    if (length > this.k + 1) return false;
    for (let i = 0; i < length; i++) if (this.b[this.k - length + 1 + i] !== suffix[i]) return false;
    this.j = this.k - length;
    return true;
  }

  private setTo(replacement: string): void {
    const start = this.j + 1;
    for (let i = 0; i < replacement.length; i++) this.b[start + i] = replacement[i];
    this.k = this.j + replacement.length;
  }
}

const STEP2: ReadonlyArray<readonly [string, string]> = [
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'], ['iser', 'ise'], ['bli', 'ble'],
  ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'], ['ization', 'ize'], ['isation', 'ise'], ['ation', 'ate'],
  ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'], ['iviti', 'ive'],
  ['biliti', 'ble'], ['logi', 'log'],
];
const STEP3: ReadonlyArray<readonly [string, string]> = [
  ['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['alise', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', ''],
];
const STEP4 = [
  'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive',
  'ize', 'ise',
];

function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || isDigit(code);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isApostrophe(code: number): boolean {
  return code === 39 || code === 0x2019 || code === 0x2018 || code === 0x60 || code === 0x2bc;
}

function isHyphen(code: number): boolean {
  return code === 45 || code === 0x2010 || code === 0x2011;
}

/** Prefixes that are not words of their own: "multi-agency" and "self-harm" are not split. */
const PREFIXES = new Set(['multi', 'non', 'pre', 'post', 'self', 'co', 're', 'sub', 'inter', 'cross', 'well', 'over', 'under', 'anti', 'semi', 'mid']);

const STOP_WORDS = new Set(
  (
    'a about above across after again against all almost along also although always am among an and another any are around as at ' +
    'be became because been before being below between both but by can cannot could did do does doing done down during each ' +
    'either enough even ever every few for from further had has have having he her here hers herself him himself his how however ' +
    'i if in into is it its itself just least less made make makes many may me might more most much must my myself neither no nor ' +
    'not now of off often on once one only onto or other others otherwise our ours out over own per rather same several shall she ' +
    'should since so some such than that the their theirs them themselves then there therefore these they this those though through ' +
    'throughout thus to too toward towards under until up upon us very via was we were what whatever when whenever where whereas ' +
    'whether which while who whom whose why will with within without would yet you your yours ' +
    // Contractions, once their apostrophe is dropped.
    'dont doesnt didnt isnt arent wasnt werent hasnt havent cant couldnt wouldnt shouldnt theyre ' +
    // Report language that says nothing about the subject.
    'inspector inspectors inspection ofsted found seen see also including include includes mr mrs ms dr'
  ).split(' '),
);

/**
 * Ofsted's stock words, in every report and nearly every finding: IDF already weighs them
 * little; this weighs them less again, so that a finding about supervision is not outranked by
 * one that says "children", "social workers" and "leaders" more often.
 */
const STOCK_WORDS = new Set(
  [
    'child', 'children', 'young', 'people', 'person', 'social', 'worker', 'workers', 'service', 'services', 'local', 'authority',
    'leader', 'leaders', 'senior', 'staff', 'family', 'families', 'practice', 'practitioner', 'practitioners', 'council', 'area',
    'partner', 'partners', 'professional', 'professionals', 'good', 'well', 'effective', 'effectively', 'ensure', 'improve',
    'improvement', 'quality', 'need', 'needs', 'support', 'supported', 'work', 'working', 'time', 'timely', 'appropriate',
    'appropriately', 'consistent', 'consistently', 'range', 'level', 'number', 'majority', 'most', 'some', 'strong', 'clear',
  ].map((word) => stem(word)),
);

// ---------------------------------------------------------------------------------------------
// Storage.

/** A report's documents: a contiguous run, as a report's findings are added together. */
interface ReportDocs {
  id: string;
  first: number;
  count: number;
}

/** Per-document facts: finding index, length, and whether it is still live. */
class Docs {
  count = 0;
  live = 0;
  private lengthSum = 0;
  findings: Int32Array = new Int32Array(1024);
  lengths: Uint16Array = new Uint16Array(1024);
  alive: Uint8Array = new Uint8Array(1024);
  /** Bumped on every change, so that the cached norms are recomputed. */
  private version = 0;
  private normsFor = -1;
  private normCache: Float32Array = new Float32Array(0);

  push(finding: number, length: number): number {
    if (this.count === this.findings.length) this.grow(this.count * 2);
    const doc = this.count++;
    this.version++;
    this.findings[doc] = finding;
    this.lengths[doc] = Math.min(length, 0xffff);
    this.alive[doc] = 1;
    this.live++;
    this.lengthSum += this.lengths[doc];
    return doc;
  }

  kill(doc: number): void {
    if (!this.alive[doc]) return;
    this.version++;
    this.alive[doc] = 0;
    this.live--;
    this.lengthSum -= this.lengths[doc];
  }

  /**
   * Per document, BM25's length normalisation k1 × (1 − b + b × length / average length): kept
   * while the documents are unchanged, as a query would otherwise compute it for every posting.
   */
  norms(k1: number, b: number): Float32Array {
    if (this.normsFor !== this.version) {
      if (this.normCache.length < this.count) this.normCache = new Float32Array(this.findings.length);
      const base = k1 * (1 - b);
      const perTerm = (k1 * b) / this.averageLength();
      for (let doc = 0; doc < this.count; doc++) this.normCache[doc] = base + perTerm * this.lengths[doc];
      this.normsFor = this.version;
    }
    return this.normCache;
  }

  averageLength(): number {
    return this.live === 0 ? 1 : this.lengthSum / this.live;
  }

  /** Drops dead documents; returns each old document's new number (-1 for the dead). */
  compact(): Int32Array {
    this.version++;
    const renumbered = new Int32Array(this.count).fill(-1);
    let next = 0;
    for (let doc = 0; doc < this.count; doc++) {
      if (!this.alive[doc]) continue;
      renumbered[doc] = next;
      this.findings[next] = this.findings[doc];
      this.lengths[next] = this.lengths[doc];
      this.alive[next] = 1;
      next++;
    }
    this.alive.fill(0, next, this.count);
    this.count = next;
    return renumbered;
  }

  toBytes(): Uint8Array {
    const writer = new ByteWriter(this.count * 3);
    for (let doc = 0; doc < this.count; doc++) {
      writer.varint(this.lengths[doc]);
      writer.varint(this.findings[doc]);
    }
    return writer.bytes();
  }

  /** Reads documents back; only those of a live report are live. */
  load(bytes: Uint8Array, reports: ReadonlyArray<[string, number, number]>): void {
    const reader = new ByteReader(bytes);
    while (!reader.done()) {
      const length = reader.varint();
      this.push(reader.varint(), length);
      this.kill(this.count - 1);
    }
    for (const [, first, count] of reports) {
      for (let doc = first; doc < first + count; doc++) {
        this.alive[doc] = 1;
        this.live++;
        this.lengthSum += this.lengths[doc];
      }
    }
    this.version++;
  }

  private grow(size: number): void {
    this.findings = resized(this.findings, size);
    this.lengths = resized(this.lengths, size);
    this.alive = resized(this.alive, size);
  }
}

/**
 * Postings: per term, the documents holding it with the term's frequency. Sealed postings are
 * one byte array, each term's run varint-encoded as (document gap × 4 + min(tf, 4) − 1), with the
 * rest of a larger tf following; postings added since are a list per term, sealed once they are
 * a quarter of the sealed ones. The lists are linked through three typed arrays shared by every
 * term (appending had been a `push` onto one of a hundred thousand small arrays, the most costly
 * line of indexing on the server's thread, and their garbage).
 */
class Postings {
  df: Int32Array = new Int32Array(1024);
  private sealed: Uint8Array = new Uint8Array(0);
  /** Byte offset of each sealed term's run; terms beyond `sealedTerms` have none. */
  private offsets: Uint32Array = new Uint32Array(1);
  private sealedTerms = 0;
  private sealedCount = 0;
  /** Last document of each term's sealed run (-1: none, -2: not yet read after loading). */
  private lastSealed: Int32Array = new Int32Array(1024).fill(-1);
  /** Tail postings in the order added: term, document, frequency, and the next posting of the same term (-1: none). */
  private tailTermOf = new Int32Array(1024);
  private tailDocs = new Int32Array(1024);
  private tailTfs = new Int32Array(1024);
  private tailNext = new Int32Array(1024);
  /** Per term, its first and last tail posting (-1: none). */
  private tailFirst = new Int32Array(1024).fill(-1);
  private tailLast = new Int32Array(1024);
  /** One more than the highest term with tail postings. */
  private tailTerms = 0;
  private tailCount = 0;

  append(term: number, doc: number, tf: number): void {
    if (term >= this.df.length) this.growTerms(term + 1);
    this.df[term]++;
    const posting = this.tailCount++;
    if (posting === this.tailDocs.length) {
      this.tailTermOf = resized(this.tailTermOf, posting * 2);
      this.tailDocs = resized(this.tailDocs, posting * 2);
      this.tailTfs = resized(this.tailTfs, posting * 2);
      this.tailNext = resized(this.tailNext, posting * 2);
    }
    this.tailTermOf[posting] = term;
    this.tailDocs[posting] = doc;
    this.tailTfs[posting] = tf;
    this.tailNext[posting] = -1;
    if (this.tailFirst[term] < 0) this.tailFirst[term] = posting;
    else this.tailNext[this.tailLast[term]] = posting;
    this.tailLast[term] = posting;
    if (term >= this.tailTerms) this.tailTerms = term + 1;
  }

  shouldSeal(): boolean {
    return this.tailCount > Math.max(MIN_SEAL_POSTINGS, Math.min(MAX_TAIL_POSTINGS, this.sealedCount / 4));
  }

  /**
   * Adds a term's BM25 share, `scale` × tf / (tf + norm), to each document holding it, noting
   * documents touched for the first time; returns the new number touched. The decoding is
   * inlined: this loop is where a query spends its time.
   */
  score(term: number, scale: number, norms: Float32Array, scores: Float32Array, touched: Int32Array, count: number): number {
    let n = count;
    if (term < this.sealedTerms) {
      const bytes = this.sealed;
      const to = this.offsets[term + 1];
      let i = this.offsets[term];
      let doc = -1;
      while (i < to) {
        // One byte holds a gap below 32 with its tf code: the usual case for the common terms
        // that cost most. Values stay below 2^28 (fewer than 67 million documents).
        let byte = bytes[i++];
        let value = byte & 0x7f;
        for (let shift = 7; byte & 0x80; shift += 7) {
          byte = bytes[i++];
          value |= (byte & 0x7f) << shift;
        }
        doc += value >>> 2;
        let tf = (value & 3) + 1;
        if (tf === 4) {
          byte = bytes[i++];
          let extra = byte & 0x7f;
          for (let shift = 7; byte & 0x80; shift += 7) {
            byte = bytes[i++];
            extra |= (byte & 0x7f) << shift;
          }
          tf += extra;
        }
        const current = scores[doc];
        if (current === 0) touched[n++] = doc;
        scores[doc] = current + (scale * tf) / (tf + norms[doc]);
      }
    }
    if (term < this.tailTerms) {
      for (let posting = this.tailFirst[term]; posting >= 0; posting = this.tailNext[posting]) {
        const doc = this.tailDocs[posting];
        const tf = this.tailTfs[posting];
        const current = scores[doc];
        if (current === 0) touched[n++] = doc;
        scores[doc] = current + (scale * tf) / (tf + norms[doc]);
      }
    }
    return n;
  }

  /** Moves every tail posting into the sealed bytes. */
  seal(): void {
    if (this.tailCount === 0 && this.sealedTerms === this.tailTerms) return;
    const terms = Math.max(this.tailTerms, this.sealedTerms);
    // The tail grouped by term, each term's postings in the order added (a counting sort): walking
    // each term's list instead jumps about memory, and made sealing 2,000 reports cost 0.36 s.
    const count = this.tailCount;
    const from = new Int32Array(terms + 1);
    for (let posting = 0; posting < count; posting++) from[this.tailTermOf[posting] + 1]++;
    for (let term = 0; term < terms; term++) from[term + 1] += from[term];
    const next = from.slice(0, terms);
    const docs = new Int32Array(count);
    const tfs = new Int32Array(count);
    for (let posting = 0; posting < count; posting++) {
      const at = next[this.tailTermOf[posting]]++;
      docs[at] = this.tailDocs[posting];
      tfs[at] = this.tailTfs[posting];
    }
    const writer = new ByteWriter(this.sealed.length + count * 3 + 16);
    const offsets = new Uint32Array(terms + 1);
    for (let term = 0; term < terms; term++) {
      offsets[term] = writer.length;
      if (term < this.sealedTerms) writer.copy(this.sealed, this.offsets[term], this.offsets[term + 1]);
      if (from[term] === from[term + 1]) continue;
      let last = this.lastDoc(term);
      for (let at = from[term]; at < from[term + 1]; at++) last = encodePosting(writer, docs[at] - last, tfs[at], docs[at]);
      this.lastSealed[term] = last;
    }
    offsets[terms] = writer.length;
    this.install(writer.bytes(), offsets, terms, this.sealedCount + this.tailCount);
  }

  /** Rewrites every run without dead documents, renumbered; drops terms left with none and returns each term's new id (-1: dropped). */
  compact(renumbered: Int32Array): Int32Array {
    this.seal();
    const kept = new Int32Array(this.sealedTerms).fill(-1);
    const writer = new ByteWriter(this.sealed.length);
    const offsets: number[] = [];
    const df: number[] = [];
    const last: number[] = [];
    for (let term = 0; term < this.sealedTerms; term++) {
      const start = writer.length;
      let previous = -1;
      let count = 0;
      decodeRun(this.sealed, this.offsets[term], this.offsets[term + 1], (doc, tf) => {
        const renamed = renumbered[doc];
        if (renamed < 0) return;
        previous = encodePosting(writer, renamed - previous, tf, renamed);
        count++;
      });
      if (count === 0) continue;
      kept[term] = offsets.length;
      offsets.push(start);
      df.push(count);
      last.push(previous);
    }
    offsets.push(writer.length);
    this.df = Int32Array.from(df);
    this.lastSealed = Int32Array.from(last);
    this.install(writer.bytes(), Uint32Array.from(offsets), df.length, df.reduce((a, b) => a + b, 0));
    return kept;
  }

  sealedBytes(): Uint8Array {
    return this.sealed;
  }

  /** Per term: df and run length in bytes, as varints. */
  statsBytes(terms: number): Uint8Array {
    const writer = new ByteWriter(terms * 4);
    for (let term = 0; term < terms; term++) {
      writer.varint(this.df[term]);
      writer.varint(term < this.sealedTerms ? this.offsets[term + 1] - this.offsets[term] : 0);
    }
    return writer.bytes();
  }

  load(stats: Uint8Array, sealed: Uint8Array, terms: number): void {
    const reader = new ByteReader(stats);
    const offsets = new Uint32Array(terms + 1);
    this.growTerms(terms);
    let count = 0;
    for (let term = 0; term < terms; term++) {
      this.df[term] = reader.varint();
      count += this.df[term];
      offsets[term + 1] = offsets[term] + reader.varint();
    }
    this.lastSealed.fill(-2, 0, terms);
    this.install(sealed, offsets, terms, count);
  }

  private install(bytes: Uint8Array, offsets: Uint32Array, terms: number, count: number): void {
    this.sealed = bytes;
    this.offsets = offsets;
    this.sealedTerms = terms;
    this.sealedCount = count;
    if (this.tailFirst.length < this.df.length) {
      this.tailFirst = new Int32Array(this.df.length);
      this.tailLast = new Int32Array(this.df.length);
    }
    this.tailFirst.fill(-1);
    this.tailTerms = 0;
    this.tailCount = 0;
  }

  private lastDoc(term: number): number {
    if (term >= this.sealedTerms) return -1;
    if (this.lastSealed[term] === -2) {
      let last = -1;
      decodeRun(this.sealed, this.offsets[term], this.offsets[term + 1], (doc) => (last = doc));
      this.lastSealed[term] = last;
    }
    return this.lastSealed[term];
  }

  private growTerms(needed: number): void {
    const size = Math.max(needed, this.df.length * 2);
    this.df = resized(this.df, size);
    const last = new Int32Array(size).fill(-1);
    last.set(this.lastSealed.subarray(0, Math.min(this.lastSealed.length, size)));
    this.lastSealed = last;
    const first = new Int32Array(size).fill(-1);
    first.set(this.tailFirst.subarray(0, Math.min(this.tailFirst.length, size)));
    this.tailFirst = first;
    this.tailLast = resized(this.tailLast, size);
  }
}

/**
 * Sealing copies every sealed posting, so it waits for a quarter as many new ones (the copying
 * stays linear overall); but tail postings cost 12 bytes each against about 1.5 sealed, so it
 * waits for no more than four million.
 */
const MIN_SEAL_POSTINGS = 200_000;
const MAX_TAIL_POSTINGS = 4_000_000;

/** Writes one posting; returns its document, the base of the next gap. */
function encodePosting(writer: ByteWriter, gap: number, tf: number, doc: number): number {
  const code = Math.min(tf, 4) - 1;
  writer.varint(gap * 4 + code);
  if (code === 3) writer.varint(tf - 4);
  return doc;
}

function decodeRun(bytes: Uint8Array, from: number, to: number, visit: (doc: number, tf: number) => void): void {
  let doc = -1;
  let i = from;
  while (i < to) {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[i++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    doc += Math.floor(value / 4);
    let tf = (value & 3) + 1;
    if (tf === 4) {
      let extra = 0;
      shift = 0;
      do {
        byte = bytes[i++];
        extra += (byte & 0x7f) * 2 ** shift;
        shift += 7;
      } while (byte & 0x80);
      tf += extra;
    }
    visit(doc, tf);
  }
}

// ---------------------------------------------------------------------------------------------
// Small utilities: a growable byte writer, varints, base64 (no Node Buffer in the service), a heap.

class ByteWriter {
  length = 0;
  private buffer: Uint8Array;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(Math.max(16, capacity));
  }

  varint(value: number): void {
    this.reserve(8);
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.length++] = (rest & 0x7f) | 0x80;
      rest = Math.floor(rest / 128);
    }
    this.buffer[this.length++] = rest;
  }

  copy(source: Uint8Array, from: number, to: number): void {
    this.reserve(to - from);
    this.buffer.set(source.subarray(from, to), this.length);
    this.length += to - from;
  }

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    this.buffer = resized(this.buffer, Math.max(this.length + extra, this.buffer.length * 2));
  }
}

class ByteReader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  done(): boolean {
    return this.at >= this.bytes.length;
  }

  varint(): number {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = this.bytes[this.at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && this.at <= this.bytes.length);
    return value;
  }
}

type Growable = Int32Array | Uint16Array | Uint8Array;

function resized<T extends Growable>(array: T, size: number): T {
  const next = new (array.constructor as new (size: number) => T)(size);
  next.set(array.subarray(0, Math.min(array.length, size)) as never);
  return next;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_CODES = new Uint8Array(128);
for (let i = 0; i < BASE64.length; i++) BASE64_CODES[BASE64.charCodeAt(i)] = i;

function toBase64(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const CHUNK = 3 * 4096;
  for (let from = 0; from < bytes.length; from += CHUNK) {
    const to = Math.min(bytes.length, from + CHUNK);
    const codes: number[] = [];
    for (let i = from; i < to; i += 3) {
      const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
      codes.push(BASE64.charCodeAt(n >> 18), BASE64.charCodeAt((n >> 12) & 63));
      codes.push(i + 1 < to ? BASE64.charCodeAt((n >> 6) & 63) : 61, i + 2 < to ? BASE64.charCodeAt(n & 63) : 61);
    }
    chunks.push(String.fromCharCode(...codes));
  }
  return chunks.join('');
}

function fromBase64(text: string): Uint8Array {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let at = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n =
      (BASE64_CODES[text.charCodeAt(i)] << 18) | (BASE64_CODES[text.charCodeAt(i + 1)] << 12) |
      (BASE64_CODES[text.charCodeAt(i + 2)] << 6) | BASE64_CODES[text.charCodeAt(i + 3)];
    bytes[at++] = n >> 16;
    if (at < bytes.length) bytes[at++] = (n >> 8) & 255;
    if (at < bytes.length) bytes[at++] = n & 255;
  }
  return bytes;
}

/** The `limit` highest-scoring documents; ties go to the earlier document. */
class MinHeap {
  private readonly docs: number[] = [];
  constructor(private readonly limit: number, private readonly scores: Float32Array) {}

  offer(doc: number): void {
    if (this.docs.length < this.limit) {
      this.docs.push(doc);
      this.up(this.docs.length - 1);
    } else if (this.worse(this.docs[0], doc)) {
      this.docs[0] = doc;
      this.down(0);
    }
  }

  sorted(): number[] {
    return [...this.docs].sort((a, b) => (this.worse(a, b) ? 1 : this.worse(b, a) ? -1 : 0));
  }

  /** Whether `a` ranks below `b`. */
  private worse(a: number, b: number): boolean {
    return this.scores[a] < this.scores[b] || (this.scores[a] === this.scores[b] && a > b);
  }

  private up(i: number): void {
    const docs = this.docs;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(docs[i], docs[parent])) return;
      [docs[i], docs[parent]] = [docs[parent], docs[i]];
      i = parent;
    }
  }

  private down(i: number): void {
    const docs = this.docs;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < docs.length && this.worse(docs[left], docs[worst])) worst = left;
      if (right < docs.length && this.worse(docs[right], docs[worst])) worst = right;
      if (worst === i) return;
      [docs[i], docs[worst]] = [docs[worst], docs[i]];
      i = worst;
    }
  }
}
