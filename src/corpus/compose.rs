//! Turns a topic plus a voice into one letter: frames (greetings, helper intros, telephone-note
//! headers), content sentences drawn without repetition from the pools, voice-specific
//! transformations (anger, limited Dutch), seeded typos and, for a small share, residual
//! personal data.
//!
//! Contracts: the text has 15..=400 whitespace-separated words; every text contains at least one
//! `situation` sentence of its topic; residual personal data (synthetic) is never altered by
//! typos, so a privacy guard can be scored exactly.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::bank::{
    self, Topic, GENERIC_DEMANDS, GENERIC_EFFECTS, GENERIC_STORY, GENERIC_TRIED, PERSONAS,
};
use super::render::{capitalise_first, idx, pick, pick_weighted, render, Ctx};

pub(crate) const MIN_WORDS: usize = 15;
pub(crate) const MAX_WORDS: usize = 400;

/// How a letter is written. Chosen from the channel (see `voice_for_channel` in mod.rs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Voice {
    /// Formal letter: greeting, paragraphs, "Met vriendelijke groet,".
    Formal,
    /// Short web-form text, often without greeting.
    WebForm,
    /// Angry e-mail: capitals, exclamation marks.
    Angry,
    /// Written by a helper on the complainant's behalf (third person).
    Helper,
    /// Telephone note by an ombudsman employee (third person).
    Phone,
    /// Writer with limited Dutch: short, simplified grammar, more typos.
    Limited,
}

impl Voice {
    fn typo_rate(self) -> f64 {
        match self {
            Voice::Formal | Voice::Helper => 0.004,
            Voice::Phone => 0.006,
            Voice::WebForm => 0.012,
            Voice::Angry => 0.02,
            Voice::Limited => 0.03,
        }
    }

    /// Target length in words. Drawn as `u32` so the random stream is platform-independent.
    fn word_target(self, rng: &mut ChaCha8Rng) -> usize {
        let t: u32 = match self {
            Voice::Formal => {
                if rng.gen_bool(0.3) {
                    rng.gen_range(220..=390)
                } else {
                    rng.gen_range(70..=220)
                }
            }
            Voice::Helper => rng.gen_range(90..=340),
            Voice::WebForm => rng.gen_range(15..=75),
            Voice::Angry => rng.gen_range(30..=170),
            Voice::Phone => rng.gen_range(25..=110),
            Voice::Limited => rng.gen_range(15..=80),
        };
        t as usize
    }
}

// ───────────────────────────── frames ─────────────────────────────

const GREETINGS: &[&str] = &[
    "Geachte ombudsman,",
    "Geachte heer, mevrouw,",
    "Geachte Ombudsman Metropool Amsterdam,",
    "Beste ombudsman,",
    "Geachte mevrouw, meneer,",
    "Aan de Ombudsman Metropool Amsterdam,",
];
const FORMAL_INTRO: &[&str] = &[
    "Hierbij dien ik een klacht in over de gemeente {gemeente}.",
    "Met deze brief wil ik een klacht indienen over {about}.",
    "Ik wend mij tot u omdat ik er met de gemeente {gemeente} niet uitkom.",
    "Graag breng ik het volgende onder uw aandacht.",
    "Ik schrijf u deze brief omdat ik geen andere uitweg meer zie.",
    "Ik wil u vragen mijn klacht over {about} te onderzoeken.",
    "Na lang twijfelen schrijf ik u over {about}.",
];
const FORMAL_CLOSE: &[&str] = &[
    "Ik hoop dat u mijn klacht in behandeling wilt nemen.",
    "Bij voorbaat dank voor uw aandacht.",
    "Ik zie uw reactie met belangstelling tegemoet.",
    "Voor vragen ben ik telefonisch bereikbaar.",
    "Ik hoop op een spoedige reactie.",
    "Alvast bedankt voor uw hulp.",
];
const SIGNOFF: &[&str] = &[
    "Met vriendelijke groet,",
    "Hoogachtend,",
    "Vriendelijke groeten,",
    "Met vriendelijke groeten,",
    "Met een vriendelijke groet,",
];
const WEB_PREFIX: &[&str] = &[
    "",
    "",
    "",
    "",
    "Omschrijving klacht: ",
    "Toelichting: ",
    "Mijn klacht: ",
    "Goedemiddag, ",
    "Hallo, ",
];
const WEB_END: &[&str] = &[
    "",
    "",
    "",
    "Graag een reactie.",
    "Alvast bedankt.",
    "Groet, {naam}",
    "Mvg",
    "Gr.",
];
const ANGRY_OPEN: &[&str] = &[
    "Ik ben het ZAT.",
    "Dit is werkelijk SCHANDALIG!",
    "Hoe vaak moet ik het nog zeggen??",
    "WAAROM luistert niemand??",
    "Ik ben echt woedend.",
    "Dit slaat NERGENS op!!",
    "Wat een ONGELOOFLIJKE puinhoop bij de gemeente.",
    "Weer niks gehoord!!!",
];
const ANGRY_MID: &[&str] = &[
    "Niemand neemt verantwoordelijkheid!!",
    "Het is gewoon te triest voor woorden.",
    "Jullie zitten daar maar en er gebeurt NIKS.",
    "Waar betalen we eigenlijk belasting voor???",
    "Ik word hier echt gek van.",
];
const ANGRY_CLOSE: &[&str] = &[
    "Doe er nu eindelijk eens iets aan!!!",
    "Ik stap naar de krant als dit zo doorgaat.",
    "Ik wil NU een oplossing.",
    "Wie is hier verantwoordelijk???",
    "Schaam jullie!",
    "Ik verwacht per omgaande een reactie!!",
];
/// (role, organisation) of the helper writing on someone's behalf.
const HELPERS: &[(&str, &str)] = &[
    ("maatschappelijk werker", "het buurtteam"),
    ("cliëntondersteuner", "MEE"),
    ("schuldhulpverlener", "de schuldhulpverlening"),
    ("ambulant begeleider", "het Leger des Heils"),
    ("sociaal raadsvrouw", "de sociaal raadslieden"),
    ("vrijwilliger", "Vluchtelingenwerk"),
    ("jurist", "het Juridisch Loket"),
    ("medewerker", "de wijkwinkel"),
    ("gezinscoach", "het Ouder- en Kindteam"),
];
const HELPER_INTRO: &[&str] = &[
    "Ik schrijf u namens mijn {client}, {aanspreek} {naam}. Ik ben {rol} bij {org}.",
    "Namens {aanspreek} {naam} dien ik een klacht in over {about}.",
    "Ik ben {rol} bij {org} en ondersteun {aanspreek} {naam} sinds {duur}.",
    "Namens mijn {client} {aanspreek} {naam} vraag ik uw aandacht voor het volgende.",
];
const HELPER_INTRO2: &[&str] = &[
    "{client} heeft mij gevraagd deze klacht namens {haar_hem} in te dienen, omdat {zij_hij} dat zelf niet goed kan.",
    "{client} spreekt beperkt Nederlands; ik geef {mijn} verhaal zo goed mogelijk weer.",
    "Ik geef hieronder weer wat {client} mij heeft verteld.",
    "",
];
const HELPER_MID: &[&str] = &[
    "Als {rol} zie ik vaker dat dit soort situaties vastlopen.",
    "Ik heb zelf ook contact gezocht met de gemeente, maar zonder resultaat.",
    "De stukken kan ik desgewenst toesturen.",
    "Ik zie dit probleem helaas bij meer cliënten.",
];
const HELPER_CLOSE: &[&str] = &[
    "Ik hoop dat u deze klacht in behandeling neemt.",
    "Voor vragen kunt u contact met mij opnemen.",
    "Namens {client} alvast bedankt.",
];
const PHONE_HEADER: &[&str] = &[
    "Telefoonnotitie {datum_rec}.",
    "Tel. notitie.",
    "Notitie telefoongesprek {datum_rec}.",
    "Telefonisch contact.",
    "Gespreksnotitie (telefoon).",
];
const PHONE_INTRO: &[&str] = &[
    "{aanspreek} {naam} belt over {about}.",
    "{aanspreek_afk} belt.",
    "Klager belt, {aanspreek} is erg geëmotioneerd.",
    "{aanspreek_afk} {naam} belde over {about}.",
    "{aanspreek} belt voor de tweede keer.",
];
const PHONE_END: &[&str] = &[
    "{aanspreek} wil dat de ombudsman meekijkt.", "Afgesproken: klacht wordt schriftelijk bevestigd.",
    "Terugbelverzoek genoteerd.", "Doorgezet naar intake.",
    "Verwezen naar de klachtbehandeling van de gemeente; {aanspreek} geeft aan dat al te hebben geprobeerd.",
    "{aanspreek} stuurt de stukken na.", "Intake volgt.",
];
const LIMITED_GREET: &[&str] = &[
    "Hallo,",
    "Goedendag,",
    "Beste meneer mevrouw,",
    "Hallo ombudsman,",
    "",
    "Goede dag",
];
const LIMITED_INTRO: &[&str] = &[
    "Ik heb probleem.",
    "Ik schrijf voor hulp.",
    "Sorry mijn Nederlands is niet goed.",
    "Ik heb hulp nodig alstublieft.",
    "Ik wil klacht maken.",
    "Mijn buurvrouw zegt ik moet u schrijven.",
];
const LIMITED_CLOSE: &[&str] = &[
    "Help mij alstublieft.",
    "Dank u wel.",
    "Ik wacht op antwoord.",
    "Bedankt.",
    "Ik hoop u kan helpen.",
    "Alstublieft help.",
];

// ───────────────────────────── pools ─────────────────────────────

/// Draws sentences without repetition, preferring topic-specific ones over generic ones.
struct Pool {
    specific: Vec<&'static str>,
    generic: Vec<&'static str>,
}

impl Pool {
    fn new(specific: &[&'static str], generic: &[&'static str]) -> Pool {
        Pool {
            specific: specific.to_vec(),
            generic: generic.to_vec(),
        }
    }
    fn take(&mut self, rng: &mut ChaCha8Rng) -> Option<&'static str> {
        let use_specific =
            !self.specific.is_empty() && (self.generic.is_empty() || rng.gen_bool(0.65));
        let v = if use_specific {
            &mut self.specific
        } else {
            &mut self.generic
        };
        if v.is_empty() {
            return None;
        }
        let i = idx(rng, v.len());
        Some(v.swap_remove(i))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Greeting, intro, sign-off, residual PII: never trimmed.
    Frame,
    /// Content; sentences after the first may be trimmed.
    Content,
}

struct Para {
    kind: Kind,
    /// Lines joined by "\n" (signatures) instead of " ".
    lines: bool,
    sents: Vec<String>,
}

impl Para {
    fn frame(s: Vec<String>) -> Para {
        Para {
            kind: Kind::Frame,
            lines: false,
            sents: s,
        }
    }
    fn content() -> Para {
        Para {
            kind: Kind::Content,
            lines: false,
            sents: Vec::new(),
        }
    }
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// What residual personal data to leave in the text (synthetic values).
#[derive(Debug, Clone, Default)]
pub(crate) struct PiiPlan {
    pub phone: Option<String>,
    pub email: Option<String>,
    pub bsn: Option<String>,
    pub address: Option<String>,
    /// A leaked name used wherever `{naam}` appears (or as a signature).
    pub name: Option<String>,
}

impl PiiPlan {
    pub(crate) fn any(&self) -> bool {
        self.phone.is_some()
            || self.email.is_some()
            || self.bsn.is_some()
            || self.address.is_some()
            || self.name.is_some()
    }
}

struct Writer<'a> {
    rng: &'a mut ChaCha8Rng,
    ctx: &'a mut Ctx,
    voice: Voice,
    about: String,
}

impl Writer<'_> {
    /// A frame sentence: rendered, `{about}` filled, no typos.
    fn frame(&mut self, tpl: &str) -> String {
        let t = tpl.replace("{about}", &self.about);
        render(&t, self.ctx)
    }

    fn frame_pick(&mut self, items: &[&str]) -> String {
        let t = pick(self.rng, items);
        self.frame(t)
    }

    /// A content sentence: rendered, voice-transformed, typos injected.
    fn content(&mut self, tpl: &str) -> String {
        let t = tpl.replace("{about}", &self.about);
        let mut s = render(&t, self.ctx);
        match self.voice {
            Voice::Angry => s = angry(self.rng, &s),
            Voice::Limited => s = limited(self.rng, &s),
            _ => {}
        }
        typos(self.rng, &s, self.voice.typo_rate())
    }
}

/// Composes one text. `variation` > 0 appends that many extra specifics (used to break an exact
/// duplicate). The returned text obeys the module contract.
pub(crate) fn compose(
    rng: &mut ChaCha8Rng,
    topic: &Topic,
    voice: Voice,
    ctx: &mut Ctx,
    pii: &PiiPlan,
    variation: usize,
) -> String {
    if let Some(name) = &pii.name {
        ctx.naam = name.clone();
    }
    ctx.naam_used = false;
    if voice == Voice::Helper {
        let (rol, org) = pick(rng, HELPERS);
        ctx.rol = rol;
        ctx.org = org;
    }
    let about_tpl = pick(rng, topic.about);
    let about = {
        let mut s = String::new();
        super::render::render_into(about_tpl, ctx, &mut s);
        s
    };
    let persona = {
        let fitting: Vec<&bank::Persona> = PERSONAS
            .iter()
            .filter(|p| {
                if topic.parent {
                    p.parent_ok
                } else {
                    p.nonparent_ok
                }
            })
            .collect();
        fitting[idx(rng, fitting.len())]
    };
    let mut sit = Pool::new(topic.situation, &[]);
    let mut det = Pool::new(topic.details, &[]);
    let mut theme_eff: Vec<&'static str> = Vec::new();
    for t in topic.themes {
        theme_eff.extend_from_slice(bank::theme_effects(t));
    }
    theme_eff.extend_from_slice(GENERIC_EFFECTS);
    let mut eff = Pool::new(topic.effects, &theme_eff);
    let mut tri = Pool::new(topic.tried, GENERIC_TRIED);
    let mut dem = Pool::new(topic.demands, GENERIC_DEMANDS);
    let mut bg = Pool::new(persona.lines, &[]);
    let mut story = Pool::new(&[], GENERIC_STORY);

    let target = voice.word_target(rng);
    let mut w = Writer {
        rng,
        ctx,
        voice,
        about,
    };
    let mut paras: Vec<Para> = Vec::new();
    // Index of the paragraph that receives each kind of extension sentence.
    let (p_bg, p_sit, p_eff, p_tri, p_dem);
    let mut closing: Vec<Para> = Vec::new();

    match voice {
        Voice::Formal | Voice::Helper => {
            let g = pick(w.rng, GREETINGS).to_string();
            paras.push(Para::frame(vec![g]));
            let mut intro = Para::content();
            if voice == Voice::Helper {
                let a = w.frame_pick(HELPER_INTRO);
                intro.sents.push(a);
                let b = pick(w.rng, HELPER_INTRO2);
                if !b.is_empty() {
                    let b = w.frame(b);
                    intro.sents.push(b);
                }
                intro.kind = Kind::Frame;
                paras.push(intro);
                paras.push(Para::content());
                p_bg = paras.len() - 1;
            } else {
                if w.rng.gen_bool(0.8) {
                    let a = w.frame_pick(FORMAL_INTRO);
                    intro.sents.push(a);
                }
                paras.push(intro);
                p_bg = paras.len() - 1;
            }
            let n_bg = if target > 140 {
                w.rng.gen_range(1..=2)
            } else {
                w.rng.gen_range(0..=1)
            };
            for _ in 0..n_bg {
                if let Some(t) = bg.take(w.rng) {
                    let s = w.content(t);
                    paras[p_bg].sents.push(s);
                }
            }
            paras.push(Para::content());
            p_sit = paras.len() - 1;
            let n_sit = if target > 160 {
                2
            } else {
                w.rng.gen_range(1..=2)
            };
            for _ in 0..n_sit {
                if let Some(t) = sit.take(w.rng) {
                    let s = w.content(t);
                    paras[p_sit].sents.push(s);
                }
            }
            if w.rng.gen_bool(0.6) {
                if let Some(t) = det.take(w.rng) {
                    let s = w.content(t);
                    paras[p_sit].sents.push(s);
                }
            }
            // effects and tried, in either order
            let eff_first = w.rng.gen_bool(0.6);
            paras.push(Para::content());
            paras.push(Para::content());
            let (a, b) = (paras.len() - 2, paras.len() - 1);
            if eff_first {
                p_eff = a;
                p_tri = b;
            } else {
                p_tri = a;
                p_eff = b;
            }
            if let Some(t) = eff.take(w.rng) {
                let s = w.content(t);
                paras[p_eff].sents.push(s);
            }
            if let Some(t) = tri.take(w.rng) {
                let s = w.content(t);
                paras[p_tri].sents.push(s);
            }
            if voice == Voice::Helper && w.rng.gen_bool(0.5) {
                let s = w.frame_pick(HELPER_MID);
                paras[p_tri].sents.push(s);
            }
            paras.push(Para::content());
            p_dem = paras.len() - 1;
            if let Some(t) = dem.take(w.rng) {
                let s = w.content(t);
                paras[p_dem].sents.push(s);
            }
            let close = if voice == Voice::Helper {
                HELPER_CLOSE
            } else {
                FORMAL_CLOSE
            };
            let c = w.frame_pick(close);
            closing.push(Para::frame(vec![c]));
            let mut sig = vec![pick(w.rng, SIGNOFF).to_string()];
            if voice == Voice::Helper {
                sig.push("[naam]".to_string());
                let r = w.frame("{rol}, {org}");
                sig.push(r);
            } else if w.rng.gen_bool(0.65) {
                let n = w.frame("{naam}");
                sig.push(n);
            }
            closing.push(Para {
                kind: Kind::Frame,
                lines: true,
                sents: sig,
            });
        }
        Voice::WebForm | Voice::Angry | Voice::Limited | Voice::Phone => {
            let mut head = Para::frame(Vec::new());
            match voice {
                Voice::Angry => {
                    if w.rng.gen_bool(0.3) {
                        paras.push(Para::frame(vec!["Hallo,".into()]));
                    }
                    if w.rng.gen_bool(0.75) {
                        head.sents.push(pick(w.rng, ANGRY_OPEN).into());
                    }
                }
                Voice::Limited => {
                    let g = pick(w.rng, LIMITED_GREET);
                    if !g.is_empty() {
                        paras.push(Para::frame(vec![g.into()]));
                    }
                    head.sents.push(pick(w.rng, LIMITED_INTRO).into());
                }
                Voice::Phone => {
                    let h = w.frame_pick(PHONE_HEADER);
                    head.sents.push(h);
                    let i = w.frame_pick(PHONE_INTRO);
                    head.sents.push(i);
                }
                _ => {}
            }
            let split_head =
                voice != Voice::WebForm && !head.sents.is_empty() && w.rng.gen_bool(0.5);
            let mut body = Para::content();
            if voice == Voice::WebForm {
                let p = pick(w.rng, WEB_PREFIX);
                if !p.is_empty() {
                    body.sents.push(p.trim_end().to_string());
                    body.kind = Kind::Content;
                }
            }
            if split_head {
                paras.push(head);
            } else {
                // Head sentences lead the body paragraph; keep them as the first items.
                let mut h = head.sents;
                h.append(&mut body.sents);
                body.sents = h;
            }
            let lead = body.sents.len();
            paras.push(body);
            p_sit = paras.len() - 1;
            p_bg = p_sit;
            let n_sit = if voice == Voice::Angry {
                w.rng.gen_range(1..=2)
            } else {
                1
            };
            for _ in 0..n_sit {
                if let Some(t) = sit.take(w.rng) {
                    let s = w.content(t);
                    paras[p_sit].sents.push(s);
                }
            }
            // A web-form prefix like "Toelichting:" reads as a label: join it to the first sentence.
            if voice == Voice::WebForm && lead == 1 && paras[p_sit].sents.len() >= 2 {
                let first = paras[p_sit].sents.remove(1);
                let label = paras[p_sit].sents[0].clone();
                let mut first = first;
                if label.ends_with(',') {
                    // "Hallo, ik ..." keeps the greeting on the same line, lowercased onwards.
                    first = lowercase_first(&first);
                }
                paras[p_sit].sents[0] = format!("{label} {first}");
            }
            let second = voice != Voice::WebForm && target > 70 && w.rng.gen_bool(0.5);
            if second {
                paras.push(Para::content());
            }
            p_eff = paras.len() - 1;
            p_tri = p_eff;
            p_dem = p_eff;
            if w.rng
                .gen_bool(if voice == Voice::WebForm { 0.5 } else { 0.8 })
            {
                if let Some(t) = eff.take(w.rng) {
                    let s = w.content(t);
                    paras[p_eff].sents.push(s);
                }
            }
            if voice == Voice::Angry && w.rng.gen_bool(0.5) {
                paras[p_eff].sents.push(pick(w.rng, ANGRY_MID).into());
            }
            if w.rng.gen_bool(0.7) {
                if let Some(t) = dem.take(w.rng) {
                    let s = w.content(t);
                    paras[p_dem].sents.push(s);
                }
            }
            let tail: Option<String> = match voice {
                Voice::Angry => Some(pick(w.rng, ANGRY_CLOSE).into()),
                Voice::Limited => Some(pick(w.rng, LIMITED_CLOSE).into()),
                Voice::Phone => Some(w.frame_pick(PHONE_END)),
                _ => {
                    let e = pick(w.rng, WEB_END);
                    if e.is_empty() {
                        None
                    } else {
                        Some(w.frame(e))
                    }
                }
            };
            if let Some(t) = tail {
                closing.push(Para::frame(vec![t]));
            }
        }
    }

    // Grow towards the target, cycling through the extendable pools.
    let mut total: usize = paras
        .iter()
        .chain(closing.iter())
        .map(|p| p.sents.iter().map(|s| words(s)).sum::<usize>())
        .sum();
    let mut stalled = 0;
    let mut turn = w.rng.gen_range(0..7u32);
    // One letter tells one story: at most this many *extra* sentences per pool (details,
    // effects, situation, tried, background, demands, case history), on top of the skeleton.
    const EXTRA_CAPS: [usize; 7] = [3, 3, 1, 2, 2, 1, 5];
    let mut used = [0usize; 7];
    while total < target && stalled < 7 {
        let k = turn % 7;
        turn += 1;
        // Short voices do not tell their life story or case history.
        if (k == 4 || k == 6)
            && matches!(
                voice,
                Voice::WebForm | Voice::Limited | Voice::Phone | Voice::Angry
            )
        {
            stalled += 1;
            continue;
        }
        if used[k as usize] >= EXTRA_CAPS[k as usize] {
            stalled += 1;
            continue;
        }
        let (pool, para): (&mut Pool, usize) = match k {
            0 => (&mut det, p_sit),
            1 => (&mut eff, p_eff),
            2 => (&mut sit, p_sit),
            3 => (&mut tri, p_tri),
            4 => (&mut bg, p_bg),
            5 => (&mut dem, p_dem),
            _ => (&mut story, p_tri),
        };
        match pool.take(w.rng) {
            Some(t) => {
                let s = w.content(t);
                total += words(&s);
                paras[para].sents.push(s);
                used[k as usize] += 1;
                stalled = 0;
            }
            None => stalled += 1,
        }
    }
    // Variation specifics (only to break duplicates).
    for _ in 0..variation {
        w.ctx.reroll(w.rng);
        let t = pick(w.rng, bank::VARIATION);
        let s = w.content(t);
        total += words(&s);
        paras[p_sit].sents.push(s);
    }
    // Minimum length: keep adding effects/demands.
    while total < MIN_WORDS {
        let t = eff
            .take(w.rng)
            .or_else(|| dem.take(w.rng))
            .or_else(|| tri.take(w.rng));
        match t {
            Some(t) => {
                let s = w.content(t);
                total += words(&s);
                paras[p_eff].sents.push(s);
            }
            None => break,
        }
    }

    // A leaked name goes where `{naam}` would have been, or becomes a signature.
    if let Some(name) = &pii.name {
        if !w.ctx.naam_used {
            let line = match voice {
                Voice::Phone => format!("Naam beller: {name}."),
                Voice::WebForm | Voice::Angry | Voice::Limited => format!("Groet, {name}"),
                _ => name.clone(),
            };
            total += words(&line);
            match closing.iter_mut().find(|p| p.lines) {
                Some(sig) => sig.sents.push(line),
                None => closing.push(Para::frame(vec![line])),
            }
        }
    }
    // Other residual personal data: a contact block (one item per line) just before the
    // signature, or before the closing sentence when there is no signature.
    let pii_sents = pii_sentences(&mut w, pii);
    if !pii_sents.is_empty() {
        total += pii_sents.iter().map(|s| words(s)).sum::<usize>();
        let at = closing.iter().position(|p| p.lines).unwrap_or(0);
        closing.insert(
            at,
            Para {
                kind: Kind::Frame,
                lines: true,
                sents: pii_sents,
            },
        );
    }

    // Hard cap: trim content sentences (never the first of a paragraph with situation).
    while total > MAX_WORDS {
        let victim = paras
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == Kind::Content && p.sents.len() > 1)
            .max_by_key(|(i, p)| (p.sents.len(), *i))
            .map(|(i, _)| i);
        let Some(i) = victim else { break };
        let s = paras[i].sents.pop().unwrap_or_default();
        total -= words(&s);
    }

    // Long letters: split crowded paragraphs.
    let mut out_paras: Vec<Para> = Vec::new();
    for p in paras.into_iter().chain(closing) {
        if p.sents.is_empty() {
            continue;
        }
        if !p.lines && p.sents.len() > 4 && matches!(voice, Voice::Formal | Voice::Helper) {
            let mid = p.sents.len() / 2;
            let mut a = p;
            let b = a.sents.split_off(mid);
            let kind = a.kind;
            out_paras.push(a);
            out_paras.push(Para {
                kind,
                lines: false,
                sents: b,
            });
        } else {
            out_paras.push(p);
        }
    }
    let mut text = String::new();
    for (i, p) in out_paras.iter().enumerate() {
        if i > 0 {
            text.push_str(if matches!(voice, Voice::WebForm) {
                " "
            } else {
                "\n\n"
            });
        }
        text.push_str(&p.sents.join(if p.lines { "\n" } else { " " }));
    }
    text
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        // Keep "Ik" capitalised? Dutch writes "ik" in lower case mid-sentence.
        Some(f) if !s.starts_with("[") => f.to_lowercase().collect::<String>() + c.as_str(),
        _ => s.to_string(),
    }
}

fn pii_sentences(w: &mut Writer<'_>, pii: &PiiPlan) -> Vec<String> {
    let mut out = Vec::new();
    let third = matches!(w.voice, Voice::Phone | Voice::Helper);
    if let Some(tel) = &pii.phone {
        let tpl = if w.voice == Voice::Phone {
            pick(
                w.rng,
                &["Terugbellen op {x}.", "Bereikbaar op {x}.", "Tel. {x}."],
            )
        } else if third {
            "{client} is bereikbaar op {x}."
        } else {
            pick(
                w.rng,
                &[
                    "U kunt mij bereiken op {x}.",
                    "Mijn telefoonnummer is {x}.",
                    "Tel: {x}",
                    "Bel mij gerust op {x}.",
                ],
            )
        };
        out.push(w.frame(&tpl.replace("{x}", tel)));
    }
    if let Some(mail) = &pii.email {
        let tpl = if third {
            "E-mail {client}: {x}"
        } else {
            pick(
                w.rng,
                &[
                    "Mijn e-mailadres is {x}.",
                    "E-mail: {x}",
                    "U kunt mailen naar {x}.",
                ],
            )
        };
        out.push(w.frame(&tpl.replace("{x}", mail)));
    }
    if let Some(bsn) = &pii.bsn {
        let tpl = if third {
            pick(
                w.rng,
                &[
                    "BSN {client}: {x}.",
                    "Het burgerservicenummer van {client} is {x}.",
                ],
            )
        } else {
            pick(
                w.rng,
                &[
                    "Mijn BSN is {x}.",
                    "BSN: {x}",
                    "Mijn burgerservicenummer is {x}.",
                ],
            )
        };
        out.push(w.frame(&tpl.replace("{x}", bsn)));
    }
    if let Some(adr) = &pii.address {
        let tpl = if third {
            "Adres {client}: {x}."
        } else {
            pick(
                w.rng,
                &["Ik woon op {x}.", "Mijn adres is {x}.", "Adres: {x}"],
            )
        };
        out.push(w.frame(&tpl.replace("{x}", adr)));
    }
    out
}

// ─────────────────────────── transformations ───────────────────────────

fn angry(rng: &mut ChaCha8Rng, s: &str) -> String {
    if rng.gen_bool(0.12) {
        // Whole sentence in capitals, but leave "[naam]" alone.
        return s
            .split(' ')
            .map(|w| {
                if w.starts_with('[') {
                    w.to_string()
                } else {
                    w.to_uppercase()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    let mut out: Vec<String> = s
        .split(' ')
        .map(|w| {
            if w.chars().count() >= 4 && w.chars().all(|c| c.is_alphabetic()) && rng.gen_bool(0.04)
            {
                w.to_uppercase()
            } else {
                w.to_string()
            }
        })
        .collect();
    if let Some(last) = out.last_mut() {
        if last.ends_with('.') && rng.gen_bool(0.4) {
            last.pop();
            last.push_str(pick(rng, &["!", "!!", "!!!", "!?"]));
        }
    }
    out.join(" ")
}

fn limited(rng: &mut ChaCha8Rng, s: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut prev_ik = false;
    for w in s.split(' ') {
        let bare = w.trim_end_matches([',', '.', ';', ':']);
        let is_article = matches!(bare, "de" | "het" | "een") && bare.len() == w.len();
        if is_article && rng.gen_bool(0.45) {
            continue;
        }
        let mut t = w.to_string();
        if prev_ik && bare == "heb" && rng.gen_bool(0.5) {
            t = w.replacen("heb", "hebben", 1);
        } else if prev_ik && bare == "ben" && rng.gen_bool(0.3) {
            t = w.replacen("ben", "is", 1);
        }
        if t.ends_with(',') && rng.gen_bool(0.6) {
            t.pop();
        }
        prev_ik = bare.eq_ignore_ascii_case("ik");
        out.push(t);
    }
    let mut s = out.join(" ");
    if rng.gen_bool(0.2) {
        s = lowercase_first(&s);
    } else {
        capitalise_first(&mut s);
    }
    s
}

const KEY_NEIGHBOURS: &[(char, &str)] = &[
    ('a', "sqz"),
    ('b', "vn"),
    ('c', "xv"),
    ('d', "sf"),
    ('e', "wr"),
    ('f', "dg"),
    ('g', "fh"),
    ('h', "gj"),
    ('i', "uo"),
    ('j', "hk"),
    ('k', "jl"),
    ('l', "k"),
    ('m', "n"),
    ('n', "bm"),
    ('o', "ip"),
    ('p', "o"),
    ('r', "et"),
    ('s', "ad"),
    ('t', "ry"),
    ('u', "yi"),
    ('v', "cb"),
    ('w', "qe"),
    ('z', "xa"),
];

/// Injects character-level typos (swap, drop, double, neighbouring key) into a small share of
/// words. Words containing digits, '@' or '[' (placeholders, amounts, contact data) are skipped.
pub(crate) fn typos(rng: &mut ChaCha8Rng, s: &str, rate: f64) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for (i, word) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let eligible = word.chars().filter(|c| c.is_alphabetic()).count() >= 4
            && !word
                .chars()
                .any(|c| c.is_ascii_digit() || c == '@' || c == '[' || c == '€');
        if !eligible || !rng.gen_bool(rate) {
            out.push_str(word);
            continue;
        }
        let mut chars: Vec<char> = word.chars().collect();
        // Positions of interior letters only (keep the first letter and trailing punctuation).
        let letters: Vec<usize> = (1..chars.len())
            .filter(|&j| chars[j].is_ascii_lowercase())
            .collect();
        if letters.len() < 2 {
            out.push_str(word);
            continue;
        }
        let j = letters[idx(rng, letters.len())];
        match rng.gen_range(0..4u32) {
            0 if j + 1 < chars.len() && chars[j + 1].is_ascii_lowercase() => chars.swap(j, j + 1),
            1 => {
                chars.remove(j);
            }
            2 => chars.insert(j, chars[j]),
            _ => {
                if let Some((_, nb)) = KEY_NEIGHBOURS.iter().find(|(c, _)| *c == chars[j]) {
                    let nbs: Vec<char> = nb.chars().collect();
                    chars[j] = nbs[idx(rng, nbs.len())];
                } else {
                    chars.remove(j);
                }
            }
        }
        out.extend(chars);
    }
    out
}

// ─────────────────────── synthetic personal data ───────────────────────

const FIRST_F: &[&str] = &[
    "Fatima", "Sanne", "Ayşe", "Priya", "Esther", "Naima", "Linda", "Marieke", "Samira", "Joyce",
    "Anouk", "Khadija", "Ilse", "Mirjam", "Shirley", "Yasmina",
];
const FIRST_M: &[&str] = &[
    "Mohamed", "Jeroen", "Kevin", "Ahmet", "Dennis", "Rachid", "Pieter", "Mustafa", "Ruben",
    "Sjoerd", "Emre", "Johan", "Ricardo", "Youssef",
];
const SURNAMES: &[&str] = &[
    "de Vries",
    "Jansen",
    "Bakker",
    "El Amrani",
    "Yilmaz",
    "Visser",
    "Kramer",
    "Smit",
    "Boukhari",
    "Pinas",
    "Mulder",
    "Öztürk",
    "Meijer",
    "de Groot",
    "Bouzid",
    "Tjon A Fong",
    "van Dijk",
    "Kaya",
    "Hoekstra",
    "Sital",
];
const STREETS: &[&str] = &[
    "Kerkstraat",
    "Dorpsstraat",
    "Molenweg",
    "Schoolstraat",
    "Parkweg",
    "Lindelaan",
    "Zuiderstraat",
    "Havenstraat",
    "Julianalaan",
    "Tulpstraat",
    "Merelstraat",
    "Beukenlaan",
];

/// A 9-digit number that passes the BSN 11-proef (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11).
pub(crate) fn synthetic_bsn(rng: &mut ChaCha8Rng) -> String {
    loop {
        let mut d = [0u32; 9];
        d[0] = rng.gen_range(1..=6);
        for x in d.iter_mut().take(8).skip(1) {
            *x = rng.gen_range(0..=9);
        }
        let sum: u32 = (0..8).map(|i| (9 - i as u32) * d[i]).sum();
        let check = sum % 11;
        if check == 10 {
            continue;
        }
        d[8] = check;
        return d.iter().map(|x| char::from(b'0' + *x as u8)).collect();
    }
}

/// The 11-proef itself (exposed for tests and for the privacy guard's own tests).
pub fn bsn_is_valid(s: &str) -> bool {
    let digits: Vec<u32> = s
        .chars()
        .filter(|c| c.is_ascii_digit())
        .filter_map(|c| c.to_digit(10))
        .collect();
    if digits.len() != 9
        || s.chars()
            .any(|c| !(c.is_ascii_digit() || c == '.' || c == ' '))
    {
        return false;
    }
    let sum: i64 = (0..8)
        .map(|i| (9 - i as i64) * digits[i] as i64)
        .sum::<i64>()
        - digits[8] as i64;
    sum % 11 == 0
}

fn postcode(rng: &mut ChaCha8Rng, municipality: &str) -> (u32, String, &'static str) {
    let (lo, hi, place) = match municipality {
        "Zaanstad" => (1501, 1567, "Zaandam"),
        "Almere" => (1311, 1364, "Almere"),
        "Amstelveen" => (1181, 1189, "Amstelveen"),
        "Diemen" => (1111, 1113, "Diemen"),
        "Landsmeer" => (1121, 1122, "Landsmeer"),
        "Waterland" => (1141, 1156, "Monnickendam"),
        _ => (1011, 1109, "Amsterdam"),
    };
    const L: &[u8] = b"ABCDEGHJKLMNPRSTVWXZ";
    let letters = loop {
        let a = L[idx(rng, L.len())] as char;
        let b = L[idx(rng, L.len())] as char;
        if !(a == 'S' && matches!(b, 'A' | 'D' | 'S')) {
            break format!("{a}{b}");
        }
    };
    (rng.gen_range(lo..=hi), letters, place)
}

fn ascii_fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'ş' => Some('s'),
            'Ö' | 'ö' => Some('o'),
            'ë' => Some('e'),
            ' ' => None,
            c => Some(c.to_ascii_lowercase()),
        })
        .collect()
}

/// Draws which residual personal data a record leaks (called for ~2% of records).
pub(crate) fn plan_pii(rng: &mut ChaCha8Rng, female: bool, municipality: &str) -> PiiPlan {
    let first = pick(rng, if female { FIRST_F } else { FIRST_M });
    let last = pick(rng, SURNAMES);
    let mut plan = PiiPlan::default();
    let kinds = if rng.gen_bool(0.25) { 2 } else { 1 };
    for _ in 0..kinds {
        match pick_weighted(rng, &[30, 20, 15, 15, 20]) {
            0 => {
                let n: u32 = rng.gen_range(10_000_000..=69_999_999);
                let s = n.to_string();
                plan.phone = Some(match pick_weighted(rng, &[70, 15, 15]) {
                    0 => format!("06-{s}"),
                    1 => format!("06 {} {} {} {}", &s[0..2], &s[2..4], &s[4..6], &s[6..8]),
                    _ => format!("06{s}"),
                });
            }
            1 => {
                let domain = pick(rng, &["example.com", "example.net", "example.org"]);
                let local = match rng.gen_range(0..3u32) {
                    0 => format!("{}.{}", ascii_fold(&first[..1]), ascii_fold(last)),
                    1 => format!("{}{}", ascii_fold(first), rng.gen_range(70..=99)),
                    _ => format!("{}_{}", ascii_fold(first), ascii_fold(last)),
                };
                plan.email = Some(format!("{local}@{domain}"));
            }
            2 => {
                let b = synthetic_bsn(rng);
                plan.bsn = Some(if rng.gen_bool(0.2) {
                    format!("{}.{}.{}", &b[0..4], &b[4..6], &b[6..9])
                } else {
                    b
                });
            }
            3 => {
                let (pc, letters, place) = postcode(rng, municipality);
                let nr = rng.gen_range(1..=240u32);
                let street = pick(rng, STREETS);
                plan.address = Some(if rng.gen_bool(0.7) {
                    format!("{street} {nr}, {pc} {letters} {place}")
                } else {
                    format!("postcode {pc}{letters}, huisnummer {nr}")
                });
            }
            _ => {
                plan.name = Some(if rng.gen_bool(0.6) {
                    format!("{first} {last}")
                } else {
                    last.to_string()
                });
            }
        }
    }
    plan
}
