//! The catalog of planted "rode draden": one concrete systemic cause each, with its years, trend
//! shape and (optionally) the municipality it is concentrated in.
//!
//! Contract: every `situation` sentence of a thread states *its* cause (in different words), and
//! every member draws at least one of them, so the thread is recoverable by meaning. Several
//! threads have a deliberate near-neighbour (T03 leerlingenvervoer vs. T25 Wmo-vervoer, both "new
//! carrier, late taxi"; T12 brede ondersteuning vs. the one-off UHT complaint) to test that
//! clustering separates causes, not topics.

use super::bank::Topic;
use super::Trend;

pub(crate) struct ThreadDef {
    pub id: &'static str,
    pub start: i32,
    pub end: i32,
    pub trend: Trend,
    pub municipality: Option<&'static str>,
    /// Relative size (percent of an average thread's per-record rate in its peak).
    pub base: u32,
    /// The shared cause, in Dutch (published through `planted_threads`).
    pub cause: &'static str,
    pub topic: Topic,
}

pub(crate) const THREADS: &[ThreadDef] = &[
    ThreadDef {
        id: "T01", start: 2020, end: 2025, trend: Trend::Growing, municipality: None, base: 140,
        cause: "Gezinnen met kinderen in de noodopvang moeten telkens naar een andere opvanglocatie verhuizen",
        topic: Topic {
            key: "T01", themes: &["jeugd", "wonen"], parent: true,
            about: &["de opvang van {ons} gezin", "het steeds verhuizen in de noodopvang", "de noodopvang"],
            situation: &[
                "{we} zitten met de kinderen in de noodopvang en moeten nu voor de {rangtelwoord} keer verhuizen naar een andere locatie.",
                "In {duur} tijd {v:ben} {ik} met {mijn} kinderen al {aantal} keer van opvangplek gewisseld.",
                "Telkens als {we} een beetje gewend zijn, horen {we} dat {we} binnen een week naar een ander hotel of een andere opvang moeten.",
                "{ons} gezin wordt steeds verplaatst: eerst een hotel in {wijk}, daarna een vakantiepark, nu weer een locatie aan de andere kant van de stad.",
                "Sinds {maand} {v:heb} {ik} met {mijn} kinderen op {aantal} verschillende opvangadressen gewoond.",
                "De gemeente zegt dat het 'tijdelijk' is, maar {we} worden keer op keer naar een nieuwe noodopvangplek gestuurd.",
                "Elke paar weken krijgen {we} te horen dat de kamer weer vrij moet en dat er ergens anders plek is.",
                "{ik} {v:leef} met {mijn} kinderen uit een koffer, omdat {we} steeds weer naar een andere opvang moeten verkassen.",
                "Sinds {we} dakloos zijn geraakt, verandert de opvang waar {we} zitten steeds: {we} zijn nu al {aantal} keer overgeplaatst.",
            ],
            details: &[
                "{kind} moet nu elke dag ruim een uur met de bus naar school.",
                "De kinderen missen lessen door alle verhuizingen.",
                "Niemand vertelt vooraf waar {we} naartoe gaan.",
                "Op de vorige locatie was er tenminste een keuken; hier kunnen {we} niet eens zelf koken.",
            ],
            effects: &[
                "De kinderen slapen slecht en vragen steeds waar {we} nu weer heen gaan.",
                "{kind} heeft geen vriendjes meer, want {we} zijn nooit lang genoeg ergens.",
                "Zo kan {ons} gezin nooit tot rust komen.",
            ],
            tried: &["{ik} {v:heb} de begeleider van de opvang gevraagd of {we} op één plek kunnen blijven, maar dat zou niet aan hen liggen."],
            demands: &[
                "{ik} {v:wil} dat {we} op één vaste plek kunnen blijven tot er een woning is.",
                "{ik} {v:vraag} de ombudsman waarom gezinnen met kinderen steeds moeten verhuizen.",
            ],
        },
    },
    ThreadDef {
        id: "T02", start: 2021, end: 2025, trend: Trend::Stable, municipality: None, base: 120,
        cause: "De compensatie van Herstel Toeslagen (UHT) wordt door de gemeente verrekend met openstaande gemeentelijke schulden",
        topic: Topic {
            key: "T02", themes: &["toeslagen"], parent: false,
            about: &["de verrekening van {mijn} compensatie", "{mijn} herstelbetaling", "het inhouden van geld door de gemeente"],
            situation: &[
                "{ik} {v:ben} erkend als gedupeerde van de toeslagenaffaire, maar van {mijn} compensatie is meteen {bedrag} afgehaald voor een oude schuld bij de gemeente.",
                "De gemeente heeft een deel van {mijn} herstelgeld ingehouden om openstaande belastingaanslagen te verrekenen.",
                "Na jaren wachten kreeg {ik} eindelijk geld van Herstel Toeslagen, en nu int de gemeente daar oude vorderingen van.",
                "{ik} dacht dat de schulden van gedupeerden zouden worden kwijtgescholden, maar de gemeente heeft {mijn} compensatie gebruikt om een terugvordering bijstand af te lossen.",
                "Van de {bedrag_groot} compensatie heeft de afdeling belastingen een deel verrekend met achterstallige gemeentelijke heffingen.",
                "Het geld dat bedoeld was om opnieuw te beginnen, is deels naar de gemeente gegaan voor schulden uit de tijd dat het misging.",
                "{ik} kreeg de 30.000 euro van de UHT, maar de gemeente stuurde direct een brief dat zij het geld verrekent met een oude schuld.",
                "Terwijl gedupeerde ouders juist schuldenvrij zouden worden, houdt de gemeente geld in van {mijn} compensatie.",
                "{mijn} herstelbetaling is lager uitgekomen omdat de gemeente er eerst haar eigen vordering van heeft afgetrokken.",
            ],
            details: &[
                "Het ging om een schuld voor afvalstoffenheffing en een boete van jaren geleden.",
                "Niemand heeft {mij} vooraf gewaarschuwd.",
                "Volgens de Belastingdienst mocht dit niet, volgens de gemeente wel.",
            ],
            effects: &[
                "Daardoor {v:kan} {ik} {mijn} andere schuldeisers weer niet betalen.",
                "Het voelt alsof {ik} opnieuw gestraft {v:word}.",
            ],
            tried: &["{ik} {v:heb} bezwaar gemaakt tegen de verrekening, maar kreeg een standaardbrief terug."],
            demands: &[
                "{ik} {v:wil} het ingehouden bedrag terug.",
                "{ik} {v:vraag} de ombudsman te onderzoeken of de gemeente dit wel mag doen bij gedupeerden.",
            ],
        },
    },
    ThreadDef {
        id: "T03", start: 2024, end: 2025, trend: Trend::Emerging, municipality: Some("Zaanstad"), base: 150,
        cause: "Leerlingenvervoer: de taxi komt structureel te laat of niet sinds de aanbesteding aan een nieuwe vervoerder",
        topic: Topic {
            key: "T03", themes: &["jeugd"], parent: true,
            about: &["het leerlingenvervoer", "de taxi naar school", "het schoolvervoer van {kind}"],
            situation: &[
                "Sinds het nieuwe schooljaar komt de taxi van {kind} bijna elke ochtend te laat, soms wel {minuten}.",
                "Sinds er een nieuwe vervoerder is, weet {ik} nooit of het busje voor {kind} komt.",
                "{kind} zit op het speciaal onderwijs en is afhankelijk van het leerlingenvervoer. Sinds de gemeente een ander vervoersbedrijf heeft, mist {hij} structureel het eerste uur.",
                "Het busje staat 's ochtends gewoon niet voor de deur. Als {ik} {v:bel}, zeggen ze dat de chauffeur ziek is of dat de route is veranderd.",
                "Na de aanbesteding is alles misgegaan: {kind} wordt soms pas om half elf opgehaald.",
                "{kind} heeft autisme en raakt totaal overstuur als de taxi niet op tijd komt, en dat gebeurt nu bijna dagelijks.",
                "Sinds {maand} is het vervoer van {kind} naar school een chaos: andere chauffeurs, andere tijden, en vaak te laat.",
                "Ook 's middags wacht {kind} soms een uur op school, omdat het taxibusje van de nieuwe vervoerder niet komt.",
                "De nieuwe vervoerder heeft te weinig chauffeurs; {kind} komt daardoor meerdere keren per week te laat op school.",
            ],
            details: &[
                "De school belt {mij} dan om te vragen waar {kind} blijft.",
                "Bij het telefoonnummer van de vervoerder {v:krijg} {ik} alleen een bandje.",
                "Andere ouders in de straat hebben precies hetzelfde.",
            ],
            effects: &[
                "{ik} {v:moet} nu zelf rijden en {v:kom} daardoor te laat op {mijn} werk.",
                "{kind} mist lessen en de therapie die op school gegeven wordt.",
            ],
            tried: &["{ik} {v:heb} een klacht ingediend bij de vervoerder en bij de gemeente, maar er verandert niets."],
            demands: &[
                "{ik} {v:wil} dat de gemeente de vervoerder aanspreekt op de afspraken.",
                "Zorg dat {kind} gewoon op tijd op school is.",
            ],
        },
    },
    ThreadDef {
        id: "T04", start: 2019, end: 2025, trend: Trend::Stable, municipality: None, base: 130,
        cause: "Urgentieaanvraag wordt afgewezen omdat de aanvrager geen regiobinding heeft (niet lang genoeg in de regio ingeschreven)",
        topic: Topic {
            key: "T04", themes: &["wonen"], parent: false,
            about: &["de afwijzing van {mijn} urgentieaanvraag", "{mijn} urgentie", "de regels voor urgentie"],
            situation: &[
                "{mijn} aanvraag voor urgentie is afgewezen omdat {ik} niet lang genoeg in de regio zou wonen.",
                "De gemeente zegt dat {ik} geen binding met de regio {v:heb}, terwijl {mijn} kinderen hier naar school gaan.",
                "Omdat {ik} de afgelopen twee jaar niet onafgebroken in {gemeente} ingeschreven stond, {v:krijg} {ik} geen urgentie.",
                "{ik} {v:heb} een tijd bij familie buiten de regio gewoond, en daarom zou {ik} nu geen recht hebben op een urgentieverklaring.",
                "De afwijzing van de urgentie gaat alleen over de regiobinding, niet over {mijn} situatie.",
                "Na {mijn} scheiding {v:ben} {ik} tijdelijk in een andere stad gaan wonen, en daardoor telt {mijn} verleden hier ineens niet meer mee voor urgentie.",
                "Ze zeggen dat {ik} eerst weer twee jaar hier ingeschreven moet staan voordat {ik} urgentie kan krijgen.",
                "{ik} {v:ben} hier geboren en getogen, maar omdat {ik} een periode zonder vast adres was, {v:heb} {ik} volgens de gemeente geen regiobinding.",
                "{ik} {v:ben} voor huiselijk geweld gevlucht naar een opvang buiten de regio, en nu wordt {mijn} urgentie afgewezen omdat de binding met de regio ontbreekt.",
            ],
            details: &[
                "{ik} {v:werk} al jaren in {gemeente}.",
                "Al {mijn} familie woont hier.",
                "In de afwijzing staat niets over {mijn} medische situatie.",
            ],
            effects: &[
                "Zonder urgentie {v:moet} {ik} nog jaren wachten op een woning.",
                "{ik} {v:slaap} nu afwisselend bij vrienden op de bank.",
            ],
            tried: &["{ik} {v:heb} bezwaar gemaakt, maar de bezwaarcommissie bleef bij het standpunt over de regiobinding."],
            demands: &[
                "{ik} {v:vraag} de ombudsman of dit wel redelijk is.",
                "{ik} {v:wil} dat de gemeente naar {mijn} hele situatie kijkt en niet alleen naar een inschrijfdatum.",
            ],
        },
    },
    ThreadDef {
        id: "T05", start: 2023, end: 2025, trend: Trend::Emerging, municipality: Some("Amsterdam"), base: 120,
        cause: "Het digitale aanvraagportaal voor parkeervergunningen accepteert geen buitenlandse kentekens",
        topic: Topic {
            key: "T05", themes: &[], parent: false,
            about: &["de aanvraag van een parkeervergunning", "het parkeerportaal"],
            situation: &[
                "{ik} {v:probeer} al weken een parkeervergunning aan te vragen, maar het portaal accepteert {mijn} kenteken uit {land} niet.",
                "Bij het invullen van {mijn} kenteken {v:krijg} {ik} steeds de foutmelding 'kenteken onbekend', omdat {mijn} auto een buitenlands kenteken heeft.",
                "{mijn} auto staat op een Belgisch kenteken omdat het een leaseauto van {mijn} werkgever is, en de website van de gemeente laat dat niet toe.",
                "Het online formulier kent alleen Nederlandse kentekens. Een buitenlandse plaat kun je gewoon niet invoeren.",
                "Als expat met een auto op buitenlandse platen is het onmogelijk om via de website een vergunning te krijgen.",
                "{ik} {v:woon} hier legaal en {v:betaal} gewoon belasting, maar omdat {mijn} kenteken uit {land} komt, weigert het systeem {mijn} aanvraag.",
                "Het aanvraagscherm blijft hangen op het kenteken: alleen het Nederlandse formaat wordt geaccepteerd.",
                "Een papieren aanvraag kan niet meer, en digitaal lukt het niet met een kenteken uit het buitenland.",
            ],
            details: &[
                "Bij de klantenservice zeggen ze dat het een bekend probleem is.",
                "Ondertussen {v:krijg} {ik} wel elke dag een naheffing.",
                "{ik} {v:heb} screenshots van de foutmelding.",
            ],
            effects: &[
                "{ik} {v:heb} inmiddels {bedrag_klein} aan naheffingen betaald.",
                "{ik} {v:moet} {mijn} auto nu ver buiten de wijk parkeren.",
            ],
            tried: &["{ik} {v:heb} gemaild met een kopie van {mijn} kentekenbewijs, maar kreeg het advies het 'nog eens online te proberen'."],
            demands: &[
                "{ik} {v:wil} dat het systeem wordt aangepast.",
                "{ik} {v:wil} dat de naheffingen worden teruggedraaid.",
            ],
        },
    },
    ThreadDef {
        id: "T06", start: 2019, end: 2021, trend: Trend::Fading, municipality: None, base: 150,
        cause: "De Belastingdienst vordert de volledige kinderopvangtoeslag terug om een klein administratief gebrek (alles-of-niets), zonder uitleg",
        topic: Topic {
            key: "T06", themes: &["toeslagen"], parent: true,
            about: &["de terugvordering van kinderopvangtoeslag", "{mijn} kinderopvangtoeslag"],
            situation: &[
                "De Belastingdienst wil de hele kinderopvangtoeslag over {jaren_kot} jaar terug, omdat er een handtekening op een formulier zou ontbreken.",
                "{ik} {v:moet} ineens {bedrag_groot} terugbetalen aan kinderopvangtoeslag, omdat {ik} de eigen bijdrage niet volledig zou hebben betaald.",
                "Omdat het gastouderbureau een fout in de administratie had, wordt alle toeslag teruggevorderd.",
                "Ze zeggen dat {mijn} dossier niet compleet was, en daarom is de kinderopvangtoeslag in één keer op nul gezet, met terugwerkende kracht.",
                "Een klein verschil in het aantal opvanguren, en nu moet alles terug.",
                "{ik} {v:heb} alle bewijzen van betaling, maar toch wordt de volledige toeslag teruggevorderd.",
                "Niemand kan {mij} uitleggen waarom {ik} alles moet terugbetalen; ze zeggen alleen dat er 'geen recht' was.",
                "Door één ontbrekend contract met de opvang {v:ben} {ik} in één klap alle toeslag over {jaren_kot} jaar kwijt.",
            ],
            details: &[
                "De opvang bevestigt dat alles betaald is.",
                "{ik} {v:heb} {mijn} dossier opgevraagd, maar nooit gekregen.",
                "Ook {mijn} andere toeslagen zijn stopgezet.",
            ],
            effects: &[
                "{ik} {v:heb} nu een schuld die {ik} nooit kan afbetalen.",
                "De deurwaarder staat al aan de deur.",
            ],
            tried: &["{ik} {v:heb} bezwaar gemaakt, maar het bezwaar is zonder uitleg afgewezen."],
            demands: &[
                "{ik} {v:wil} een eerlijke herbeoordeling.",
                "{ik} {v:vraag} de ombudsman om hulp, want de gemeente verwijst alleen naar de Belastingdienst.",
            ],
        },
    },
    ThreadDef {
        id: "T07", start: 2022, end: 2025, trend: Trend::Growing, municipality: None, base: 110,
        cause: "Na de nieuwe inkoop jeugdhulp heeft de vertrouwde zorgaanbieder geen contract meer, waardoor lopende behandelingen van kinderen stoppen",
        topic: Topic {
            key: "T07", themes: &["jeugd"], parent: true,
            about: &["het stoppen van de behandeling van {kind}", "de nieuwe contracten voor jeugdhulp"],
            situation: &[
                "De behandelaar van {kind} heeft {ons} laten weten dat de behandeling stopt, omdat de praktijk geen contract meer heeft met de gemeente.",
                "Midden in de traumabehandeling van {kind} kregen {we} een brief: de zorgaanbieder valt buiten de nieuwe inkoop.",
                "{kind} was eindelijk op {zijn} plek bij een psycholoog, maar na de nieuwe aanbesteding mag die {hem} niet meer behandelen.",
                "Sinds {maand} moet {kind} naar een andere instelling, alleen omdat de gemeente andere zorgaanbieders heeft gecontracteerd.",
                "De gemeente heeft nieuwe contracten afgesloten voor jeugdhulp en de therapeut van {kind} hoort daar niet meer bij.",
                "{kind} moet opnieuw beginnen bij een onbekende hulpverlener, met weer een wachtlijst, omdat de oude praktijk niet meer gecontracteerd is.",
                "Er werd gezegd dat de zorg 'overgedragen' zou worden, maar in werkelijkheid staat {kind} nu zonder behandeling sinds het contract is afgelopen.",
                "Na {aantal} jaar vertrouwde hulp moet {kind} afscheid nemen van {zijn} behandelaar, omdat de gemeente anders is gaan inkopen.",
            ],
            details: &[
                "De nieuwe aanbieder heeft een wachtlijst van {duur}.",
                "Er zou overgangsrecht zijn, maar niemand weet hoe dat werkt.",
            ],
            effects: &[
                "{kind} gaat hard achteruit sinds de behandeling is gestopt.",
                "Alle vooruitgang van het afgelopen jaar dreigt verloren te gaan.",
            ],
            tried: &["{ik} {v:heb} bij het buurtteam gevraagd om de behandeling te laten doorlopen, maar dat kon niet."],
            demands: &["{ik} {v:wil} dat {kind} {zijn} behandeling bij dezelfde behandelaar kan afmaken."],
        },
    },
    ThreadDef {
        id: "T08", start: 2019, end: 2025, trend: Trend::Stable, municipality: None, base: 120,
        cause: "Kinderen met een extra ondersteuningsbehoefte (o.a. autisme) zitten maandenlang thuis omdat het samenwerkingsverband geen passende school vindt",
        topic: Topic {
            key: "T08", themes: &["jeugd"], parent: true,
            about: &["het thuiszitten van {kind}", "onderwijs voor {kind}"],
            situation: &[
                "{kind} zit al {duur} thuis omdat geen enkele school {hem} wil hebben.",
                "Sinds de zomer heeft {kind} geen school meer. {hij} heeft autisme en de scholen zeggen dat ze {hem} niet de ondersteuning kunnen bieden.",
                "Het samenwerkingsverband zoekt al maanden naar een passende plek voor {kind}, maar er gebeurt niets.",
                "{kind} staat op de wachtlijst voor het speciaal onderwijs en zit tot die tijd gewoon thuis, zonder lessen.",
                "Elke school waar {we} aankloppen zegt 'vol' of 'wij kunnen dit niet bieden', dus {kind} zit thuis.",
                "{kind} is {leeftijd} jaar en heeft dit schooljaar nog geen dag les gehad.",
                "Na de overplaatsing is er geen nieuwe school gevonden en {kind} zit nu al maanden thuis.",
                "{kind} krijgt alleen een paar uur per week een stapel werkbladen mee, omdat er geen school is die {hem} kan plaatsen.",
                "Er is een toelaatbaarheidsverklaring, maar zonder plek op een school heeft {kind} daar niets aan.",
            ],
            details: &[
                "De leerplichtambtenaar weet ervan, maar kan ook niets doen.",
                "Er zijn al {aantal} overleggen geweest met school, samenwerkingsverband en gemeente.",
            ],
            effects: &[
                "{kind} raakt steeds verder achter en voelt zich waardeloos.",
                "{ik} {v:kan} niet werken omdat {ik} thuis moet blijven.",
            ],
            tried: &["{ik} {v:heb} de gemeente gevraagd in te grijpen, maar zij verwijzen naar het samenwerkingsverband."],
            demands: &[
                "{ik} {v:wil} dat {kind} gewoon naar school kan.",
                "Iemand moet verantwoordelijkheid nemen voor kinderen die thuiszitten.",
            ],
        },
    },
    ThreadDef {
        id: "T09", start: 2019, end: 2021, trend: Trend::Fading, municipality: None, base: 130,
        cause: "Na de aanbesteding van de huishoudelijke hulp (Wmo) komt de hulp van de nieuwe zorgaanbieder niet of onregelmatig, met steeds wisselende hulpen",
        topic: Topic {
            key: "T09", themes: &[], parent: false,
            about: &["de huishoudelijke hulp", "de thuiszorg"],
            situation: &[
                "Sinds de gemeente met een nieuwe thuiszorgorganisatie werkt, komt {mijn} huishoudelijke hulp bijna nooit meer.",
                "Na de overstap naar de nieuwe aanbieder {v:heb} {ik} in {duur_kort} niemand gezien die {mijn} huis schoonmaakt.",
                "Sinds de wisseling van zorgaanbieder komt er elke week een andere hulp, als er al iemand komt.",
                "{mijn} vaste hulp mocht niet mee naar de nieuwe organisatie, en sindsdien is het een chaos.",
                "De nieuwe zorgaanbieder voor de huishoudelijke hulp belt vaak 's ochtends af: geen personeel.",
                "{ik} {v:heb} recht op {uren_laag} uur hulp per week, maar sinds de wisseling van aanbieder {v:krijg} {ik} hooguit de helft.",
                "Sinds het nieuwe contract van de gemeente met de thuiszorg ligt het stof hier centimeters dik.",
            ],
            details: &[
                "{ik} {v:ben} {leeftijd_oud} en {v:kan} zelf niet meer stofzuigen.",
                "Bij de klantenservice van de aanbieder {v:krijg} {ik} niemand te spreken.",
            ],
            effects: &["{mijn} huis raakt vervuild en {ik} {v:schaam} {me} als er bezoek komt."],
            tried: &["{ik} {v:heb} de Wmo-consulent gebeld, die zei dat het een 'overgangsprobleem' was."],
            demands: &["{ik} {v:wil} gewoon de hulp krijgen waar {ik} recht op {v:heb}."],
        },
    },
    ThreadDef {
        id: "T10", start: 2019, end: 2022, trend: Trend::Fading, municipality: Some("Almere"), base: 100,
        cause: "De afvalpas voor de ondergrondse containers werkt niet sinds de invoering van het nieuwe toegangssysteem",
        topic: Topic {
            key: "T10", themes: &[], parent: false,
            about: &["de afvalcontainers", "de afvalpas"],
            situation: &[
                "Sinds de nieuwe afvalpassen zijn ingevoerd, gaat de container bij {mij} in de straat niet meer open.",
                "{mijn} pas wordt niet herkend door de ondergrondse container, dus {ik} {v:kan} {mijn} vuilniszak nergens kwijt.",
                "Het lampje op de container blijft rood als {ik} {mijn} pas ertegen {v:houd}.",
                "Na de overstap naar het nieuwe pasjessysteem werkt de container maar af en toe.",
                "Half de buurt kan sinds de nieuwe toegangspas het restafval niet meer kwijt.",
                "De container weigert {mijn} pasje; de gemeente zegt dat de pas is 'geactiveerd', maar het werkt gewoon niet.",
                "Omdat de klep van de container met de nieuwe pas op slot blijft, zetten mensen hun zakken ernaast.",
            ],
            details: &[
                "Er liggen nu vuilniszakken naast de container en er lopen ratten.",
                "{ik} {v:heb} al een nieuwe pas gekregen, maar die werkt ook niet.",
            ],
            effects: &[
                "{ik} {v:moet} {mijn} afval naar de andere kant van de wijk brengen.",
                "Het stinkt in de hele straat.",
            ],
            tried: &["{ik} {v:heb} het via de app gemeld, maar de melding werd gesloten zonder dat er iets gebeurde."],
            demands: &[
                "{ik} {v:wil} dat de containers gewoon werken.",
                "{ik} {v:vind} dat {ik} geen afvalstoffenheffing {v:hoef} te betalen als {ik} {mijn} afval niet kwijt {v:kan}.",
            ],
        },
    },
    ThreadDef {
        id: "T11", start: 2020, end: 2025, trend: Trend::Stable, municipality: None, base: 100,
        cause: "Huurtoeslag wordt teruggevorderd of stopgezet omdat een dakloos familielid of kennis een briefadres op het adres van de huurder kreeg",
        topic: Topic {
            key: "T11", themes: &["toeslagen", "wonen"], parent: false,
            about: &["{mijn} huurtoeslag", "het briefadres en {mijn} toeslag"],
            situation: &[
                "{ik} {v:heb} {mijn} dakloze broer een briefadres gegeven, en nu wordt {mijn} huurtoeslag teruggevorderd omdat hij als medebewoner zou tellen.",
                "Omdat {mijn} volwassen zoon een briefadres bij {mij} heeft, rekent de Belastingdienst zijn inkomen mee en is {mijn} huurtoeslag stopgezet.",
                "Een vriendin die op straat stond, mocht haar post op {mijn} adres laten komen. Daardoor {v:moet} {ik} nu {bedrag} huurtoeslag terugbetalen.",
                "De gemeente heeft een briefadres op {mijn} woning geregistreerd zonder {mij} te vertellen wat dat betekent voor {mijn} huurtoeslag.",
                "{ik} wilde alleen {mijn} neef helpen die geen adres had, maar nu {v:ben} {ik} {mijn} huurtoeslag kwijt.",
                "Volgens de Belastingdienst woont er iemand bij {mij} in, maar het is alleen een briefadres; hij slaapt hier niet. Toch is {mijn} huurtoeslag omlaag gegaan.",
                "Door een briefadres van {mijn} ex-partner op {mijn} adres zijn {mijn} huurtoeslag en zorgtoeslag herberekend.",
                "Niemand heeft {mij} gewaarschuwd dat een briefadres gevolgen heeft voor de huurtoeslag.",
            ],
            details: &[
                "Aan het loket zeiden ze destijds dat een briefadres 'alleen voor de post' was.",
                "Hij staat er inmiddels niet meer ingeschreven, maar de terugvordering blijft.",
            ],
            effects: &[
                "{ik} {v:heb} nu een huurachterstand en de verhuurder dreigt met ontruiming.",
                "{ik} {v:durf} nooit meer iemand te helpen.",
            ],
            tried: &["{ik} {v:heb} de gemeente gevraagd om een verklaring dat het alleen een briefadres was, maar die {v:krijg} {ik} niet."],
            demands: &[
                "{ik} {v:wil} dat de gemeente en de Belastingdienst dit samen oplossen.",
                "{ik} {v:vraag} de ombudsman dit op te pakken, want dit overkomt vast meer mensen.",
            ],
        },
    },
    ThreadDef {
        id: "T12", start: 2021, end: 2024, trend: Trend::Fading, municipality: None, base: 130,
        cause: "Gedupeerde ouders in de gemeentelijke brede ondersteuning krijgen steeds een andere casemanager en afspraken uit het plan van aanpak worden niet nagekomen",
        topic: Topic {
            key: "T12", themes: &["toeslagen"], parent: true,
            about: &["de brede ondersteuning voor gedupeerden", "de hulp van de gemeente na de toeslagenaffaire"],
            situation: &[
                "Als gedupeerde ouder {v:heb} {ik} in {duur} tijd al {aantal} verschillende casemanagers gehad bij de gemeente.",
                "Telkens als {ik} een nieuwe contactpersoon bij het gemeentelijke ondersteuningsteam {v:krijg}, {v:moet} {ik} {mijn} hele verhaal opnieuw vertellen.",
                "In het plan van aanpak van de brede ondersteuning stond hulp bij {mijn} schulden en een woning, maar daar is niets van terechtgekomen.",
                "De gemeente zou gedupeerden van het toeslagenschandaal ondersteunen op vijf leefgebieden, maar bij {mij} gebeurt er niets sinds {mijn} casemanager weg is.",
                "{mijn} vaste contactpersoon van het ondersteuningsteam is vertrokken en niemand heeft het overgenomen.",
                "Afspraken die met {mijn} vorige casemanager zijn gemaakt, worden door de nieuwe gewoon niet nagekomen.",
                "{ik} {v:sta} geregistreerd als gedupeerde en {v:heb} {me} aangemeld voor de hulp van de gemeente, maar met elke nieuwe casemanager begint alles opnieuw.",
            ],
            details: &[
                "{ik} {v:heb} alle afspraken en mails bewaard.",
                "Er was beloofd dat {ik} binnen {duur_kort} gebeld zou worden.",
            ],
            effects: &[
                "Het herstel waar {ik} op {v:hoop}, komt zo nooit op gang.",
                "Het voelt als de Belastingdienst opnieuw: niemand luistert.",
            ],
            tried: &["{ik} {v:heb} een klacht ingediend bij het ondersteuningsteam, zonder resultaat."],
            demands: &[
                "{ik} {v:wil} één vaste contactpersoon die {mijn} dossier kent.",
                "{ik} {v:wil} dat de gemeente de afspraken uit het plan nakomt.",
            ],
        },
    },
    ThreadDef {
        id: "T13", start: 2019, end: 2025, trend: Trend::Growing, municipality: None, base: 110,
        cause: "Dakloze mensen worden niet toegelaten tot de maatschappelijke opvang omdat zij 'te zelfredzaam' worden bevonden",
        topic: Topic {
            key: "T13", themes: &["wonen"], parent: false,
            about: &["de toegang tot de opvang", "{mijn} afwijzing voor de maatschappelijke opvang"],
            situation: &[
                "{ik} {v:slaap} al {duur} op straat, maar de opvang wil {mij} niet hebben omdat {ik} 'te zelfredzaam' zou zijn.",
                "Bij de centrale toegang zeiden ze dat {ik} geen psychische problemen of verslaving {v:heb} en daarom niet in aanmerking {v:kom} voor opvang.",
                "Omdat {ik} {v:werk} en geen verslaving {v:heb}, zou {ik} zelf een oplossing moeten vinden. Maar er is geen woning te vinden.",
                "De gemeente vindt {mij} zelfredzaam genoeg om niet in de opvang te horen; ondertussen {v:slaap} {ik} in {mijn} auto.",
                "{ik} kreeg een afwijzing voor de maatschappelijke opvang met als reden dat {ik} 'voldoende zelfredzaam' zou zijn.",
                "Na {mijn} scheiding {v:ben} {ik} dakloos geworden, maar volgens het loket {v:ben} {ik} niet kwetsbaar genoeg voor een bed.",
                "Zonder dak boven {mijn} hoofd en toch geen recht op opvang, omdat {ik} {mijn} eigen zaken nog zou kunnen regelen.",
                "{ik} {v:zwerf} van bank naar bank bij kennissen; de opvang zegt dat {ik} dat maar moet blijven doen, omdat {ik} zelfredzaam {v:ben}.",
            ],
            details: &[
                "{ik} {v:heb} wel een baan, maar met {mijn} inkomen {v:vind} {ik} geen kamer.",
                "De opvang is volgens hen alleen voor mensen die 'verminderd zelfredzaam' zijn.",
            ],
            effects: &[
                "{ik} {v:dreig} {mijn} baan kwijt te raken omdat {ik} nergens kan douchen.",
                "{mijn} gezondheid gaat hard achteruit.",
            ],
            tried: &["{ik} {v:heb} om een heroverweging gevraagd, maar de beslissing bleef hetzelfde."],
            demands: &[
                "{ik} {v:vind} dat iedereen die op straat staat een bed moet krijgen.",
                "{ik} {v:vraag} de ombudsman of het criterium zelfredzaamheid wel eerlijk is.",
            ],
        },
    },
    ThreadDef {
        id: "T14", start: 2019, end: 2025, trend: Trend::Stable, municipality: None, base: 100,
        cause: "De woningcorporatie zet een ontruimingsprocedure door terwijl er al een schuldhulptraject of betalingsregeling via de gemeente loopt",
        topic: Topic {
            key: "T14", themes: &["wonen"], parent: false,
            about: &["de dreigende ontruiming", "de huisuitzetting"],
            situation: &[
                "Er loopt een schuldhulptraject via de gemeente, maar de corporatie heeft toch een ontruimingsvonnis aangevraagd.",
                "{ik} {v:heb} een betalingsregeling voor de huurachterstand en {v:betaal} elke maand netjes af, en nu staat er toch een deurwaarder met een ontruimingsdatum.",
                "Hoewel de schuldhulpverlening van de gemeente de huurschuld in de regeling meeneemt, gaat de verhuurder door met de ontruiming.",
                "De woningcorporatie wil {ons} uit huis zetten, terwijl de gemeente {mij} juist helpt om de schulden op te lossen.",
                "In het schuldhulptraject is afgesproken dat schuldeisers stil zouden zitten, maar de corporatie heeft de ontruiming gewoon gepland.",
                "Over {duur_kort} moeten {we} het huis uit, ondanks de schuldregeling die al loopt.",
                "Volgens de schuldhulpverlener had de ontruiming stopgezet moeten worden, maar de corporatie reageert niet op haar brieven.",
            ],
            details: &[
                "De achterstand is ontstaan toen {ik} ziek werd.",
                "De schuldhulpverlener van de gemeente zegt dat zij er ook niets aan kan doen.",
            ],
            effects: &[
                "{ik} {v:weet} niet waar {we} heen moeten als het zover komt.",
                "Het hele traject is voor niets geweest als {we} nu op straat komen.",
            ],
            tried: &["{ik} {v:heb} de gemeente gevraagd de corporatie te bellen, maar dat gebeurde pas na dagen."],
            demands: &["{ik} {v:wil} dat de ontruiming wordt stopgezet zolang de schuldregeling loopt."],
        },
    },
    ThreadDef {
        id: "T15", start: 2019, end: 2021, trend: Trend::Fading, municipality: None, base: 110,
        cause: "De bijstandsuitkering wordt opgeschort omdat het ingeleverde inlichtingenformulier na de overstap naar een nieuw digitaal systeem niet is verwerkt",
        topic: Topic {
            key: "T15", themes: &[], parent: false,
            about: &["{mijn} bijstandsuitkering", "het inlichtingenformulier"],
            situation: &[
                "{mijn} bijstandsuitkering is stopgezet omdat {ik} het inkomstenformulier niet zou hebben ingeleverd, terwijl {ik} dat gewoon op tijd {v:heb} gedaan.",
                "Elke maand {v:lever} {ik} het formulier in via de website, en toch kreeg {ik} deze maand geen uitkering omdat het 'niet ontvangen' zou zijn.",
                "Sinds het nieuwe digitale loket van Werk en Inkomen verdwijnen {mijn} inlichtingenformulieren gewoon.",
                "De uitkering is opgeschort wegens 'ontbrekende gegevens', maar {ik} {v:heb} een bevestiging dat {ik} het formulier {v:heb} verstuurd.",
                "Na de overstap naar het nieuwe systeem is {mijn} maandelijkse opgave niet verwerkt en is de betaling geblokkeerd.",
                "Drie keer {v:heb} {ik} het formulier opnieuw ingestuurd, en drie keer zegt de gemeente dat het er niet is.",
            ],
            details: &[
                "{ik} {v:heb} een screenshot van de verzendbevestiging.",
                "Een buurvrouw heeft precies hetzelfde meegemaakt.",
            ],
            effects: &[
                "{ik} {v:heb} deze maand geen geld voor de huur en de boodschappen.",
                "{ik} {v:moet} naar de voedselbank.",
            ],
            tried: &["{ik} {v:heb} gebeld en kreeg te horen dat het 'een storing' was, maar de uitkering kwam niet."],
            demands: &[
                "{ik} {v:wil} dat de uitkering direct wordt uitbetaald.",
                "{ik} {v:wil} dat het systeem wordt gerepareerd, zodat dit niet elke maand gebeurt.",
            ],
        },
    },
    ThreadDef {
        id: "T16", start: 2020, end: 2025, trend: Trend::Growing, municipality: None, base: 110,
        cause: "Door personeelstekort bij de jeugdbescherming wisselt de gezinsvoogd steeds; ouders hebben geen vast aanspreekpunt en afspraken lopen vertraging op",
        topic: Topic {
            key: "T16", themes: &["jeugd"], parent: true,
            about: &["de jeugdbescherming", "de gezinsvoogd van {kind}"],
            situation: &[
                "{kind} heeft binnen {duur} al de {rangtelwoord} gezinsvoogd.",
                "Bij de jeugdbescherming wisselen de jeugdbeschermers zo vaak dat {ik} niet eens meer {v:weet} wie nu verantwoordelijk is.",
                "De nieuwe jeugdbeschermer kent het dossier niet en alle afspraken over de omgang met {kind} moeten opnieuw.",
                "Door het personeelstekort bij de gecertificeerde instelling heeft {ons} gezin al maanden geen vaste voogd.",
                "Elke keer als er weer een andere gezinsvoogd komt, begint alles opnieuw en wordt de terugplaatsing van {kind} uitgesteld.",
                "{ik} {v:krijg} brieven van een jeugdbeschermer die {ik} nog nooit {v:heb} gezien.",
                "Er is al {duur_kort} niemand bereikbaar bij de jeugdbescherming; de vorige voogd is vertrokken en er is nog geen nieuwe.",
            ],
            details: &[
                "De evaluatie van de ondertoezichtstelling is daardoor {aantal} keer uitgesteld.",
                "{kind} vertrouwt niemand van de hulpverlening meer.",
            ],
            effects: &[
                "{ik} {v:zie} {kind} veel minder vaak dan afgesproken.",
                "{kind} snapt niet waarom er steeds een nieuw gezicht komt.",
            ],
            tried: &["{ik} {v:heb} de teamleider van de jeugdbescherming gevraagd om één vaste contactpersoon, maar kreeg geen reactie."],
            demands: &[
                "{ik} {v:wil} een vaste jeugdbeschermer voor {kind}.",
                "{ik} {v:vraag} de ombudsman waarom de gemeente dit laat gebeuren.",
            ],
        },
    },
    ThreadDef {
        id: "T17", start: 2023, end: 2025, trend: Trend::Emerging, municipality: None, base: 120,
        cause: "Verhuizingen worden maandenlang niet verwerkt in de BRP, waardoor de Belastingdienst toeslagen stopzet of terugvordert",
        topic: Topic {
            key: "T17", themes: &["toeslagen"], parent: false,
            about: &["{mijn} adreswijziging", "het stopzetten van {mijn} toeslag"],
            situation: &[
                "{ik} {v:heb} {mijn} verhuizing in {maand} doorgegeven, maar de gemeente heeft het nog steeds niet verwerkt, en nu is {mijn} huurtoeslag stopgezet.",
                "Omdat {ik} in de basisregistratie nog op {mijn} oude adres {v:sta}, {v:krijg} {ik} geen zorgtoeslag meer.",
                "De Belastingdienst zegt dat {ik} op een ander adres {v:woon} dan waar {ik} huur {v:betaal}, want de adreswijziging is bij de gemeente blijven liggen.",
                "{mijn} toeslagen zijn gestopt omdat de gemeente {mijn} nieuwe adres na {duur_kort} nog niet heeft ingeschreven.",
                "Het doorgeven van {mijn} verhuizing is volgens de site gelukt, maar in de BRP staat nog steeds het oude adres, met als gevolg dat {mijn} toeslag is stopgezet.",
                "Door de achterstand bij burgerzaken is {mijn} verhuizing niet verwerkt, en de Belastingdienst vordert nu {bedrag} huurtoeslag terug.",
                "Zolang de gemeente {mijn} adres niet aanpast, {v:krijg} {ik} geen toeslag, zegt de Belastingdienst.",
            ],
            details: &[
                "Bij burgerzaken zeggen ze dat er 'achterstanden' zijn.",
                "{ik} {v:heb} het huurcontract al {aantal} keer opgestuurd.",
            ],
            effects: &[
                "{ik} {v:kan} {mijn} huur niet meer betalen zonder de toeslag.",
                "{ik} {v:loop} nu achter met alle rekeningen.",
            ],
            tried: &["{ik} {v:heb} de Belastingdienst gebeld; zij zeggen dat de gemeente het adres moet aanpassen."],
            demands: &[
                "{ik} {v:wil} dat {mijn} adres direct wordt verwerkt.",
                "De gemeente moet een verklaring geven aan de Belastingdienst, zodat {mijn} toeslagen weer doorlopen.",
            ],
        },
    },
    ThreadDef {
        id: "T18", start: 2022, end: 2025, trend: Trend::Growing, municipality: Some("Amstelveen"), base: 90,
        cause: "Na invoering van een nieuw taxatiemodel zijn WOZ-waarden fors gestegen en worden bezwaren met standaardbrieven afgewezen",
        topic: Topic {
            key: "T18", themes: &[], parent: false,
            about: &["de WOZ-waarde van {mijn} woning", "de WOZ-beschikking"],
            situation: &[
                "De WOZ-waarde van {mijn} woning is dit jaar ineens met {procent} procent gestegen, terwijl er niets aan het huis is veranderd.",
                "Sinds de gemeente een nieuw rekenmodel gebruikt, ligt de WOZ-waarde ver boven wat vergelijkbare huizen opbrengen.",
                "{mijn} bezwaar tegen de nieuwe, veel hogere WOZ-waarde werd afgewezen met een standaardbrief die niet ingaat op {mijn} argumenten.",
                "De nieuwe taxatie gaat uit van een gerenoveerd huis, maar {mijn} woning heeft nog de oude keuken en enkel glas.",
                "In het taxatieverslag staan woningen als vergelijking die veel groter zijn dan die van {mij}.",
                "Door het nieuwe modelmatige waarderen zou {mijn} huis ineens {bedrag_groot} meer waard zijn.",
                "De hele straat heeft sinds dit jaar een veel te hoge WOZ-waarde gekregen.",
            ],
            details: &[
                "Daardoor {v:betaal} {ik} ook meer onroerendezaakbelasting.",
                "De buren hebben hetzelfde bezwaar ingediend.",
            ],
            effects: &["{ik} {v:betaal} honderden euro's te veel aan belasting."],
            tried: &["{ik} {v:heb} om een gesprek met de taxateur gevraagd, maar dat werd geweigerd."],
            demands: &["{ik} {v:wil} dat de waarde opnieuw wordt vastgesteld door iemand die het huis echt heeft bekeken."],
        },
    },
    ThreadDef {
        id: "T19", start: 2019, end: 2022, trend: Trend::Fading, municipality: None, base: 110,
        cause: "Naheffingsaanslagen parkeerbelasting terwijl via een parkeer-app was betaald; de scanauto ziet de app-registratie niet",
        topic: Topic {
            key: "T19", themes: &[], parent: false,
            about: &["een naheffing parkeerbelasting", "de parkeerboete"],
            situation: &[
                "{ik} {v:heb} een naheffing gekregen terwijl {ik} gewoon via de parkeer-app had betaald.",
                "De scanauto heeft {mijn} auto gefotografeerd op een moment dat de parkeeractie in de app nog liep.",
                "In de app staat dat {ik} betaald {v:heb}, maar toch kreeg {ik} een naheffingsaanslag van {bedrag_klein}.",
                "Dit is al de {rangtelwoord} keer dat {ik} een boete {v:krijg} terwijl de app aangaf dat het parkeren was gestart.",
                "Kennelijk verwerkt het systeem van de gemeente de betalingen via de parkeerapp niet goed.",
                "Ondanks een geldige parkeersessie in de app kreeg {ik} een naheffing; de gemeente zegt dat er 'geen recht' was geregistreerd.",
                "De parkeer-app gaf een bevestiging, maar de handhaver zag niets.",
            ],
            details: &[
                "{ik} {v:heb} een schermafdruk van de parkeeractie.",
                "Een collega heeft hetzelfde meegemaakt in dezelfde straat.",
            ],
            effects: &["Het gaat {mij} om het principe: {ik} {v:heb} gewoon betaald."],
            tried: &["{ik} {v:heb} bezwaar gemaakt met de schermafdruk, maar het bezwaar is afgewezen."],
            demands: &[
                "{ik} {v:wil} dat de naheffing wordt ingetrokken.",
                "{ik} {v:wil} dat de gemeente uitzoekt waarom de app-betalingen niet worden gezien.",
            ],
        },
    },
    ThreadDef {
        id: "T20", start: 2021, end: 2025, trend: Trend::Growing, municipality: Some("Amsterdam"), base: 90,
        cause: "De gemeente verleent steeds meer vergunningen voor festivals in hetzelfde park; geluidsnormen worden overschreden en meldingen niet gehandhaafd",
        topic: Topic {
            key: "T20", themes: &[], parent: false,
            about: &["de festivals in het park", "geluidsoverlast van evenementen"],
            situation: &[
                "Dit jaar zijn er weer meer festivals in het park naast {mijn} huis dan vorig jaar; elk weekend dreunt de bas door de muren.",
                "De gemeente geeft vergunningen af voor het ene festival na het andere in het park, en de geluidsnormen worden gewoon overschreden.",
                "Van april tot en met september is het park bijna elk weekend afgesloten voor een evenement.",
                "Bij de meldingen over de geluidsoverlast van het festival gebeurt er niets; handhaving komt niet.",
                "Het geluid van de evenementen in het park is zo hard dat de ramen trillen, tot elf uur 's avonds.",
                "Het aantal evenementendagen in het park is de afgelopen jaren enorm gestegen, maar met de omwonenden wordt niet overlegd.",
                "Als omwonende van het park {v:zit} {ik} elk weekend opgesloten in {mijn} eigen huis door de festivals.",
            ],
            details: &[
                "{mijn} kinderen kunnen niet slapen door de bas.",
                "De op- en afbouw duurt ook nog eens dagen, met vrachtwagens vanaf zes uur 's ochtends.",
            ],
            effects: &[
                "{ik} {v:heb} geen enkel rustig weekend meer.",
                "{ik} {v:overweeg} te verhuizen, terwijl {ik} hier al {jaren} jaar {v:woon}.",
            ],
            tried: &["{ik} {v:heb} tijdens het festival meerdere keren een melding gedaan, maar er kwam niemand meten."],
            demands: &["{ik} {v:wil} dat de gemeente minder vergunningen afgeeft en de geluidsnormen handhaaft."],
        },
    },
    ThreadDef {
        id: "T21", start: 2019, end: 2024, trend: Trend::Stable, municipality: None, base: 90,
        cause: "Pgb-beschikkingen voor jeugdhulp worden niet tijdig verlengd, waardoor zorgverleners maandenlang niet worden uitbetaald",
        topic: Topic {
            key: "T21", themes: &["jeugd"], parent: true,
            about: &["het pgb van {kind}", "de verlenging van de beschikking jeugdhulp"],
            situation: &[
                "De beschikking voor het pgb van {kind} is verlopen en de gemeente heeft de verlenging nog steeds niet afgegeven.",
                "{ik} {v:heb} de herindicatie ruim op tijd aangevraagd, maar de nieuwe beschikking voor het persoonsgebonden budget van {kind} is er na {duur_kort} nog niet.",
                "Omdat de verlenging van het pgb van {kind} niet rond is, betaalt de SVB de begeleider al {duur_kort} niet uit.",
                "De zorgverlener van {kind} werkt al maanden zonder betaling, omdat de gemeente de pgb-beschikking niet op tijd verlengt.",
                "Elk jaar opnieuw {v:moet} {ik} maanden wachten op een nieuwe pgb-beschikking, terwijl de beperking van {kind} niet verandert.",
                "Het budget voor de begeleiding van {kind} loopt niet door, omdat de gemeente te laat is met de nieuwe toekenning.",
            ],
            details: &[
                "De begeleider heeft aangegeven dat zij zo niet kan blijven werken.",
                "{kind} heeft een ernstige verstandelijke beperking.",
            ],
            effects: &[
                "Als de begeleider stopt, valt de hele zorg voor {kind} weg.",
                "{ik} {v:schiet} de kosten nu zelf voor, maar dat kan {ik} niet lang volhouden.",
            ],
            tried: &["{ik} {v:heb} de consulent jeugd meerdere keren gemaild, maar zij zegt dat het 'in behandeling' is."],
            demands: &[
                "{ik} {v:wil} dat de beschikking met terugwerkende kracht wordt afgegeven.",
                "De gemeente moet beschikkingen op tijd verlengen.",
            ],
        },
    },
    ThreadDef {
        id: "T22", start: 2019, end: 2021, trend: Trend::Fading, municipality: None, base: 100,
        cause: "Inschrijvingen van woningzoekenden zijn vervallen, met verlies van inschrijfduur, omdat na de overgang naar een nieuw woonruimteverdeelsysteem geen verlengingsherinnering kwam",
        topic: Topic {
            key: "T22", themes: &["wonen"], parent: false,
            about: &["{mijn} inschrijving als woningzoekende", "{mijn} inschrijfduur"],
            situation: &[
                "Na {jaren} jaar ingeschreven te staan als woningzoekende is {mijn} inschrijving ineens vervallen, omdat de verlenging gemist zou zijn.",
                "{ik} {v:heb} nooit een herinnering gekregen om {mijn} inschrijving te verlengen, en nu {v:ben} {ik} al {mijn} inschrijfduur kwijt.",
                "Bij de overstap naar het nieuwe systeem voor woningzoekenden is {mijn} inschrijving verdwenen.",
                "Toen {ik} wilde reageren op een woning, bleek {mijn} account niet meer te bestaan; {mijn} wachttijd van {jaren} jaar is weg.",
                "Ze zeggen dat de verlengingsmail is verstuurd, maar die is nooit aangekomen, omdat {mijn} e-mailadres niet goed is overgezet naar het nieuwe systeem.",
                "{mijn} opgebouwde inschrijfduur is gewist doordat het jaarlijkse verlengen in het nieuwe systeem niet werd geregistreerd.",
            ],
            details: &[
                "{ik} {v:heb} wel elk jaar het inschrijfgeld betaald.",
                "Veel mensen in {mijn} omgeving hebben hetzelfde meegemaakt.",
            ],
            effects: &[
                "Nu {v:moet} {ik} weer helemaal onderaan beginnen.",
                "{we} wonen met {n_gezin} mensen in een {woning_klein} en hadden bijna genoeg inschrijfduur.",
            ],
            tried: &["{ik} {v:heb} gevraagd om herstel van {mijn} inschrijfduur, maar dat werd geweigerd."],
            demands: &["{ik} {v:wil} {mijn} oude inschrijfdatum terug."],
        },
    },
    ThreadDef {
        id: "T23", start: 2021, end: 2025, trend: Trend::Growing, municipality: None, base: 100,
        cause: "Ouders die gedupeerd zijn door de toeslagenaffaire en van wie kinderen uit huis zijn geplaatst, krijgen geen inzage in het jeugdbeschermingsdossier en geen hulp bij terugplaatsing",
        topic: Topic {
            key: "T23", themes: &["jeugd", "toeslagen"], parent: true,
            about: &["de uithuisplaatsing van {kind}", "het dossier van de jeugdbescherming"],
            situation: &[
                "Tijdens de problemen met de kinderopvangtoeslag is {kind} uit huis geplaatst, en nu {v:krijg} {ik} geen inzage in het dossier.",
                "{ik} {v:ben} erkend als gedupeerde ouder. {mijn} kinderen zijn destijds uit huis geplaatst, maar niemand helpt {mij} om ze terug te krijgen.",
                "De financiële ellende door de Belastingdienst leidde tot een uithuisplaatsing van {kind}; de gemeente doet niets om dat recht te zetten.",
                "{ik} {v:vraag} al {duur} om het jeugdbeschermingsdossier, om te zien welke rol de toeslagenschuld speelde bij de uithuisplaatsing van {kind}.",
                "Als gedupeerde van de toeslagenaffaire {v:wil} {ik} weten waarom {kind} bij {mij} is weggehaald, maar de jeugdbescherming geeft {mij} de stukken niet.",
                "Het ondersteuningsteam voor gedupeerden zegt dat de jeugdbescherming over de terugplaatsing van {kind} gaat, en de jeugdbescherming verwijst terug.",
                "{kind} woont al {jaren_kot} jaar in een pleeggezin, en dat begon allemaal met de terugvordering van de kinderopvangtoeslag.",
            ],
            details: &[
                "Er is een speciaal hulpteam voor deze ouders, maar daar {v:word} {ik} niet naar doorverwezen.",
                "{ik} {v:heb} {kind} in {duur} maar een paar keer gezien.",
            ],
            effects: &[
                "{ik} {v:mis} {kind} elke dag.",
                "{kind} weet niet eens waarom {hij} niet thuis woont.",
            ],
            tried: &["{ik} {v:heb} een verzoek om inzage gedaan, maar kreeg maar een paar stukken."],
            demands: &[
                "{ik} {v:wil} volledige inzage in het dossier.",
                "{ik} {v:wil} hulp bij de terugplaatsing van {kind}.",
            ],
        },
    },
    ThreadDef {
        id: "T24", start: 2019, end: 2025, trend: Trend::Stable, municipality: None, base: 90,
        cause: "Jongeren die 18 worden moeten hun jeugdzorg-woonvoorziening verlaten zonder dat er een vervolgplek of woning is",
        topic: Topic {
            key: "T24", themes: &["jeugd", "wonen"], parent: true,
            about: &["de woonplek van {kind}", "{kind} die 18 wordt"],
            situation: &[
                "{kind} wordt volgende maand 18 en moet dan de woongroep uit, maar er is nergens een kamer voor {hem}.",
                "Na {zijn} achttiende verjaardag stopt de jeugdhulp, en daarmee ook de plek van {kind} in de woongroep.",
                "De instelling zegt dat {kind} weg moet zodra {hij} 18 is; de gemeente zegt dat er voor jongeren geen urgentie is.",
                "{kind} heeft jaren in een gezinshuis gewoond. Nu {hij} meerderjarig wordt, staat {hij} zonder vervolgplek op straat.",
                "Verlengde jeugdhulp is afgewezen, dus {kind} moet de voorziening verlaten zonder dat er een woning is.",
                "Voor jongeren die uit de jeugdzorg komen is er geen doorstroomwoning beschikbaar, ook niet voor {kind}.",
                "{kind} moet op {zijn} achttiende ineens 'zelfstandig' zijn, maar zonder woonruimte na de jeugdzorg is dat onmogelijk.",
            ],
            details: &[
                "{hij} heeft geen contact meer met {zijn} andere ouder.",
                "Het jongerenloket heeft een wachtlijst van maanden.",
            ],
            effects: &[
                "{ik} {v:ben} bang dat {kind} op straat belandt of bij verkeerde vrienden gaat slapen.",
                "Alles wat {hij} in de woongroep heeft opgebouwd, dreigt verloren te gaan.",
            ],
            tried: &["{ik} {v:heb} het buurtteam gevraagd om een overbruggingsplek, maar die is er niet."],
            demands: &["{ik} {v:wil} dat {kind} mag blijven tot er een woning is."],
        },
    },
    ThreadDef {
        id: "T25", start: 2022, end: 2025, trend: Trend::Growing, municipality: None, base: 100,
        cause: "Sinds een nieuwe vervoerder het Wmo-vervoer (aanvullend openbaar vervoer) rijdt, komen ritten structureel te laat of worden ze vergeten",
        topic: Topic {
            key: "T25", themes: &[], parent: false,
            about: &["het Wmo-vervoer", "de regiotaxi"],
            situation: &[
                "Sinds de nieuwe vervoerder het Wmo-vervoer doet, {v:sta} {ik} regelmatig een uur te wachten op {mijn} rit.",
                "De taxi voor {mijn} vaste rit naar de dagbesteding komt sinds de wisseling van vervoerder meestal veel te laat.",
                "{ik} {v:heb} een afspraak in het ziekenhuis gemist omdat de regiotaxi van de nieuwe vervoerder niet kwam opdagen.",
                "Na de wisseling van vervoerder worden {mijn} geboekte ritten soms gewoon vergeten.",
                "{ik} {v:ben} afhankelijk van het aanvullend vervoer, maar sinds het nieuwe contract {v:kan} {ik} er niet meer op rekenen.",
                "De chauffeurs van de nieuwe vervoerder kennen de weg niet en {ik} {v:zit} soms anderhalf uur in de bus voor een rit van een kwartier.",
                "Het vervoer met {mijn} rolstoel is sinds de overstap naar een ander vervoersbedrijf een drama.",
            ],
            details: &[
                "{ik} {v:zit} in een rolstoel.",
                "Zonder het vervoer {v:kom} {ik} nergens: niet bij de dokter en niet bij familie.",
            ],
            effects: &[
                "{ik} {v:durf} geen afspraken meer te maken.",
                "{ik} {v:zit} steeds vaker alleen thuis.",
            ],
            tried: &["{ik} {v:heb} klachten ingediend bij de vervoerder, maar {v:krijg} alleen standaardmails terug."],
            demands: &["{ik} {v:wil} dat de gemeente de vervoerder aan de afspraken houdt."],
        },
    },
    ThreadDef {
        id: "T26", start: 2020, end: 2022, trend: Trend::Fading, municipality: None, base: 110,
        cause: "Sinds de invoering van een nieuw zaaksysteem krijgen klagers alleen een automatische ontvangstbevestiging en daarna nooit een inhoudelijke reactie",
        topic: Topic {
            key: "T26", themes: &[], parent: false,
            about: &["de afhandeling van {mijn} klacht", "klachtbehandeling door de gemeente"],
            situation: &[
                "Op {datum} {v:heb} {ik} een klacht ingediend en kreeg {ik} een automatische ontvangstbevestiging, maar daarna bleef het stil.",
                "Na het indienen van {mijn} klacht kreeg {ik} een mail met een zaaknummer, en verder niets.",
                "Het zaaknummer dat {ik} kreeg, is bij de gemeente onbekend als {ik} {v:bel}.",
                "Volgens de medewerker aan de telefoon is {mijn} klacht 'in het nieuwe systeem niet te vinden'.",
                "{mijn} klacht is kennelijk ergens in het systeem verdwenen: na de automatische bevestiging heeft niemand hem ooit behandeld.",
                "{ik} {v:wacht} al {duur} op een reactie op {mijn} klacht; er kwam alleen een automatisch bericht.",
                "Elke keer als {ik} {v:bel}, zeggen ze dat de klacht 'in behandeling' is, maar er neemt niemand contact op.",
            ],
            details: &[
                "De oorspronkelijke klacht ging over {klacht_onderwerp}.",
                "De termijn van zes weken is ruim verstreken.",
            ],
            effects: &["Zo heeft klagen geen enkele zin."],
            tried: &["{ik} {v:heb} de klacht nog {aantal} keer opnieuw ingediend."],
            demands: &[
                "{ik} {v:wil} dat {mijn} klacht alsnog wordt behandeld.",
                "{ik} {v:vraag} de ombudsman te kijken hoe de gemeente klachten registreert.",
            ],
        },
    },
    ThreadDef {
        id: "T27", start: 2025, end: 2025, trend: Trend::Emerging, municipality: None, base: 150,
        cause: "Sinds de nieuwe toegang tot jeugdhulp verwijzen huisarts en buurtteam ouders naar elkaar; niemand geeft een verwijzing af",
        topic: Topic {
            key: "T27", themes: &["jeugd"], parent: true,
            about: &["de verwijzing naar jeugdhulp", "de nieuwe toegang tot jeugdhulp"],
            situation: &[
                "De huisarts zegt dat hij sinds dit jaar niet meer naar jeugdhulp mag doorverwijzen en dat {ik} naar het buurtteam moet.",
                "Het buurtteam stuurt {mij} terug naar de huisarts voor een verwijzing voor {kind}, en de huisarts stuurt {mij} weer naar het buurtteam.",
                "Sinds de nieuwe regels voor toegang tot jeugdhulp weet niemand meer wie de verwijzing voor {kind} moet geven.",
                "{ik} {v:word} heen en weer gestuurd tussen huisarts en buurtteam, terwijl {kind} dringend hulp nodig heeft.",
                "De praktijkondersteuner jeugd bij de huisarts is weg, en het nieuwe jeugdteam zegt dat de toegang 'nog niet is ingericht'.",
                "Dit jaar is de toegang tot jeugdhulp veranderd en sindsdien {v:krijg} {ik} voor {kind} nergens een verwijzing.",
                "Iedereen is het erover eens dat {kind} hulp nodig heeft, maar sinds de nieuwe werkwijze wil niemand de verwijzing ondertekenen.",
            ],
            details: &[
                "De behandelaar heeft wel plek, maar kan zonder verwijzing niet starten.",
                "Andere ouders op school hebben hetzelfde probleem.",
            ],
            effects: &["{kind} wacht nu al {duur_kort}, terwijl het steeds slechter gaat."],
            tried: &["{ik} {v:heb} de gemeente gebeld, maar ook daar wisten ze niet hoe de nieuwe toegang werkt."],
            demands: &["{ik} {v:wil} dat duidelijk wordt wie de verwijzing geeft."],
        },
    },
];
