//! The report is one self-contained page that shows the numbers it is given, escapes text,
//! and labels synthetic inputs.

use chokepoint_report::*;

fn sample() -> ReportData {
    ReportData {
        title: "Chokepoint report".into(),
        generated_at: "2026-11-29T03:00:00Z".into(),
        synthetic_inputs: vec!["customs records: scenario seed 7".into()],
        headlines: vec![Headline {
            question: "Russian defence plants supplied from CN".into(),
            answer: "17 plants".into(),
            evidence: 312,
            detail: "distinct end users".into(),
            truth: Some("17".into()),
        }],
        lists: vec![ListRow {
            list: "ofac-sdn".into(),
            entities: 14965,
            published: "2024-05".into(),
        }],
        flows: vec![
            FlowRow {
                year: 2021,
                category: "microelectronics".into(),
                origin: "us".into(),
                transit: "de".into(),
                value_usd: 2.0e6,
                shipments: 10,
            },
            FlowRow {
                year: 2023,
                category: "microelectronics".into(),
                origin: "us".into(),
                transit: "hk".into(),
                value_usd: 5.0e6,
                shipments: 40,
            },
            FlowRow {
                year: 2023,
                category: "machine_tools".into(),
                origin: "cn".into(),
                transit: "cn".into(),
                value_usd: 3.0e6,
                shipments: 12,
            },
        ],
        shares: vec![
            ShareRow {
                definition: "headquarters".into(),
                family: "all".into(),
                period: "all".into(),
                country: "us".into(),
                share: 0.62,
                lo: 0.55,
                hi: 0.69,
                n: 300,
            },
            ShareRow {
                definition: "shipped_from".into(),
                family: "all".into(),
                period: "all".into(),
                country: "cn".into(),
                share: 0.8,
                lo: 0.74,
                hi: 0.85,
                n: 210,
            },
            ShareRow {
                definition: "shipped_from".into(),
                family: "Shahed".into(),
                period: "2024".into(),
                country: "cn".into(),
                share: 0.83,
                lo: 0.7,
                hi: 0.9,
                n: 60,
            },
        ],
        intermediaries: vec![Intermediary {
            name: "<script>alert(1)</script> TRADE LTD".into(),
            country: "hk".into(),
            value_usd: 4.2e6,
            shipments: 33,
            flags: vec!["new_company".into()],
        }],
        chains: vec![Chain {
            title: "US microelectronics via HK to JSC Plant".into(),
            nodes: vec![
                ChainNode {
                    label: "Maker".into(),
                    country: "us".into(),
                    kind: "origin".into(),
                },
                ChainNode {
                    label: "HK Shell".into(),
                    country: "hk".into(),
                    kind: "shell".into(),
                },
                ChainNode {
                    label: "JSC Plant".into(),
                    country: "ru".into(),
                    kind: "end_user".into(),
                },
            ],
            edges: vec![
                ChainEdge {
                    from: 0,
                    to: 1,
                    label: "microelectronics 2023".into(),
                    value_usd: 1.0e6,
                    evidence: vec!["r1".into(), "r2".into()],
                },
                ChainEdge {
                    from: 1,
                    to: 2,
                    label: "microelectronics 2023".into(),
                    value_usd: 1.1e6,
                    evidence: vec!["r3".into()],
                },
            ],
        }],
        alerts: vec![AlertRow {
            id: "A-1".into(),
            subject: "HK Shell".into(),
            score: 0.91,
            parts: vec!["new company 0.4".into()],
            evidence: vec!["r1".into(), "r3".into()],
            status: "open".into(),
        }],
        real: RealData {
            headlines: vec![Headline {
                question: "Components in Russian weapons with a brand headquartered in China"
                    .into(),
                answer: "419 of 5806 (7.2 %)".into(),
                evidence: 419,
                detail: "source components.csv.gz".into(),
                truth: None,
            }],
            ..RealData::default()
        },
    }
}

#[test]
fn renders_every_section_self_contained() {
    let html = render(&sample());
    for id in [
        "headlines",
        "lists",
        "flows",
        "shares",
        "intermediaries",
        "chains",
        "alerts",
        "synthetic",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "section {id}");
    }
    // Self-contained: nothing is fetched.
    for bad in [
        "<script",
        "src=\"http",
        "href=\"http",
        "@import",
        "url(http",
    ] {
        assert!(!html.contains(bad), "{bad}");
    }
    // Text is escaped, not injected.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; TRADE LTD"));
    // The numbers appear: headline, evidence count, truth, interval, money.
    assert!(
        html.contains("17 plants")
            && html.contains("312 evidence rows")
            && html.contains("scenario truth: 17")
    );
    assert!(html.contains("80% (n=210)"));
    assert!(html.contains("$4.2m"));
    assert!(html.contains("83.0%") && html.contains("70.0–90.0%"));
    // Chains carry their evidence; alerts link to theirs.
    assert!(
        html.contains("r1 r2")
            && html.contains("href=\"#evidence-A-1\"")
            && html.contains("id=\"evidence-A-1\"")
    );
    // Each stacked chart has one rect per non-zero (year, series) pair: 3 flows × 3 charts.
    assert_eq!(
        html.matches("<rect x=").count() - html.matches("width=\"10\" height=\"10\"").count() - 2 /* share bars (family and period "all") */ - 1, /* hbar */
        9
    );
}

#[test]
fn the_real_part_comes_first_and_the_contents_list_every_section() {
    let html = render(&sample());
    let real = html.find("id=\"real-data\"").expect("the real-data part");
    let synthetic = html.find("id=\"synthetic\"").expect("the synthetic banner");
    assert!(
        real < synthetic,
        "real data is shown before the synthetic scenario"
    );
    assert!(html.contains("419 of 5806 (7.2 %)") && html.contains("source components.csv.gz"));
    let nav = &html[html.find("<nav id=\"contents\">").expect("contents")..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    for id in [
        "real-data",
        "headlines",
        "lists",
        "flows",
        "chains",
        "alerts",
    ] {
        assert!(
            nav.contains(&format!("href=\"#{id}\"")),
            "contents link to {id}"
        );
    }
    assert!(nav.contains("Real data: the seed"), "{nav}");
}

#[test]
fn real_only_reports_carry_no_synthetic_label() {
    let mut d = sample();
    d.synthetic_inputs.clear();
    let html = render(&d);
    assert!(!html.contains("id=\"synthetic\"") && !html.contains("synthetic data"));
    let empty = render(&ReportData {
        title: "t".into(),
        ..ReportData::default()
    });
    assert!(empty.contains("<title>t</title>") && !empty.contains("id=\"flows\""));
}

/// The sample with more to draw: over eight origins (an "other" series), amounts from
/// dollars to billions, a report without synthetic inputs.
fn wide_sample() -> ReportData {
    let mut d = sample();
    d.synthetic_inputs.clear();
    for (i, origin) in ["de", "fr", "it", "jp", "kr", "tw", "nl", "ch", "se"]
        .iter()
        .enumerate()
    {
        d.flows.push(FlowRow {
            year: 2022,
            category: "machine_tools".into(),
            origin: (*origin).into(),
            transit: "tr".into(),
            value_usd: [950.0, 4.5e3, 7.2e9, 12.0, 3.3e5, 8.8e7, 1.0e9, 999.4, 2.5e4][i],
            shipments: i as u64 + 1,
        });
    }
    d.intermediaries.push(Intermediary {
        name: "O'Brien & \"Sons\"".into(),
        country: "ae".into(),
        value_usd: 640.0,
        shipments: 2,
        flags: vec!["shell".into(), "phoenix".into()],
    });
    d
}

/// The page is pinned byte for byte (the fixtures were rendered before the formatting
/// helpers moved to their own module); `CHOKEPOINT_BLESS_REPORT=1` writes them anew.
#[test]
fn the_page_is_pinned_byte_for_byte() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (name, data) in [
        ("sample_report.html.txt", sample()),
        ("wide_report.html.txt", wide_sample()),
    ] {
        let html = render(&data);
        let path = dir.join(name);
        if std::env::var_os("CHOKEPOINT_BLESS_REPORT").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &html).unwrap();
        }
        let pinned = std::fs::read_to_string(&path).unwrap();
        assert!(html == pinned, "{name} differs from the pinned page");
    }
}

/// A chain whose companies have long legal names, as Russian defence plants and Hong Kong
/// traders do.
fn long_named_chain() -> Chain {
    let node = |label: &str, country: &str, kind: &str| ChainNode {
        label: label.into(),
        country: country.into(),
        kind: kind.into(),
    };
    let edge = |from, to| ChainEdge {
        from,
        to,
        label: "microelectronics 2023".into(),
        value_usd: 1.0e6,
        evidence: vec!["r1".into()],
    };
    Chain {
        title: "CN → plant".into(),
        nodes: vec![
            node("SHENZHEN HUAQIANGBEI ELECTRONIC COMPONENTS TRADING CO LTD", "cn", "origin"),
            node("FRESH HORIZON INTERNATIONAL TRADING (HONG KONG) LIMITED", "hk", "shell"),
            node(
                "JOINT STOCK COMPANY SCIENTIFIC PRODUCTION ENTERPRISE RADIOELECTRONIC SYSTEMS NAMED AFTER A S POPOV",
                "ru",
                "end_user",
            ),
        ],
        edges: vec![edge(0, 1), edge(1, 2)],
    }
}

#[test]
fn chain_diagrams_wrap_long_names_and_space_columns_by_their_text() {
    let chain = long_named_chain();
    let svg = chain_svg(&chain);
    // Every name is the tooltip of its node, whole.
    for n in &chain.nodes {
        assert!(
            svg.contains(&format!("<title>{} (", n.label)),
            "full name of {} in a tooltip",
            n.label
        );
    }
    // Names of up to four lines are shown whole, word by word, over several lines.
    let lines = |label: &str| wrap_label(label);
    let trader = lines("FRESH HORIZON INTERNATIONAL TRADING (HONG KONG) LIMITED");
    assert!(trader.len() > 1, "{trader:?}");
    assert_eq!(
        trader.join(" "),
        "FRESH HORIZON INTERNATIONAL TRADING (HONG KONG) LIMITED"
    );
    for l in &trader {
        assert!(l.chars().count() <= 24, "{l}");
        assert!(svg.contains(&format!(">{l}</tspan>")), "line {l} drawn");
    }
    // A name too long for four lines ends in an ellipsis; its words so far are all shown.
    let plant = lines(&chain.nodes[2].label);
    assert_eq!(plant.len(), 4);
    assert!(plant[3].ends_with('…'));
    // A word longer than a line is cut, not dropped.
    assert_eq!(
        wrap_label("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123"),
        ["ABCDEFGHIJKLMNOPQRSTUVWX", "YZ0123"]
    );
    // Columns are spaced by their text: the centres of neighbouring nodes are further apart
    // than half of each one's widest line at 7 units a character.
    let xs: Vec<f64> = svg
        .match_indices("<circle cx=\"")
        .map(|(i, m)| {
            let rest = &svg[i + m.len()..];
            rest[..rest.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    assert_eq!(xs.len(), 3);
    let widest = |label: &str| {
        wrap_label(label)
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap() as f64
            * 7.0
    };
    for k in 0..2 {
        let gap = xs[k + 1] - xs[k];
        let need = widest(&chain.nodes[k].label) / 2.0 + widest(&chain.nodes[k + 1].label) / 2.0;
        assert!(
            gap >= need,
            "columns {k} and {} overlap: {gap} < {need}",
            k + 1
        );
    }
    // The picture is as wide as its columns.
    let view: Vec<f64> = svg[svg.find("viewBox=\"").unwrap() + 9..]
        .split('"')
        .next()
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(view[2] >= xs[2] + widest(&chain.nodes[2].label) / 2.0);
    // Never scaled up past its own width (the text stays at the page's size).
    assert!(svg.contains(&format!("style=\"max-width:{}px\"", view[2])));
}
