//! "Originated in" — three answers per component, side by side (see FIELD.md):
//!
//! 1. **Headquarters** ([`Definition::Headquarters`]): the country of the company behind the brand
//!    (KSE, RUSI, CAR, War&Sanctions). By default today's owner after mergers
//!    ([`HqBasis::Owner`]: Xilinx → AMD, Freescale → NXP = NL); [`HqBasis::Brand`] keeps the
//!    brand company's own country (Freescale = US) and [`HqBasis::UltimateParent`] the ultimate
//!    owner's (Nexperia = CN through Wingtech). Sources, in order: the registry via the marked
//!    maker, the registry via a part-number prefix rule, the catalogue's own country column
//!    (only when the registry cannot resolve the maker; can be switched off); else unknown.
//! 2. **Manufacture** ([`Definition::Manufacture`]): where the part was made — the record's
//!    country of manufacture, else a "Made in …" phrase in the marking, else the country of
//!    origin (box 16) of the trade rows that shipped that part number; else unknown.
//!    Assembly-site codes are maker-specific and are not decoded.
//! 3. **Dispatch** ([`Definition::Dispatch`]): the country the part was shipped from to Russia —
//!    the record's own statement, else the dispatch country (box 15, or trading country) of the
//!    trade rows to Russia naming that part number, dated no later than the recovery and no
//!    earlier than the component's date code (it cannot be shipped before it was made); when
//!    several rows match, each row is one vote (the component's weight is split evenly across
//!    the rows' countries). Optionally (off by default) rows with the same HS code and maker.
//!
//! Nothing is guessed: a component without evidence for a definition is unknown for it.

use crate::catalog::{component_type, Critical};
use crate::date::Date;
use crate::partnum::parse_date_code;
use crate::record::ComponentRecord;
use crate::registry::{MakerBasis, MakerResolution, Registry};
use crate::trade::{JoinBasis, TradeIndex};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An origin definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Definition {
    /// Manufacturer headquarters country.
    Headquarters,
    /// Country of manufacture.
    Manufacture,
    /// Country the part was shipped from to Russia.
    Dispatch,
}

impl Definition {
    /// The three definitions in report order.
    pub const ALL: [Definition; 3] = [
        Definition::Headquarters,
        Definition::Manufacture,
        Definition::Dispatch,
    ];

    /// Short name: `headquarters`, `manufacture`, `dispatch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Definition::Headquarters => "headquarters",
            Definition::Manufacture => "manufacture",
            Definition::Dispatch => "dispatch",
        }
    }
}

/// Which company's country the headquarters definition uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HqBasis {
    /// Today's owner after following acquisitions (Freescale → NXP: NL).
    #[default]
    Owner,
    /// The brand company as marked (Freescale: US).
    Brand,
    /// The ultimate parent (Nexperia → Wingtech: CN).
    UltimateParent,
}

/// Options of [`attribute`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeOptions {
    /// Headquarters basis.
    pub hq_basis: HqBasis,
    /// Use the catalogue's own country column when the registry cannot resolve the maker.
    pub use_catalogue_country: bool,
    /// Also join trade rows by HS code and maker when no row names the part number.
    pub join_hs_and_maker: bool,
    /// Only use trade rows dated no later than the recovery date (when both are known).
    pub trade_before_recovery: bool,
    /// Only use trade rows dated no earlier than the component's date code (`YYWW`, the week
    /// it was made; the earliest when several are given): a part cannot be shipped before it
    /// was made. Without a readable date code there is no such bound.
    #[serde(default = "yes")]
    pub trade_after_date_code: bool,
}

fn yes() -> bool {
    true
}

/// The first day of the week of the earliest `YYWW` date code of a record (its `date_code`
/// field, else the codes in its marking); `None` when none is readable.
pub fn made_not_before(r: &ComponentRecord) -> Option<Date> {
    let field: Vec<String> = r
        .date_code
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect();
    let codes = if field.iter().any(|t| parse_date_code(t).is_some()) {
        field
    } else {
        crate::partnum::split_marking(&r.marking).date_codes
    };
    codes
        .iter()
        .filter_map(|t| parse_date_code(t))
        .filter_map(|(y, w)| {
            let jan1 = Date::ymd(y, 1, 1)?;
            Some(Date::from_days(jan1.days() + 7 * (i64::from(w) - 1)))
        })
        .min()
}

impl Default for AttributeOptions {
    fn default() -> Self {
        AttributeOptions {
            hq_basis: HqBasis::Owner,
            use_catalogue_country: true,
            join_hs_and_maker: false,
            trade_before_recovery: true,
            trade_after_date_code: true,
        }
    }
}

/// One definition's answer for one component.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Attribution {
    /// Countries with weights summing to 1; empty when unknown.
    pub countries: Vec<(String, f64)>,
    /// Where the answer comes from (`marking`, `part_number_prefix`, `catalogue`, `record`,
    /// `made_in_marking`, `trade_part_number`, `trade_hs_and_maker`), or why it is unknown.
    pub basis: String,
    /// Ids of the trade rows used, when any.
    pub evidence: Vec<String>,
}

impl Attribution {
    fn known(country: &str, basis: &str) -> Self {
        Attribution {
            countries: vec![(country.to_string(), 1.0)],
            basis: basis.into(),
            evidence: Vec::new(),
        }
    }

    fn unknown(reason: impl Into<String>) -> Self {
        Attribution {
            countries: Vec::new(),
            basis: reason.into(),
            evidence: Vec::new(),
        }
    }

    /// Whether the definition is unknown for the component.
    pub fn is_unknown(&self) -> bool {
        self.countries.is_empty()
    }

    /// The single country when the answer is one country, else `None`.
    pub fn single(&self) -> Option<&str> {
        match self.countries.as_slice() {
            [(c, _)] => Some(c),
            _ => None,
        }
    }

    /// Compact display: `CN`, `HK 0.67 + CN 0.33`, or `?`.
    pub fn display(&self) -> String {
        match self.countries.as_slice() {
            [] => "?".into(),
            [(c, _)] => c.clone(),
            many => many
                .iter()
                .map(|(c, w)| format!("{c} {w:.2}"))
                .collect::<Vec<_>>()
                .join(" + "),
        }
    }
}

/// A component with its maker and the three origin answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttributedComponent {
    /// Index of the record in the input slice.
    pub index: usize,
    /// Record id.
    pub id: String,
    /// Weapon family.
    pub family: String,
    /// Resampling cluster (one recovered weapon item).
    pub cluster: String,
    /// Recovery date.
    pub recovered: Option<Date>,
    /// Component type as written.
    pub component_type: String,
    /// Declared HS code, or the component type's usual one.
    pub hs6: Option<u32>,
    /// Normalised part number.
    pub part_number: Option<String>,
    /// Weight in counts (quantity).
    pub weight: f64,
    /// The maker.
    pub maker: MakerResolution,
    /// Headquarters answer.
    pub headquarters: Attribution,
    /// Manufacture answer.
    pub manufacture: Attribution,
    /// Dispatch answer.
    pub dispatch: Attribution,
    /// Whether the record is synthetic.
    pub synthetic: bool,
}

impl AttributedComponent {
    /// The answer for a definition.
    pub fn get(&self, d: Definition) -> &Attribution {
        match d {
            Definition::Headquarters => &self.headquarters,
            Definition::Manufacture => &self.manufacture,
            Definition::Dispatch => &self.dispatch,
        }
    }

    /// Whether the component passes a criticality filter.
    pub fn is(&self, critical: &Critical) -> bool {
        critical.admits(&self.component_type, self.hs6)
    }
}

fn from_rows(
    trade: &TradeIndex,
    rows: &[usize],
    basis: JoinBasis,
    country: impl Fn(&crate::trade::TradeRow) -> &str,
) -> Option<Attribution> {
    let mut votes: BTreeMap<String, f64> = BTreeMap::new();
    let mut evidence = Vec::new();
    for &i in rows {
        let r = &trade.rows()[i];
        let c = country(r);
        if !c.is_empty() {
            *votes.entry(c.to_string()).or_default() += 1.0;
            evidence.push(r.id.clone());
        }
    }
    let total: f64 = votes.values().sum();
    (total > 0.0).then(|| Attribution {
        countries: votes.into_iter().map(|(c, v)| (c, v / total)).collect(),
        basis: match basis {
            JoinBasis::PartNumber => "trade_part_number".into(),
            JoinBasis::HsAndMaker => "trade_hs_and_maker".into(),
        },
        evidence,
    })
}

/// Attributes every record: maker, and the answer for each definition.
pub fn attribute(
    records: &[ComponentRecord],
    registry: &Registry,
    trade: &TradeIndex,
    opts: &AttributeOptions,
) -> Vec<AttributedComponent> {
    records
        .iter()
        .enumerate()
        .map(|(index, r)| attribute_one(index, r, registry, trade, opts))
        .collect()
}

fn attribute_one(
    index: usize,
    r: &ComponentRecord,
    registry: &Registry,
    trade: &TradeIndex,
    opts: &AttributeOptions,
) -> AttributedComponent {
    let part = r.part();
    let maker = registry.resolve(
        &r.manufacturer,
        part.as_ref().map_or("", |p| p.normalized.as_str()),
    );
    let hs6 = r
        .hs6
        .or_else(|| component_type(&r.component_type).map(|t| t.hs6));

    let headquarters = match &maker {
        MakerResolution::Known(m) => {
            let c = match opts.hq_basis {
                HqBasis::Owner => &m.hq,
                HqBasis::Brand => &m.brand_hq,
                HqBasis::UltimateParent => &m.parent_country,
            };
            let basis = match m.basis {
                MakerBasis::Marking => "marking",
                MakerBasis::PartNumberPrefix => "part_number_prefix",
            };
            Attribution::known(c, basis)
        }
        _ if opts.use_catalogue_country && !r.catalogue_country.is_empty() => {
            Attribution::known(&r.catalogue_country, "catalogue")
        }
        MakerResolution::Ambiguous { candidates, .. } => {
            Attribution::unknown(format!("ambiguous maker: {}", candidates.join(" | ")))
        }
        MakerResolution::Unknown { reason } => Attribution::unknown(reason.clone()),
    };

    let before = if opts.trade_before_recovery {
        r.recovered
    } else {
        None
    };
    let after = if opts.trade_after_date_code {
        made_not_before(r)
    } else {
        None
    };
    let company = maker.maker().map(|m| m.company.clone());
    let (rows, basis) = trade.matches_between(
        part.as_ref().map(|p| p.key.as_str()),
        if opts.join_hs_and_maker {
            hs6.zip(company.as_deref())
        } else {
            None
        },
        after,
        before,
    );

    let manufacture = if !r.made_in.is_empty() {
        Attribution::known(&r.made_in, "record")
    } else if let Some(c) = crate::country::made_in(&r.marking) {
        Attribution::known(&c, "made_in_marking")
    } else {
        basis
            .and_then(|b| from_rows(trade, &rows, b, |t| &t.origin_country))
            .unwrap_or_else(|| Attribution::unknown("no country of manufacture stated or shipped"))
    };

    let dispatch = if !r.shipped_from.is_empty() {
        Attribution::known(&r.shipped_from, "record")
    } else {
        basis
            .and_then(|b| from_rows(trade, &rows, b, |t| &t.dispatch_country))
            .unwrap_or_else(|| Attribution::unknown("no shipment to Russia found"))
    };

    AttributedComponent {
        index,
        id: r.id.clone(),
        family: r.family(),
        cluster: r.cluster_key(),
        recovered: r.recovered,
        component_type: r.component_type.clone(),
        hs6,
        part_number: part.map(|p| p.normalized),
        weight: r.weight(),
        maker,
        headquarters,
        manufacture,
        dispatch,
        synthetic: r.synthetic,
    }
}
