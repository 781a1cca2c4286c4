import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { parseReport } from '../../server/out/service/report';
import { DEFAULT_CODEBOOK, type Stance, type Theme, applyCodebookFile, compileCodebook, stanceOf, themesOf } from '../../server/out/service/themes';
import { readSharedReport, sharedReportFiles } from '../helpers/shared';

/**
 * Themes and stance. Sentences are copied from the real reports in ../shared/reports (with their
 * extraction damage); the expected themes and stances are what a reader of each sentence decides.
 * Each test compares the whole list, so a failure shows every sentence that moved.
 */

const book = compileCodebook(DEFAULT_CODEBOOK);

describe('themes', () => {
  describe('the default codebook on real sentences', () => {
    it('finds the themes a reader finds', () => {
      const cases: Array<[string, string[]]> = [
        ['Social workers’ supervision records are variable in quality, detail and frequency, and do not show reflective practice.', ['management-oversight', 'supervision', 'recording']],
        ['The multi-agency safeguarding hub (MASH) makes effective decisions to safeguard children.', ['front-door']],
        ['Children in care benefit from timely accessible support through a dedicated child and adolescent mental health services team.', ['children-in-care', 'health']],
        ['The new virtual headteacher (VHT) has a clear focus on promoting the achievement and well-being of all children and young people in care.', ['children-in-care', 'education']],
        ['Pathway plans for most care leavers are poor.', ['care-leavers']],
        ['Caseloads are too high, and this reduces the ability of social workers to complete appropriately focused direct work with children.', ['workforce', 'voice-of-the-child']],
        ['When children go missing, the local authority response is not consistently robust.', ['exploitation', 'missing']],
        ['Children at risk of exploitation receive good support to increase their safety, from a wide range of multi-agency professionals who know them well.', ['exploitation', 'partnership-working']],
        ['Quality assurance processes are ineffective. Auditing does not provide an accurate picture of the quality of practice.', ['quality-assurance']],
        ['Some disabled children have experienced significant drift and delay in having their need for help and protection met.', ['disabled-children']],
        ['There is an insufficient number of foster carers to meet the high numbers of children in care.', ['children-in-care', 'placements']],
        ['The local authority is part of a regional adoption agency (Adoption Central England).', ['permanence', 'adoption']],
        ['Once cases are escalated into pre-proceedings, there is inconsistent management oversight to support timely applications into court should change not be achieved.', ['management-oversight', 'court']],
        ['An early help panel was established during the COVID-19 pandemic.', ['early-help', 'covid-19']],
        ['Independent reviewing officer oversight provides good scrutiny and challenge.', ['planning', 'independent-reviewing-officers']],
        ['Decisions about protecting children are informed by good information-sharing in well-attended strategy meetings.', ['child-protection', 'partnership-working']],
        ['Children’s wishes and feelings about who they want to live with are carefully obtained and inform court statements.', ['voice-of-the-child', 'court']],
        ['Issues relating to diversity and culture are well understood.', ['equality-diversity']],
        ['Care leavers have priority status for housing, which they often choose themselves, going on to manage their tenancies successfully.', ['care-leavers', 'homelessness']],
        ['When there are contacts about domestic abuse, practitioners incorporate current and historical information into their assessments.', ['assessment', 'front-door', 'domestic-abuse']],
        ['The local authority designated officer provides an effective response to allegations against those working in roles with children.', ['allegations']],
        ['The response to children who live in private fostering arrangements is not sufficiently robust.', ['private-fostering']],
        ['Leaders have focused on building a stable workforce despite challenging recruitment conditions in Outer London.', ['workforce', 'leadership']],
        ['The LSCB does not understand the experiences of children and young people locally and fails to identify where improvements can be made.', ['partnership-working', 'safeguarding-partnership']],
        ['Work with children involved in gang activity is developing, aided by a gangs specialist who is based within the MASH.', ['front-door', 'exploitation', 'criminal-exploitation']],
        ['Some children remain in neglectful situations for too long.', ['neglect']],
        // "Neglected their duties" is not neglect of children.
        ['Leaders have neglected their duties as corporate parents in Newham.', ['children-in-care', 'leadership']],
        // Extraction damage: a lost hyphen and a lost apostrophe.
        ['There is good multiagency attendance at meetings to review the progress children are making.', ['partnership-working']],
        ['The director of childrens services (DCS) has been in post since September 2016.', ['leadership']],
        ['The electronic case recording system is not fit for purpose.', ['recording']],
        ['The inspection team consisted of five of Her Majesty’s Inspectors (HMI) from Ofsted and one contracted Ofsted Inspector.', []],
      ];
      assert.deepStrictEqual(
        cases.map(([text]) => [text, themesOf(text, book)]),
        cases,
      );
    });

    it('compiles without problems, with unique ids, known parents listed before their children, and a description for each theme', () => {
      const ids = DEFAULT_CODEBOOK.map((theme) => theme.id);
      const misplaced = DEFAULT_CODEBOOK.filter((theme, i) => theme.parent !== undefined && !ids.slice(0, i).includes(theme.parent));
      const undescribed = DEFAULT_CODEBOOK.filter((theme) => !theme.description.endsWith('.') || !theme.label);
      assert.deepStrictEqual(
        { problems: book.problems, duplicates: ids.filter((id, i) => ids.indexOf(id) !== i), misplaced, undescribed },
        { problems: [], duplicates: [], misplaced: [], undescribed: [] },
      );
    });

    it('on every finding of the shared reports: every theme matches somewhere, and none matches more than 60% of findings', () => {
      const findings = sharedReportFiles().flatMap((file) => parseReport(readSharedReport(file)).findings);
      const counts = new Map(DEFAULT_CODEBOOK.map((theme) => [theme.id, 0]));
      for (const finding of findings) for (const id of themesOf(finding.text, book)) counts.set(id, (counts.get(id) ?? 0) + 1);
      const unmatched = [...counts].filter(([, count]) => count === 0).map(([id]) => id);
      const undiscriminating = [...counts].filter(([, count]) => count > 0.6 * findings.length).map(([id]) => id);
      assert.ok(findings.length > 1000, `only ${findings.length} findings`);
      assert.deepStrictEqual({ unmatched, undiscriminating }, { unmatched: [], undiscriminating: [] });
    });
  });

  describe('rules', () => {
    const rules: Theme[] = [
      { id: 'oversight', label: 'Oversight', description: '', include: ['management oversight', 'supervis*'], exclude: ['supervision order*'] },
      { id: 'partners', label: 'Partners', description: '', include: ['multi-agency', 'children’s services'] },
      { id: 'missing', label: 'Missing', description: '', parent: 'exploitation', include: ['go missing'] },
      { id: 'exploitation', label: 'Exploitation', description: '', include: ['exploit*'] },
    ];
    const small = compileCodebook(rules);

    it('match whole words, case-insensitively, with "*" ending a word, hyphens optional, apostrophes ignored, and parents added', () => {
      const cases: Array<[string, string[]]> = [
        ['SUPERVISORS meet weekly.', ['oversight']],
        ['Work is unsupervised.', []],
        ['Management\noversight is weak.', ['oversight']],
        ['Oversight by management is weak.', []],
        ['A multi-agency panel.', ['partners']],
        ['A multi agency panel.', ['partners']],
        ['A multiagency panel.', ['partners']],
        ['The childrens services department.', ['partners']],
        ["The children's services department.", ['partners']],
        ['Children who go missing.', ['missing', 'exploitation']],
        ['Children who are exploited.', ['exploitation']],
      ];
      assert.deepStrictEqual(
        cases.map(([text]) => [text, themesOf(text, small)]),
        cases,
      );
    });

    it('mask with exclude rules only the words they cover', () => {
      const cases: Array<[string, string[]]> = [
        ['A supervision order was made.', []],
        ['A supervision order was made, and supervision is regular.', ['oversight']],
      ];
      assert.deepStrictEqual(
        cases.map(([text]) => [text, themesOf(text, small)]),
        cases,
      );
    });

    it('leaves out rules that cannot match, and a second theme with the same id', () => {
      const codebook = compileCodebook([
        { id: 'a', label: 'A', description: '', include: ['ok', 'a*', 'and/or', 'mid*dle', 'self-'] },
        { id: 'a', label: 'A again', description: '', include: ['other'] },
      ]);
      assert.deepStrictEqual(
        { themes: codebook.themes.map((theme) => theme.label), problems: codebook.problems },
        {
          themes: ['A'],
          problems: [
            'The theme id "a" is used twice; the second theme was left out.',
            'Theme "a": the rule "a*" was left out: "a*" would match too many words: put at least three letters before "*".',
            'Theme "a": the rule "and/or" was left out: "/" cannot be matched: rules are words, with "*" at the end of a word and "-" between word parts.',
            'Theme "a": the rule "mid*dle" was left out: "*" can only end a word ("mid*dle").',
            'Theme "a": the rule "self-" was left out: "-" must join two word parts ("self-").',
          ],
        },
      );
    });
  });
});

describe('stance', () => {
  it('reads real findings as a reader does', () => {
    const cases: Array<[string, Stance]> = [
      ['The multi-agency safeguarding hub (MASH) makes effective decisions to safeguard children.', 'strength'],
      ['Pathway plans for most care leavers are poor.', 'weakness'],
      ['Caseloads are too high, and this reduces the ability of social workers to complete appropriately focused direct work with children.', 'weakness'],
      ['The vast majority of staff receive regular supervision, although the quality and impact of supervision are variable.', 'mixed'],
      ['Quality assurance processes are ineffective.', 'weakness'],
      ['Children do not have to wait for assessments to be completed to receive the services they need.', 'strength'],
      ['Strategy meetings do not always identify the necessary actions to progress the child protection enquiry or to keep children safe during the enquiry period.', 'weakness'],
      ['Independent reviewing officer oversight provides good scrutiny and challenge.', 'strength'],
      ['Issues relating to diversity and culture are well understood.', 'strength'],
      ["This letter summarises the findings of the focused visit to Haringey children's services on 9 and 10 March 2021.", 'neutral'],
      ['Approximately 34% of the local authority’s children are living in poverty.', 'neutral'],
      ['Most children in care progress well in education.', 'strength'],
      ['PEPs are reviewed regularly; however, there is variability in the quality and ambition in setting children’s targets.', 'mixed'],
      ['The practice of IROs is not robust enough to identify and challenge when drift and delay is occurring.', 'weakness'],
      ['Social workers undertake very high-quality, analytical and thoughtful assessments.', 'strength'],
      ['There is a lack of robust management oversight of these placements to ensure that children are being safeguarded effectively.', 'weakness'],
      ['Plans include clear targets and are regularly reviewed, which reduces drift and delay in meeting the needs of young people.', 'strength'],
      ['Senior managers’ line of sight of frontline practice is not sufficiently robust.', 'weakness'],
      ['Thresholds are not consistently applied by all partners.', 'weakness'],
      ['Care leavers told inspectors that they felt safe in their accommodation.', 'strength'],
      ['Multi-agency engagement is good, but reviews are not consistently preventing drift or securing improved outcomes for all children.', 'mixed'],
      ['More needs to be done to ensure that the voice of the child is better recorded in casework.', 'weakness'],
      ['The self-assessment provided as part of this inspection process was weak and inaccurate.', 'weakness'],
    ];
    assert.deepStrictEqual(
      cases.map(([text]) => [text, stanceOf(text)]),
      cases,
    );
  });
});

describe('the codebook file', () => {
  const BASE: Theme[] = [
    { id: 'exploitation', label: 'Exploitation', description: 'Children at risk of exploitation.', include: ['exploit*'] },
    { id: 'missing', label: 'Children missing', description: 'Children who go missing.', parent: 'exploitation', include: ['go missing', 'return home interview*'] },
    { id: 'covid-19', label: 'COVID-19', description: 'The pandemic.', include: ['covid*', 'pandemic'] },
  ];
  const [exploitation, missing, covid] = BASE;

  function apply(lines: string[]) {
    return applyCodebookFile(BASE, lines.join('\n'));
  }

  it('adds a theme after the others', () => {
    const file = [
      '{ "themes": [',
      '  { "id": "neglect", "label": "Neglect", "description": "Children living with neglect.", "include": ["neglect*", "graded care profile"] }',
      '] }',
    ];
    assert.deepStrictEqual(apply(file), {
      themes: [...BASE, { id: 'neglect', label: 'Neglect', description: 'Children living with neglect.', include: ['neglect*', 'graded care profile'] }],
      problems: [],
    });
  });

  it('renames a theme, adds rules to it, and replaces the rules of another', () => {
    const file = [
      '{ "themes": [',
      '  { "id": "missing", "label": "Missing from home, care or education", "alsoInclude": ["missing education"], "alsoExclude": ["missing education data"] },',
      '  { "id": "covid-19", "description": "Lockdowns and their effects.", "include": ["lockdown*"] }',
      '] }',
    ];
    assert.deepStrictEqual(apply(file), {
      themes: [
        exploitation,
        { ...missing, label: 'Missing from home, care or education', include: ['go missing', 'return home interview*', 'missing education'], exclude: ['missing education data'] },
        { ...covid, description: 'Lockdowns and their effects.', include: ['lockdown*'] },
      ],
      problems: [],
    });
  });

  it('nests a new theme under another and moves a theme to the top level', () => {
    const file = [
      '{ "themes": [',
      '  { "id": "county-lines", "label": "County lines", "parent": "exploitation", "include": ["county lines"] },',
      '  { "id": "missing", "parent": null }',
      '] }',
    ];
    assert.deepStrictEqual(apply(file), {
      themes: [exploitation, { id: 'missing', label: 'Children missing', description: 'Children who go missing.', include: ['go missing', 'return home interview*'] }, covid, { id: 'county-lines', label: 'County lines', description: '', parent: 'exploitation', include: ['county lines'] }],
      problems: [],
    });
  });

  it('removes themes; the children of a removed theme move up to its parent', () => {
    const file = ['{ "themes": [ { "id": "exploitation", "remove": true }, { "id": "covid-19", "remove": true }, { "id": "neglect", "remove": true } ] }'];
    assert.deepStrictEqual(apply(file), {
      themes: [{ id: 'missing', label: 'Children missing', description: 'Children who go missing.', include: ['go missing', 'return home interview*'] }],
      problems: ['Theme "neglect" cannot be removed: there is no theme with that id.'],
    });
  });

  it('applies nothing from a file that is not valid JSON, and says where the mistake is', () => {
    const file = [
      '{',
      '  "themes": [',
      '    { "id": "neglect", "include": ["neglect*"] }',
      '    { "id": "covid-19", "remove": true }',
      '  ]',
      '}',
    ];
    assert.deepStrictEqual(apply(file), {
      themes: BASE,
      problems: ["The codebook file is not valid JSON: expected ',' or ']' after array element (line 4, column 5). Nothing in it was applied."],
    });
  });

  it('accepts comments and trailing commas, as VS Code settings do', () => {
    const file = [
      '// Our local themes',
      '{ "themes": [',
      '  /* renamed for the QA panel */ { "id": "covid-19", "label": "Pandemic", },',
      '], }',
    ];
    assert.deepStrictEqual(apply(file), { themes: [exploitation, missing, { ...covid, label: 'Pandemic' }], problems: [] });
  });

  it('places a theme whose parent does not exist at the top level', () => {
    const file = ['{ "themes": [ { "id": "county-lines", "label": "County lines", "parent": "criminal-exploitation", "include": ["county lines"] } ] }'];
    assert.deepStrictEqual(apply(file), {
      themes: [...BASE, { id: 'county-lines', label: 'County lines', description: '', include: ['county lines'] }],
      problems: ['Theme "county-lines" names the parent "criminal-exploitation", which is not a theme; it is placed at the top level.'],
    });
  });

  it('breaks a loop of parents at the link the file set last', () => {
    const file = [
      '{ "themes": [',
      '  { "id": "criminal-exploitation", "label": "Criminal exploitation", "parent": "missing", "include": ["county lines"] },',
      '  { "id": "exploitation", "parent": "criminal-exploitation" }',
      '] }',
    ];
    assert.deepStrictEqual(apply(file), {
      themes: [...BASE, { id: 'criminal-exploitation', label: 'Criminal exploitation', description: '', parent: 'missing', include: ['county lines'] }],
      problems: ['The themes "exploitation" → "criminal-exploitation" → "missing" → "exploitation" form a loop of parents; "exploitation" is placed at the top level.'],
    });
  });

  it('reports each invalid entry and field, and still applies the rest', () => {
    const file = [
      '{ "version": 2, "themes": [',
      '  "neglect",',
      '  { "label": "No id" },',
      '  { "id": "Foster Care" },',
      '  { "id": "covid-19", "label": "", "inclde": ["lockdown*"], "remove": "yes" },',
      '  { "id": "missing", "label": "Missing children", "include": ["go missing", "a*", 7], "exclude": "missing data", "parent": 3 },',
      '  { "id": "grouping", "label": "A grouping with nothing under it" }',
      '] }',
    ];
    assert.deepStrictEqual(apply(file), {
      themes: [exploitation, { ...missing, label: 'Missing children', include: ['go missing'] }, covid, { id: 'grouping', label: 'A grouping with nothing under it', description: '', include: [] }],
      problems: [
        'The field "version" at the top of the codebook file is not known; it was ignored.',
        'Theme 1 in the codebook file is not an object such as { "id": "neglect" }; it was ignored.',
        'Theme 2 in the codebook file was ignored: it has no "id".',
        'Theme 3 in the codebook file was ignored: its id "Foster Care" is not valid: use lower-case letters, digits and hyphens, such as "foster-care".',
        'Theme "covid-19": the field "inclde" is not known and was ignored (the fields are id, label, description, parent, include, exclude, alsoInclude, alsoExclude, remove).',
        'Theme "covid-19": "remove" must be true to remove the theme; the entry was ignored.',
        'Theme "missing": "parent" must be the id of a theme, or null for the top level; it was ignored.',
        'Theme "missing": the include rule "a*" was left out: "a*" would match too many words: put at least three letters before "*".',
        'Theme "missing": the include rule 7 was left out: a rule must be text in quotes.',
        'Theme "missing": "exclude" must be a list of rules, such as ["neglect*", "graded care profile"]; it was ignored.',
        'Theme "grouping" has no include rules and no themes under it, so it matches no finding.',
      ],
    });
  });

  it('changes what the default codebook finds', () => {
    const file = '{ "themes": [ { "id": "kinship-care", "label": "Kinship care", "parent": "placements", "include": ["kinship", "connected carer*"] }, { "id": "covid-19", "remove": true } ] }';
    const { themes, problems } = applyCodebookFile(DEFAULT_CODEBOOK, file);
    const changed = compileCodebook(themes);
    const text = 'Assessments of connected carers during the pandemic are thorough.';
    assert.deepStrictEqual(
      { problems, before: themesOf(text, book), after: themesOf(text, changed) },
      { problems: [], before: ['assessment', 'children-in-care', 'placements', 'covid-19'], after: ['assessment', 'children-in-care', 'placements', 'kinship-care'] },
    );
  });

  it('never throws, and always gives a codebook that compiles without problems and has no loops, whatever the file holds', () => {
    const word = fc.constantFrom('neglect*', 'multi-agency', 'a*', '', 'x/y', 'children’s', 'go missing', 7, null);
    const entry = fc.record(
      {
        id: fc.constantFrom('exploitation', 'missing', 'covid-19', 'new-theme', 'Bad Id', 3),
        label: fc.oneof(fc.string(), fc.integer()),
        parent: fc.constantFrom('exploitation', 'missing', 'covid-19', 'new-theme', 'unknown', null, 5),
        include: fc.oneof(fc.array(word), fc.string()),
        alsoExclude: fc.array(word),
        remove: fc.constantFrom(true, false, 'yes'),
      },
      { requiredKeys: [] },
    );
    const file = fc.oneof(
      fc.array(entry).map((themes) => JSON.stringify({ themes })),
      fc.string(),
      fc.json(),
    );
    fc.assert(
      fc.property(file, fc.string(), (text, finding) => {
        const { themes, problems } = applyCodebookFile(BASE, text);
        const codebook = compileCodebook(themes);
        const byId = new Map(themes.map((theme) => [theme.id, theme]));
        for (const theme of themes) {
          // Every parent exists, and following parents always reaches the top.
          let steps = 0;
          for (let at: Theme | undefined = theme; at?.parent !== undefined; at = byId.get(at.parent)) {
            assert.ok(byId.has(at.parent) && ++steps <= themes.length, `theme ${theme.id} has a broken chain of parents`);
          }
        }
        assert.ok(Array.isArray(problems));
        assert.deepStrictEqual(codebook.problems, []);
        assert.ok(Array.isArray(themesOf(finding, codebook)));
        assert.ok(['strength', 'weakness', 'mixed', 'neutral'].includes(stanceOf(finding)));
      }),
      { numRuns: 300 },
    );
  });
});
