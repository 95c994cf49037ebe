//! Parsing of the OFAC remarks field into properties.
//!
//! OFAC's legacy files (and, for leftovers, the XML) put everything that has no column of its
//! own into one remarks text of `; `-separated statements: `DOB 10 Dec 1948; POB Moscow,
//! Russia; nationality Russia; Tax ID No. 7744001497 (Russia); a.k.a. 'BNC'`. [`parse`]
//! turns the statements it knows into property values; the whole text stays in `notes`
//! (the readers add it), so nothing is lost: "Linked To: …", sanctions-risk statements,
//! "Organization Established Date", "MMSI", digital currency addresses and the like are not
//! turned into properties.
//!
//! Mapping decisions:
//! - `a.k.a. 'X'` and `n.k.a. 'X'` in remarks become `weakAlias`: the legacy files put OFAC's
//!   *weak* aliases (category `weak` in the XML: short forms such as `BNC`) in the remarks,
//!   and the strong ones in alt.csv. `f.k.a. 'X'` becomes `previousName`.
//! - `DOB` values become ISO dates, partial when the list is (`1962`, `1962-05`); `circa`
//!   is dropped; a range of years `1960 to 1962` (or `01 Jan 1960 to 31 Dec 1962`) of at most
//!   [`MAX_RANGE_YEARS`] years becomes one value per year, a longer range its two ends.
//! - `Tax ID No. N (Russia)` with 10 or 12 digits is an `innCode`; other tax numbers
//!   (`NIT #`, `R.F.C.`, `RUC #`, `V.A.T. Number`, …) are `taxNumber`.
//! - registration numbers (`Registration Number`, `Registration ID`, `Company Number`,
//!   `Unified Social Credit Code (USCC)`, …) with 13 or 15 digits and `(Russia)` are an
//!   `ogrnCode` (ОГРН / ОГРНИП), otherwise `registrationNumber`.
//! - IMO numbers are written `IMO1234567`, the form FtM normalises to; a vessel registration
//!   that is not an IMO number is a `registrationNumber`.
//! - `nationality X` and `citizen X` become `nationality` when X is a known country;
//!   `Nationality of Registration X` becomes `jurisdiction`.
//! - an aircraft's tail number is its `registrationNumber`, its model its `type`.

use crate::country;
use chokepoint_model::Prop;

/// A range of birth years up to this many years long is expanded into one value per year.
pub const MAX_RANGE_YEARS: i32 = 10;

/// What a labelled statement's value becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A property taken as written.
    Plain(Prop),
    /// A property whose value is a country name, stored as a code.
    Country(Prop),
    /// A tax number: `innCode` for Russian 10/12-digit numbers.
    Tax,
    /// A registration number: `ogrnCode` for Russian 13/15-digit numbers.
    Registration,
    /// A birth date.
    BirthDate,
    /// An IMO number.
    Imo,
    /// An identity document number; `IMO …` values are IMO numbers.
    Identification,
    /// Gender, lower-cased as in FtM.
    Gender,
}

/// Statement labels by what their value becomes. No label appears twice (in any case), so a
/// statement's label is simply the longest one it starts with ("Passport Booklet", not
/// "Passport").
const LABELS: &[(Kind, &[&str])] = &[
    (Kind::BirthDate, &["DOB"]),
    (Kind::Plain(Prop::BirthPlace), &["POB"]),
    (
        Kind::Country(Prop::Nationality),
        &["nationality", "citizen"],
    ),
    (
        Kind::Country(Prop::Jurisdiction),
        &["Nationality of Registration"],
    ),
    (Kind::Gender, &["Gender"]),
    (Kind::Plain(Prop::Website), &["Website"]),
    (Kind::Plain(Prop::Email), &["Email Address"]),
    (
        Kind::Plain(Prop::Phone),
        &["Phone Number", "Telephone Number", "Telephone"],
    ),
    (Kind::Plain(Prop::SwiftBic), &["SWIFT/BIC"]),
    (Kind::Plain(Prop::LeiCode), &["Legal Entity Number"]),
    (Kind::Imo, &["Vessel Registration Identification", "IMO"]),
    (Kind::Country(Prop::Flag), &["Other Vessel Flag"]),
    (Kind::Plain(Prop::CallSign), &["Other Vessel Call Sign"]),
    (
        Kind::Plain(Prop::Type),
        &["Other Vessel Type", "Aircraft Model"],
    ),
    (
        Kind::Plain(Prop::RegistrationNumber),
        &["Aircraft Tail Number"],
    ),
    (
        Kind::Tax,
        &[
            "Tax ID No.",
            "NIT #",
            "R.F.C.",
            "RFC",
            "RUC #",
            "V.A.T. Number",
            "C.U.I.T.",
            "US FEIN",
            "Italian Fiscal Code",
            "RTN",
        ],
    ),
    (
        Kind::Registration,
        &[
            "Registration Number",
            "Registration ID",
            "Business Registration Number",
            "Business Registration Document #",
            "UK Company Number",
            "Company Number",
            "Commercial Registry Number",
            "C.R. No.",
            "Romanian C.R.",
            "Folio Mercantil No.",
            "Matricula Mercantil No",
            "Economic Register Number (CBLS)",
            "Unified Social Credit Code (USCC)",
            "Chamber of Commerce Number",
            "Istanbul Chamber of Comm. No.",
            "Dubai Chamber of Commerce Membership No.",
            "Central Registration System Number",
            "Public Registration Number",
            "Certificate of Incorporation Number",
            "Enterprise Number",
            "Business Number",
            "Registered Charity No.",
            "Trade License No.",
            "Government Gazette Number",
            "Branch Unit Number",
            "LE Number",
        ],
    ),
    (
        Kind::Plain(Prop::PassportNumber),
        &[
            "Diplomatic Passport",
            "Passport Booklet",
            "Passport",
            "Travel Document Number",
        ],
    ),
    (
        Kind::Identification,
        &[
            "National ID No.",
            "National Foreign ID Number",
            "Identification Number",
            "Turkish Identification Number",
            "Cedula No.",
            "C.U.R.P. #",
            "C.U.R.P.",
            "C.U.I.P.",
            "C.U.I.",
            "D.N.I.",
            "I.F.E.",
            "SSN",
            "Electoral Registry No.",
            "Credencial electoral",
            "Driver's License No.",
            "Residency Number",
            "Birth Certificate Number",
            "Personal ID Card",
            "Numero de Identidad",
            "Citizen's Card Number",
            "Tazkira National ID Card",
            "Refugee ID Card",
            "Kenyan ID No.",
            "Bosnian Personal ID No.",
            "Cartilla de Servicio Militar Nacional",
        ],
    ),
];

/// Every label with its kind.
fn labels() -> impl Iterator<Item = (&'static str, Kind)> {
    LABELS
        .iter()
        .flat_map(|(kind, labels)| labels.iter().map(move |label| (*label, *kind)))
}

/// The property values stated in an OFAC remarks text, in the order they appear.
pub fn parse(remarks: &str) -> Vec<(Prop, String)> {
    let mut out = Vec::new();
    let text = remarks.trim().trim_end_matches('.');
    for statement in text.split(';') {
        parse_statement(statement.trim(), &mut out);
    }
    out
}

fn parse_statement(statement: &str, out: &mut Vec<(Prop, String)>) {
    let statement = statement.strip_prefix("alt. ").unwrap_or(statement).trim();
    for (marker, prop) in [
        ("a.k.a.", Prop::WeakAlias),
        ("n.k.a.", Prop::WeakAlias),
        ("f.k.a.", Prop::PreviousName),
    ] {
        if let Some(rest) = statement.strip_prefix(marker) {
            let name = rest.trim().trim_end_matches('.');
            let name = name.strip_prefix('\'').unwrap_or(name);
            let name = name.strip_suffix('\'').unwrap_or(name);
            push(out, prop, name);
            return;
        }
    }
    let Some((kind, rest)) = label(statement) else {
        return;
    };
    let (value, country) = split_country(rest);
    apply(kind, value, country.as_deref(), out);
}

/// The property values of an identifier given apart from the remarks, as the OFAC XML does
/// (`idType` `Tax ID No.`, `idNumber` `7744001497`, `idCountry` `Russia`). Empty when the
/// type is not one the remarks parser knows (the caller keeps such ids in `notes`).
pub fn identifier(id_type: &str, number: &str, country: Option<&str>) -> Vec<(Prop, String)> {
    let id_type = id_type.trim().trim_end_matches([':', '-']).trim();
    let mut out = Vec::new();
    if let Some((_, kind)) = labels().find(|(label, _)| label.eq_ignore_ascii_case(id_type)) {
        let (value, in_brackets) = split_country(number.trim());
        apply(kind, value, country.or(in_brackets.as_deref()), &mut out);
    }
    out
}

fn apply(kind: Kind, value: &str, country: Option<&str>, out: &mut Vec<(Prop, String)>) {
    let russian = country.and_then(country::to_code) == Some("ru");
    match kind {
        Kind::Plain(Prop::Phone) => push(
            out,
            Prop::Phone,
            value.strip_prefix("No. ").unwrap_or(value),
        ),
        Kind::Plain(prop) => push(out, prop, value),
        Kind::Country(prop) => {
            if let Some(code) = country::to_code(value) {
                push(out, prop, code);
            }
        }
        Kind::Gender => push(out, Prop::Gender, &value.to_lowercase()),
        Kind::BirthDate => {
            for date in birth_dates(value) {
                push(out, Prop::BirthDate, &date);
            }
        }
        Kind::Imo => imo(out, value),
        Kind::Identification | Kind::Registration if value.starts_with("IMO ") => imo(out, value),
        Kind::Identification => push(out, Prop::IdNumber, value),
        Kind::Tax if russian && is_digits(value, &[10, 12]) => push(out, Prop::InnCode, value),
        Kind::Tax => push(out, Prop::TaxNumber, value),
        Kind::Registration if russian && is_digits(value, &[13, 15]) => {
            push(out, Prop::OgrnCode, value)
        }
        Kind::Registration => push(out, Prop::RegistrationNumber, value),
    }
}

fn push(out: &mut Vec<(Prop, String)>, prop: Prop, value: &str) {
    let value = value.trim();
    if !value.is_empty() {
        out.push((prop, value.to_string()));
    }
}

/// Finds the statement's label: the longest known label followed by a space.
fn label(statement: &str) -> Option<(Kind, &str)> {
    labels()
        .filter(|(label, _)| {
            statement.starts_with(label) && statement[label.len()..].starts_with(' ')
        })
        .max_by_key(|(label, _)| label.len())
        .map(|(label, kind)| (kind, statement[label.len()..].trim()))
}

/// Splits `1084010 (Egypt) issued 12 Jan 2001 expires 2006` into the value and the country in
/// brackets; issue and expiry dates are dropped.
fn split_country(rest: &str) -> (&str, Option<String>) {
    let mut value = rest;
    for cut in [" issued ", " expires ", " Issue Date ", " Expiration Date "] {
        if let Some(i) = value.find(cut) {
            value = &value[..i];
        }
    }
    let value = value.trim();
    if let Some(open) = value.rfind(" (") {
        if let Some(inner) = value[open + 2..].strip_suffix(')') {
            return (value[..open].trim(), Some(inner.to_string()));
        }
    }
    (value, None)
}

fn is_digits(value: &str, lengths: &[usize]) -> bool {
    value.bytes().all(|b| b.is_ascii_digit()) && lengths.contains(&value.len())
}

/// Adds an IMO number (`IMO 9187629`, `IMO  8730455`, or bare digits after "Vessel
/// Registration Identification") as `IMO` + its digits; any other vessel registration
/// (`15411 (Malta)`, `RS 150443`) is a `registrationNumber`.
fn imo(out: &mut Vec<(Prop, String)>, value: &str) {
    let digits = value.strip_prefix("IMO").unwrap_or(value).trim();
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        push(out, Prop::ImoNumber, &format!("IMO{digits}"));
    } else {
        push(out, Prop::RegistrationNumber, value);
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Parses one OFAC date (`10 Dec 1948`, `Dec 1948`, `1948`, `1948-12-10`) into ISO 8601,
/// partial where the list is. `None` when the text is not a date.
pub fn parse_date(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('.');
    let parts: Vec<&str> = text.split_whitespace().collect();
    let year = |s: &str| -> Option<i32> {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let month = |s: &str| -> Option<usize> {
        let lower = s.to_ascii_lowercase();
        MONTHS
            .iter()
            .position(|m| lower.starts_with(m))
            .map(|i| i + 1)
    };
    match parts.as_slice() {
        [y] => {
            if let Some(y) = year(y) {
                return Some(format!("{y:04}"));
            }
            iso_date(y)
        }
        [m, y] => Some(format!("{:04}-{:02}", year(y)?, month(m)?)),
        [d, m, y] => {
            let day: u32 = d.parse().ok().filter(|d| (1..=31).contains(d))?;
            Some(format!("{:04}-{:02}-{day:02}", year(y)?, month(m)?))
        }
        _ => None,
    }
}

/// Accepts an ISO date `YYYY-MM-DD` or `YYYY-MM` as it is.
fn iso_date(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let ok = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let valid = match b.len() {
        7 => ok(0..4) && b[4] == b'-' && ok(5..7),
        10 => ok(0..4) && b[4] == b'-' && ok(5..7) && b[7] == b'-' && ok(8..10),
        _ => false,
    };
    valid.then(|| text.to_string())
}

/// The dates a `DOB` statement gives: one date, or the years of a range.
pub fn birth_dates(value: &str) -> Vec<String> {
    let value = value.trim();
    let value = value.strip_prefix("circa ").unwrap_or(value);
    if let Some((from, to)) = value.split_once(" to ") {
        let (Some(from), Some(to)) = (parse_date(from), parse_date(to)) else {
            return Vec::new();
        };
        let (Ok(y1), Ok(y2)) = (from[..4].parse::<i32>(), to[..4].parse::<i32>()) else {
            return Vec::new();
        };
        let whole_years = (from.len() == 4 || from.ends_with("-01-01"))
            && (to.len() == 4 || to.ends_with("-12-31"));
        if whole_years && y1 <= y2 && y2 - y1 <= MAX_RANGE_YEARS {
            return (y1..=y2).map(|y| format!("{y:04}")).collect();
        }
        return vec![from, to];
    }
    parse_date(value).into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(remarks: &str) -> Vec<(String, String)> {
        parse(remarks)
            .into_iter()
            .map(|(p, v)| (p.as_str().to_string(), v))
            .collect()
    }

    fn has(remarks: &str, prop: &str, value: &str) {
        let got = props(remarks);
        assert!(
            got.iter().any(|(p, v)| p == prop && v == value),
            "{remarks}: want {prop}={value}, got {got:?}"
        );
    }

    #[test]
    fn no_label_appears_twice() {
        let mut seen = std::collections::HashSet::new();
        for (label, _) in labels() {
            assert!(seen.insert(label.to_lowercase()), "{label}");
        }
    }

    #[test]
    fn birth_dates_in_every_form() {
        has("DOB 10 Dec 1948", "birthDate", "1948-12-10");
        has("DOB 1962; POB Shati.", "birthDate", "1962");
        has("DOB 1962; POB Shati.", "birthPlace", "Shati");
        has("DOB circa 1955", "birthDate", "1955");
        has("DOB Mar 1970", "birthDate", "1970-03");
        has("DOB 01 Jan 1960; alt. DOB 1961", "birthDate", "1961");
        assert_eq!(birth_dates("1960 to 1962"), vec!["1960", "1961", "1962"]);
        assert_eq!(
            birth_dates("01 Jan 1958 to 31 Dec 1960"),
            vec!["1958", "1959", "1960"]
        );
        assert_eq!(birth_dates("1930 to 1950"), vec!["1930", "1950"]);
        assert_eq!(
            birth_dates("15 Mar 1960 to 20 Apr 1961"),
            vec!["1960-03-15", "1961-04-20"]
        );
        assert!(birth_dates("unknown").is_empty());
        assert_eq!(parse_date("1948-12-10").as_deref(), Some("1948-12-10"));
        assert_eq!(parse_date("32 Dec 1948"), None);
    }

    #[test]
    fn russian_identifiers() {
        let r = "Tax ID No. 7744001497 (Russia); Legal Entity Number 253400WSS48YWMBUA688; Registration Number 1027700167110 (Russia)";
        has(r, "innCode", "7744001497");
        has(r, "leiCode", "253400WSS48YWMBUA688");
        has(r, "ogrnCode", "1027700167110");
        has("Tax ID No. 100036386 (Serbia)", "taxNumber", "100036386");
        has(
            "Registration Number 26740 (Iran)",
            "registrationNumber",
            "26740",
        );
        has("Registration ID 14063277", "registrationNumber", "14063277");
        has(
            "Business Registration Number 1037739709138 (Russia)",
            "ogrnCode",
            "1037739709138",
        );
        has(
            "Government Gazette Number 09804148 (Russia)",
            "registrationNumber",
            "09804148",
        );
        has(
            "Tax ID No. 771234567890 (Russia)",
            "innCode",
            "771234567890",
        );
        has("Tax ID No. 77123 (Russia)", "taxNumber", "77123");
    }

    #[test]
    fn documents_and_contacts() {
        has("Passport 1084010 (Egypt)", "passportNumber", "1084010");
        has(
            "Passport G025057 issued 23 Jun 1999 expires 05 Feb 2004",
            "passportNumber",
            "G025057",
        );
        has(
            "alt. Passport D366 871 (Jordan)",
            "passportNumber",
            "D366 871",
        );
        has("Diplomatic Passport 123 (Iran)", "passportNumber", "123");
        has("National ID No. 216040 (Yemen)", "idNumber", "216040");
        has("Cedula No. 6068015 (Colombia)", "idNumber", "6068015");
        has(
            "Identification Number 2.194.575 (Paraguay)",
            "idNumber",
            "2.194.575",
        );
        has(
            "Identification Number IMO 5342883",
            "imoNumber",
            "IMO5342883",
        );
        has(
            "Vessel Registration Identification IMO 9187629",
            "imoNumber",
            "IMO9187629",
        );
        has("NIT # 800018928-0 (Colombia)", "taxNumber", "800018928-0");
        has("SWIFT/BIC BNACCUHH", "swiftBic", "BNACCUHH");
        has("Website www.example.ru", "website", "www.example.ru");
        has("Email Address info@example.ru", "email", "info@example.ru");
        has("Phone Number 982188526300", "phone", "982188526300");
        has("Phone Number No. 009613679153", "phone", "009613679153");
        has("Gender Male", "gender", "male");
        has(
            "Aircraft Tail Number RA-76842; Aircraft Model IL-76TD",
            "registrationNumber",
            "RA-76842",
        );
        has("Aircraft Model IL-76TD", "type", "IL-76TD");
        has(
            "Unified Social Credit Code (USCC) 9113100033607322XK (China)",
            "registrationNumber",
            "9113100033607322XK",
        );
    }

    #[test]
    fn nationality_and_aliases() {
        has("nationality Russia", "nationality", "ru");
        has("citizen Korea, North", "nationality", "kp");
        has("Nationality of Registration Russia", "jurisdiction", "ru");
        has("a.k.a. 'BNC'.", "weakAlias", "BNC");
        has(
            "f.k.a. 'KYONGYONG CREDIT BANK'.",
            "previousName",
            "KYONGYONG CREDIT BANK",
        );
        has(
            "a.k.a. 'WHOIS HACKING TEAM'; a.k.a. 'RED DOT'",
            "weakAlias",
            "RED DOT",
        );
        assert!(props("nationality Atlantis").is_empty());
    }

    #[test]
    fn xml_identifiers_use_the_same_labels() {
        let p = |t: &str, n: &str, c: Option<&str>| {
            identifier(t, n, c)
                .into_iter()
                .map(|(p, v)| format!("{p}={v}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            p("Tax ID No.", "7744001497", Some("Russia")),
            ["innCode=7744001497"]
        );
        assert_eq!(
            p("Registration ID", "1027700167110", Some("Russia")),
            ["ogrnCode=1027700167110"]
        );
        assert_eq!(
            p("Registration ID", "1027700167110", None),
            ["registrationNumber=1027700167110"]
        );
        assert_eq!(
            p("Vessel Registration Identification", "IMO 9187629", None),
            ["imoNumber=IMO9187629"]
        );
        assert_eq!(
            p("Nationality of Registration", "Russia", None),
            ["jurisdiction=ru"]
        );
        assert_eq!(p("SWIFT/BIC", "SMBKRUMM", None), ["swiftBic=SMBKRUMM"]);
        assert_eq!(p("Passport", "A123 (Iran)", None), ["passportNumber=A123"]);
        assert!(p(
            "Additional Sanctions Information -",
            "Subject to Secondary Sanctions",
            None
        )
        .is_empty());
        assert!(p("MMSI", "572469210", None).is_empty());
    }

    #[test]
    fn unstructured_statements_are_left_to_notes() {
        for r in [
            "Linked To: JOINT STOCK COMPANY CONCERN KALASHNIKOV",
            "Organization Established Date 1969",
            "Additional Sanctions Information - Subject to Secondary Sanctions",
            "Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended by Executive Order 13886",
            "MMSI 572469210",
            "Target Type Financial Institution",
            "all offices worldwide",
            "-0-",
        ] {
            assert!(props(r).is_empty(), "{r}: {:?}", props(r));
        }
    }

    /// Whole remarks fields of the 2024-05 SDN list with every property they must give.
    #[test]
    fn real_remarks_from_the_2024_05_list() {
        let cases: &[(&str, &[&str])] = &[
            (
                "DOB 04 Jul 1964; POB Ahar, Iran; nationality Iran; Additional Sanctions Information - Subject to Secondary Sanctions; Gender Male; Passport F24371256 (Iran); Linked To: IRANIAN MINISTRY OF INTELLIGENCE AND SECURITY.",
                &["birthDate=1964-07-04", "birthPlace=Ahar, Iran", "nationality=ir", "gender=male", "passportNumber=F24371256"],
            ),
            (
                "DOB 26 Aug 1977; nationality Finland; Gender Female; Identification Number 260877 (Finland).",
                &["birthDate=1977-08-26", "nationality=fi", "gender=female", "idNumber=260877"],
            ),
            ("Registration ID 200004646G (Singapore) issued 29 May 2000.", &["registrationNumber=200004646G"]),
            (
                "DOB 29 Nov 1971; POB Guatemala; nationality Guatemala; citizen Guatemala; Cedula No. R-19 4478 (Guatemala).",
                &["birthDate=1971-11-29", "birthPlace=Guatemala", "nationality=gt", "nationality=gt", "idNumber=R-19 4478"],
            ),
            (
                "Vessel Registration Identification IMO 9038842; Linked To: PETROLEOS DE VENEZUELA, S.A.",
                &["imoNumber=IMO9038842"],
            ),
            (
                "DOB 14 Aug 1972; nationality Ukraine; Gender Male; Tax ID No. 2652410875 (Ukraine).",
                &["birthDate=1972-08-14", "nationality=ua", "gender=male", "taxNumber=2652410875"],
            ),
            ("NIT # 890315495-4 (Colombia).", &["taxNumber=890315495-4"]),
            (
                "Secondary sanctions risk: Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201 and/or 589.209; Tax ID No. 7718989383 (Russia); Registration Number 1147746803049 (Russia).",
                &["innCode=7718989383", "ogrnCode=1147746803049"],
            ),
            (
                "DOB 19 Jun 1951; POB Giza, Egypt; Passport 1084010 (Egypt); alt. Passport 19820215; Operational and Military Leader of JIHAD GROUP.",
                &["birthDate=1951-06-19", "birthPlace=Giza, Egypt", "passportNumber=1084010", "passportNumber=19820215"],
            ),
            (
                "Aircraft Construction Number (also called L/N or S/N or F/N) 8401; Aircraft Manufacture Date 1992; Aircraft Model IL76-TD; Aircraft Operator YAS AIR; Aircraft Manufacturer's Serial Number (MSN) 1023409321; Linked To: POUYA AIR.",
                &["type=IL76-TD"],
            ),
            ("Vessel Registration Identification IMO 7406784; f.k.a. 'ANA I'; f.k.a. 'SAND SWAN'.", &["imoNumber=IMO7406784", "previousName=ANA I", "previousName=SAND SWAN"]),
            ("Former Minister of Culture and Information.", &[]),
            ("Additional Sanctions Information - Subject to Secondary Sanctions; Linked To: GHADIR INVESTMENT COMPANY.", &[]),
        ];
        for (remarks, want) in cases {
            let got: Vec<String> = props(remarks)
                .into_iter()
                .map(|(p, v)| format!("{p}={v}"))
                .collect();
            assert_eq!(got, *want, "{remarks}");
        }
    }

    #[test]
    fn a_real_remarks_field() {
        // ofac-sdn 2024-05, a Russian bank (abridged from the real remarks).
        let r = "For more information on directives, please visit the following link: https://ofac.treasury.gov/x#directives; Listing Date (EO 14024 Directive 3): 24 Feb 2022; Effective Date (EO 14024 Directive 3): 26 Mar 2022; Tax ID No. 7744001497 (Russia); Legal Entity Number 253400WSS48YWMBUA688; Registration Number 1027700167110 (Russia); SWIFT/BIC GAZPRUMM; Website www.gazprombank.ru.";
        let got = props(r);
        assert_eq!(got.len(), 5, "{got:?}");
        has(r, "website", "www.gazprombank.ru");
        has(r, "swiftBic", "GAZPRUMM");
    }
}
