//! The relevance suite: queries over the demo workspace (and a few made-up cards), each with
//! the cards it must list first and the cards it must not list at all.
//!
//! Cards are named by title (every title here is unique). A failure prints the hits, so a
//! change of ranking shows what it changed; change an expectation only when the new order is
//! better for someone searching a map.

use super::*;
use crate::model::{Journey, Touchpoint};

/// One query and what it must find.
struct Case {
    query: &'static str,
    /// The first hits, in this order.
    top: &'static [&'static str],
    /// Hits that must be listed somewhere, after `top`.
    listed: &'static [&'static str],
    /// Cards that must not be listed: noise.
    absent: &'static [&'static str],
}

/// The demo workspace and a journey of made-up cards.
fn workspace() -> Workspace {
    let mut ws = crate::demo::workspace();
    let mut made_up = Journey::with_default_stages("Uji pencarian");
    made_up.stages[0].touchpoints = [
        "Bayar kurir di tempat",
        "Kurang informasi ongkir",
        "Pakai PayLater di checkout",
        "Kode OTP tidak masuk",
        "比较价格",
    ]
    .map(Touchpoint::new)
    .into();
    ws.journeys.push(made_up);
    ws
}

const CASES: &[Case] = &[
    // The example: "kurir" no longer lists the voucher card, whose action holds
    // k, u, r, i, r in "Memasukkan kode voucher flash sale di keranjang".
    Case {
        query: "kurir",
        top: &[
            "Lacak kurir lewat WhatsApp",
            "Bayar kurir di tempat",
            "Paket datang tidak lengkap",
            "Kurang informasi ongkir",
        ],
        listed: &[],
        absent: &[
            "Memasang voucher",
            "Menukar poin di kasir",
            "Bayar dengan QRIS",
        ],
    },
    // A root inside an affixed word: "bayar" in "Pembayaran".
    Case {
        query: "bayar",
        top: &[
            "Bayar dengan QRIS",
            "Bayar kurir di tempat",
            "Pembayaran gagal saat ramai",
        ],
        listed: &["Memasang voucher"],
        absent: &[
            "Reads customer reviews",
            "Tries the phone in store",
            "Mengunduh aplikasi",
        ],
    },
    Case {
        query: "voucher",
        top: &["Memasang voucher"],
        listed: &[],
        absent: &[],
    },
    Case {
        query: "popok",
        top: &["Mencari popok bayi"],
        listed: &["Promo flash sale ⚡", "Belanja rutin bulanan"],
        absent: &[],
    },
    // "Ambil pesanan di toko" held s, t, o, k scattered over its title.
    Case {
        query: "stok",
        top: &["Cek stok di toko terdekat"],
        listed: &["Promo flash sale ⚡", "Belanja rutin bulanan"],
        absent: &["Ambil pesanan di toko", "Tracks the delivery"],
    },
    Case {
        query: "kasir",
        top: &["Menukar poin di kasir"],
        listed: &[],
        absent: &[
            "Promo flash sale ⚡",
            "Mengunduh aplikasi",
            "Memasang voucher",
        ],
    },
    Case {
        query: "komplain",
        top: &["Komplain lewat WhatsApp", "Paket datang tidak lengkap"],
        listed: &["Menunggu pengembalian dana"],
        absent: &[],
    },
    Case {
        query: "ulasan",
        top: &["Berbagi ulasan di Instagram"],
        listed: &[],
        absent: &[],
    },
    // English.
    Case {
        query: "refund",
        top: &["Menunggu pengembalian dana"],
        listed: &[],
        absent: &[],
    },
    Case {
        query: "delivery",
        top: &["Tracks the delivery", "eSIM is live on delivery"],
        listed: &["Receives order confirmation", "Answers the NPS survey"],
        absent: &[],
    },
    // "Reads customer reviews" once ranked third, on s, t, o, r, e spread over its title.
    Case {
        query: "store",
        top: &["Books a store appointment", "Tries the phone in store"],
        listed: &["Same price in every channel", "Finds a lower price online"],
        absent: &["Reads customer reviews", "Cek stok di toko terdekat"],
    },
    Case {
        query: "camera",
        top: &[
            "Reads customer reviews",
            "Tries the phone in store",
            "Posts a review",
            "Verifies ID in seconds",
            "Sees an unboxing video",
        ],
        listed: &[],
        absent: &["Mencari popok bayi", "Finds a lower price online"],
    },
    Case {
        query: "review",
        top: &["Reads customer reviews", "Posts a review"],
        listed: &["Sees an unboxing video"],
        absent: &[],
    },
    Case {
        query: "payment",
        top: &["Chooses a payment plan", "Fails the credit check"],
        listed: &[],
        absent: &[],
    },
    // Several words.
    Case {
        query: "credit check",
        top: &["Fails the credit check"],
        listed: &[],
        absent: &["Gets a trade-in offer email"],
    },
    Case {
        query: "flash sale",
        top: &["Promo flash sale ⚡"],
        listed: &["Memasang voucher", "Pembayaran gagal saat ramai"],
        absent: &[],
    },
    Case {
        query: "pengembalian dana",
        top: &["Menunggu pengembalian dana", "Pembayaran gagal saat ramai"],
        listed: &[],
        absent: &[],
    },
    Case {
        query: "bayar qris",
        top: &["Bayar dengan QRIS"],
        listed: &[],
        absent: &["Pembayaran gagal saat ramai"],
    },
    Case {
        query: "cek stok",
        top: &["Cek stok di toko terdekat"],
        listed: &[],
        absent: &[],
    },
    // Prefixes.
    Case {
        query: "peng",
        top: &["Menunggu pengembalian dana"],
        listed: &["Lacak kurir lewat WhatsApp", "Ambil pesanan di toko"],
        absent: &["Mencari popok bayi", "Reads a buying guide"],
    },
    Case {
        query: "wha",
        top: &[
            "Rekomendasi di grup WhatsApp",
            "Lacak kurir lewat WhatsApp",
            "Komplain lewat WhatsApp",
        ],
        listed: &["Daftar dengan nomor ponsel"],
        absent: &["Gets a personal shortlist", "Verifies ID in seconds"],
    },
    // Initials, and a capital inside a word.
    Case {
        query: "bk",
        top: &["Books a store appointment", "Books a video setup call"],
        listed: &["Bayar kurir di tempat"],
        absent: &[],
    },
    Case {
        query: "lkw",
        top: &["Lacak kurir lewat WhatsApp"],
        listed: &[],
        absent: &[],
    },
    Case {
        query: "Pay",
        top: &["Pakai PayLater di checkout"],
        listed: &["Chooses a payment plan"],
        absent: &["Asks chat about plan costs", "Bayar dengan QRIS"],
    },
    Case {
        query: "esim",
        top: &["eSIM is live on delivery", "Calls support about the eSIM"],
        listed: &[],
        absent: &[],
    },
    // A contiguous word beats chance initials ("on the phone").
    Case {
        query: "otp",
        top: &["Kode OTP tidak masuk", "Daftar dengan nomor ponsel"],
        listed: &["eSIM is live on delivery"],
        absent: &["Chooses a payment plan", "Books a store appointment"],
    },
    // Chance initials far apart: "Demo units are often low on battery by the afternoon".
    Case {
        query: "data",
        top: &["Transfers data to new phone", "Paket datang tidak lengkap"],
        listed: &[],
        absent: &["Tries the phone in store"],
    },
    // Prefixes of two words rank below the word itself.
    Case {
        query: "trade",
        top: &["Gets a trade-in offer email", "Tracks the delivery"],
        listed: &[],
        absent: &[],
    },
    // Letters left out of a word.
    Case {
        query: "pmbyrn",
        top: &["Pembayaran gagal saat ramai", "Bayar dengan QRIS"],
        listed: &[],
        absent: &[],
    },
    Case {
        query: "memasukan",
        top: &["Memasang voucher"],
        listed: &[],
        absent: &[],
    },
    Case {
        query: "krr",
        top: &[
            "Lacak kurir lewat WhatsApp",
            "Bayar kurir di tempat",
            "Paket datang tidak lengkap",
        ],
        listed: &[],
        absent: &[],
    },
    // Single chars: word starts first.
    Case {
        query: "k",
        top: &["Komplain lewat WhatsApp"],
        listed: &["Kode OTP tidak masuk", "Kurang informasi ongkir"],
        absent: &[],
    },
    Case {
        query: "q",
        top: &["Bayar dengan QRIS"],
        listed: &[],
        absent: &[],
    },
    // Other scripts and symbols.
    Case {
        query: "⚡",
        top: &["Promo flash sale ⚡"],
        listed: &[],
        absent: &[],
    },
    Case {
        query: "价格",
        top: &["比较价格"],
        listed: &[],
        absent: &[],
    },
    Case {
        query: "ewallet",
        top: &["Bayar dengan QRIS", "Menunggu pengembalian dana"],
        listed: &[],
        absent: &[],
    },
];

/// The title of each hit, best first.
fn titles(ws: &Workspace, hits: &[Hit]) -> Vec<String> {
    hits.iter()
        .map(|h| {
            let stage = &ws.journeys[h.at.journey].stages[h.at.stage];
            stage.touchpoints[h.at.card].title.to_string()
        })
        .collect()
}

/// What is wrong with `found` (titles, best first) for `case`, if anything.
fn mismatch(case: &Case, found: &[String]) -> Option<String> {
    let top_ok =
        found.len() >= case.top.len() && found.iter().zip(case.top).all(|(f, t)| f.as_str() == *t);
    if !top_ok {
        return Some(format!("expected first: {:?}", case.top));
    }
    let rest = &found[case.top.len()..];
    if let Some(missing) = case.listed.iter().find(|t| !rest.iter().any(|f| f == *t)) {
        return Some(format!("not listed: {missing:?}"));
    }
    let noise = case.absent.iter().find(|t| found.iter().any(|f| f == *t));
    noise.map(|t| format!("listed, but noise: {t:?}"))
}

#[test]
fn the_suite_is_big_enough_and_names_real_cards() {
    assert!(CASES.len() >= 25, "{} queries", CASES.len());
    let ws = workspace();
    let all: Vec<&str> = ws
        .journeys
        .iter()
        .flat_map(|j| &j.stages)
        .flat_map(|s| &s.touchpoints)
        .map(|c| c.title.as_str())
        .collect();
    for case in CASES {
        for title in case.top.iter().chain(case.listed).chain(case.absent) {
            let count = all.iter().filter(|t| *t == title).count();
            assert_eq!(count, 1, "{title:?} in {:?} names one card", case.query);
        }
    }
}

#[test]
fn queries_find_what_they_should_and_no_noise() {
    let ws = workspace();
    let index = Index::build(&ws);
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|case| {
            let found = titles(&ws, &index.search(case.query, 200));
            mismatch(case, &found).map(|why| format!("{:?}: {why}\n  got {found:?}", case.query))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
