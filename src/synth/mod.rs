//! Seeded synthetic workspaces of any size, for benchmarks and soak runs.
//!
//! The same options always give the same workspace, byte for byte once saved. Text mixes
//! English and Indonesian with some CJK and emoji, the way real maps do; journeys carry the six
//! default stages, personas, channels and KPIs with measurements, and cards fill every field a
//! researcher would (about 500 bytes of JSON per card).

pub mod events;

use crate::model::{
    DEFAULT_STAGES, Emotion, EvidenceList, Journey, Kpi, KpiKind, Measurement, Opportunity,
    OpportunityStatus, Persona, Rating, Stage, Text, Touchpoint, TouchpointDetails, Workspace,
    id_from_bits,
};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Cards in the whole workspace, spread evenly over the journeys and their stages.
    pub cards: usize,
    /// Journeys in the workspace (at least one).
    pub journeys: usize,
    /// The seed: the same seed gives the same workspace.
    pub seed: u64,
}

impl Options {
    /// `cards` cards over a journey for every 20,000 cards (one to eight), seed 1.
    pub fn cards(cards: usize) -> Self {
        Self {
            cards,
            journeys: cards.div_ceil(20_000).clamp(1, 8),
            seed: 1,
        }
    }
}

const CHANNELS: [&str; 10] = [
    "Instagram",
    "TikTok",
    "WhatsApp",
    "Website",
    "Mobile app",
    "Email",
    "Toko fisik",
    "Call center",
    "Marketplace",
    "Google Search",
];
const VERBS: [&str; 16] = [
    "Compares",
    "Reads",
    "Asks about",
    "Checks",
    "Pays for",
    "Shares",
    "Membandingkan",
    "Membaca ulasan",
    "Bertanya tentang",
    "Memesan",
    "Membayar",
    "Menunggu",
    "Reviews",
    "Returns",
    "Tracks",
    "Recommends",
];
const OBJECTS: [&str; 16] = [
    "prices across stores",
    "delivery options",
    "the warranty terms",
    "promo cicilan 0%",
    "ongkos kirim",
    "stock at the nearest branch",
    "the loyalty points",
    "ulasan pembeli lain",
    "the order status",
    "metode pembayaran QRIS",
    "size and colour",
    "jam buka toko",
    "スマホの在庫",
    "the return policy",
    "voucher ulang tahun",
    "a friend's recommendation 👍",
];
const THOUGHTS: [&str; 8] = [
    "Is this really the best price?",
    "Semoga barangnya cepat sampai.",
    "I hope someone answers quickly.",
    "Kenapa biayanya berubah di akhir?",
    "This was easier than I expected.",
    "Saya ragu apakah garansinya resmi.",
    "I want to tell my friends about this 🎉",
    "配送はいつ届くのかな",
];
const PAINS: [&str; 10] = [
    "Hidden fees at checkout",
    "Slow replies on chat",
    "Ongkir mahal untuk luar Jawa",
    "Stock shown online is wrong",
    "OTP SMS tidak masuk",
    "Too many forms to fill",
    "Refund takes two weeks",
    "Antrian panjang di kasir",
    "App crashes on older phones",
    "No invoice for the company",
];
const IDEAS: [&str; 10] = [
    "Show the total price up front",
    "Auto-reply with order status",
    "Subsidi ongkir untuk member",
    "Sync store stock every hour",
    "Fallback to WhatsApp OTP",
    "One-page checkout",
    "Refund to e-wallet within a day",
    "Self-checkout kiosks",
    "Lite mode for older phones",
    "E-faktur download in the app",
];
const TAGS: [&str; 12] = [
    "pricing",
    "trust",
    "delivery",
    "pembayaran",
    "stok",
    "support",
    "loyalty",
    "onboarding",
    "mobile",
    "b2b",
    "promo",
    "research-2026",
];
const OWNERS: [&str; 8] = [
    "Rina",
    "Budi",
    "Sari",
    "Agus",
    "Dewi",
    "Marketing",
    "CX team",
    "Product",
];
const EVIDENCE: [&str; 6] = [
    "Interview notes, Jakarta, March",
    "Survey n=412",
    "Call center logs Q3",
    "Usability test, 8 participants",
    "App store reviews",
    "Analytics funnel export",
];
const PERSONAS: [(&str, &str); 4] = [
    (
        "Dewi",
        "Ibu rumah tangga di Surabaya; belanja lewat ponsel di sela pekerjaan.",
    ),
    (
        "Raka",
        "First-job professional in Jakarta who compares everything before buying.",
    ),
    (
        "Pak Hendra",
        "Owner of a small toko who restocks weekly for his shop.",
    ),
    (
        "Mei",
        "Student in Bandung, price-sensitive, lives on TikTok and WhatsApp.",
    ),
];

/// Picks from the seeded generator.
struct Picker(fastrand::Rng);

impl Picker {
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.0.usize(..items.len())]
    }

    fn id(&mut self, prefix: &str) -> String {
        id_from_bits(prefix, self.0.u64(..))
    }

    fn chance(&mut self, percent: u8) -> bool {
        self.0.u8(..100) < percent
    }
}

/// The workspace `options` describe.
pub fn workspace(options: Options) -> Workspace {
    let mut picker = Picker(fastrand::Rng::with_seed(options.seed));
    let personas: Vec<Persona> = PERSONAS
        .iter()
        .map(|(name, description)| persona(&mut picker, name, description))
        .collect();
    let journeys = options.journeys.max(1);
    let journeys = (0..journeys)
        .map(|index| {
            let cards = options.cards / journeys + usize::from(index < options.cards % journeys);
            journey(&mut picker, index, cards, &personas)
        })
        .collect();
    Workspace {
        personas,
        journeys,
        ..Workspace::default()
    }
}

fn persona(picker: &mut Picker, name: &str, description: &str) -> Persona {
    Persona {
        id: picker.id("ps"),
        name: name.to_string(),
        description: description.to_string(),
        goals: vec![picker.pick(&OBJECTS).to_string()],
        needs: vec![picker.pick(&IDEAS).to_string()],
        pain_points: vec![picker.pick(&PAINS).to_string()],
        channels: vec![picker.pick(&CHANNELS).to_string()],
        ..Persona::default()
    }
}

fn journey(picker: &mut Picker, index: usize, cards: usize, personas: &[Persona]) -> Journey {
    let stages = DEFAULT_STAGES
        .iter()
        .enumerate()
        .map(|(number, name)| {
            let count =
                cards / DEFAULT_STAGES.len() + usize::from(number < cards % DEFAULT_STAGES.len());
            stage(picker, name, count, personas)
        })
        .collect();
    Journey {
        id: picker.id("jr"),
        name: format!("Journey {} — {}", index + 1, picker.pick(&OBJECTS)),
        description: "Generated for benchmarks: a realistic mix of fields and languages."
            .to_string(),
        owner: picker.pick(&OWNERS).to_string(),
        last_reviewed: Some("2026-06-01".to_string()),
        personas: vec![personas[index % personas.len()].name.clone()],
        channels: CHANNELS.iter().map(|c| c.to_string()).collect(),
        stages,
        ..Journey::default()
    }
}

fn stage(picker: &mut Picker, name: &str, cards: usize, personas: &[Persona]) -> Stage {
    Stage {
        id: picker.id("st"),
        name: name.to_string(),
        goal: format!("Customer {} with confidence", picker.pick(&OBJECTS)),
        strategies: vec![picker.pick(&IDEAS).to_string()],
        kpis: vec![kpi(picker)],
        touchpoints: (0..cards).map(|_| card(picker, personas)).collect(),
        ..Stage::default()
    }
}

fn kpi(picker: &mut Picker) -> Kpi {
    let measurements = ["2026-01-15", "2026-04-15", "2026-07-15"]
        .iter()
        .map(|date| {
            let denominator = picker.0.u64(200..2000);
            Measurement {
                date: date.to_string(),
                numerator: Some(picker.0.u64(0..=denominator)),
                denominator: Some(denominator),
                ..Measurement::default()
            }
        })
        .collect();
    Kpi {
        id: picker.id("kp"),
        name: "Stage conversion".to_string(),
        kind: KpiKind::Ratio,
        unit: "%".to_string(),
        target: Some(60.0),
        measurements,
        ..Kpi::default()
    }
}

fn card(picker: &mut Picker, personas: &[Persona]) -> Touchpoint {
    let channel = picker.pick(&CHANNELS);
    let opportunities = if picker.chance(25) {
        vec![Opportunity {
            title: picker.pick(&IDEAS).into(),
            impact: Rating::new(picker.0.i64(1..=5)),
            effort: Rating::new(picker.0.i64(1..=5)),
            status: [
                OpportunityStatus::Open,
                OpportunityStatus::Planned,
                OpportunityStatus::Done,
            ][picker.0.usize(..3)],
            owner: picker.pick(&OWNERS).into(),
            ..Opportunity::default()
        }]
    } else {
        Vec::new()
    };
    let tags = (0..picker.0.usize(1..=2))
        .map(|_| Text::from(picker.pick(&TAGS)))
        .collect();
    let verb = picker.pick(&VERBS);
    let object = picker.pick(&OBJECTS);
    // The fields are drawn in the file's order, so a seed gives the maps it always gave.
    let id = picker.id("tp");
    let title = format!("{verb} {object}").into();
    let action = format!("{verb} on {channel}").into();
    let emotion = picker
        .chance(90)
        .then(|| Emotion::new(picker.0.i64(-2..=2)))
        .flatten();
    let thoughts = if picker.chance(60) {
        picker.pick(&THOUGHTS).into()
    } else {
        Text::default()
    };
    let pain_points = if picker.chance(60) {
        vec![picker.pick(&PAINS).into()]
    } else {
        Vec::new()
    };
    let owner = picker.pick(&OWNERS).into();
    let notes = if picker.chance(15) {
        format!(
            "{} {} Follow up with {}.",
            picker.pick(&THOUGHTS),
            picker.pick(&PAINS),
            picker.pick(&OWNERS)
        )
        .into()
    } else {
        Text::default()
    };
    let evidence = if picker.chance(50) {
        picker.pick(&EVIDENCE).into()
    } else {
        EvidenceList::default()
    };
    let personas = if picker.chance(25) {
        vec![personas[picker.0.usize(..personas.len())].name.clone()]
    } else {
        Vec::new()
    };
    Touchpoint {
        id,
        title,
        channel: channel.into(),
        emotion,
        personas,
        details: TouchpointDetails {
            action,
            thoughts,
            pain_points,
            opportunities,
            owner,
            tags,
            notes,
            evidence,
            ..TouchpointDetails::default()
        }
        .boxed(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate;
    use crate::store::{parse, to_json};
    use std::path::Path;

    fn cards(workspace: &Workspace) -> usize {
        workspace
            .journeys
            .iter()
            .flat_map(|j| &j.stages)
            .map(|s| s.touchpoints.len())
            .sum()
    }

    #[test]
    fn the_same_seed_gives_the_same_file_and_another_seed_another() {
        let a = to_json(&workspace(Options::cards(500)));
        assert_eq!(a, to_json(&workspace(Options::cards(500))));
        let other = Options {
            seed: 2,
            ..Options::cards(500)
        };
        assert_ne!(a, to_json(&workspace(other)));
    }

    #[test]
    fn holds_exactly_the_cards_asked_for_in_a_valid_workspace_that_round_trips() {
        for count in [0, 1, 7, 1_001] {
            let options = Options {
                journeys: 3,
                ..Options::cards(count)
            };
            let generated = workspace(options);
            assert_eq!(cards(&generated), count);
            assert_eq!(generated.journeys.len(), 3);
            validate(&generated).unwrap();
            let json = to_json(&generated);
            let (back, _) = parse(Path::new("gen.json"), json.as_bytes()).unwrap();
            assert_eq!(back, generated);
        }
    }

    #[test]
    fn cards_weigh_about_half_a_kilobyte_and_mix_languages() {
        let json = to_json(&workspace(Options::cards(2_000)));
        let per_card = json.len() / 2_000;
        assert!((350..=700).contains(&per_card), "{per_card} bytes per card");
        assert!(json.contains("Membandingkan") && json.contains("スマホ") && json.contains('👍'));
    }
}
