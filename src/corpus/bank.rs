//! Phrase banks for one-off complaints (no planted thread) and the generic pools every letter
//! draws from. Sentences follow the placeholder contract in `render.rs`.
//!
//! One-off subjects are deliberately *different causes* from the planted threads on the same
//! ground (e.g. leerlingenvervoer refused vs. the planted "taxi structureel te laat"), so a
//! clusterer that groups by topic instead of cause is penalised. Non-theme subjects carry the
//! hard negatives: children and houses mentioned in passing, bijstand (not a toeslag), Wmo by a
//! parent.

/// One subject or cause with its sentence pools.
#[derive(Debug)]
pub(crate) struct Topic {
    /// Stable name, used in test messages.
    #[cfg_attr(not(test), allow(dead_code))]
    pub key: &'static str,
    /// Gold theme labels (subset of `jeugd`, `wonen`, `toeslagen`; empty for other subjects).
    pub themes: &'static [&'static str],
    /// Whether the texts talk about the complainant's child: only parent personas fit.
    pub parent: bool,
    /// Short noun phrases: "Ik dien een klacht in over {about}."
    pub about: &'static [&'static str],
    /// Core statements; every member of a thread uses at least one of its thread's.
    pub situation: &'static [&'static str],
    pub details: &'static [&'static str],
    pub effects: &'static [&'static str],
    pub tried: &'static [&'static str],
    pub demands: &'static [&'static str],
}

pub(crate) struct OneOff {
    pub weight: u32,
    pub topic: Topic,
}

pub(crate) const ONE_OFFS: &[OneOff] = &[
    // ───────────────────────────── jeugd ─────────────────────────────
    OneOff { weight: 4, topic: Topic {
        key: "jeugdhulp_wachtlijst", themes: &["jeugd"], parent: true,
        about: &["hulp voor {kind}", "de wachttijd voor jeugdhulp", "de zorg voor {kind}"],
        situation: &[
            "{kind} van {leeftijd} heeft al {duur} hulp nodig, maar {we} staan nog steeds op een wachtlijst.",
            "De huisarts heeft {kind} in {maand} doorverwezen, maar {we} hebben nog steeds geen intakegesprek gehad.",
            "{kind} eet bijna niet meer en slaapt slecht. Er is behandeling nodig, maar de wachttijd is volgens de instelling minstens {duur}.",
            "Na de diagnose kreeg {ik} te horen dat {kind} snel geholpen zou worden. Dat is nu {duur} geleden.",
            "Er is een verwijzing, maar geen enkele behandelaar in de regio heeft plek voor {kind}.",
            "{kind} praat over doodgaan en {we} moeten maar afwachten tot er ergens plek is.",
            "Het buurtteam zegt dat {kind} specialistische hulp nodig heeft, maar niemand kan zeggen wanneer die begint.",
            "{kind} heeft ernstige angsten en durft de deur niet meer uit. Op hulp wachten {we} al {duur}.",
        ],
        details: &[
            "{hij} gaat steeds minder vaak naar school.",
            "Overbruggingszorg is {ons} nooit aangeboden.",
            "{ik} {v:heb} zelf al {aantal} instellingen gebeld.",
            "De crisisdienst vond het 'niet acuut genoeg'.",
            "{kind} schrijft in {zijn} dagboek alleen nog maar sombere dingen.",
        ],
        effects: &[
            "{ik} {v:kan} bijna niet meer werken omdat {ik} thuis moet blijven bij {kind}.",
            "{kind} raakt steeds verder achter en sluit zich op in {zijn} kamer.",
            "Het hele gezin loopt op zijn tenen.",
        ],
        tried: &[
            "{ik} {v:heb} het buurtteam om overbruggingshulp gevraagd, maar dat kon niet.",
            "{ik} {v:heb} de gemeente gevraagd wie verantwoordelijk is voor de wachtlijsten en daar nooit antwoord op gekregen.",
        ],
        demands: &[
            "{ik} {v:wil} dat de gemeente zorgt dat {kind} nu hulp krijgt.",
            "{ik} {v:vraag} de ombudsman na te gaan waarom de gemeente geen hulp regelt terwijl die wel nodig is.",
        ],
    }},
    OneOff { weight: 3, topic: Topic {
        key: "school_stuurt_naar_huis", themes: &["jeugd"], parent: true,
        about: &["de school van {kind}", "het onderwijs van {kind}", "het lesrooster van {kind}"],
        situation: &[
            "De school stuurt {kind} steeds vaker naar huis, soms al om tien uur 's ochtends.",
            "{kind} mag van school maar twee ochtenden per week komen. Dat is zonder overleg besloten.",
            "Na een ruzie in de klas is {kind} geschorst en sindsdien mag {hij} alleen nog 's middags een uurtje komen.",
            "De school heeft {kind} een 'aangepast rooster' gegeven van {uren_school} uur per week, zonder einddatum.",
            "De intern begeleider zegt dat de klas te druk is voor {kind}, dus {hij} moet maar thuisblijven tot er een oplossing is.",
            "Er is {ons} geadviseerd om vrijstelling van de leerplicht aan te vragen, terwijl {kind} gewoon wil leren.",
        ],
        details: &[
            "{kind} heeft ADHD en dyslexie.",
            "Er is nooit een ontwikkelingsperspectief opgesteld.",
            "{hij} zit in groep {groep}.",
            "De school zegt dat er geen geld is voor extra begeleiding.",
        ],
        effects: &[
            "{kind} voelt zich buitengesloten en denkt dat {hij} dom is.",
            "{ik} {v:moet} steeds vrij nemen van {mijn} werk om {kind} op te halen.",
        ],
        tried: &[
            "{ik} {v:heb} de leerplichtambtenaar ingelicht, maar die zegt dat de school dit mag.",
            "{ik} {v:heb} een gesprek gehad met de directeur, maar er veranderde niets.",
        ],
        demands: &[
            "{ik} {v:wil} dat {kind} weer volledig naar school mag.",
            "{ik} {v:wil} dat de gemeente controleert of dit wel mag.",
        ],
    }},
    OneOff { weight: 2, topic: Topic {
        key: "leerplicht_boete", themes: &["jeugd"], parent: true,
        about: &["de leerplichtambtenaar", "een proces-verbaal wegens schoolverzuim", "het verzuim van {kind}"],
        situation: &[
            "{ik} {v:heb} een proces-verbaal gekregen omdat {kind} te veel school zou hebben gemist, terwijl {hij} ziek was.",
            "De leerplichtambtenaar dreigt met een boete, maar {kind} heeft een chronische darmziekte en daar zijn doktersverklaringen van.",
            "Omdat {we} een week eerder weg moesten voor de begrafenis van {mijn} vader, {v:krijg} {ik} nu een boete.",
            "De leerplichtambtenaar heeft {mij} opgeroepen voor een gesprek zonder te vragen wat er aan de hand is.",
            "{kind} durft niet meer naar school door pesten, en in plaats van hulp krijgen {we} een waarschuwing van leerplicht.",
            "In het verslag van de leerplichtambtenaar staat dat {ik} niet {v:meewerk}, maar dat is niet waar.",
        ],
        details: &[
            "De school had het verzuim verkeerd geregistreerd.",
            "{ik} {v:heb} alle afspraken met de kinderarts bewaard.",
        ],
        effects: &[
            "{ik} {v:voel} {me} behandeld als een slechte {ouder}.",
            "{kind} voelt zich schuldig dat {ik} een boete {v:krijg}.",
        ],
        tried: &["{ik} {v:heb} de verklaringen van de arts opgestuurd, maar daar is niet op gereageerd."],
        demands: &[
            "{ik} {v:wil} dat het proces-verbaal wordt ingetrokken.",
            "{ik} {v:wil} een leerplichtambtenaar die eerst luistert.",
        ],
    }},
    OneOff { weight: 2, topic: Topic {
        key: "leerlingenvervoer_afgewezen", themes: &["jeugd"], parent: true,
        about: &["de aanvraag voor leerlingenvervoer", "het vervoer naar school"],
        situation: &[
            "De aanvraag voor vervoer naar school van {kind} is afgewezen omdat de afstand een paar honderd meter te kort zou zijn.",
            "Volgens de gemeente kan {kind} zelf met het openbaar vervoer reizen, maar {hij} heeft een verstandelijke beperking.",
            "De gemeente vindt dat {ik} {kind} zelf naar school moet brengen, terwijl {ik} geen auto {v:heb} en nog {n_kinderen} andere kinderen naar een andere school moet brengen.",
            "Omdat er een dichterbij gelegen school zou zijn die 'ook passend' is, krijgt {kind} geen vervoersvoorziening.",
            "{kind} kreeg jarenlang aangepast vervoer, maar na de verhuizing naar {gemeente} is dat ineens afgewezen.",
            "De gemeente biedt alleen een reiskostenvergoeding, maar {kind} kan niet alleen reizen.",
        ],
        details: &[
            "De reis met het openbaar vervoer duurt met overstappen ruim een uur.",
            "{kind} heeft epilepsie.",
        ],
        effects: &["{ik} {v:ben} {mijn} baan bijna kwijt omdat {ik} {kind} elke dag {v:breng} en {v:haal}."],
        tried: &["{ik} {v:heb} bezwaar gemaakt met een verklaring van de school."],
        demands: &["{ik} {v:wil} dat de beslissing wordt herzien."],
    }},
    OneOff { weight: 3, topic: Topic {
        key: "jeugdbescherming_rapport", themes: &["jeugd"], parent: true,
        about: &["de jeugdbescherming", "het rapport over {ons} gezin", "de ondertoezichtstelling"],
        situation: &[
            "In het rapport van de Raad voor de Kinderbescherming staan dingen die gewoon niet kloppen.",
            "De jeugdbeschermer heeft een verslag over {kind} geschreven zonder ooit met {mij} te hebben gesproken.",
            "In het dossier staat dat {ik} niet {v:meewerk}, terwijl {ik} elke afspraak {v:ben} nagekomen.",
            "{mijn} reactie op het rapport is niet aan het dossier toegevoegd, terwijl dat wel was beloofd.",
            "Er is een melding bij Veilig Thuis gedaan op basis van een misverstand, en nu wordt {ons} gezin behandeld als een risicogezin.",
            "De omgangsregeling met {kind} is aangepast zonder dat {ik} gehoord {v:ben}.",
        ],
        details: &[
            "{ik} {v:heb} inmiddels een advocaat ingeschakeld.",
            "De feiten over {mijn} ex-partner zijn door elkaar gehaald met die over {mij}.",
        ],
        effects: &[
            "Door deze fouten {v:zie} {ik} {kind} nog maar één keer per twee weken.",
            "{ik} {v:heb} het gevoel dat er over {mij} wordt beslist in plaats van met {mij}.",
        ],
        tried: &["{ik} {v:heb} om correctie van het dossier gevraagd, maar kreeg geen reactie."],
        demands: &["{ik} {v:wil} dat de onjuiste informatie uit het dossier wordt gehaald."],
    }},
    OneOff { weight: 2, topic: Topic {
        key: "jeugdhulp_indicatie_verlaagd", themes: &["jeugd"], parent: true,
        about: &["de beschikking jeugdhulp", "de begeleiding van {kind}"],
        situation: &[
            "Na de herindicatie is de begeleiding van {kind} van {uren_hoog} naar {uren_laag} uur per week teruggebracht, zonder dat iemand {kind} heeft gezien.",
            "De gemeente heeft de dagbehandeling van {kind} afgewezen, omdat {we} 'eerst het eigen netwerk' moeten inzetten.",
            "Tijdens het keukentafelgesprek werd niet geluisterd en in het verslag staat dat {kind} 'goed zelfstandig' is.",
            "De logeeropvang die {kind} elk weekend had, is zonder overleg stopgezet.",
            "{kind} heeft een ernstige vorm van autisme, maar de gemeente vindt dat {ik} de zorg als {ouder} zelf {v:kan} dragen.",
        ],
        details: &[
            "Het verslag van het gesprek kreeg {ik} pas na het besluit.",
            "De behandelaar van {kind} adviseert juist meer uren.",
        ],
        effects: &[
            "{ik} {v:ben} overbelast en {v:trek} het zo niet langer.",
            "{kind} gaat achteruit nu de vaste begeleiding is weggevallen.",
        ],
        tried: &["{ik} {v:heb} bezwaar gemaakt, maar daar is na {duur_kort} nog geen reactie op."],
        demands: &["{ik} {v:wil} dat de gemeente het advies van de behandelaar volgt."],
    }},
    // ───────────────────────────── wonen ─────────────────────────────
    OneOff { weight: 3, topic: Topic {
        key: "urgentie_afgewezen", themes: &["wonen"], parent: false,
        about: &["{mijn} urgentieaanvraag", "de afwijzing van {mijn} urgentie"],
        situation: &[
            "{mijn} aanvraag voor een urgentieverklaring is afgewezen, omdat {mijn} situatie 'niet uitzonderlijk' genoeg zou zijn.",
            "De medisch adviseur vindt dat {mijn} klachten geen reden zijn voor urgentie, terwijl {ik} met {mijn} rolstoel de trap niet op {v:kan}.",
            "Volgens de gemeente {v:heb} {ik} {mijn} woonprobleem zelf veroorzaakt en daarom {v:krijg} {ik} geen urgentie.",
            "Ondanks de verklaringen van {mijn} psychiater is {mijn} urgentieaanvraag afgewezen.",
            "Na {mijn} scheiding {v:woon} {ik} in één kamer bij een kennis, maar dat is volgens de gemeente geen noodsituatie.",
            "De urgentie is geweigerd omdat {ik} nog 'andere mogelijkheden' zou hebben, maar niemand zegt welke.",
        ],
        details: &[
            "Het advies van de medisch adviseur {v:heb} {ik} nooit te zien gekregen.",
            "{ik} {v:sta} al {jaren} jaar ingeschreven als woningzoekende.",
        ],
        effects: &[
            "{ik} {v:zit} vast in een situatie die elke dag zwaarder wordt.",
            "De spanning thuis loopt steeds verder op.",
        ],
        tried: &["{ik} {v:heb} bezwaar gemaakt en {v:ben} gehoord, maar de uitkomst bleef hetzelfde."],
        demands: &["{ik} {v:wil} dat iemand echt naar {mijn} situatie kijkt."],
    }},
    OneOff { weight: 4, topic: Topic {
        key: "woningnood", themes: &["wonen"], parent: false,
        about: &["de woningnood", "{mijn} zoektocht naar een woning", "de wachttijd voor een sociale huurwoning"],
        situation: &[
            "{ik} {v:sta} al {jaren} jaar ingeschreven en {v:reageer} elke week, maar {ik} {v:eindig} altijd ergens rond plek 300.",
            "{we} wonen met {n_gezin} mensen in een {woning_klein}; de kinderen slapen met zijn drieën op één kamer.",
            "Er komen bijna geen woningen vrij, en als er een is, reageren er duizenden mensen op.",
            "{ik} {v:woon} op een tijdelijk contract en over {duur_kort} {v:moet} {ik} eruit, zonder ander huis.",
            "Sinds {mijn} scheiding {v:slaap} {ik} afwisselend bij vrienden en familie, omdat er geen betaalbare kamer te vinden is.",
            "De huur in de vrije sector is onbetaalbaar en op een sociale huurwoning {v:wacht} {ik} al meer dan tien jaar.",
        ],
        details: &[
            "{ik} {v:werk} fulltime, maar een vrije-sectorwoning is met {mijn} salaris niet te betalen.",
            "Er zit schimmel in de kleine slaapkamer.",
        ],
        effects: &[
            "Het gebrek aan ruimte zorgt voor constant ruzie thuis.",
            "{ik} {v:kan} zo geen toekomst opbouwen.",
        ],
        tried: &["{ik} {v:heb} bij de gemeente gevraagd wat {ik} nog meer kan doen, maar kreeg alleen een folder."],
        demands: &[
            "{ik} {v:wil} dat de gemeente meer doet aan de woningnood.",
            "{ik} {v:vraag} om een eerlijke kans op een woning.",
        ],
    }},
    OneOff { weight: 2, topic: Topic {
        key: "nachtopvang", themes: &["wonen"], parent: false,
        about: &["de nachtopvang", "de omstandigheden in de opvang"],
        situation: &[
            "In de nachtopvang {v:moet} {ik} elke ochtend om acht uur weer op straat staan, ook als het vriest.",
            "{mijn} spullen zijn in de opvang gestolen en de begeleiding zegt dat dat niet hun verantwoordelijkheid is.",
            "{ik} {v:slaap} met {aantal} andere mensen op één kamer en het is er niet veilig.",
            "Elke avond {v:moet} {ik} opnieuw in de rij staan en maar hopen dat er een bed vrij is.",
            "De opvang zit vol, dus {ik} {v:breng} de nacht door op het station of in de nachtbus.",
            "Na een ruzie met een andere bewoner {v:ben} {ik} voor een maand uit de opvang geschorst, terwijl {ik} niets had gedaan.",
        ],
        details: &[
            "{ik} {v:heb} last van {kwaal}.",
            "Overdag is er nergens een plek om te rusten.",
        ],
        effects: &[
            "{ik} {v:kan} zo nooit werk vinden.",
            "{ik} {v:ben} doodmoe en {v:word} steeds zieker.",
        ],
        tried: &["{ik} {v:heb} het met de begeleiders besproken, maar er verandert niets."],
        demands: &["{ik} {v:wil} een veilige plek waar {ik} ook overdag kan blijven."],
    }},
    OneOff { weight: 2, topic: Topic {
        key: "briefadres_dakloos", themes: &["wonen"], parent: false,
        about: &["{mijn} briefadres", "het weigeren van een briefadres"],
        situation: &[
            "{ik} {v:ben} dakloos en de gemeente weigert {mij} een briefadres te geven, waardoor {ik} geen uitkering kan aanvragen.",
            "Zonder briefadres {v:krijg} {ik} geen post, geen zorgverzekering en geen uitkering.",
            "Ze zeggen dat {ik} eerst moet aantonen waar {ik} de afgelopen maanden {v:heb} geslapen.",
            "Bij het loket werd {ik} drie keer weggestuurd omdat er geen 'hoofdverblijf' in de gemeente zou zijn.",
            "{ik} {v:heb} geen vaste woonplek meer sinds {maand} en zonder adres loopt alles vast.",
        ],
        details: &[
            "{ik} {v:slaap} in een schuur bij kennissen.",
            "Zonder adres {v:ben} {ik} ook {mijn} DigiD kwijt.",
        ],
        effects: &["Zonder inkomen {v:raak} {ik} steeds dieper in de problemen."],
        tried: &["{ik} {v:heb} hulp gevraagd aan het daklozenloket, maar zij verwijzen naar burgerzaken."],
        demands: &["{ik} {v:wil} gewoon een briefadres zodat {ik} {mijn} leven weer op orde kan krijgen."],
    }},
    OneOff { weight: 2, topic: Topic {
        key: "verhuurder_opzegging", themes: &["wonen"], parent: false,
        about: &["het opzeggen van {mijn} huurcontract", "{mijn} verhuurder"],
        situation: &[
            "{mijn} huisbaas heeft de huur opgezegd omdat hij het huis wil verkopen, en de gemeente zegt dat ze niets voor {mij} kan doen.",
            "Het tijdelijke huurcontract loopt af en dan {v:sta} {ik} met al {mijn} spullen op straat.",
            "De verhuurder heeft de sloten vervangen terwijl {ik} er nog {v:woon}.",
            "{ik} {v:heb} bij het huurteam van de gemeente gemeld dat {mijn} verhuurder {mij} intimideert, maar er gebeurt niets.",
            "De verhuurder vraagt {bedrag_klein} per maand extra 'servicekosten' en dreigt met opzegging als {ik} niet {v:betaal}.",
        ],
        details: &[
            "De woning heeft ook nog achterstallig onderhoud.",
            "In het pand wonen vooral mensen zonder vast contract.",
        ],
        effects: &["{ik} {v:leef} in constante angst om {mijn} huis kwijt te raken."],
        tried: &["{ik} {v:heb} het Juridisch Loket gebeld en een melding gemaakt bij de gemeente."],
        demands: &["{ik} {v:wil} dat de gemeente optreedt tegen deze verhuurder."],
    }},
    OneOff { weight: 2, topic: Topic {
        key: "onderhoud_schimmel", themes: &["wonen"], parent: false,
        about: &["het onderhoud van {mijn} woning", "de schimmel in {mijn} woning", "de woningcorporatie"],
        situation: &[
            "Er zit al {duur} schimmel in de badkamer en de slaapkamer, en de corporatie komt steeds niet opdagen.",
            "Het lekt bij elke regenbui door het plafond, en de reparatie wordt telkens uitgesteld.",
            "De verwarming is al sinds {maand} kapot en de verhuurder zegt dat de monteur 'binnenkort' komt.",
            "De corporatie zegt dat de schimmel komt door verkeerd ventileren, terwijl de ventilatie zelf kapot is.",
            "De kozijnen zijn verrot en er komt tocht en regen binnen.",
            "Na een lekkage bij de bovenburen zit er een groot gat in {mijn} plafond dat al maanden niet gerepareerd is.",
        ],
        details: &[
            "{mijn} kinderen hebben last van hun luchtwegen.",
            "De huurcommissie heeft {mij} gelijk gegeven, maar de corporatie doet niets.",
        ],
        effects: &[
            "{ik} {v:schaam} {me} om nog mensen thuis uit te nodigen.",
            "{mijn} spullen zijn door het vocht kapotgegaan.",
        ],
        tried: &["{ik} {v:heb} {aantal} reparatieverzoeken ingediend; elke keer wordt de opdracht gesloten zonder dat er iets is gebeurd."],
        demands: &[
            "{ik} {v:wil} dat de gemeente de corporatie aanspreekt.",
            "{ik} {v:wil} huurverlaging zolang de gebreken er zijn.",
        ],
    }},
    OneOff { weight: 1, topic: Topic {
        key: "renovatie_herhuisvesting", themes: &["wonen"], parent: false,
        about: &["de renovatie van {mijn} woning", "de herhuisvesting vanwege sloop"],
        situation: &[
            "{ons} complex wordt gesloopt en {we} moeten weg, maar de aangeboden woningen liggen allemaal ver buiten {wijk}.",
            "Tijdens de renovatie {v:moet} {ik} in een wisselwoning wonen, en nu blijkt {ik} niet terug te kunnen naar {mijn} oude huis.",
            "De renovatie zou {aantal} maanden duren, maar {we} zitten al {duur} in een tijdelijke woning.",
            "De huur van de gerenoveerde woning is veel hoger dan beloofd.",
            "Bij de herhuisvesting is {mijn} urgentie vanwege sloop verlopen zonder dat iemand {mij} heeft gewaarschuwd.",
        ],
        details: &[
            "In het sociaal plan stond iets heel anders.",
            "De bewonerscommissie is nooit gehoord.",
        ],
        effects: &["{ik} {v:voel} {me} weggejaagd uit de buurt waar {ik} al {jaren} jaar {v:woon}."],
        tried: &["{ik} {v:heb} meerdere keren om een gesprek met de projectleider gevraagd."],
        demands: &["{ik} {v:wil} terugkeren naar {mijn} eigen buurt, zoals beloofd."],
    }},
    // ─────────────────────────── toeslagen ───────────────────────────
    OneOff { weight: 4, topic: Topic {
        key: "kot_inkomen", themes: &["toeslagen"], parent: true,
        about: &["de terugvordering van kinderopvangtoeslag", "{mijn} kinderopvangtoeslag"],
        situation: &[
            "Na de definitieve berekening {v:moet} {ik} {bedrag} kinderopvangtoeslag terugbetalen, omdat {mijn} inkomen hoger was dan geschat.",
            "{mijn} uren op het werk gingen omhoog, maar dat is te laat doorgegeven; nu is er een terugvordering van {bedrag}.",
            "De betalingsregeling voor de kinderopvangtoeslag is zo hoog dat {ik} de vaste lasten niet meer kan betalen.",
            "De Belastingdienst houdt elke maand een bedrag in op {mijn} toeslag voor een oude terugvordering kinderopvangtoeslag.",
            "{ik} {v:heb} de wijziging in {mijn} inkomen wel doorgegeven, maar toch kwam er een terugvordering.",
        ],
        details: &[
            "{mijn} kinderen gaan {aantal} dagen per week naar de opvang.",
            "{ik} {v:ben} alleenstaand en {v:werk} vier dagen.",
        ],
        effects: &["{ik} {v:overweeg} te stoppen met werken, want werken kost {mij} nu geld."],
        tried: &["{ik} {v:heb} om een persoonlijke betalingsregeling gevraagd, maar die werd afgewezen."],
        demands: &["{ik} {v:wil} een betalingsregeling die past bij wat {ik} kan betalen."],
    }},
    OneOff { weight: 4, topic: Topic {
        key: "huurtoeslag", themes: &["toeslagen"], parent: false,
        about: &["{mijn} huurtoeslag", "de terugvordering van huurtoeslag"],
        situation: &[
            "{mijn} huurtoeslag is stopgezet omdat {mijn} huur een paar euro boven de grens zou liggen door de servicekosten.",
            "De huurtoeslag over {vorig_jaar} moet terug omdat het inkomen van {mijn} partner hoger uitviel.",
            "Na het overlijden van {mijn} partner is {mijn} huurtoeslag opnieuw berekend en nu {v:moet} {ik} {bedrag} terugbetalen.",
            "{mijn} voorschot huurtoeslag is ineens verlaagd, zonder enige uitleg.",
            "De Belastingdienst gaat uit van een verkeerde huurprijs, waardoor {ik} te weinig huurtoeslag {v:krijg}.",
        ],
        details: &[
            "{ik} {v:heb} alle loonstroken opgestuurd.",
            "De verhuurder heeft de huurspecificatie pas laat gestuurd.",
        ],
        effects: &["De huur is zonder toeslag voor {mij} niet op te brengen."],
        tried: &["{ik} {v:heb} bezwaar gemaakt bij Toeslagen en {v:wacht} al {duur_kort} op antwoord."],
        demands: &["{ik} {v:wil} dat de toeslag opnieuw wordt berekend."],
    }},
    OneOff { weight: 3, topic: Topic {
        key: "zorgtoeslag", themes: &["toeslagen"], parent: false,
        about: &["{mijn} zorgtoeslag", "de terugvordering van zorgtoeslag"],
        situation: &[
            "{ik} {v:moet} de zorgtoeslag van een heel jaar terugbetalen omdat {mijn} zorgverzekering niet bekend zou zijn bij de Belastingdienst.",
            "De zorgtoeslag is stopgezet toen {ik} van zorgverzekeraar wisselde, terwijl {ik} gewoon verzekerd was.",
            "{mijn} zorgtoeslag is teruggevorderd omdat {ik} een paar maanden in het buitenland zou hebben gewoond, wat niet klopt.",
            "Door een fout in {mijn} gegevens bij de Belastingdienst {v:krijg} {ik} geen zorgtoeslag meer.",
            "Een terugvordering zorgtoeslag van {bedrag_klein} wordt verrekend met {mijn} andere toeslagen.",
        ],
        details: &[
            "{ik} {v:heb} de polis van {mijn} verzekeraar opgestuurd.",
            "Het gaat om een bedrag dat {ik} niet kan missen.",
        ],
        effects: &["Elke maand {v:kom} {ik} nu tekort voor boodschappen."],
        tried: &["{ik} {v:heb} de BelastingTelefoon {aantal} keer gebeld."],
        demands: &["{ik} {v:wil} dat de terugvordering wordt ingetrokken."],
    }},
    OneOff { weight: 2, topic: Topic {
        key: "kindgebonden_budget", themes: &["toeslagen"], parent: true,
        about: &["{mijn} kindgebonden budget", "het kindgebonden budget"],
        situation: &[
            "Sinds de scheiding {v:krijg} {ik} geen kindgebonden budget meer, terwijl de kinderen bij {mij} wonen.",
            "Het kindgebonden budget is naar {mijn} ex gegaan, omdat de kinderen daar ingeschreven stonden.",
            "Bij co-ouderschap kan maar één ouder kindgebonden budget krijgen, en de Belastingdienst heeft zonder overleg {mijn} ex gekozen.",
            "Na de geboorte van {mijn} jongste kind is het kindgebonden budget niet aangepast.",
            "Het kindgebonden budget over {vorig_jaar} moet terug, omdat er een toeslagpartner zou zijn die er niet is.",
        ],
        details: &["{ik} {v:heb} het convenant van de scheiding opgestuurd."],
        effects: &["{ik} {v:moet} nu kiezen tussen de huur en nieuwe schoenen voor de kinderen."],
        tried: &["{ik} {v:heb} een wijzigingsformulier ingediend, maar na {duur_kort} is er nog niets veranderd."],
        demands: &["{ik} {v:wil} dat het budget wordt uitbetaald aan de ouder bij wie de kinderen wonen."],
    }},
    OneOff { weight: 3, topic: Topic {
        key: "uht_wachten", themes: &["toeslagen"], parent: true,
        about: &["{mijn} herstelprocedure bij Herstel Toeslagen", "de integrale beoordeling van {mijn} dossier"],
        situation: &[
            "{ik} {v:heb} {me} in {vorig_jaar} aangemeld als gedupeerde van de toeslagenaffaire en {v:wacht} nog steeds op de integrale beoordeling.",
            "De UHT heeft {mij} al {aantal} keer een nieuwe termijn gestuurd voor de beoordeling van {mijn} dossier.",
            "{ik} {v:heb} de eerste 30.000 euro gekregen, maar op de volledige beoordeling {v:wacht} {ik} al jaren.",
            "{mijn} persoonlijk zaakbehandelaar bij de UHT is vertrokken en niemand daar neemt nog contact op.",
            "De uitkomst van de integrale beoordeling klopt niet: de schade is veel groter dan wat is toegekend.",
        ],
        details: &["{ik} kreeg al {aantal} brieven met 'excuses voor het lange wachten'."],
        effects: &["{ik} {v:kan} {mijn} leven niet weer oppakken zolang dit niet is afgerond."],
        tried: &["{ik} {v:heb} een klacht ingediend bij de UHT, maar kreeg alleen een standaardbrief."],
        demands: &["{ik} {v:wil} een datum waarop {mijn} dossier is beoordeeld."],
    }},
    // ────────────────────────── multi-label ──────────────────────────
    OneOff { weight: 3, topic: Topic {
        key: "noodopvang_school", themes: &["jeugd", "wonen"], parent: true,
        about: &["de opvang van {ons} gezin en de school van {kind}", "school voor {kind} vanuit de opvang"],
        situation: &[
            "{we} zijn met het gezin in de noodopvang terechtgekomen en {kind} kan vanaf hier niet meer naar {zijn} oude school.",
            "Sinds {we} in de gezinsopvang wonen, heeft {kind} geen school meer, want in de buurt is geen plek.",
            "De opvanglocatie ligt zo ver weg dat {kind} elke dag {minuten} moet reizen naar school, en vaak gaat {hij} gewoon niet.",
            "Na de huisuitzetting kregen {we} een kamer in de opvang, maar niemand regelt een school of vervoer voor {kind}.",
            "{kind} slaapt met {ons} op één kamer in de opvang en kan {zijn} huiswerk nergens maken.",
        ],
        details: &[
            "De opvang zegt dat onderwijs niet hun taak is.",
            "De leerplichtambtenaar weet niet eens dat {we} hier zitten.",
        ],
        effects: &[
            "{kind} raakt achter en schaamt zich tegenover {zijn} klasgenoten.",
            "{ik} {v:zie} {kind} steeds stiller worden.",
        ],
        tried: &["{ik} {v:heb} de gemeente om vervoer naar de oude school gevraagd, maar dat is afgewezen omdat het 'tijdelijk' zou zijn."],
        demands: &["{ik} {v:wil} dat {kind} gewoon naar school kan en dat {we} een woning krijgen."],
    }},
    OneOff { weight: 2, topic: Topic {
        key: "gedupeerde_huis", themes: &["toeslagen", "wonen"], parent: true,
        about: &["{mijn} woonsituatie als gedupeerde ouder", "{mijn} huis en de toeslagenaffaire"],
        situation: &[
            "Door de terugvordering van de kinderopvangtoeslag kon {ik} de huur niet meer betalen en {v:ben} {ik} {mijn} huis kwijtgeraakt.",
            "Als gedupeerde ouder {v:woon} {ik} nu met {mijn} kinderen in één kamer bij familie.",
            "{ik} {v:ben} erkend als gedupeerde, maar de gemeente helpt {mij} niet aan een woning, terwijl de toeslagenaffaire de reden is dat {ik} dakloos werd.",
            "Het huis dat {ik} vroeger huurde is ontruimd vanwege schulden die door de Belastingdienst zijn ontstaan.",
            "Nu de compensatie is uitbetaald zou {ik} een woning kunnen betalen, maar door {mijn} oude huurschuld {v:kom} {ik} nergens meer in aanmerking.",
        ],
        details: &[
            "{ik} {v:sta} op een zwarte lijst bij de corporaties.",
            "Het ondersteuningsteam zegt dat wonen 'een lastig punt' is.",
        ],
        effects: &["{mijn} kinderen vragen wanneer {we} weer een eigen huis hebben."],
        tried: &["{ik} {v:heb} als gedupeerde een urgentieaanvraag gedaan, maar die werd afgewezen."],
        demands: &["{ik} {v:wil} een eigen woning voor {mij} en {mijn} kinderen."],
    }},
    OneOff { weight: 2, topic: Topic {
        key: "gedupeerde_kind_hulp", themes: &["jeugd", "toeslagen"], parent: true,
        about: &["hulp voor {kind} als kind van een gedupeerde ouder", "de kindregeling en hulp voor {kind}"],
        situation: &[
            "{kind} heeft jaren stress thuis meegemaakt door de toeslagenaffaire en heeft nu hulp nodig, maar de jeugdhulp heeft een wachtlijst.",
            "Als gedupeerde ouder {v:heb} {ik} de kindregeling aangevraagd, maar voor de psychische hulp die {kind} nodig heeft is nog niets geregeld.",
            "De problemen met de kinderopvangtoeslag hebben diepe sporen nagelaten bij {kind}; {hij} heeft paniekaanvallen en spijbelt.",
            "{ik} {v:heb} de gemeente gevraagd om hulp voor {kind} als onderdeel van de ondersteuning voor gedupeerde gezinnen, maar niemand pakt het op.",
            "Het geld uit de kindregeling is bedoeld voor {kind}, maar wat {hij} echt nodig heeft is een goede therapeut.",
        ],
        details: &["{kind} is nu {leeftijd}.", "De school maakt zich ook zorgen."],
        effects: &["{ik} {v:voel} {me} schuldig dat {kind} hier last van heeft."],
        tried: &["{ik} {v:heb} het buurtteam ingeschakeld, maar die verwijzen naar de wachtlijst."],
        demands: &["{ik} {v:wil} dat gedupeerde gezinnen voorrang krijgen bij jeugdhulp."],
    }},
    OneOff { weight: 2, topic: Topic {
        key: "jongere_dakloos", themes: &["jeugd", "wonen"], parent: true,
        about: &["de woonplek van {kind}", "een plek voor {kind}"],
        situation: &[
            "{kind} van {leeftijd_jong} is na ruzie thuis weggegaan en slaapt nu op banken bij vrienden; het jongerenloket zegt dat er geen plek is.",
            "{ik} {v:kan} {kind} niet meer thuis laten wonen vanwege {zijn} agressie, maar er is nergens een woonplek voor jongeren.",
            "Het jongerenloket zegt dat {kind} eerst een uitkering moet hebben voordat {hij} een kamer kan krijgen, en voor de uitkering is een adres nodig.",
            "{kind} is net 17 en zwerft al weken door de stad; jeugdzorg en de gemeente wijzen naar elkaar.",
            "Voor {kind} is er alleen een crisisplek voor drie nachten, daarna staat {hij} weer buiten.",
        ],
        details: &[
            "{hij} heeft een lichte verstandelijke beperking.",
            "{ik} {v:ben} bang dat {hij} in de criminaliteit belandt.",
        ],
        effects: &["{ik} {v:lig} elke nacht wakker van de zorgen."],
        tried: &["{ik} {v:heb} de wijkagent en het buurtteam ingeschakeld, maar er is geen plek."],
        demands: &["{ik} {v:wil} dat er een veilige woonplek voor {kind} komt."],
    }},
    // ─────────────────── other subjects (themes: []) ───────────────────
    OneOff { weight: 4, topic: Topic {
        key: "parkeervergunning", themes: &[], parent: false,
        about: &["{mijn} parkeervergunning", "de wachtlijst voor een parkeervergunning"],
        situation: &[
            "{ik} {v:sta} al {duur} op de wachtlijst voor een parkeervergunning en {v:moet} ondertussen elke dag het volle tarief betalen.",
            "{mijn} parkeervergunning is niet automatisch verlengd en nu {v:ben} {ik} hem kwijt.",
            "De bezoekersregeling is aangepast en {mijn} mantelzorger moet nu het volle tarief betalen om bij {mij} te komen.",
            "Als wijkverpleegkundige {v:heb} {ik} een vergunning nodig, maar de aanvraag werd afgewezen omdat {ik} niet in de wijk {v:woon}.",
            "{ik} {v:heb} een auto van de zaak en daarom {v:krijg} {ik} geen vergunning, terwijl het {mijn} enige auto is.",
        ],
        details: &[
            "{ik} {v:moet} om half negen {mijn} kinderen naar school brengen en {v:vind} nooit een plek in de buurt.",
            "{ik} {v:woon} al {jaren} jaar in dit huis en had altijd een vergunning.",
        ],
        effects: &["Dit kost {mij} honderden euro's per jaar."],
        tried: &["{ik} {v:heb} gemaild met de afdeling parkeren, maar kreeg een standaardantwoord."],
        demands: &["{ik} {v:wil} dat de vergunning alsnog wordt verleend."],
    }},
    OneOff { weight: 5, topic: Topic {
        key: "naheffing", themes: &[], parent: false,
        about: &["een naheffingsaanslag parkeerbelasting", "een parkeerboete"],
        situation: &[
            "{ik} kreeg een naheffing van {bedrag_klein} terwijl {ik} alleen even stond te laden en te lossen voor de deur.",
            "Het bord met de parkeerzone is onduidelijk; niemand kan zien dat het daar betaald parkeren is.",
            "Met {mijn} gehandicaptenparkeerkaart duidelijk achter de voorruit kreeg {ik} toch een naheffing.",
            "De naheffing is opgelegd op een moment dat {mijn} auto aantoonbaar in de garage stond.",
            "{ik} {v:heb} een naheffing gekregen op een plek waar volgens de borden gratis parkeren was toegestaan.",
        ],
        details: &[
            "{ik} stond er hooguit tien minuten, om {mijn} zoontje van de crèche te halen.",
            "Er stond ook geen parkeerautomaat in de buurt.",
        ],
        effects: &["Voor {mij} is {bedrag_klein} heel veel geld."],
        tried: &["{ik} {v:heb} bezwaar gemaakt, maar dat werd afgewezen met een standaardtekst."],
        demands: &["{ik} {v:wil} dat de naheffing wordt vernietigd."],
    }},
    OneOff { weight: 5, topic: Topic {
        key: "afval", themes: &[], parent: false,
        about: &["het ophalen van afval", "het vuilnis in {mijn} straat", "het grofvuil"],
        situation: &[
            "Het grofvuil is al {aantal} keer niet opgehaald, terwijl er wel een afspraak was gemaakt.",
            "De containers in {mijn} straat zitten al dagen vol en de zakken staan ernaast.",
            "Er lopen ratten door de straat omdat het afval niet op tijd wordt opgehaald.",
            "Het oud papier wordt in {wijk} maar eens in de drie weken opgehaald, veel te weinig.",
            "Na {mijn} melding over gedumpt afval naast de container is de melding afgesloten, maar het afval ligt er nog steeds.",
        ],
        details: &[
            "{mijn} kinderen spelen op straat tussen het afval.",
            "Het stinkt tot in {mijn} huis.",
        ],
        effects: &["De buurt verloedert zo."],
        tried: &["{ik} {v:heb} via de app {aantal} meldingen gedaan."],
        demands: &["{ik} {v:wil} dat het afval gewoon wordt opgehaald zoals afgesproken."],
    }},
    OneOff { weight: 5, topic: Topic {
        key: "overlast", themes: &[], parent: false,
        about: &["overlast in {mijn} buurt", "geluidsoverlast van horeca", "overlast van bouwwerkzaamheden"],
        situation: &[
            "Het café onder {mijn} woning heeft een ontheffing tot drie uur 's nachts gekregen en de muziek staat keihard.",
            "De bouwwerkzaamheden naast {ons} beginnen elke dag om zes uur 's ochtends, ook op zaterdag.",
            "Op het pleintje voor de deur hangen elke avond jongeren met scooters en harde muziek.",
            "Het terras van het restaurant wordt steeds groter en tot laat in de nacht is er herrie.",
            "Door het heien voor het nieuwbouwproject zitten er scheuren in {mijn} muren.",
        ],
        details: &[
            "{ons} huis trilt bij elke vrachtwagen die langskomt.",
            "{mijn} baby wordt elke nacht wakker van het lawaai.",
        ],
        effects: &["{ik} {v:slaap} al weken niet meer door."],
        tried: &["{ik} {v:heb} handhaving gebeld, maar die kwamen pas na twee uur, toen het al stil was."],
        demands: &["{ik} {v:wil} dat de gemeente de regels handhaaft."],
    }},
    OneOff { weight: 5, topic: Topic {
        key: "bijstand", themes: &[], parent: false,
        about: &["{mijn} bijstandsuitkering", "de terugvordering van bijstand", "{mijn} uitkering"],
        situation: &[
            "De gemeente vordert {bedrag} bijstand terug omdat {ik} een gift van familie niet zou hebben gemeld.",
            "{mijn} uitkering is gekort omdat {mijn} volwassen dochter weer bij {mij} woont, vanwege de kostendelersnorm.",
            "De bijstand is een maand lang volledig stopgezet, omdat {ik} een afspraak met de klantmanager zou hebben gemist.",
            "Na {mijn} aanvraag voor bijstand {v:heb} {ik} na {duur_kort} nog steeds geen besluit, en {ik} {v:heb} geen inkomen.",
            "De klantmanager eist dat {ik} fulltime {v:solliciteer}, terwijl {ik} mantelzorger {v:ben} voor {mijn} moeder.",
            "Ze zeggen dat {ik} {v:samenwoon} met {mijn} vriend, omdat zijn auto vaak voor de deur staat.",
        ],
        details: &[
            "Het is geen toeslag, het is gewoon {mijn} uitkering, en zonder dat geld {v:kan} {ik} niets.",
            "De terugvordering wordt ingehouden op {mijn} uitkering.",
        ],
        effects: &["{ik} {v:moet} nu rondkomen van een paar honderd euro per maand."],
        tried: &["{ik} {v:heb} bezwaar gemaakt en alle bankafschriften opgestuurd."],
        demands: &["{ik} {v:wil} dat de terugvordering wordt geschrapt."],
    }},
    OneOff { weight: 4, topic: Topic {
        key: "wmo_huishoudelijke_hulp", themes: &[], parent: false,
        about: &["de huishoudelijke hulp", "{mijn} Wmo-indicatie"],
        situation: &[
            "Na de herindicatie is {mijn} huishoudelijke hulp teruggebracht van {uren_hoog} naar {uren_laag} uur per week, zonder dat iemand bij {mij} thuis is geweest.",
            "De Wmo-consulent vindt dat {mijn} volwassen kinderen het huishouden maar moeten doen, terwijl ze zelf jonge gezinnen hebben.",
            "De eigen bijdrage voor de Wmo is ineens veel hoger geworden door een fout in {mijn} inkomensgegevens.",
            "Het gesprek over de huishoudelijke hulp werd telefonisch gedaan en in het verslag staan dingen die {ik} nooit {v:heb} gezegd.",
            "Door {mijn} {kwaal} {v:kan} {ik} niet meer stofzuigen, maar volgens de gemeente valt dat onder 'gebruikelijke hulp'.",
        ],
        details: &[
            "{ik} {v:loop} slecht en {v:gebruik} binnen een rollator.",
            "{ik} {v:woon} alleen op drie hoog zonder lift.",
        ],
        effects: &["Het huis wordt smerig en {ik} {v:voel} {me} ellendig."],
        tried: &["{ik} {v:heb} om een nieuw onderzoek gevraagd."],
        demands: &["{ik} {v:wil} de uren terug die {ik} nodig {v:heb}."],
    }},
    OneOff { weight: 3, topic: Topic {
        key: "wmo_hulpmiddel", themes: &[], parent: false,
        about: &["{mijn} aanvraag voor een traplift", "de scootmobiel", "een woningaanpassing"],
        situation: &[
            "{mijn} aanvraag voor een traplift is afgewezen, omdat {ik} maar moet verhuizen naar een gelijkvloerse woning.",
            "De scootmobiel die {ik} via de Wmo {v:heb} gekregen is al {aantal} keer kapot en de reparatie duurt weken.",
            "{ik} {v:ben} {ouder} van {n_kinderen} kinderen en {v:heb} zelf MS; de aanpassing van de badkamer wordt al {duur} uitgesteld.",
            "De rolstoel die {ik} van de gemeente {v:heb} gekregen, past niet door de deuren van {mijn} woning.",
            "Voor de woningaanpassing {v:moet} {ik} zelf drie offertes regelen, maar geen aannemer wil komen voor zo'n kleine klus.",
            "Het leveren van de scootmobiel duurt al {duur_kort}, en ondertussen {v:kom} {ik} de deur niet uit.",
        ],
        details: &[
            "{ik} {v:kan} {mijn} kinderen niet meer zelf naar school brengen.",
            "De ergotherapeut heeft de aanpassing wel geadviseerd.",
        ],
        effects: &["{ik} {v:zit} opgesloten in {mijn} eigen huis."],
        tried: &["{ik} {v:heb} de Wmo-consulent {aantal} keer gebeld."],
        demands: &["{ik} {v:wil} dat de voorziening nu geleverd wordt."],
    }},
    OneOff { weight: 2, topic: Topic {
        key: "woz_bezwaar", themes: &[], parent: false,
        about: &["{mijn} WOZ-bezwaar", "de WOZ-waarde"],
        situation: &[
            "Op {mijn} bezwaar tegen de WOZ-waarde is na {duur} nog steeds niet beslist.",
            "Het WOZ-bezwaar is afgewezen, maar de taxatiegegevens die {ik} {v:heb} opgevraagd zijn nooit gestuurd.",
            "Een bureau heeft namens {mij} bezwaar gemaakt zonder dat {ik} daar toestemming voor {v:heb} gegeven.",
            "In de WOZ-beschikking staat een verkeerde oppervlakte van {mijn} woning.",
            "De hoorzitting over {mijn} WOZ-bezwaar werd op het laatste moment afgezegd.",
        ],
        details: &["Het verschil is ruim {bedrag_groot}."],
        effects: &["{ik} {v:betaal} hierdoor te veel belasting."],
        tried: &["{ik} {v:heb} de gemeente {aantal} keer gemaild."],
        demands: &["{ik} {v:wil} een besluit op {mijn} bezwaar."],
    }},
    OneOff { weight: 2, topic: Topic {
        key: "kwijtschelding", themes: &[], parent: false,
        about: &["{mijn} verzoek om kwijtschelding", "de afvalstoffenheffing"],
        situation: &[
            "{mijn} verzoek om kwijtschelding van de afvalstoffenheffing is afgewezen omdat {ik} een oude auto {v:heb} die {ik} nodig {v:heb} voor {mijn} werk.",
            "Ondanks {mijn} kleine inkomen {v:krijg} {ik} geen kwijtschelding van de gemeentelijke belastingen.",
            "De gemeente heeft {mijn} kwijtscheldingsverzoek niet behandeld en stuurt nu een dwangbevel.",
            "Vorig jaar kreeg {ik} wel kwijtschelding, dit jaar niet, terwijl er niets is veranderd.",
            "Er is {bedrag_klein} aan aanmaningskosten bijgekomen, terwijl {mijn} kwijtschelding nog in behandeling was.",
        ],
        details: &[
            "{ik} {v:leef} van alleen AOW, zonder pensioen.",
            "{ik} {v:zit} in een schuldhulptraject.",
        ],
        effects: &["{ik} {v:kan} dit echt niet betalen."],
        tried: &["{ik} {v:heb} beroep aangetekend, maar nooit iets gehoord."],
        demands: &["{ik} {v:wil} kwijtschelding, net als vorig jaar."],
    }},
    OneOff { weight: 3, topic: Topic {
        key: "klachtbehandeling", themes: &[], parent: false,
        about: &["de behandeling van {mijn} klacht", "een medewerker van de gemeente"],
        situation: &[
            "Een medewerker aan de balie was ontzettend onbeschoft tegen {mij}, en toen {ik} daarover klaagde werd {mijn} klacht zonder gesprek afgewezen.",
            "De gemeente heeft {mijn} klacht afgedaan met een brief die over iets heel anders ging.",
            "{ik} {v:heb} gevraagd om gehoord te worden over {mijn} klacht, maar dat werd geweigerd.",
            "De klachtcoördinator heeft {mijn} klacht 'informeel afgehandeld' met een telefoontje, terwijl {ik} een schriftelijke reactie wilde.",
            "In de reactie op {mijn} klacht wordt alleen het beleid uitgelegd; op {mijn} eigen situatie wordt niet ingegaan.",
        ],
        details: &[
            "Het ging oorspronkelijk over {klacht_onderwerp}.",
            "Het gesprek werd na vijf minuten afgebroken.",
        ],
        effects: &["Zo {v:voel} {ik} {me} totaal niet gehoord."],
        tried: &["{ik} {v:heb} schriftelijk gevraagd om een nieuwe behandeling."],
        demands: &["{ik} {v:wil} excuses en een serieuze behandeling van {mijn} klacht."],
    }},
    OneOff { weight: 3, topic: Topic {
        key: "paspoort", themes: &[], parent: false,
        about: &["een afspraak voor een paspoort", "{mijn} identiteitskaart"],
        situation: &[
            "De komende {aantal} maanden is er geen afspraak te krijgen om een paspoort aan te vragen.",
            "{mijn} paspoort is verlopen en de eerste vrije afspraak is pas na {mijn} vakantie.",
            "Bij het ophalen van {mijn} identiteitskaart bleek die al {duur_kort} zoek te zijn bij de gemeente.",
            "De paspoorten voor {mijn} kinderen zijn aangevraagd, maar ze zijn niet op tijd klaar voor de reis.",
            "{ik} moest {bedrag_klein} extra betalen voor een spoedaanvraag, terwijl de vertraging door de gemeente kwam.",
        ],
        details: &[
            "De vliegtickets voor het hele gezin zijn al betaald.",
            "Zonder geldig identiteitsbewijs {v:kan} {ik} ook niet bij de bank terecht.",
        ],
        effects: &["{ik} {v:dreig} {mijn} reis naar {mijn} zieke moeder mis te lopen."],
        tried: &["{ik} {v:heb} elke ochtend om acht uur gekeken of er een afspraak vrijkwam."],
        demands: &["{ik} {v:wil} een vergoeding voor de extra kosten."],
    }},
    OneOff { weight: 1, topic: Topic {
        key: "brp_uitgeschreven", themes: &[], parent: false,
        about: &["{mijn} inschrijving in de BRP", "een adresonderzoek"],
        situation: &[
            "{ik} {v:ben} na een adresonderzoek uitgeschreven uit de BRP zonder dat {ik} daar een brief over {v:heb} ontvangen.",
            "De gemeente weigert {mijn} inschrijving omdat de verhuurder geen toestemming geeft.",
            "Na een controle aan de deur werd {ik} als 'vertrokken onbekend waarheen' geregistreerd, terwijl {ik} er gewoon {v:woon}.",
            "{ik} {v:moet} bewijzen dat {ik} hier {v:woon}, maar het huurcontract is volgens de gemeente niet genoeg.",
            "Door een fout bij burgerzaken staat er een onbekende persoon ingeschreven op {mijn} adres.",
        ],
        details: &[
            "Zonder inschrijving werkt {mijn} DigiD niet meer.",
            "{ik} {v:woon} hier al sinds {jaar_min}.",
        ],
        effects: &["{ik} {v:kan} niet eens meer een afspraak bij de huisarts maken."],
        tried: &["{ik} {v:heb} {mijn} huurcontract en energierekeningen opgestuurd."],
        demands: &["{ik} {v:wil} dat {mijn} inschrijving met terugwerkende kracht wordt hersteld."],
    }},
    OneOff { weight: 5, topic: Topic {
        key: "openbare_ruimte", themes: &[], parent: false,
        about: &["de stoep in {mijn} straat", "een onveilige situatie op straat", "de speeltuin in {wijk}"],
        situation: &[
            "De stoep voor {mijn} deur ligt al maanden open en er staan alleen wat hekken omheen.",
            "De straatverlichting in {mijn} straat doet het al {duur_kort} niet; het is 's avonds pikdonker.",
            "Door boomwortels liggen de tegels zo scheef dat {ik} met {mijn} rollator gevallen {v:ben}.",
            "De speeltuin in {wijk} is al een jaar afgesloten omdat de toestellen kapot zijn.",
            "Er staan al maanden fietswrakken op de stoep, waardoor er met een rolstoel niemand meer langs kan.",
            "Het fietspad is na de werkzaamheden niet goed teruggelegd en er zijn al meerdere mensen gevallen.",
        ],
        details: &[
            "De kinderen uit de buurt spelen nu op straat.",
            "{ik} {v:heb} foto's van de situatie.",
        ],
        effects: &["Het is gewoon gevaarlijk."],
        tried: &["{ik} {v:heb} {aantal} meldingen gedaan via de app; ze worden steeds afgesloten met 'opgelost'."],
        demands: &["{ik} {v:wil} dat het wordt gerepareerd voordat er iemand ernstig gewond raakt."],
    }},
];

// ─────────────────────────── generic pools ───────────────────────────

pub(crate) const GENERIC_EFFECTS: &[&str] = &[
    "Dit kost {mij} enorm veel stress.",
    "{ik} {v:slaap} er slecht van.",
    "{ik} {v:voel} {me} totaal niet serieus genomen.",
    "Het gaat niet alleen om geld, het gaat om hoe er met mensen wordt omgegaan.",
    "{ik} {v:ben} inmiddels ten einde raad.",
    "{ik} {v:weet} echt niet meer wat {ik} moet doen.",
    "{ik} {v:heb} het gevoel dat {ik} van het kastje naar de muur {v:word} gestuurd.",
    "Het vertrouwen in de gemeente is bij {mij} helemaal weg.",
    "Dit duurt nu al veel te lang.",
    "{mijn} gezondheid gaat achteruit door alle onzekerheid.",
    "{ik} {v:heb} hier inmiddels uren aan besteed.",
    "Het voelt alsof niemand zich verantwoordelijk voelt.",
];

pub(crate) fn theme_effects(theme: &str) -> &'static [&'static str] {
    match theme {
        "jeugd" => &[
            "{kind} heeft hier enorm last van en trekt zich steeds meer terug.",
            "{kind} vraagt steeds waarom niemand {hem} helpt.",
            "Thuis is de spanning enorm opgelopen.",
            "Ook de broertjes en zusjes lijden eronder.",
        ],
        "wonen" => &[
            "{we} leven al {duur} in onzekerheid.",
            "Dit is geen manier om te leven.",
            "{ik} {v:kan} zo nooit tot rust komen.",
        ],
        "toeslagen" => &[
            "{ik} {v:kan} de rekeningen niet meer betalen.",
            "De schulden lopen steeds verder op.",
            "{ik} {v:durf} de post bijna niet meer open te maken.",
            "Elke maand {v:houd} {ik} minder over om van te leven.",
        ],
        _ => &[],
    }
}

pub(crate) const GENERIC_TRIED: &[&str] = &[
    "{ik} {v:heb} meerdere keren gebeld met {tel_gemeente}, maar {ik} {v:word} steeds doorverbonden en niemand weet ervan.",
    "Op {datum} {v:heb} {ik} een klacht ingediend bij de gemeente. Daarop kwam alleen een ontvangstbevestiging.",
    "{ik} {v:heb} een e-mail gestuurd, maar na {duur_kort} is er nog steeds geen reactie.",
    "De klachtbehandelaar van de gemeente heeft {mij} op {datum} gebeld, maar daarna is er niets meer gebeurd.",
    "{ik} {v:ben} zelf langs geweest bij {loket}, maar daar konden ze niets voor {mij} doen.",
    "Er is {mij} beloofd dat {ik} binnen {duur_kort} teruggebeld zou worden. Dat is nooit gebeurd.",
    "{ik} {v:heb} het klachtformulier op de website ingevuld, maar het antwoord ging helemaal niet over {mijn} klacht.",
    "De gemeente zegt dat de klachtprocedure is afgerond, maar er is niets opgelost.",
    "Via de sociaal raadslieden {v:heb} {ik} een brief laten schrijven, maar ook daarop kwam geen antwoord.",
];

pub(crate) const GENERIC_DEMANDS: &[&str] = &[
    "{ik} {v:vraag} de ombudsman om dit te onderzoeken.",
    "{ik} {v:wil} graag dat iemand eindelijk verantwoordelijkheid neemt.",
    "{ik} {v:wil} een oplossing, geen excuses.",
    "{ik} {v:hoop} dat de ombudsman kan bemiddelen.",
    "{ik} {v:wil} weten waarom het zo lang duurt en wanneer er een besluit komt.",
    "Graag {v:ontvang} {ik} binnen afzienbare tijd een reactie.",
    "{ik} {v:vind} dat de gemeente zich niet aan haar eigen regels houdt.",
    "{ik} {v:verwacht} dat de gemeente haar fouten erkent en herstelt.",
];

/// The history of the case, for long letters (formal and helper voices only).
pub(crate) const GENERIC_STORY: &[&str] = &[
    "De problemen begonnen al in {maand}.",
    "Op {datum} kreeg {ik} een brief waarin stond dat er binnen acht weken een besluit zou komen.",
    "De termijn voor een besluit is inmiddels ruimschoots verstreken.",
    "Daarna {v:heb} {ik} nog {aantal} keer gebeld.",
    "Elke keer kreeg {ik} een andere medewerker aan de lijn, die weer van voren af aan begon.",
    "{ik} {v:heb} alle brieven en e-mails bewaard en {v:kan} ze meesturen.",
    "Ook de huisarts heeft een brief geschreven om {mijn} verhaal te ondersteunen.",
    "{ik} {v:heb} zelfs een hele ochtend bij {loket} gewacht, zonder resultaat.",
    "Het is voor {mij} moeilijk om dit allemaal op een rij te zetten.",
    "{ik} {v:heb} lang getwijfeld of {ik} deze klacht zou indienen.",
    "In de brieven van de gemeente staan steeds andere redenen.",
    "Niemand lijkt overzicht te hebben over {mijn} dossier.",
];

/// Life context for longer letters. Sentences within one persona fit together; children and
/// homes are mentioned in passing here, which makes them hard negatives for the theme labels.
pub(crate) struct Persona {
    /// Suitable when the topic is about the complainant's child.
    pub parent_ok: bool,
    /// Suitable when the topic is *not* about a child.
    pub nonparent_ok: bool,
    pub lines: &'static [&'static str],
}

pub(crate) const PERSONAS: &[Persona] = &[
    Persona { parent_ok: true, nonparent_ok: true, lines: &[
        "{ik} {v:ben} alleenstaande {ouder} van {n_kinderen} kinderen.",
        "Sinds {mijn} scheiding {v:sta} {ik} er alleen voor.",
        "{mijn} kinderen zitten op de basisschool hier in de buurt.",
        "{ik} {v:werk} parttime in de thuiszorg en {v:heb} weinig tijd om overal achteraan te bellen.",
    ]},
    Persona { parent_ok: false, nonparent_ok: true, lines: &[
        "{ik} {v:ben} {leeftijd_oud} jaar en {v:woon} alleen.",
        "{ik} {v:woon} al {jaren} jaar in {wijk}.",
        "{ik} {v:heb} geen computer en {v:moet} alles via de telefoon regelen.",
        "{mijn} gezondheid is niet goed; {ik} {v:heb} last van {kwaal}.",
    ]},
    Persona { parent_ok: true, nonparent_ok: true, lines: &[
        "{we} wonen met {n_gezin} mensen in een {woning_klein}.",
        "{ik} {v:ben} {ouder} van {n_kinderen} kinderen en {v:werk} fulltime.",
        "Vanwege {mijn} werk in de nachtdienst {v:kan} {ik} overdag moeilijk bellen.",
        "{mijn} partner werkt in ploegendienst.",
    ]},
    Persona { parent_ok: true, nonparent_ok: true, lines: &[
        "{ik} {v:ben} in {jaar_aankomst} naar Nederland gekomen.",
        "{ik} {v:spreek} nog niet zo goed Nederlands, daarom is het moeilijk om alle brieven te begrijpen.",
        "{ik} {v:volg} een taalcursus bij het ROC.",
    ]},
    Persona { parent_ok: true, nonparent_ok: true, lines: &[
        "{ik} {v:ben} chronisch ziek en {v:heb} last van {kwaal}.",
        "{ik} {v:leef} van een kleine uitkering en elke euro telt.",
        "{ik} {v:zorg} ook nog voor {mijn} moeder, die dementie heeft.",
    ]},
    Persona { parent_ok: true, nonparent_ok: true, lines: &[
        "{ik} {v:woon} al {jaren} jaar in {gemeente} en {v:heb} nooit eerder een klacht ingediend.",
        "{ik} {v:ben} altijd iemand geweest die het liefst alles zelf oplost.",
    ]},
];

/// Extra specifics appended when a text would otherwise duplicate an earlier one.
pub(crate) const VARIATION: &[&str] = &[
    "Dit speelt sinds {datum}.",
    "Het gaat inmiddels om {bedrag}.",
    "De laatste keer dat {ik} contact {v:heb} gezocht was op {datum}.",
    "{ik} {v:heb} nu al {aantal} brieven gestuurd.",
    "Op {datum} is het opnieuw gebeurd.",
    "Sinds {datum} is er niets meer gebeurd.",
];
