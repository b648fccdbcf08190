//! Person-name detection for Dutch letters.
//!
//! Names are not checksummed, so this detector works from *evidence*, never from capitalisation
//! alone:
//!
//! * a title or form of address before it (`mevrouw`, `mw.`, `dhr.`, `de heer`, `meneer`,
//!   `fam.`, `juf`, …): `mevrouw [NAAM]` — the title stays, the name goes;
//! * a salutation at the start of a line (`Beste …`, `Geachte …`, `Hoi …`);
//! * a closing (`Met vriendelijke groet,` / `Hoogachtend,` / `Groet,` …) followed by a name;
//! * initials (`J. de Vries`, `A.B. El Amrani`, `K. van der Berg`);
//! * a first name from the embedded list followed by a surname (`Mohamed Bouzid`, `Jan van Dijk`);
//! * a family/role word (`mijn zoon Daan`, `mijn buurvrouw, Fatma`), a label (`naam: …`,
//!   `mijn naam is …`), or a surname from the embedded list with its tussenvoegsel
//!   (`Van den Berg`, `De Vries`).
//!
//! A name phrase is: optional initials, then 1..N capitalised name words, each optionally
//! preceded by tussenvoegsels (`van`, `van der`, `de`, `ten`, `el`, `van 't`, …), all on one
//! line separated by single spaces. A name word is never a function word, role noun,
//! organisation or place from `geen_namen.txt` / `plaatsen.txt`, never ALL CAPS (so our own
//! placeholders such as `[NAAM]` are never re-matched), and a phrase that runs into a street
//! name (`Jan Pieter Heijestraat`) is a street, not a person.

use std::collections::HashSet;

use once_cell::sync::Lazy;
use regex::Regex;

use super::structured::looks_like_street;
use super::text::{is_inline_space, next_char, prev_char};
use super::{Finding, PiiKind};

const FIRST_NAMES: &str = include_str!("voornamen.txt");
const SURNAMES: &str = include_str!("achternamen.txt");
const NOT_NAMES: &str = include_str!("geen_namen.txt");
pub(crate) const PLACES: &str = include_str!("plaatsen.txt");

/// Tussenvoegsels and name particles (compared in lower case).
const PARTICLES: &[&str] = &[
    "van", "der", "den", "de", "ter", "ten", "te", "het", "'t", "’t", "'s", "’s", "el", "la", "le",
    "du", "da", "dos", "di", "von", "ait", "abou", "abu", "bin", "op",
    // Chinese-Surinamese names: "Tjon A Fong", "Lie A Ling".
    "a",
];

/// Words directly before a single capital + dot that make it a label, not an initial
/// ("bijlage A. De …", "artikel B. …").
const INITIAL_BLOCKERS: &[&str] = &[
    "bijlage",
    "artikel",
    "lid",
    "punt",
    "fase",
    "type",
    "klasse",
    "categorie",
    "groep",
    "blok",
    "zone",
    "vak",
    "paragraaf",
    "hoofdstuk",
    "nr",
    "nummer",
    "sector",
    "optie",
    "variant",
    "plan",
    "vitamine",
    "kamer",
    "bus",
    "lijn",
    "tram",
    "versie",
    "deel",
    "niveau",
    "route",
    "ingang",
    "stap",
    "vraag",
    "antwoord",
    "label",
    "schaal",
];

/// Endings of institution words: "Emma Kinderziekenhuis", "Cornelius Haga School" are not
/// people. A name word never ends like this, and a phrase followed by one is dropped.
const INSTITUTION_SUFFIXES: &[&str] = &[
    "ziekenhuis",
    "school",
    "college",
    "kliniek",
    "centrum",
    "museum",
    "kerk",
    "moskee",
    "academie",
    "lyceum",
    "gymnasium",
    "gasthuis",
    "stichting",
    "fonds",
    "theater",
    "bibliotheek",
    "station",
    "markt",
    "huis",
];

/// First names that are too often something else (a shop, a flower, an abbreviation) to be
/// redacted when they stand alone without any other evidence.
const SINGLE_NAME_AMBIGUOUS: &[&str] = &[
    "Dirk",
    "Roos",
    "Iris",
    "Max",
    "Mark",
    "Bob",
    "Rosa",
    "Said",
    "Sam",
    "Leo",
    "Lex",
    "Jumbo",
    "Maria",
    "Marie",
    "Ama",
    "Ana",
    "Wei",
    "Amit",
    "Prem",
    "Adam",
    "Noah",
    "Emma",
    "Sophie",
    "Anna",
    "Julia",
    "Christian",
    "James",
    "John",
    "Chris",
    "Carmen",
    "Ali",
];

/// Abbreviated first names written like initials.
const MULTI_LETTER_INITIALS: &[&str] = &["Th", "Ph", "Chr", "Joh", "Wm", "Jac", "Fr", "Corn"];

fn list_lines(src: &str) -> impl Iterator<Item = &str> {
    src.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

static TITLE: Lazy<Regex> = Lazy::new(|| {
    // Full words take no dot (a dot after them ends the sentence: "bij familie. Alvast …");
    // abbreviations may have one.
    Regex::new(
        r"(?i)(?-u:\b)(?:(?:mevrouw|mejuffrouw|de[ \u{a0}]+heer|heer|meneer|mijnheer|familie|wijlen|dokter|zuster|juf|juffrouw|meester|buurman|buurvrouw|wijkagent)|(?:mevr|mw|mvr|mej|mr|dr|drs|ir|prof|fam|dhr)(?-u:\b)\.?)(?:[ \u{a0}]+(?:mr|dr|drs|ir|prof)(?-u:\b)\.?)*[ \u{a0}]+",
    )
    .expect("title regex")
});
static SALUTATION: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?im)^[ \t]*(?:beste|lieve|geachte|hoi|hallo|dag|hey|hee|goedemorgen|goedemiddag|goedenavond|goedendag)(?-u:\b)[ \u{a0}]+",
    )
    .expect("salutation regex")
});
static CLOSING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?im)(?:^|[.!?][ \t]+)[ \t]*(?:(?:met[ \t]+(?:een[ \t]+)?)?(?:vriendelijke|hartelijke|beste|lieve|warme|zonnige|sportieve|hoogachtende|vriendelijk)[ \t]+groet(?:en|jes)?|groet(?:en|jes)?|hoogachtend|mvg|gr|m\.v\.g|met[ \t]+de[ \t]+meeste[ \t]+hoogachting|liefs|dank[ \t]+u[ \t]+wel|bij[ \t]+voorbaat[ \t]+dank|alvast[ \t]+bedankt)(?-u:\b)[ \t]*[,.!:]?[ \t]*(?:\r?\n[ \t]*){0,3}",
    )
    .expect("closing regex")
});
static KIN: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:mijn|onze|zijn|haar|hun|uw|de|het)[ \u{a0}]+(?:zoon(?:tje)?|dochter(?:tje)?|moeder|vader|broer(?:tje)?|zus(?:je)?|zuster|man|vrouw|partner|vriend(?:in)?|buurman|buurvrouw|buurjongen|buurmeisje|oma|opa|tante|oom|neef(?:je)?|nicht(?:je)?|kind|kleinzoon|kleindochter|echtgeno(?:ot|te)|schoonmoeder|schoonvader|schoonzoon|schoondochter|ex|ex-man|ex-vrouw|stiefzoon|stiefdochter|pleegzoon|pleegdochter|cliënt|client|begeleider|begeleidster|mentor|huisgenoot|collega|werkgever|hulpverlener|casemanager|contactpersoon|klantmanager|consulent|huisarts|verhuurder|huisbaas|bewindvoerder|mantelzorger|advocaat|kinderen|zonen|dochters|kleinkinderen|buren|medewerker|medewerkster|behandelaar|behandelaarster|ambtenaar|teamleider|leidinggevende|docent|docente|leraar|lerares|arts|verpleegkundige|wijkverpleegkundige|schuldhulpverlener|budgetcoach|jurist|coach|maatschappelijk[ \u{a0}]+werker)(?:[ \u{a0}]*,)?[ \u{a0}]+",
    )
    .expect("kin regex")
});
static LABEL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:naam(?:[ \u{a0}]+(?:beller|bellers|cliënte?|client|melder|aanvrager|aanvraagster|klager|klaagster|verzoeker|verzoekster|ouder|kind|partner|moeder|vader|zoon|dochter|huurder|bewoner|contactpersoon))?|achternaam|voornaam|voornamen|genaamd|ondergetekende|heet|heette|heten)(?-u:\b)(?:[ \u{a0}]+is)?[ \u{a0}]*:?[ \u{a0}]*",
    )
    .expect("label regex")
});
static IK_BEN: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)(?-u:\b)ik[ \u{a0}]+ben[ \u{a0}]+").expect("ik-ben regex"));
static WORD: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"['’][ts](?-u:\b)|[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*").expect("word regex")
});

pub(crate) fn warm_up() {
    for r in [&TITLE, &SALUTATION, &CLOSING, &KIN, &LABEL, &IK_BEN, &WORD] {
        Lazy::force(r);
    }
}

/// The embedded word lists, parsed once per [`super::Guard`].
#[derive(Debug)]
pub(crate) struct Lexicon {
    /// First names exactly as capitalised in the list.
    first: HashSet<String>,
    /// Surnames without tussenvoegsel, lower case ("bakker").
    surname_solo: HashSet<String>,
    /// Surnames with tussenvoegsel, lower case, single-spaced ("van den berg").
    surname_with_particle: HashSet<String>,
    /// Lower-case words that are never a name word (function words, roles, organisations, places).
    pub(crate) stop: HashSet<String>,
    /// Lower-case phrases that are organisations or places named after people.
    phrases: Vec<String>,
    /// Lower-case place names (also in `stop`).
    pub(crate) places: HashSet<String>,
    /// Occurrences of the exception phrases (any case, space or hyphen between words).
    phrase_re: Option<Regex>,
}

impl Lexicon {
    pub(crate) fn load() -> Self {
        let places: HashSet<String> = list_lines(PLACES).map(str::to_lowercase).collect();
        let mut stop: HashSet<String> = HashSet::new();
        let mut phrases = Vec::new();
        for l in list_lines(NOT_NAMES) {
            let l = l.to_lowercase();
            if l.contains(' ') {
                phrases.push(l);
            } else {
                stop.insert(l);
            }
        }
        for p in &places {
            if p.contains(' ') {
                phrases.push(p.clone());
            } else {
                stop.insert(p.clone());
            }
        }
        let first: HashSet<String> = list_lines(FIRST_NAMES)
            .filter(|n| !stop.contains(&n.to_lowercase()))
            .map(str::to_string)
            .collect();
        let mut surname_solo = HashSet::new();
        let mut surname_with_particle = HashSet::new();
        for l in list_lines(SURNAMES) {
            let l = l.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            let mut words = l.split(' ').collect::<Vec<_>>();
            let last = words.pop().unwrap_or_default();
            if words.is_empty() {
                if !stop.contains(last) {
                    surname_solo.insert(l.clone());
                }
            } else if words.iter().all(|w| PARTICLES.contains(w)) {
                surname_with_particle.insert(l.clone());
            } else {
                // Multi-word surnames without particles ("El Amrani" has one): treat as solo of
                // their last word only when that word is distinctive enough.
                surname_with_particle.insert(l.clone());
            }
        }
        let alts: Vec<String> = phrases
            .iter()
            .map(|p| p.split(' ').map(regex::escape).collect::<Vec<_>>().join(r"[ \u{a0}\-]+"))
            .collect();
        let phrase_re = if alts.is_empty() {
            None
        } else {
            Regex::new(&format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", alts.join("|"))).ok()
        };
        Self { first, surname_solo, surname_with_particle, stop, phrases, places, phrase_re }
    }

    #[cfg(test)]
    pub(crate) fn first_name_count(&self) -> usize {
        self.first.len()
    }

    #[cfg(test)]
    pub(crate) fn surname_count(&self) -> usize {
        self.surname_solo.len() + self.surname_with_particle.len()
    }
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    s: usize,
    e: usize,
}

struct Ctx<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    lex: &'a Lexicon,
}

#[derive(Debug, Clone, Copy)]
struct Phrase {
    start: usize,
    end: usize,
    initials: usize,
    words: usize,
    /// Index of the last token used.
    last: usize,
}

fn is_institution(w: &str) -> bool {
    let l = w.to_lowercase();
    INSTITUTION_SUFFIXES.iter().any(|suf| l.ends_with(suf))
}

fn is_particle_str(w: &str) -> bool {
    let l = w.to_lowercase();
    PARTICLES.contains(&l.as_str())
}

impl<'a> Ctx<'a> {
    fn new(text: &'a str, lex: &'a Lexicon) -> Self {
        let toks = WORD.find_iter(text).map(|m| Tok { s: m.start(), e: m.end() }).collect();
        Self { text, toks, lex }
    }

    fn word(&self, i: usize) -> &'a str {
        &self.text[self.toks[i].s..self.toks[i].e]
    }

    /// Index of the token that starts exactly at byte `pos`.
    fn tok_at(&self, pos: usize) -> Option<usize> {
        self.toks.binary_search_by_key(&pos, |t| t.s).ok()
    }

    fn gap(&self, i: usize) -> Option<&'a str> {
        let next = self.toks.get(i + 1)?;
        Some(&self.text[self.toks[i].e..next.s])
    }

    /// Tokens `i` and `i+1` are separated by one or two inline spaces and nothing else.
    fn inline_gap(&self, i: usize) -> bool {
        self.gap(i).is_some_and(|g| {
            !g.is_empty() && g.chars().count() <= 2 && g.chars().all(is_inline_space)
        })
    }

    fn is_initial(&self, i: usize) -> bool {
        let w = self.word(i);
        let mut cs = w.chars();
        let single = matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase());
        (single || MULTI_LETTER_INITIALS.contains(&w))
            && next_char(self.text, self.toks[i].e) == Some('.')
    }

    /// After initial `i`: "." or ". " (one inline space) up to the next token.
    fn initial_gap_ok(&self, i: usize) -> bool {
        match self.gap(i) {
            Some(g) => {
                let rest = g.strip_prefix('.').unwrap_or("x");
                rest.is_empty() || (rest.chars().count() == 1 && rest.chars().all(is_inline_space))
            }
            None => false,
        }
    }

    fn is_particle(&self, i: usize) -> bool {
        is_particle_str(self.word(i))
    }

    fn is_name_word(&self, i: usize) -> bool {
        let w = self.word(i);
        let mut cs = w.chars();
        let Some(first) = cs.next() else { return false };
        if !first.is_uppercase() {
            return false;
        }
        // At least one lower-case letter after the first: rules out ALL CAPS (acronyms, our own
        // placeholders) and single letters.
        if !cs.any(char::is_lowercase) {
            return false;
        }
        let lw = w.to_lowercase();
        if self.lex.stop.contains(&lw) || is_particle_str(w) {
            return false;
        }
        // "Jansen-de" style double names are fine; a street or institution word is not a name
        // word.
        !looks_like_street(w) && !is_institution(w)
    }

    /// Parse a name phrase starting at token `i`.
    fn phrase(&self, i: usize, max_words: usize) -> Option<Phrase> {
        let n = self.toks.len();
        if i >= n {
            return None;
        }
        let start = self.toks[i].s;
        let mut j = i;
        let mut initials = 0;
        while j < n && self.is_initial(j) && initials < 5 {
            if !self.initial_gap_ok(j) {
                return None;
            }
            initials += 1;
            j += 1;
        }
        let mut words = 0;
        let mut last = None;
        let mut k = j;
        while k < n && words < max_words {
            if words > 0 && !self.inline_gap(k - 1) {
                break;
            }
            let mut m = k;
            let mut parts = 0;
            while m < n && parts < 3 && self.is_particle(m) && self.inline_gap(m) {
                m += 1;
                parts += 1;
            }
            if m < n && self.is_name_word(m) {
                words += 1;
                last = Some(m);
                k = m + 1;
            } else {
                break;
            }
        }
        let last = last?;
        Some(Phrase { start, end: self.toks[last].e, initials, words, last })
    }

    /// Drop phrases that are really streets, organisations or places named after people.
    fn accept(&self, p: &Phrase) -> bool {
        if p.last + 1 < self.toks.len() && self.inline_gap(p.last) {
            let next = self.word(p.last + 1);
            if looks_like_street(next) || is_institution(next) {
                return false;
            }
        }
        let span = self.text[p.start..p.end].to_lowercase().replace('-', " ");
        !self.lex.phrases.iter().any(|ph| span.starts_with(ph.as_str()))
    }

    fn emit(&self, p: Phrase, out: &mut Vec<Finding>) {
        if self.accept(&p) {
            out.push(Finding { kind: PiiKind::Naam, start: p.start, end: p.end });
        }
    }

    /// A trigger regex ends right before a name: parse the phrase at the next token.
    fn after_trigger(&self, re: &Regex, max_words: usize, out: &mut Vec<Finding>) {
        for m in re.find_iter(self.text) {
            if let Some(i) = self.tok_at(m.end()) {
                if let Some(p) = self.phrase(i, max_words) {
                    self.emit(p, out);
                }
            }
        }
    }

    /// Like [`Self::after_trigger`], but matches may overlap: "Alvast bedankt. Groet, Pinas"
    /// has two closings, and the name follows the second.
    fn after_trigger_overlapping(&self, re: &Regex, max_words: usize, out: &mut Vec<Finding>) {
        let mut pos = 0;
        while let Some(m) = re.find_at(self.text, pos) {
            if let Some(i) = self.tok_at(m.end()) {
                if let Some(p) = self.phrase(i, max_words) {
                    self.emit(p, out);
                }
            }
            pos = m.start() + next_char(self.text, m.start()).map_or(1, char::len_utf8);
            if pos > self.text.len() {
                break;
            }
        }
    }

    /// After a family/role word: the name, and further names in a list
    /// ("mijn kinderen Daan, Sem en Noor").
    fn kin_lists(&self, out: &mut Vec<Finding>) {
        for m in KIN.find_iter(self.text) {
            let Some(mut i) = self.tok_at(m.end()) else {
                continue;
            };
            while let Some(p) = self.phrase(i, 4) {
                // "de consulent van Werk en Inkomen": after a role word, a lower-case "van …"
                // is usually "of <organisation>"; keep it only for a listed surname.
                let w = self.word(i);
                if w.chars().next().is_some_and(char::is_lowercase) && is_particle_str(w) {
                    let key = (i..=p.last)
                        .map(|k| self.word(k).to_lowercase())
                        .collect::<Vec<_>>()
                        .join(" ");
                    if !self.lex.surname_with_particle.contains(&key) {
                        break;
                    }
                }
                self.emit(p, out);
                let Some(gap) = self.gap(p.last) else { break };
                let g = gap.trim_matches(is_inline_space);
                if !(g.is_empty() || g == "," || g == "&") {
                    break;
                }
                let mut j = p.last + 1;
                if self.word(j) == "en" && self.inline_gap(j) {
                    j += 1;
                } else if g.is_empty() {
                    break; // a plain space without "en" does not continue a list
                }
                i = j;
            }
        }
    }

    /// "ik ben X": a listed first name, or a first + last name.
    fn ik_ben(&self, out: &mut Vec<Finding>) {
        for m in IK_BEN.find_iter(self.text) {
            let Some(i) = self.tok_at(m.end()) else {
                continue;
            };
            if let Some(p) = self.phrase(i, 4) {
                if p.words >= 2 || self.lex.first.contains(self.word(i)) {
                    self.emit(p, out);
                }
            }
        }
    }

    /// A listed first name standing alone in the middle of a sentence ("aan Wouter gevraagd").
    /// Not at a sentence start (could be an ordinary word there), not for the ambiguous ones.
    fn single_first_names(&self, out: &mut Vec<Finding>) {
        for i in 0..self.toks.len() {
            let w = self.word(i);
            if !self.lex.first.contains(w)
                || SINGLE_NAME_AMBIGUOUS.contains(&w)
                || !self.is_name_word(i)
            {
                continue;
            }
            let before = self.text[..self.toks[i].s].trim_end_matches(is_inline_space);
            let mid_sentence =
                before.chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == ',');
            if !mid_sentence {
                continue;
            }
            // Followed by another capitalised word: a two-word name (handled elsewhere) or an
            // organisation ("Albert Heijn"), not a lone first name.
            if self.inline_gap(i) && self.word(i + 1).chars().next().is_some_and(char::is_uppercase)
            {
                continue;
            }
            // The previous word must not be a capitalised word either ("Sint Maarten").
            if i > 0
                && self.inline_gap(i - 1)
                && self.word(i - 1).chars().next().is_some_and(char::is_uppercase)
            {
                continue;
            }
            let (s, e) = (self.toks[i].s, self.toks[i].e);
            self.emit(Phrase { start: s, end: e, initials: 0, words: 1, last: i }, out);
        }
    }

    fn initials_anywhere(&self, out: &mut Vec<Finding>) {
        for i in 0..self.toks.len() {
            if !self.is_initial(i) {
                continue;
            }
            // Start of an initials run only: not right after a letter or a dot ("U.W.V.", "t.a.v.").
            if prev_char(self.text, self.toks[i].s).is_some_and(|c| c.is_alphanumeric() || c == '.')
            {
                continue;
            }
            if i > 0 {
                let prev = self.word(i - 1).to_lowercase();
                if INITIAL_BLOCKERS.contains(&prev.as_str()) {
                    continue;
                }
            }
            if let Some(p) = self.phrase(i, 4) {
                if p.initials > 0 {
                    self.emit(p, out);
                }
            }
        }
    }

    fn first_name_pairs(&self, out: &mut Vec<Finding>) {
        for i in 0..self.toks.len() {
            if !self.lex.first.contains(self.word(i)) {
                continue;
            }
            if let Some(p) = self.phrase(i, 4) {
                if p.words >= 2 {
                    self.emit(p, out);
                }
            }
        }
    }

    fn known_surnames(&self, out: &mut Vec<Finding>) {
        let n = self.toks.len();
        for i in 0..n {
            // (a) Capitalised tussenvoegsel(s) + surname: "Van den Berg", "De Vries", "El Amrani".
            let w = self.word(i);
            if w.chars().next().is_some_and(char::is_uppercase) {
                let mut key = w.to_lowercase();
                let mut m = i;
                while m + 1 < n && m - i < 3 && self.inline_gap(m) {
                    m += 1;
                    key.push(' ');
                    key.push_str(&self.word(m).to_lowercase());
                    if self.lex.surname_with_particle.contains(&key) && self.is_name_word(m) {
                        self.emit(
                            Phrase {
                                start: self.toks[i].s,
                                end: self.toks[m].e,
                                initials: 0,
                                words: 1,
                                last: m,
                            },
                            out,
                        );
                        break;
                    }
                    if !self.is_particle(m) {
                        break;
                    }
                }
            }
            // (b) Any capitalised name word + (tussenvoegsels +) a listed surname: "Gijs Bakker".
            if self.is_name_word(i) {
                if let Some(p) = self.phrase(i, 4) {
                    if p.words >= 2 && self.ends_in_known_surname(i, &p) {
                        self.emit(p, out);
                    }
                }
            }
        }
    }

    fn ends_in_known_surname(&self, i: usize, p: &Phrase) -> bool {
        // Look at every name word after the first: solo surname, or particles + surname.
        let mut parts: Vec<String> = Vec::new();
        for k in (i + 1)..=p.last {
            let lw = self.word(k).to_lowercase();
            if self.is_particle(k) {
                parts.push(lw);
                continue;
            }
            let with =
                if parts.is_empty() { lw.clone() } else { format!("{} {}", parts.join(" "), lw) };
            if self.lex.surname_solo.contains(&lw) || self.lex.surname_with_particle.contains(&with)
            {
                return true;
            }
            parts.clear();
        }
        false
    }
}

/// All name candidates in `text` (may overlap; the guard resolves overlaps).
pub(crate) fn detect_names(text: &str, lex: &Lexicon, out: &mut Vec<Finding>) {
    let ctx = Ctx::new(text, lex);
    if ctx.toks.is_empty() {
        return;
    }
    ctx.after_trigger(&TITLE, 4, out);
    ctx.after_trigger(&SALUTATION, 4, out);
    ctx.after_trigger_overlapping(&CLOSING, 5, out);
    ctx.kin_lists(out);
    ctx.after_trigger(&LABEL, 5, out);
    ctx.ik_ben(out);
    ctx.initials_anywhere(out);
    ctx.first_name_pairs(out);
    ctx.known_surnames(out);
    ctx.single_first_names(out);
    // Drop anything that overlaps an organisation / place named after a person.
    if let Some(re) = &lex.phrase_re {
        let hits: Vec<(usize, usize)> = re.find_iter(text).map(|m| (m.start(), m.end())).collect();
        if !hits.is_empty() {
            out.retain(|f| f.kind != PiiKind::Naam || !super::overlaps_any(&hits, f.start, f.end));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let lex = Lexicon::load();
        let mut out = Vec::new();
        detect_names(text, &lex, &mut out);
        super::super::resolve(out).iter().map(|f| text[f.start..f.end].to_string()).collect()
    }

    #[test]
    fn lexicon_sizes() {
        let lex = Lexicon::load();
        assert!(lex.first_name_count() > 300, "{}", lex.first_name_count());
        assert!(lex.surname_count() > 150, "{}", lex.surname_count());
        assert!(lex.stop.contains("amsterdam"));
        assert!(!lex.first.contains("Ben"));
    }

    #[test]
    fn titles() {
        assert_eq!(names("ik sprak mevrouw Jansen"), ["Jansen"]);
        assert_eq!(names("Geachte heer Van der Berg,"), ["Van der Berg"]);
        assert_eq!(names("dhr. J. de Vries belde"), ["J. de Vries"]);
        assert_eq!(names("namens mijn moeder mevrouw Yılmaz"), ["Yılmaz"]);
        assert_eq!(names("Mw. A.B. El Amrani"), ["A.B. El Amrani"]);
        assert_eq!(names("meneer Öztürk-de Wit zei"), ["Öztürk-de Wit"]);
        assert!(names("Geachte heer/mevrouw,").is_empty());
        assert!(names("mevrouw de wethouder").is_empty());
        assert!(names("de heer en mevrouw").is_empty());
        assert!(names("Wij slapen bij familie. Alvast bedankt.").is_empty());
        assert!(names("bij familie. Dor de terugvordering").is_empty());
        assert_eq!(names("de familie Bakker"), ["Bakker"]);
    }

    #[test]
    fn salutation_and_closing() {
        assert_eq!(names("Beste Fatima,\nIk schrijf"), ["Fatima"]);
        assert!(names("Beste Ombudsman,\nIk schrijf").is_empty());
        assert_eq!(names("Met vriendelijke groet,\n\nPietje Puk"), ["Pietje Puk"]);
        assert_eq!(names("Hoogachtend,\nK. van der Berg"), ["K. van der Berg"]);
        assert_eq!(names("Groet, Sanne"), ["Sanne"]);
        assert_eq!(names("Groet, Jeroen Tjon A Fong"), ["Jeroen Tjon A Fong"]);
        assert_eq!(names("Alvast bedankt. Groet, Pinas"), ["Pinas"]);
        assert_eq!(names("Naam beller: Pinas."), ["Pinas"]);
        assert_eq!(names("Naam cliënte: mevrouw Sital"), ["Sital"]);
        assert_eq!(names("Mijn BSN staat erbij. Groet, Pinas"), ["Pinas"]);
        assert_eq!(names("Bedankt. Gr. Sanne Visser"), ["Sanne Visser"]);
        assert_eq!(names("Met een vriendelijke groet,\nMulder"), ["Mulder"]);
        assert_eq!(names("Met vriendelijke groet,\nFam. Ramkisoen-Lachmon"), ["Ramkisoen-Lachmon"]);
        assert!(names("Met vriendelijke groet,\nEen boze bewoner").is_empty());
        assert!(names("Groeten uit Amsterdam").is_empty());
    }

    #[test]
    fn initials_first_names_surnames() {
        assert_eq!(names("volgens J. Pietersma van de afdeling"), ["J. Pietersma"]);
        assert!(names("zie bijlage A. De gemeente").is_empty());
        assert!(names("het U.W.V. Daarna").is_empty());
        assert_eq!(names("toen Mohamed Bouzid kwam"), ["Mohamed Bouzid"]);
        assert_eq!(names("mijn zoon Daan is ziek"), ["Daan"]);
        assert_eq!(names("mijn buurvrouw, Gerda, belde"), ["Gerda"]);
        assert_eq!(names("ik heb De Vries gesproken"), ["De Vries"]);
        assert_eq!(names("Gijsje Bakker belde"), ["Gijsje Bakker"]);
        assert_eq!(names("mijn naam is Ramesh Jagesar"), ["Ramesh Jagesar"]);
        assert_eq!(names("Mijn kinderen Daan, Sem en Noor zwemmen"), ["Daan", "Sem", "Noor"]);
        assert!(names("De consulent van Werk en Inkomen telt dat").is_empty());
        assert_eq!(names("mijn buurman van Dijk klaagt"), ["van Dijk"]);
        assert_eq!(names("hoi ik ben Jesse, 17 jaar"), ["Jesse"]);
        assert!(names("Ik ben Nederlander").is_empty());
        assert_eq!(names("Ik heb het aan Wouter gevraagd"), ["Wouter"]);
        assert!(names("Wouter").is_empty());
        assert!(names("boodschappen bij Dirk gedaan").is_empty());
    }

    #[test]
    fn decoys() {
        assert!(names("Ik woon in Amsterdam Oost").is_empty());
        assert!(names("boodschappen bij Albert Heijn gedaan").is_empty());
        assert!(names("in het Emma Kinderziekenhuis").is_empty());
        assert!(names("Het Anne Frank Huis").is_empty());
        assert!(names("naar de Albert Cuyp markt").is_empty());
        assert!(names("naar de Albert-Cuypmarkt").is_empty());
        assert!(names("de Jan Pieter Heijestraat is afgesloten").is_empty());
        assert!(names("het UWV en de Belastingdienst").is_empty());
        assert!(names("Daarna belde Ymere").is_empty());
        assert!(names("Op maandag ging ik naar de GGD").is_empty());
        assert!(names("Beste [NAAM], mevrouw [NAAM]").is_empty());
    }
}
