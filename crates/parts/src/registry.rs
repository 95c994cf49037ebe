//! The manufacturer registry: names, brands and aliases as marked on parts → companies with
//! headquarters country, merger chains followed to today's owner, ultimate parents recorded,
//! and part-number prefix rules that name the maker when the marking does not.
//!
//! Both tables are editable CSV files embedded from `data/manufacturers.csv` and
//! `data/prefixes.csv`; [`Registry::load`] reads replacements from paths. Unknown or ambiguous
//! makers resolve to [`MakerResolution::Unknown`] / [`MakerResolution::Ambiguous`]: the registry
//! never guesses.

use crate::error::{PartsError, Result};
use crate::partnum;
use chokepoint_refdata::Table;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// The built-in manufacturer table.
pub const MANUFACTURERS_CSV: &str = include_str!("../data/manufacturers.csv");
/// The built-in prefix rules.
pub const PREFIXES_CSV: &str = include_str!("../data/prefixes.csv");

/// One company or brand of the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Company {
    /// Canonical name.
    pub name: String,
    /// Headquarters country (ISO alpha-2) of this company itself.
    pub hq: String,
    /// The registry company that absorbed it, if any.
    pub acquired_by: Option<String>,
    /// Year of that acquisition.
    pub year: Option<u16>,
    /// Ultimate owner not listed as a maker (e.g. Wingtech for Nexperia).
    pub parent: Option<String>,
    /// That owner's headquarters country.
    pub parent_country: Option<String>,
    /// Other spellings and brands.
    pub aliases: Vec<String>,
    /// Free text.
    pub note: String,
}

/// How a maker was identified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MakerBasis {
    /// From the manufacturer name or logo marked on the part.
    Marking,
    /// From a part-number prefix rule.
    PartNumberPrefix,
}

/// A resolved maker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Maker {
    /// The registry company the marking or prefix names (e.g. `Xilinx`).
    pub brand: String,
    /// Headquarters country of that brand company itself (e.g. `US` for Freescale).
    pub brand_hq: String,
    /// Today's owner after following acquisitions (e.g. `AMD`).
    pub company: String,
    /// Headquarters country of today's owner.
    pub hq: String,
    /// The brand and every acquirer, in order (`["Spansion", "Cypress Semiconductor", "Infineon Technologies"]`).
    pub chain: Vec<String>,
    /// Ultimate parent of today's owner when it is not itself a maker.
    pub parent: Option<String>,
    /// The ultimate parent's country (the owner's `hq` when there is no separate parent).
    pub parent_country: String,
    /// How the maker was identified.
    pub basis: MakerBasis,
    /// When the marking and a prefix rule disagree, the company the prefix rule names (a hint of
    /// a second source or counterfeit). The marking wins.
    pub prefix_conflict: Option<String>,
}

/// The result of resolving a maker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum MakerResolution {
    /// Identified.
    Known(Maker),
    /// The name or prefix fits several companies: reported as unknown.
    Ambiguous {
        /// The candidate companies.
        candidates: Vec<String>,
        /// What was ambiguous.
        basis: MakerBasis,
    },
    /// Not identified: why.
    Unknown {
        /// E.g. `marked "not identified"`, `unregistered maker "Foo"`, `no rule for part prefix`.
        reason: String,
    },
}

impl MakerResolution {
    /// The maker, when known.
    pub fn maker(&self) -> Option<&Maker> {
        match self {
            MakerResolution::Known(m) => Some(m),
            _ => None,
        }
    }
}

/// A part-number prefix rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrefixRule {
    /// Compact prefix (letters and digits).
    pub prefix: String,
    /// The company (one) or candidates (several: ambiguous).
    pub companies: Vec<String>,
    /// Free text.
    pub note: String,
}

/// The manufacturer registry.
#[derive(Debug, Clone)]
pub struct Registry {
    companies: Vec<Company>,
    by_name: HashMap<String, usize>,
    by_alias: HashMap<String, Vec<usize>>,
    prefixes: HashMap<String, PrefixRule>,
    max_prefix: usize,
}

/// Words that say "not identified" rather than name a maker.
const UNIDENTIFIED: &[&str] = &[
    "NOTIDENTIFIED",
    "UNIDENTIFIED",
    "UNKNOWN",
    "NA",
    "NONE",
    "NOBRAND",
    "NONAME",
    "UNMARKED",
    "NOMARKING",
    "NEIDENTIFIKOVANO",
    "НЕУСТАНОВЛЕН",
    "НЕИЗВЕСТНО",
    "НЕВІДОМО",
    "НЕВІДОМИЙ",
    "НЕІДЕНТИФІКОВАНО",
    "НЕВСТАНОВЛЕНО",
];

/// Legal-form words dropped from names before matching.
const LEGAL_FORMS: &[&str] = &[
    "INC",
    "INCORPORATED",
    "CORP",
    "CORPORATION",
    "CO",
    "COMPANY",
    "LTD",
    "LIMITED",
    "LLC",
    "GMBH",
    "AG",
    "SE",
    "NV",
    "BV",
    "SA",
    "SAS",
    "SPA",
    "PLC",
    "KK",
    "ASA",
    "AB",
    "OY",
    "HOLDINGS",
    "GROUP",
    "THE",
];

/// The matching key of a maker name: upper case, dots dropped, legal forms dropped, letters and
/// digits only (`"Texas Instruments Inc."` → `TEXASINSTRUMENTS`).
pub fn name_key(name: &str) -> String {
    let up: String = name
        .chars()
        .filter(|c| *c != '.')
        .flat_map(char::to_uppercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    up.split_whitespace()
        .filter(|w| !LEGAL_FORMS.contains(w))
        .collect::<String>()
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn is_iso2(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

impl Registry {
    /// The built-in registry (embedded data files).
    pub fn builtin() -> Result<Self> {
        Self::parse(
            MANUFACTURERS_CSV,
            "data/manufacturers.csv",
            PREFIXES_CSV,
            "data/prefixes.csv",
        )
    }

    /// Reads the registry, replacing the built-in manufacturer table and/or prefix rules with
    /// files when paths are given.
    pub fn load(manufacturers: Option<&Path>, prefixes: Option<&Path>) -> Result<Self> {
        let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| PartsError::io(p, e));
        let (m_text, m_name) = match manufacturers {
            Some(p) => (read(p)?, p.display().to_string()),
            None => (
                MANUFACTURERS_CSV.to_string(),
                "data/manufacturers.csv".into(),
            ),
        };
        let (p_text, p_name) = match prefixes {
            Some(p) => (read(p)?, p.display().to_string()),
            None => (PREFIXES_CSV.to_string(), "data/prefixes.csv".into()),
        };
        Self::parse(&m_text, &m_name, &p_text, &p_name)
    }

    /// Parses manufacturer and prefix tables; the names are used in errors.
    pub fn parse(
        manufacturers: &str,
        manufacturers_name: &str,
        prefixes: &str,
        prefixes_name: &str,
    ) -> Result<Self> {
        let mut reg = Registry {
            companies: Vec::new(),
            by_name: HashMap::new(),
            by_alias: HashMap::new(),
            prefixes: HashMap::new(),
            max_prefix: 0,
        };
        let data_err = |file: &str, line: u64, message: String| PartsError::Data {
            file: file.to_string(),
            line,
            message,
        };
        let table = Table::parse(manufacturers, manufacturers_name)?;
        let mut lines = Vec::new();
        for row in table.rows() {
            let line = row.line();
            let get = |i: usize| row.at(i).to_string();
            let name = get(0);
            if name.is_empty() {
                return Err(data_err(manufacturers_name, line, "empty company".into()));
            }
            let hq = get(1).to_ascii_uppercase();
            if !is_iso2(&hq) {
                return Err(data_err(
                    manufacturers_name,
                    line,
                    format!("hq `{hq}` of {name} is not an ISO alpha-2 code"),
                ));
            }
            let year =
                match get(3).as_str() {
                    "" => None,
                    y => Some(y.parse::<u16>().map_err(|_| {
                        data_err(manufacturers_name, line, format!("bad year `{y}`"))
                    })?),
                };
            let parent_country = opt(&get(5)).map(|c| c.to_ascii_uppercase());
            if let Some(pc) = &parent_country {
                if !is_iso2(pc) {
                    return Err(data_err(
                        manufacturers_name,
                        line,
                        format!("parent_country `{pc}` is not an ISO alpha-2 code"),
                    ));
                }
            }
            let company = Company {
                name: name.clone(),
                hq,
                acquired_by: opt(&get(2)),
                year,
                parent: opt(&get(4)),
                parent_country,
                aliases: split_list(&get(6)),
                note: get(7),
            };
            let idx = reg.companies.len();
            if reg.by_name.insert(name.clone(), idx).is_some() {
                return Err(data_err(
                    manufacturers_name,
                    line,
                    format!("duplicate company `{name}`"),
                ));
            }
            let mut keys: Vec<String> = std::iter::once(&company.name)
                .chain(company.aliases.iter())
                .map(|a| name_key(a))
                .filter(|k| !k.is_empty())
                .collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                reg.by_alias.entry(k).or_default().push(idx);
            }
            reg.companies.push(company);
            lines.push(line);
        }
        // Acquirers must exist and chains must end.
        for (i, c) in reg.companies.iter().enumerate() {
            if let Some(a) = &c.acquired_by {
                if !reg.by_name.contains_key(a) {
                    return Err(data_err(
                        manufacturers_name,
                        lines[i],
                        format!("{} acquired_by unknown company `{a}`", c.name),
                    ));
                }
            }
            if reg.chain(i).len() > reg.companies.len() {
                return Err(data_err(
                    manufacturers_name,
                    lines[i],
                    format!("acquisition cycle through {}", c.name),
                ));
            }
        }
        let table = Table::parse(prefixes, prefixes_name)?;
        for row in table.rows() {
            let line = row.line();
            let prefix = partnum::compact(row.at(0));
            if prefix.is_empty() {
                return Err(data_err(prefixes_name, line, "empty prefix".into()));
            }
            let companies = split_list(row.at(1));
            if companies.is_empty() {
                return Err(data_err(
                    prefixes_name,
                    line,
                    format!("no company for {prefix}"),
                ));
            }
            for c in &companies {
                if !reg.by_name.contains_key(c) {
                    return Err(data_err(
                        prefixes_name,
                        line,
                        format!("prefix {prefix} names unknown company `{c}`"),
                    ));
                }
            }
            reg.max_prefix = reg.max_prefix.max(prefix.len());
            let rule = PrefixRule {
                prefix: prefix.clone(),
                companies,
                note: row.at(2).to_string(),
            };
            if reg.prefixes.insert(prefix.clone(), rule).is_some() {
                return Err(data_err(
                    prefixes_name,
                    line,
                    format!("duplicate prefix {prefix}"),
                ));
            }
        }
        Ok(reg)
    }

    /// Every company, in file order.
    pub fn companies(&self) -> &[Company] {
        &self.companies
    }

    /// A company by canonical name.
    pub fn company(&self, name: &str) -> Option<&Company> {
        self.by_name.get(name).map(|&i| &self.companies[i])
    }

    /// Indices of the company and its acquirers, in order (stops on a cycle).
    fn chain(&self, mut idx: usize) -> Vec<usize> {
        let mut out = vec![idx];
        while let Some(next) = self.companies[idx]
            .acquired_by
            .as_ref()
            .and_then(|a| self.by_name.get(a))
        {
            if out.contains(next) {
                out.push(*next);
                break;
            }
            idx = *next;
            out.push(idx);
            if out.len() > self.companies.len() {
                break;
            }
        }
        out
    }

    fn maker(&self, idx: usize, basis: MakerBasis) -> Maker {
        let chain = self.chain(idx);
        let owner = &self.companies[*chain.last().unwrap_or(&idx)];
        let brand = &self.companies[idx];
        Maker {
            brand: brand.name.clone(),
            brand_hq: brand.hq.clone(),
            company: owner.name.clone(),
            hq: owner.hq.clone(),
            chain: chain
                .iter()
                .map(|&i| self.companies[i].name.clone())
                .collect(),
            parent: owner.parent.clone(),
            parent_country: owner.parent_country.clone().unwrap_or(owner.hq.clone()),
            basis,
            prefix_conflict: None,
        }
    }

    /// Whether a marked manufacturer says "not identified" (empty, `not identified`, `unknown`,
    /// `n/a`, `-`, `?`, `no brand` and Russian/Ukrainian equivalents).
    pub fn is_unidentified(name: &str) -> bool {
        let k = name_key(name);
        k.is_empty() || UNIDENTIFIED.contains(&k.as_str())
    }

    /// Resolves a manufacturer name as marked. Tries the whole name, then the part outside
    /// parentheses, then the part inside (`"Xilinx (AMD)"`). `None` when it names no registry
    /// company; ambiguous when an alias belongs to several.
    pub fn resolve_name(&self, name: &str) -> Option<MakerResolution> {
        let mut tries = vec![name.to_string()];
        if let (Some(open), Some(close)) = (name.find('('), name.rfind(')')) {
            if open < close {
                tries.push(format!("{}{}", &name[..open], &name[close + 1..]));
                tries.push(name[open + 1..close].to_string());
            }
        }
        for t in tries {
            let k = name_key(&t);
            if let Some(ids) = self.by_alias.get(&k) {
                return Some(self.of_candidates(ids, MakerBasis::Marking));
            }
        }
        None
    }

    fn of_candidates(&self, ids: &[usize], basis: MakerBasis) -> MakerResolution {
        match ids {
            [one] => MakerResolution::Known(self.maker(*one, basis)),
            many => MakerResolution::Ambiguous {
                candidates: many
                    .iter()
                    .map(|&i| self.companies[i].name.clone())
                    .collect(),
                basis,
            },
        }
    }

    /// The longest prefix rule matching a part number (any form; it is compacted first).
    pub fn prefix_rule(&self, part_number: &str) -> Option<&PrefixRule> {
        let key = partnum::compact(part_number);
        let n = key.len().min(self.max_prefix);
        (1..=n)
            .rev()
            .find_map(|len| key.get(..len).and_then(|p| self.prefixes.get(p)))
    }

    /// Resolves a part number through the prefix rules; `None` when no rule matches.
    pub fn resolve_part(&self, part_number: &str) -> Option<MakerResolution> {
        let rule = self.prefix_rule(part_number)?;
        let ids: Vec<usize> = rule
            .companies
            .iter()
            .filter_map(|c| self.by_name.get(c).copied())
            .collect();
        Some(self.of_candidates(&ids, MakerBasis::PartNumberPrefix))
    }

    /// Resolves the maker of a part from the manufacturer as marked and the part number:
    /// 1. a marked name that resolves wins (a disagreeing prefix rule is noted in
    ///    [`Maker::prefix_conflict`]);
    /// 2. a marked name that is present but not in the registry is UNKNOWN (an unregistered
    ///    maker, possibly a clone's) — the prefix rules are not used to overrule it;
    /// 3. a missing or "not identified" marking falls back to the prefix rules;
    /// 4. otherwise UNKNOWN.
    pub fn resolve(&self, manufacturer: &str, part_number: &str) -> MakerResolution {
        let by_part = if part_number.trim().is_empty() {
            None
        } else {
            self.resolve_part(part_number)
        };
        if !Self::is_unidentified(manufacturer) {
            return match self.resolve_name(manufacturer) {
                Some(MakerResolution::Known(mut m)) => {
                    if let Some(MakerResolution::Known(p)) = &by_part {
                        if p.company != m.company {
                            m.prefix_conflict = Some(p.company.clone());
                        }
                    }
                    MakerResolution::Known(m)
                }
                Some(other) => other,
                None => MakerResolution::Unknown {
                    reason: format!("unregistered maker \"{}\"", manufacturer.trim()),
                },
            };
        }
        match by_part {
            Some(r) => r,
            None if part_number.trim().is_empty() => MakerResolution::Unknown {
                reason: "no maker marked and no part number".into(),
            },
            None => MakerResolution::Unknown {
                reason: format!(
                    "no maker marked and no prefix rule for {}",
                    partnum::normalize(part_number).normalized
                ),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg() -> Registry {
        Registry::builtin().unwrap()
    }

    fn company(r: &MakerResolution) -> Option<&str> {
        r.maker().map(|m| m.company.as_str())
    }

    #[test]
    fn builtin_loads_with_enough_makers() {
        let r = reg();
        assert!(r.companies().len() >= 60, "{}", r.companies().len());
    }

    #[test]
    fn builtin_has_no_accidentally_shared_alias() {
        let r = reg();
        let shared: Vec<&String> = r
            .by_alias
            .iter()
            .filter(|(_, ids)| ids.len() > 1)
            .map(|(k, _)| k)
            .collect();
        assert!(shared.is_empty(), "{shared:?}");
    }

    #[test]
    fn names_match_ignoring_case_punctuation_and_legal_forms() {
        let r = reg();
        for n in [
            "Texas Instruments Inc.",
            "TEXAS INSTRUMENTS",
            "TI",
            "texas instruments incorporated",
        ] {
            assert_eq!(company(&r.resolve(n, "")), Some("Texas Instruments"), "{n}");
        }
        assert_eq!(
            company(&r.resolve("Nanjing Qinheng Microelectronics Co., Ltd.", "")),
            Some("WCH")
        );
        assert_eq!(company(&r.resolve("Xilinx (AMD)", "")), Some("AMD"));
        assert_eq!(company(&r.resolve("AVX (Kyocera)", "")), Some("AVX"));
    }

    #[test]
    fn mergers_are_followed() {
        let r = reg();
        let m = r.resolve("Spansion", "").maker().cloned().unwrap();
        assert_eq!(
            m.chain,
            vec!["Spansion", "Cypress Semiconductor", "Infineon Technologies"]
        );
        assert_eq!((m.brand_hq.as_str(), m.hq.as_str()), ("US", "DE"));
        let m = r.resolve("Freescale", "").maker().cloned().unwrap();
        assert_eq!(
            (m.company.as_str(), m.hq.as_str()),
            ("NXP Semiconductors", "NL")
        );
        let m = r.resolve("Nexperia", "").maker().cloned().unwrap();
        assert_eq!((m.hq.as_str(), m.parent_country.as_str()), ("NL", "CN"));
        assert_eq!(m.parent.as_deref(), Some("Wingtech Technology"));
        assert_eq!(
            company(&r.resolve("Linear Technology", "")),
            Some("Analog Devices")
        );
        assert_eq!(company(&r.resolve("Maxim", "")), Some("Analog Devices"));
        assert_eq!(
            company(&r.resolve("Atmel", "")),
            Some("Microchip Technology")
        );
        assert_eq!(company(&r.resolve("Altera", "")), Some("Intel"));
        assert_eq!(
            company(&r.resolve("International Rectifier", "")),
            Some("Infineon Technologies")
        );
    }

    #[test]
    fn prefix_rules_name_the_maker_when_unmarked() {
        let r = reg();
        let cases = [
            ("STM32F405RGT6", "STMicroelectronics"),
            ("TMS320F28335PGFA", "Texas Instruments"),
            ("ADS1115IDGSR", "Texas Instruments"),
            ("ADSP-21479BSWZ-2A", "Analog Devices"),
            ("LTC6655BHMS8-2.5", "Analog Devices"),
            ("MAX3232ESE+T", "Analog Devices"),
            ("MAX-M8Q-0-10", "u-blox"),
            ("NEO-M8N-0-10", "u-blox"),
            ("XC7A35T-1FTG256C", "AMD"),
            ("XC6SLX9-2TQG144C", "AMD"),
            ("EP4CE22F17C8N", "Intel"),
            ("10M08SAE144C8G", "Intel"),
            ("ATMEGA328P-AU", "Microchip Technology"),
            ("AT32UC3A0512", "Microchip Technology"),
            ("AT32F403ACGT7", "Artery Technology"),
            ("GD32F103C8T6", "GigaDevice"),
            ("ESP32-WROOM-32", "Espressif Systems"),
            ("CH340G", "WCH"),
            ("MK64FN1M0VLL12", "NXP Semiconductors"),
            ("IRLML6344TRPBF", "Infineon Technologies"),
            ("W25Q128JVSIQ", "Winbond Electronics"),
        ];
        for (pn, want) in cases {
            let res = r.resolve("", pn);
            assert_eq!(company(&res), Some(want), "{pn}: {res:?}");
            assert_eq!(res.maker().unwrap().basis, MakerBasis::PartNumberPrefix);
        }
    }

    #[test]
    fn ambiguous_and_unknown_are_never_guessed() {
        let r = reg();
        // LM358 is made by many: ambiguous, no company.
        assert!(matches!(
            r.resolve("", "LM358DR"),
            MakerResolution::Ambiguous { .. }
        ));
        // but LM5xxx is TI-only.
        assert_eq!(
            company(&r.resolve("", "LM5017MRE")),
            Some("Texas Instruments")
        );
        // Torex XC6206 vs Xilinx XC6S…
        assert!(matches!(
            r.resolve("", "XC6206P332MR"),
            MakerResolution::Ambiguous { .. }
        ));
        // unknown prefix, "not identified" marking
        assert!(matches!(
            r.resolve("not identified", "QZX1234"),
            MakerResolution::Unknown { .. }
        ));
        assert!(matches!(r.resolve("", ""), MakerResolution::Unknown { .. }));
        // a marked maker not in the registry is not overruled by the prefix rule
        let res = r.resolve("Shenzhen Foo Semi", "STM32F103C8T6");
        assert!(matches!(res, MakerResolution::Unknown { .. }), "{res:?}");
    }

    #[test]
    fn marking_wins_over_prefix_and_conflict_is_noted() {
        let r = reg();
        let m = r
            .resolve("GigaDevice", "STM32F103C8T6")
            .maker()
            .cloned()
            .unwrap();
        assert_eq!(m.company, "GigaDevice");
        assert_eq!(m.prefix_conflict.as_deref(), Some("STMicroelectronics"));
    }

    #[test]
    fn bad_files_name_the_line() {
        let e = Registry::parse(
            "company,hq,acquired_by,year,parent,parent_country,aliases,note\nA,US,,,,,,\nB,USA,,,,,,\n",
            "m.csv",
            "prefix,company,note\n",
            "p.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("m.csv:3:"), "{e}");
        let e = Registry::parse(
            "company,hq,acquired_by,year,parent,parent_country,aliases,note\nA,US,C,,,,,\n",
            "m.csv",
            "prefix,company,note\n",
            "p.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("unknown company"), "{e}");
        let e = Registry::parse(
            "company,hq,acquired_by,year,parent,parent_country,aliases,note\nA,US,,,,,,\n",
            "m.csv",
            "prefix,company,note\nAB,Zed,\n",
            "p.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("p.csv:2:"), "{e}");
    }
}
