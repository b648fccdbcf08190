//! Template rendering: fills `{placeholder}`s in phrase-bank sentences from a per-record [`Ctx`].
//!
//! Contract for bank sentences (checked by the tests in `tests.rs`):
//! * Everything about the *complainant* is written through perspective placeholders, so one
//!   sentence serves a first-person letter ("ik heb"), a helper's letter and a telephone note
//!   ("zij heeft"): `{ik} {mij} {me} {mijn}` and finite verbs as `{v:stem}` (`{v:heb}` → heb /
//!   heeft). Past-tense verbs are written literally (identical for ik/zij). Plural family forms
//!   `{we} {ons} {onze}` become `ze / hun`.
//! * The child is `{kind}` ("mijn dochter" / "haar zoon"), with `{hij} {zijn} {hem}`.
//! * A capitalised placeholder (`{Ik}`, `{Kind}`, `{Mijn}` …) capitalises its value; the first
//!   letter of every rendered sentence is capitalised anyway.
//! * Unknown placeholders are a bug; they render as `{?name}` so tests can find them.
//!
//! All values are drawn once per record in [`Ctx::new`] so a letter stays consistent ("sinds
//! maart" means the same month everywhere in it). Only integer arithmetic and RNG draws are used,
//! so rendering is identical on every platform.

use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Uniform index in `0..n` drawn through `u32`, so the random stream does not depend on the
/// platform's pointer width (rand 0.8 samples `usize` differently on 32-bit targets).
pub(crate) fn idx(rng: &mut ChaCha8Rng, n: usize) -> usize {
    debug_assert!(n > 0 && n <= u32::MAX as usize);
    rng.gen_range(0..n as u32) as usize
}

pub(crate) fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[idx(rng, items.len())]
}

/// Index chosen with integer weights (portable; no floating point).
pub(crate) fn pick_weighted(rng: &mut ChaCha8Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut x = rng.gen_range(0..total);
    for (i, &w) in weights.iter().enumerate() {
        if x < w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// Whose story the sentence tells: the writer themself, or a third person (helper letters and
/// telephone notes speak *about* the complainant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Person {
    First,
    Third { female: bool },
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

const NUM_WORDS: [&str; 13] = [
    "nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf",
    "twaalf",
];

const DUUR: [&str; 12] = [
    "drie maanden",
    "vier maanden",
    "een half jaar",
    "ruim een jaar",
    "acht maanden",
    "bijna twee jaar",
    "zes maanden",
    "tien maanden",
    "anderhalf jaar",
    "vijf maanden",
    "bijna een jaar",
    "ruim vier maanden",
];
const DUUR_KORT: [&str; 10] = [
    "twee weken",
    "drie weken",
    "zes weken",
    "tien dagen",
    "een maand",
    "ruim een maand",
    "vier weken",
    "acht weken",
    "vijf weken",
    "bijna twee maanden",
];
const RANGTEL: [&str; 5] = ["derde", "vierde", "vijfde", "zesde", "zevende"];
const WONING_KLEIN: [&str; 6] = [
    "tweekamerwoning",
    "kleine driekamerflat",
    "portiekflat van 45 vierkante meter",
    "benedenwoning met twee kamers",
    "tweekamerappartement",
    "kleine bovenwoning",
];
const LAND: [&str; 9] = [
    "Duitsland",
    "Polen",
    "België",
    "Spanje",
    "Italië",
    "Frankrijk",
    "Bulgarije",
    "Roemenië",
    "Portugal",
];
const KWAAL: [&str; 10] = [
    "reuma",
    "hartklachten",
    "een burn-out",
    "diabetes",
    "ernstige rugklachten",
    "COPD",
    "migraine",
    "artrose",
    "een longziekte",
    "angstklachten",
];
const KLACHT_ONDERWERP: [&str; 8] = [
    "een kapotte stoeptegel",
    "een bekeuring",
    "overlast van buren",
    "een medewerker van het loket",
    "een rekening van de gemeente",
    "een omgewaaide boom die niet werd opgeruimd",
    "het ophalen van grofvuil",
    "een verkeerde aanslag",
];
const MINUTEN: [&str; 7] = [
    "een half uur",
    "veertig minuten",
    "drie kwartier",
    "een uur",
    "ruim een uur",
    "vijftig minuten",
    "anderhalf uur",
];

/// Per-municipality colour: neighbourhoods and the local 14+area-code number.
pub(crate) fn wijken(municipality: &str) -> &'static [&'static str] {
    match municipality {
        "Amsterdam" => &[
            "Nieuw-West",
            "Zuidoost",
            "Noord",
            "Oost",
            "West",
            "de Pijp",
            "Slotervaart",
            "Osdorp",
            "Geuzenveld",
            "de Bijlmer",
            "de Indische Buurt",
            "Tuindorp Oostzaan",
            "Bos en Lommer",
            "de Baarsjes",
            "Buitenveldert",
            "IJburg",
            "de Kolenkit",
            "Gaasperdam",
        ],
        "Zaanstad" => &[
            "Poelenburg",
            "Kogerveld",
            "Zaandam-Oost",
            "Wormerveer",
            "Krommenie",
            "Assendelft",
            "Westzaan",
            "Zaandijk",
            "Koog aan de Zaan",
            "Rosmolenwijk",
        ],
        "Almere" => &[
            "Almere Buiten",
            "Almere Haven",
            "Almere Poort",
            "Almere Stad",
            "de Muziekwijk",
            "de Literatuurwijk",
            "de Stedenwijk",
            "Almere Hout",
            "de Danswijk",
        ],
        "Amstelveen" => &[
            "Westwijk",
            "Keizer Karelpark",
            "Bankras",
            "Middenhoven",
            "Elsrijk",
            "Randwijck",
            "Groenelaan",
        ],
        "Diemen" => &[
            "Diemen-Zuid",
            "Diemen-Noord",
            "Diemen-Centrum",
            "Plantage de Sniep",
        ],
        "Landsmeer" => &["Landsmeer", "Den Ilp", "Purmerland"],
        _ => &[
            "Monnickendam",
            "Broek in Waterland",
            "Marken",
            "Ilpendam",
            "Zuiderwoude",
        ],
    }
}

fn tel_gemeente(municipality: &str) -> &'static str {
    match municipality {
        "Zaanstad" => "14 075",
        "Almere" => "14 036",
        "Waterland" => "14 0299",
        _ => "14 020",
    }
}

/// Everything a record's sentences may refer to, drawn once per record.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub person: Person,
    pub writer_female: bool,
    pub child_female: bool,
    /// `[naam]` after the first mention of the child, if set (cleared once used).
    pub child_named: bool,
    pub municipality: &'static str,
    pub wijk: &'static str,
    pub received: NaiveDate,
    datum: NaiveDate,
    maand: NaiveDate,
    duur: &'static str,
    duur_kort: &'static str,
    rangtel: &'static str,
    woning_klein: &'static str,
    land: &'static str,
    kwaal: &'static str,
    klacht_onderwerp: &'static str,
    minuten: &'static str,
    leeftijd: u32,
    leeftijd_jong: u32,
    leeftijd_oud: u32,
    jaren: u32,
    jaren_kot: u32,
    aantal: u32,
    n_kinderen: u32,
    bedrag: u64,
    bedrag_klein_cents: u64,
    bedrag_groot: u64,
    procent: u32,
    uren_hoog: u32,
    uren_laag: u32,
    uren_school: u32,
    groep: u32,
    jaar_aankomst: i32,
    jaar_min: i32,
    /// What `{naam}` renders as: `[naam]` (anonymised) or a leaked synthetic name.
    pub naam: String,
    /// Set when `{naam}` has been rendered at least once.
    pub naam_used: bool,
    pub rol: &'static str,
    pub org: &'static str,
}

impl Ctx {
    pub(crate) fn new(
        rng: &mut ChaCha8Rng,
        person: Person,
        writer_female: bool,
        municipality: &'static str,
        received: NaiveDate,
    ) -> Ctx {
        let wijk = pick(rng, wijken(municipality));
        let back = |rng: &mut ChaCha8Rng, lo: i64, hi: i64| {
            received - Duration::days(rng.gen_range(lo..=hi))
        };
        let datum = back(rng, 6, 120);
        let maand = back(rng, 35, 250);
        let uren_laag = rng.gen_range(2..=4);
        Ctx {
            person,
            writer_female,
            child_female: rng.gen_bool(0.5),
            child_named: rng.gen_bool(0.12),
            municipality,
            wijk,
            received,
            datum,
            maand,
            duur: pick(rng, &DUUR),
            duur_kort: pick(rng, &DUUR_KORT),
            rangtel: pick(rng, &RANGTEL),
            woning_klein: pick(rng, &WONING_KLEIN),
            land: pick(rng, &LAND),
            kwaal: pick(rng, &KWAAL),
            klacht_onderwerp: pick(rng, &KLACHT_ONDERWERP),
            minuten: pick(rng, &MINUTEN),
            leeftijd: rng.gen_range(5..=17),
            leeftijd_jong: rng.gen_range(16..=20),
            leeftijd_oud: rng.gen_range(67..=91),
            jaren: rng.gen_range(3..=22),
            jaren_kot: rng.gen_range(2..=5),
            aantal: rng.gen_range(2..=7),
            n_kinderen: rng.gen_range(2..=5),
            bedrag: rng.gen_range(24..=920) * 10,
            bedrag_klein_cents: rng.gen_range(2_500..=42_000),
            bedrag_groot: rng.gen_range(8..=95) * 1_000 + rng.gen_range(0..4) * 250,
            procent: rng.gen_range(14..=46),
            uren_hoog: uren_laag + rng.gen_range(2..=8),
            uren_laag,
            uren_school: rng.gen_range(4..=12),
            groep: rng.gen_range(3..=8),
            jaar_aankomst: received.year() - rng.gen_range(1..=12),
            jaar_min: received.year() - rng.gen_range(2..=25),
            naam: String::from("[naam]"),
            naam_used: false,
            rol: "",
            org: "",
        }
    }

    /// Resets the per-record numeric details (used when a near-duplicate needs new values).
    pub(crate) fn reroll(&mut self, rng: &mut ChaCha8Rng) {
        self.datum = self.received - Duration::days(rng.gen_range(6..=120));
        self.bedrag = rng.gen_range(24..=920) * 10;
        self.bedrag_klein_cents = rng.gen_range(2_500..=42_000);
        self.aantal = rng.gen_range(2..=7);
    }

    fn third(&self) -> Option<bool> {
        match self.person {
            Person::First => None,
            Person::Third { female } => Some(female),
        }
    }
}

fn num_word(n: u32) -> String {
    NUM_WORDS
        .get(n as usize)
        .map(|s| s.to_string())
        .unwrap_or_else(|| n.to_string())
}

/// "€ 12.340" / "€ 78,50"
fn euro(whole: u64, cents: Option<u64>) -> String {
    let digits = whole.to_string();
    // Thousands separated by '.', Dutch style: the first group has 1–3 digits.
    let first = match digits.len() % 3 {
        0 => 3.min(digits.len()),
        r => r,
    };
    let mut grouped = digits[..first].to_string();
    for chunk in digits.as_bytes()[first..].chunks(3) {
        grouped.push('.');
        grouped.push_str(std::str::from_utf8(chunk).expect("ascii digits"));
    }
    match cents {
        Some(c) if c > 0 => format!("€ {grouped},{c:02}"),
        _ => format!("€ {grouped}"),
    }
}

fn date_words(d: NaiveDate, received: NaiveDate) -> String {
    let m = MONTHS[d.month0() as usize];
    if d.year() == received.year() {
        format!("{} {}", d.day(), m)
    } else {
        format!("{} {} {}", d.day(), m, d.year())
    }
}

fn month_words(d: NaiveDate, received: NaiveDate) -> String {
    let m = MONTHS[d.month0() as usize];
    if d.year() == received.year() {
        m.to_string()
    } else {
        format!("{m} vorig jaar")
    }
}

/// Third person singular of a Dutch present-tense stem ("heb" → "heeft", "werk" → "werkt").
pub(crate) fn verb_3sg(stem: &str) -> String {
    match stem {
        "heb" => "heeft".into(),
        "ben" => "is".into(),
        "kan" | "wil" | "mag" | "zal" => stem.into(),
        "ga" => "gaat".into(),
        "sta" => "staat".into(),
        "doe" => "doet".into(),
        "zie" => "ziet".into(),
        "sla" => "slaat".into(),
        _ if stem.ends_with('t') => stem.into(),
        _ => format!("{stem}t"),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Capitalises the first alphabetic character of `s` in place, if it starts a sentence.
pub(crate) fn capitalise_first(s: &mut String) {
    if let Some((i, ch)) = s.char_indices().find(|(_, c)| c.is_alphabetic()) {
        // Only when nothing but punctuation/quotes precedes it.
        if s[..i].chars().all(|c| !c.is_alphanumeric() && c != '[') && ch.is_lowercase() {
            let up: String = ch.to_uppercase().collect();
            s.replace_range(i..i + ch.len_utf8(), &up);
        }
    }
}

/// Renders one template into `out`. See the module docs for the placeholder contract.
pub(crate) fn render_into(tpl: &str, ctx: &mut Ctx, out: &mut String) {
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return;
        };
        let key = &after[..close];
        let cap = key.chars().next().is_some_and(|c| c.is_uppercase());
        let value = value_of(key, ctx);
        if cap {
            out.push_str(&capitalise(&value));
        } else {
            out.push_str(&value);
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
}

pub(crate) fn render(tpl: &str, ctx: &mut Ctx) -> String {
    let mut s = String::with_capacity(tpl.len() + 32);
    render_into(tpl, ctx, &mut s);
    capitalise_first(&mut s);
    s
}

fn value_of(key: &str, ctx: &mut Ctx) -> String {
    let lower = key.to_lowercase();
    let third = ctx.third();
    if let Some(stem) = lower.strip_prefix("v:") {
        return match third {
            None => stem.to_string(),
            Some(_) => verb_3sg(stem),
        };
    }
    let s: String = match lower.as_str() {
        // complainant
        "ik" => match third {
            None => "ik".into(),
            Some(true) => "zij".into(),
            Some(false) => "hij".into(),
        },
        "mij" => match third {
            None => "mij".into(),
            Some(true) => "haar".into(),
            Some(false) => "hem".into(),
        },
        "me" => if third.is_some() { "zich" } else { "me" }.into(),
        "mijn" => possessive(third).into(),
        "we" => if third.is_some() { "ze" } else { "we" }.into(),
        "ons" => if third.is_some() { "hun" } else { "ons" }.into(),
        "onze" => if third.is_some() { "hun" } else { "onze" }.into(),
        "ouder" => if ctx.writer_female { "moeder" } else { "vader" }.into(),
        // child
        "kind" => {
            let base = format!(
                "{} {}",
                possessive(third),
                if ctx.child_female { "dochter" } else { "zoon" }
            );
            if ctx.child_named {
                ctx.child_named = false;
                format!("{base} [naam]")
            } else {
                base
            }
        }
        "hij" => if ctx.child_female { "zij" } else { "hij" }.into(),
        "zijn" => if ctx.child_female { "haar" } else { "zijn" }.into(),
        "hem" => if ctx.child_female { "haar" } else { "hem" }.into(),
        "leeftijd" => ctx.leeftijd.to_string(),
        "leeftijd_jong" => ctx.leeftijd_jong.to_string(),
        "leeftijd_oud" => ctx.leeftijd_oud.to_string(),
        // helper / telephone framing
        "client" => if ctx.writer_female {
            "cliënte"
        } else {
            "cliënt"
        }
        .into(),
        "aanspreek" => if ctx.writer_female {
            "mevrouw"
        } else {
            "meneer"
        }
        .into(),
        "aanspreek_afk" => if ctx.writer_female { "mw." } else { "dhr." }.into(),
        "zij_hij" => if ctx.writer_female { "zij" } else { "hij" }.into(),
        "haar_hem" => if ctx.writer_female { "haar" } else { "hem" }.into(),
        "naam" => {
            ctx.naam_used = true;
            ctx.naam.clone()
        }
        "rol" => ctx.rol.into(),
        "org" => ctx.org.into(),
        // place and time
        "gemeente" => ctx.municipality.into(),
        "wijk" => ctx.wijk.into(),
        "loket" => if ctx.municipality == "Amsterdam" {
            "het stadsloket"
        } else {
            "het gemeentehuis"
        }
        .into(),
        "tel_gemeente" => tel_gemeente(ctx.municipality).into(),
        "datum" => date_words(ctx.datum, ctx.received),
        "datum_rec" => format!(
            "{} {} {}",
            ctx.received.day(),
            MONTHS[ctx.received.month0() as usize],
            ctx.received.year()
        ),
        "maand" => month_words(ctx.maand, ctx.received),
        "jaar" => ctx.received.year().to_string(),
        "vorig_jaar" => (ctx.received.year() - 1).to_string(),
        "jaar_aankomst" => ctx.jaar_aankomst.to_string(),
        "jaar_min" => ctx.jaar_min.to_string(),
        "duur" => ctx.duur.into(),
        "duur_kort" => ctx.duur_kort.into(),
        "minuten" => ctx.minuten.into(),
        // amounts and counts
        "jaren" => ctx.jaren.to_string(),
        "jaren_kot" => num_word(ctx.jaren_kot),
        "aantal" => num_word(ctx.aantal),
        "rangtelwoord" => ctx.rangtel.into(),
        "n_kinderen" => num_word(ctx.n_kinderen),
        "n_gezin" => num_word(ctx.n_kinderen + 2),
        "woning_klein" => ctx.woning_klein.into(),
        "bedrag" => euro(ctx.bedrag, None),
        "bedrag_klein" => euro(
            ctx.bedrag_klein_cents / 100,
            Some(ctx.bedrag_klein_cents % 100),
        ),
        "bedrag_groot" => euro(ctx.bedrag_groot, None),
        "procent" => ctx.procent.to_string(),
        "uren_hoog" => num_word(ctx.uren_hoog),
        "uren_laag" => num_word(ctx.uren_laag),
        "uren_school" => num_word(ctx.uren_school),
        "groep" => ctx.groep.to_string(),
        "land" => ctx.land.into(),
        "kwaal" => ctx.kwaal.into(),
        "klacht_onderwerp" => ctx.klacht_onderwerp.into(),
        _ => format!("{{?{key}}}"),
    };
    s
}

fn possessive(third: Option<bool>) -> &'static str {
    match third {
        None => "mijn",
        Some(true) => "haar",
        Some(false) => "zijn",
    }
}
