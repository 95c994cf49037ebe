//! The defence end-user register: the military and military-industrial end users the lists in
//! the store name, as one typed view for tracing ("which end users does country X supply?")
//! and for the report's count of end users in third countries.
//!
//! Who is in it, and why ([`EndUserSource`]):
//! - **EU Annex IV**: every entity of EU Regulation 833/2014 Annex IV (natural or legal persons
//!   "associated with Russia's military and industrial complex", to whom dual-use exports are
//!   restricted), and of Regulation 765/2006 Annex V, its Belarusian counterpart; read from the
//!   programme the EU annex reader keeps per entity ([`crate::eu_annex::parse_annex_program`]).
//! - **US Entity List and MEU**: entities of the trade.gov Consolidated Screening List on the
//!   Entity List (`EL`) or the Military End-User List (`MEU`) with an address in Russia or
//!   Belarus.
//! - **OFAC SDN defence designations**: entities of an OFAC list read as Russian
//!   defence-sector designations by the one rule the project has for it,
//!   [`chokepoint_refdata::defence::is_defence_entry`] (Russia programme and a defence-industry
//!   word in the name).
//! - **An analyst's own list**: every entity with the programme
//!   [`crate::end_user_csv::PROGRAM`] (imported with `chokepoint lists import FILE`, format
//!   `end-users`).
//!
//! An end user's `country` is, for EU entries, the country of its last printed address that
//! names one (the Official Journal prints only addresses; an entity with addresses in several
//! countries lists them all in `countries`); for the others, the first country the list gives.
//! [`third_country_counts`] counts the EU Annex IV end users outside Russia and Belarus by the
//! groups of `data/third_countries.csv` (China, Hong Kong, Türkiye, UAE, Central Asia,
//! Caucasus), both by that country and by any address.

use crate::eu_annex::parse_annex_program;
use crate::values::address_country;
use crate::{end_user_csv, Entity};
use chokepoint_model::{Prop, Schema};
use chokepoint_refdata::defence::{defence_word_in, is_defence_entry, RUSSIA_PROGRAM};
use chokepoint_refdata::Table;
use chokepoint_store::{Store, StoreError};
use std::collections::BTreeSet;

/// The built-in table of third-country groups (`data/third_countries.csv`).
pub const THIRD_COUNTRIES_CSV: &str = include_str!("../data/third_countries.csv");

/// Which list and rule put a party in the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EndUserSource {
    /// EU Regulation 833/2014 Annex IV (or 765/2006 Annex V for Belarus).
    EuAnnexIv,
    /// The US Entity List (BIS), for a party in Russia or Belarus.
    UsEntityList,
    /// The US Military End-User List (BIS), for a party in Russia or Belarus.
    UsMeu,
    /// An OFAC SDN entity read as a Russian defence-sector designation.
    OfacSdnDefence,
    /// An analyst's own end-user list.
    Analyst,
}

impl EndUserSource {
    /// A short label for tables and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EndUserSource::EuAnnexIv => "eu-annex-iv",
            EndUserSource::UsEntityList => "us-entity-list",
            EndUserSource::UsMeu => "us-meu",
            EndUserSource::OfacSdnDefence => "ofac-sdn-defence",
            EndUserSource::Analyst => "analyst",
        }
    }
}

/// One defence end user of the register, pointing back to the list entity it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndUser {
    /// The name as the list prints it.
    pub name: String,
    /// Other names (aliases, previous names) the list gives, for matching trade parties.
    pub aliases: Vec<String>,
    /// The country it is counted in (ISO alpha-2, lower case), if any is known.
    pub country: Option<String>,
    /// Every country the list gives for it (addresses, jurisdiction), in the list's order.
    pub countries: Vec<String>,
    /// The list id of the source entity (`eu-833-2014`, `us-csl`, `ofac-sdn`, …).
    pub list: String,
    /// The programme or annex that makes it an end user (`Reg. 833/2014 Annex IV`, `EL`,
    /// `MEU`, `RUSSIA-EO14024`, `ANALYST-END-USER`).
    pub program: String,
    /// Which rule put it here.
    pub source: EndUserSource,
    /// The id of the list entity in the store.
    pub entity_id: String,
    /// One sentence saying why it is an end user.
    pub reason: String,
    /// Russian taxpayer numbers (INN) the list gives.
    pub inn: Vec<String>,
    /// Russian registration numbers (OGRN) the list gives.
    pub ogrn: Vec<String>,
    /// The date it was listed, when the list gives one.
    pub listed: Option<String>,
}

/// The defence end users of every list in the store (see the module documentation), in the
/// store's id order.
pub fn defence_end_users(store: &Store) -> Result<Vec<EndUser>, StoreError> {
    let mut out = Vec::new();
    store.for_each_entity(None, |e| {
        if let Some(u) = end_user(&e) {
            out.push(u);
        }
    })?;
    Ok(out)
}

/// The register entry of one list entity, or `None` when no rule makes it a defence end user.
pub fn end_user(e: &Entity) -> Option<EndUser> {
    let programs: Vec<&str> = e.strings(Prop::Program).collect();
    let name = e.first(Prop::Name)?.to_string();
    let organisation = !matches!(e.schema, Schema::Person | Schema::Vessel | Schema::Airplane);
    let countries: Vec<String> = e
        .strings(Prop::Country)
        .chain(e.strings(Prop::Jurisdiction))
        .map(str::to_string)
        .fold(Vec::new(), |mut v, c| {
            if !v.contains(&c) {
                v.push(c);
            }
            v
        });
    let listed = e.first(Prop::ListingDate).map(str::to_string);
    let (source, program, reason, country) = if let Some((act, annex)) = programs
        .iter()
        .filter_map(|p| parse_annex_program(p))
        .find(|(act, annex)| matches!((*act, *annex), ("833/2014", "IV") | ("765/2006", "V")))
    {
        let whom = if act == "765/2006" {
            "a Belarusian military or military-industrial end user"
        } else {
            "a natural or legal person associated with Russia's military and industrial complex"
        };
        let reason = format!(
            "EU Regulation {act} Annex {annex}: {whom}; exports of dual-use goods and advanced technology to it are restricted"
        );
        let country = e
            .strings(Prop::Address)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .find_map(address_country)
            .or_else(|| countries.first().cloned());
        (
            EndUserSource::EuAnnexIv,
            format!("Reg. {act} Annex {annex}"),
            reason,
            country,
        )
    } else if let Some(code) = programs.iter().find(|p| **p == "EL" || **p == "MEU") {
        let home = countries.iter().find(|c| *c == "ru" || *c == "by")?.clone();
        let (source, what) = if *code == "MEU" {
            (EndUserSource::UsMeu, "the US Military End-User List (BIS)")
        } else {
            (EndUserSource::UsEntityList, "the US Entity List (BIS)")
        };
        let reason = format!(
            "on {what} with an address in {}",
            crate::country::name(&home).unwrap_or(&home)
        );
        (source, code.to_string(), reason, Some(home))
    } else if e.provenance.list.starts_with("ofac-")
        && is_defence_entry(&name, organisation, &programs)
    {
        let word = defence_word_in(&name).unwrap_or_default();
        let reason = format!(
            "OFAC SDN under {RUSSIA_PROGRAM} with a defence-industry name (`{word}`): a Russian defence-sector designation"
        );
        (
            EndUserSource::OfacSdnDefence,
            RUSSIA_PROGRAM.to_string(),
            reason,
            countries.first().cloned(),
        )
    } else if programs.contains(&end_user_csv::PROGRAM) {
        let reason = match e.first(Prop::Notes) {
            Some(n) => format!("on the analyst's end-user list: {n}"),
            None => "on the analyst's end-user list".to_string(),
        };
        (
            EndUserSource::Analyst,
            end_user_csv::PROGRAM.to_string(),
            reason,
            countries.first().cloned(),
        )
    } else {
        return None;
    };
    let aliases = [Prop::Alias, Prop::WeakAlias, Prop::PreviousName]
        .into_iter()
        .flat_map(|p| e.strings(p))
        .map(str::to_string)
        .collect();
    Some(EndUser {
        name,
        aliases,
        country,
        countries,
        list: e.provenance.list.clone(),
        program,
        source,
        entity_id: e.id.clone(),
        reason,
        inn: e.strings(Prop::InnCode).map(str::to_string).collect(),
        ogrn: e.strings(Prop::OgrnCode).map(str::to_string).collect(),
        listed,
    })
}

/// The EU Annex IV end users counted in one country group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThirdCountryCount {
    /// The group (`China`, `Hong Kong`, `Central Asia`, …, [`OTHER_THIRD_COUNTRIES`],
    /// `Russia`, `Belarus`, …, [`COUNTRY_NOT_PRINTED`]).
    pub group: String,
    /// Whether the group is a third country (a supplier or transit country), not the end
    /// users' home ground.
    pub third_country: bool,
    /// The ISO codes (upper case) of the group's countries; empty for the catch-all groups.
    pub countries: Vec<String>,
    /// End users whose country ([`EndUser::country`]) is in the group; over all rows these
    /// add up to the number of Annex IV end users.
    pub by_country: usize,
    /// End users with any address in the group (an end user with addresses in Hong Kong and
    /// China counts in both).
    pub with_address: usize,
    /// Up to five names of the end users counted by country, for the report.
    pub examples: Vec<String>,
}

/// One country group of `data/third_countries.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryGroup {
    /// The group's name.
    pub group: String,
    /// Whether it is a third country (`third` = `yes`).
    pub third_country: bool,
    /// Its ISO codes, upper case.
    pub codes: Vec<String>,
}

/// The country groups of `data/third_countries.csv`, in the table's order. The built-in table
/// is checked by a test; a table that cannot be read gives no groups (every end user then
/// counts as "other").
pub fn third_country_groups() -> Vec<CountryGroup> {
    let mut out: Vec<CountryGroup> = Vec::new();
    let Ok(t) = Table::parse(THIRD_COUNTRIES_CSV, "third_countries.csv") else {
        return out;
    };
    for r in t.rows() {
        let (code, group) = (r.get("code").to_ascii_uppercase(), r.get("group"));
        match out.iter_mut().find(|g| g.group == group) {
            Some(g) => g.codes.push(code),
            None => out.push(CountryGroup {
                group: group.to_string(),
                third_country: r.get("third").eq_ignore_ascii_case("yes"),
                codes: vec![code],
            }),
        }
    }
    out
}

/// The catch-all group of third countries not in the table.
pub const OTHER_THIRD_COUNTRIES: &str = "Other third countries";

/// The group of end users whose country the list does not print.
pub const COUNTRY_NOT_PRINTED: &str = "Country not printed";

/// Counts the EU Annex IV end users of Regulation 833/2014 (Belarus's Annex V is left out) by
/// country group: the third-country groups of [`third_country_groups`], then
/// [`OTHER_THIRD_COUNTRIES`], then the home groups (Russia, Belarus, occupied Ukraine), then
/// [`COUNTRY_NOT_PRINTED`]; `by_country` over all rows adds up to the number of end users.
pub fn third_country_counts(register: &[EndUser]) -> Vec<ThirdCountryCount> {
    let groups = third_country_groups();
    let row = |group: &str, third: bool, codes: Vec<String>| ThirdCountryCount {
        group: group.to_string(),
        third_country: third,
        countries: codes,
        by_country: 0,
        with_address: 0,
        examples: Vec::new(),
    };
    let mut rows: Vec<ThirdCountryCount> = groups
        .iter()
        .filter(|g| g.third_country)
        .map(|g| row(&g.group, true, g.codes.clone()))
        .collect();
    let other = rows.len();
    rows.push(row(OTHER_THIRD_COUNTRIES, true, Vec::new()));
    rows.extend(
        groups
            .iter()
            .filter(|g| !g.third_country)
            .map(|g| row(&g.group, false, g.codes.clone())),
    );
    let unknown = rows.len();
    rows.push(row(COUNTRY_NOT_PRINTED, false, Vec::new()));
    let index: Vec<(String, usize)> = rows
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.countries.iter().map(move |c| (c.clone(), i)))
        .collect();
    let find = |code: &str| -> usize {
        let code = code.to_ascii_uppercase();
        index
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(other, |(_, i)| *i)
    };
    for u in register
        .iter()
        .filter(|u| u.source == EndUserSource::EuAnnexIv && u.program == "Reg. 833/2014 Annex IV")
    {
        let i = u.country.as_deref().map_or(unknown, find);
        rows[i].by_country += 1;
        if rows[i].examples.len() < 5 {
            rows[i].examples.push(u.name.clone());
        }
        let touched: BTreeSet<usize> = u.countries.iter().map(|c| find(c)).collect();
        for i in touched {
            rows[i].with_address += 1;
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(list: &str, id: &str, schema: Schema, props: &[(Prop, &str)]) -> Entity {
        let mut e = Entity::from_record(schema, list, id, Some("2026-07"));
        for (p, v) in props {
            e.add(*p, v);
        }
        e
    }

    #[test]
    fn rules_pick_end_users_and_say_why() {
        let eu = entity(
            "eu-833-2014",
            "IV-1",
            Schema::LegalEntity,
            &[
                (Prop::Name, "Chipgoo Electronics Limited"),
                (Prop::Program, "EU-RUS"),
                (Prop::Program, "Reg. 833/2014 Annex IV"),
                (Prop::Address, "Kowloon, Hong Kong"),
                (Prop::Address, "Shenzhen, People’s Republic of China"),
                (Prop::Country, "hk"),
                (Prop::Country, "cn"),
            ],
        );
        let u = end_user(&eu).unwrap();
        assert_eq!(u.source, EndUserSource::EuAnnexIv);
        assert_eq!(u.country.as_deref(), Some("cn"), "the last address");
        assert_eq!(u.countries, ["hk", "cn"]);
        assert!(u.reason.contains("833/2014 Annex IV"), "{}", u.reason);

        let vessel = entity(
            "eu-833-2014",
            "XLII-1",
            Schema::Vessel,
            &[
                (Prop::Name, "Angara"),
                (Prop::Program, "Reg. 833/2014 Annex XLII"),
            ],
        );
        assert_eq!(
            end_user(&vessel),
            None,
            "Annex XLII vessels are not end users"
        );

        let el = |c: &str| {
            entity(
                "us-csl",
                "1",
                Schema::Company,
                &[
                    (Prop::Name, "X LLC"),
                    (Prop::Program, "EL"),
                    (Prop::Country, c),
                ],
            )
        };
        assert_eq!(
            end_user(&el("ru")).unwrap().source,
            EndUserSource::UsEntityList
        );
        assert_eq!(
            end_user(&el("cn")),
            None,
            "the Entity List counts for RU/BY only"
        );

        let sdn = |name: &str, schema: Schema| {
            entity(
                "ofac-sdn",
                "9",
                schema,
                &[(Prop::Name, name), (Prop::Program, "RUSSIA-EO14024")],
            )
        };
        let plant = end_user(&sdn("KAZAN OPTICAL MECHANICAL PLANT", Schema::Company)).unwrap();
        assert_eq!(plant.source, EndUserSource::OfacSdnDefence);
        assert!(plant.reason.contains("`PLANT`"), "{}", plant.reason);
        assert_eq!(end_user(&sdn("SBERBANK", Schema::Company)), None);
        assert_eq!(end_user(&sdn("PLANT, Ivan", Schema::Person)), None);

        let own = entity(
            "analyst-end-users",
            "x",
            Schema::Company,
            &[
                (Prop::Name, "OOO Ermak-Trade"),
                (Prop::Program, end_user_csv::PROGRAM),
                (Prop::Notes, "supplies plant 9"),
            ],
        );
        let u = end_user(&own).unwrap();
        assert_eq!(u.source, EndUserSource::Analyst);
        assert!(u.reason.ends_with("supplies plant 9"));
    }

    #[test]
    fn third_countries_by_group() {
        let groups = third_country_groups();
        let t = Table::parse(THIRD_COUNTRIES_CSV, "third_countries.csv").unwrap();
        t.require_columns(&["code", "group", "third"]).unwrap();
        assert_eq!(groups.iter().map(|g| g.codes.len()).sum::<usize>(), t.len());
        assert_eq!(groups[0].group, "China");
        assert!(groups
            .iter()
            .any(|g| g.group == "Russia" && !g.third_country));
        let mk = |country: &str, countries: &[&str]| EndUser {
            name: "x".into(),
            aliases: vec![],
            country: Some(country.into()),
            countries: countries.iter().map(|c| c.to_string()).collect(),
            list: "eu-833-2014".into(),
            program: "Reg. 833/2014 Annex IV".into(),
            source: EndUserSource::EuAnnexIv,
            entity_id: "e".into(),
            reason: String::new(),
            inn: vec![],
            ogrn: vec![],
            listed: None,
        };
        let reg = [
            mk("hk", &["hk", "cn"]),
            mk("cn", &["cn"]),
            mk("ru", &["ru"]),
            mk("kg", &["kg"]),
            mk("ir", &["ir"]),
        ];
        let rows = third_country_counts(&reg);
        let get = |g: &str| rows.iter().find(|r| r.group == g).unwrap();
        assert_eq!((get("China").by_country, get("China").with_address), (1, 2));
        assert_eq!(
            (get("Hong Kong").by_country, get("Hong Kong").with_address),
            (1, 1)
        );
        assert_eq!(get("Central Asia").by_country, 1);
        assert_eq!(get(OTHER_THIRD_COUNTRIES).by_country, 1);
        assert_eq!(get("Russia").by_country, 1);
        assert!(!get("Russia").third_country);
        let third: usize = rows
            .iter()
            .filter(|r| r.third_country)
            .map(|r| r.by_country)
            .sum();
        assert_eq!(third, 4, "Russia is not a third country");
        assert_eq!(rows.iter().map(|r| r.by_country).sum::<usize>(), reg.len());
    }
}
