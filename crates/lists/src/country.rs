//! Country names and codes as the lists write them, to ISO 3166-1 alpha-2 (lower case, as FtM).
//!
//! The table holds every ISO 3166-1 alpha-2 code with its short name and the variants that
//! watchlists use: OFAC's "Korea, North", "Burma", "Congo, Democratic Republic of the",
//! "Man, Isle of", "Palestinian", "Region: Crimea"; the UN's "Iran (Islamic Republic of)",
//! "Syrian Arab Republic"; and common forms ("UAE", "Türkiye"). Two additions outside ISO
//! 3166-1 follow FtM: `xk` (Kosovo) and `an` (the former Netherlands Antilles, which OFAC
//! still writes). Regions are mapped to the country they belong to ("Region: Crimea" → `ua`,
//! "West Bank"/"Gaza" → `ps`); disputed or supranational regions ("Region: Jammu and
//! Kashmir", "Region: Kafia Kingi", "Region: Commonwealth of Independent States") and
//! "undetermined" have no code.
//!
//! Matching ignores case, dots, commas, brackets, apostrophes, hyphens, a leading "The " and a
//! leading "Region:", and folds common accented letters, so "RUSSIAN FEDERATION",
//! "Cote d'Ivoire" and "Côte d’Ivoire" all match.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Every code with the names lists write for it. The first name is the short English name.
const COUNTRIES: &[(&str, &[&str])] = &[
    ("ad", &["Andorra"]),
    ("ae", &["United Arab Emirates", "UAE", "U.A.E.", "Emirates"]),
    ("af", &["Afghanistan", "Islamic Republic of Afghanistan"]),
    ("ag", &["Antigua and Barbuda", "Antigua"]),
    ("ai", &["Anguilla"]),
    ("al", &["Albania"]),
    ("am", &["Armenia"]),
    ("an", &["Netherlands Antilles"]),
    ("ao", &["Angola"]),
    ("aq", &["Antarctica"]),
    ("ar", &["Argentina"]),
    ("as", &["American Samoa"]),
    ("at", &["Austria"]),
    ("au", &["Australia"]),
    ("aw", &["Aruba"]),
    ("ax", &["Aland Islands", "Åland Islands"]),
    ("az", &["Azerbaijan"]),
    (
        "ba",
        &[
            "Bosnia and Herzegovina",
            "Bosnia-Herzegovina",
            "Bosnia & Herzegovina",
            "Bosnia",
        ],
    ),
    ("bb", &["Barbados"]),
    ("bd", &["Bangladesh"]),
    ("be", &["Belgium"]),
    ("bf", &["Burkina Faso"]),
    ("bg", &["Bulgaria"]),
    ("bh", &["Bahrain"]),
    ("bi", &["Burundi"]),
    ("bj", &["Benin"]),
    ("bl", &["Saint Barthelemy", "Saint Barthélemy"]),
    ("bm", &["Bermuda"]),
    ("bn", &["Brunei", "Brunei Darussalam"]),
    (
        "bo",
        &[
            "Bolivia",
            "Bolivia (Plurinational State of)",
            "Plurinational State of Bolivia",
        ],
    ),
    (
        "bq",
        &[
            "Bonaire, Sint Eustatius and Saba",
            "Caribbean Netherlands",
            "Bonaire",
        ],
    ),
    ("br", &["Brazil"]),
    ("bs", &["Bahamas", "Bahamas, The"]),
    ("bt", &["Bhutan"]),
    ("bv", &["Bouvet Island"]),
    ("bw", &["Botswana"]),
    ("by", &["Belarus", "Byelorussia"]),
    ("bz", &["Belize"]),
    ("ca", &["Canada"]),
    ("cc", &["Cocos (Keeling) Islands", "Cocos Islands"]),
    (
        "cd",
        &[
            "Congo, Democratic Republic of the",
            "Democratic Republic of the Congo",
            "Congo, The Democratic Republic of the",
            "Congo (Democratic Republic of the)",
            "Congo (Kinshasa)",
            "DR Congo",
            "DRC",
            "Zaire",
        ],
    ),
    ("cf", &["Central African Republic"]),
    (
        "cg",
        &[
            "Congo, Republic of the",
            "Republic of the Congo",
            "Congo",
            "Congo (Brazzaville)",
        ],
    ),
    ("ch", &["Switzerland"]),
    (
        "ci",
        &[
            "Cote d Ivoire",
            "Cote d'Ivoire",
            "Côte d'Ivoire",
            "Ivory Coast",
        ],
    ),
    ("ck", &["Cook Islands"]),
    ("cl", &["Chile"]),
    ("cm", &["Cameroon"]),
    (
        "cn",
        &[
            "China",
            "People's Republic of China",
            "China, People's Republic of",
            "PRC",
            "Mainland China",
        ],
    ),
    ("co", &["Colombia"]),
    ("cr", &["Costa Rica"]),
    ("cu", &["Cuba"]),
    ("cv", &["Cabo Verde", "Cape Verde"]),
    ("cw", &["Curacao", "Curaçao"]),
    ("cx", &["Christmas Island"]),
    ("cy", &["Cyprus"]),
    ("cz", &["Czech Republic", "Czechia"]),
    ("de", &["Germany", "Federal Republic of Germany"]),
    ("dj", &["Djibouti"]),
    ("dk", &["Denmark"]),
    ("dm", &["Dominica"]),
    ("do", &["Dominican Republic"]),
    ("dz", &["Algeria"]),
    ("ec", &["Ecuador"]),
    ("ee", &["Estonia"]),
    ("eg", &["Egypt"]),
    ("eh", &["Western Sahara"]),
    ("er", &["Eritrea"]),
    ("es", &["Spain"]),
    ("et", &["Ethiopia"]),
    ("fi", &["Finland"]),
    ("fj", &["Fiji"]),
    ("fk", &["Falkland Islands", "Falkland Islands (Malvinas)"]),
    (
        "fm",
        &[
            "Micronesia",
            "Micronesia, Federated States of",
            "Federated States of Micronesia",
        ],
    ),
    ("fo", &["Faroe Islands"]),
    ("fr", &["France"]),
    ("ga", &["Gabon"]),
    (
        "gb",
        &[
            "United Kingdom",
            "UK",
            "Great Britain",
            "Britain",
            "United Kingdom of Great Britain and Northern Ireland",
            "England",
            "Scotland",
            "Wales",
            "Northern Ireland",
        ],
    ),
    ("gd", &["Grenada"]),
    ("ge", &["Georgia"]),
    ("gf", &["French Guiana"]),
    ("gg", &["Guernsey"]),
    ("gh", &["Ghana"]),
    ("gi", &["Gibraltar"]),
    ("gl", &["Greenland"]),
    ("gm", &["Gambia", "Gambia, The"]),
    ("gn", &["Guinea"]),
    ("gp", &["Guadeloupe"]),
    ("gq", &["Equatorial Guinea"]),
    ("gr", &["Greece"]),
    ("gs", &["South Georgia and the South Sandwich Islands"]),
    ("gt", &["Guatemala"]),
    ("gu", &["Guam"]),
    ("gw", &["Guinea-Bissau"]),
    ("gy", &["Guyana"]),
    (
        "hk",
        &[
            "Hong Kong",
            "Hong Kong SAR",
            "Hong Kong, China",
            "Hong Kong Special Administrative Region",
        ],
    ),
    ("hm", &["Heard Island and McDonald Islands"]),
    ("hn", &["Honduras"]),
    ("hr", &["Croatia"]),
    ("ht", &["Haiti"]),
    ("hu", &["Hungary"]),
    ("id", &["Indonesia"]),
    ("ie", &["Ireland"]),
    ("il", &["Israel"]),
    ("im", &["Isle of Man", "Man, Isle of"]),
    ("in", &["India"]),
    ("io", &["British Indian Ocean Territory"]),
    ("iq", &["Iraq"]),
    (
        "ir",
        &[
            "Iran",
            "Iran (Islamic Republic of)",
            "Islamic Republic of Iran",
            "Iran, Islamic Republic of",
        ],
    ),
    ("is", &["Iceland"]),
    ("it", &["Italy"]),
    ("je", &["Jersey"]),
    ("jm", &["Jamaica"]),
    ("jo", &["Jordan"]),
    ("jp", &["Japan"]),
    ("ke", &["Kenya"]),
    ("kg", &["Kyrgyzstan", "Kyrgyz Republic", "Kirghizia"]),
    ("kh", &["Cambodia"]),
    ("ki", &["Kiribati"]),
    ("km", &["Comoros"]),
    ("kn", &["Saint Kitts and Nevis", "St. Kitts and Nevis"]),
    (
        "kp",
        &[
            "Korea, North",
            "North Korea",
            "Democratic People's Republic of Korea",
            "Korea, Democratic People's Republic of",
            "Korea (Democratic People's Republic of)",
            "DPRK",
        ],
    ),
    (
        "kr",
        &[
            "Korea, South",
            "South Korea",
            "Republic of Korea",
            "Korea, Republic of",
            "Korea (Republic of)",
        ],
    ),
    ("kw", &["Kuwait"]),
    ("ky", &["Cayman Islands"]),
    ("kz", &["Kazakhstan"]),
    (
        "la",
        &["Laos", "Lao People's Democratic Republic", "Lao PDR"],
    ),
    ("lb", &["Lebanon"]),
    ("lc", &["Saint Lucia", "St. Lucia"]),
    ("li", &["Liechtenstein"]),
    ("lk", &["Sri Lanka"]),
    ("lr", &["Liberia"]),
    ("ls", &["Lesotho"]),
    ("lt", &["Lithuania"]),
    ("lu", &["Luxembourg"]),
    ("lv", &["Latvia"]),
    ("ly", &["Libya", "Libyan Arab Jamahiriya", "State of Libya"]),
    ("ma", &["Morocco"]),
    ("mc", &["Monaco"]),
    (
        "md",
        &["Moldova", "Republic of Moldova", "Moldova, Republic of"],
    ),
    ("me", &["Montenegro"]),
    ("mf", &["Saint Martin", "Saint Martin (French part)"]),
    ("mg", &["Madagascar"]),
    ("mh", &["Marshall Islands"]),
    (
        "mk",
        &[
            "North Macedonia",
            "North Macedonia, The Republic of",
            "Republic of North Macedonia",
            "Macedonia",
            "The former Yugoslav Republic of Macedonia",
        ],
    ),
    ("ml", &["Mali", "Northern Mali"]),
    ("mm", &["Burma", "Myanmar"]),
    ("mn", &["Mongolia"]),
    ("mo", &["Macau", "Macao"]),
    ("mp", &["Northern Mariana Islands"]),
    ("mq", &["Martinique"]),
    ("mr", &["Mauritania"]),
    ("ms", &["Montserrat"]),
    ("mt", &["Malta"]),
    ("mu", &["Mauritius"]),
    ("mv", &["Maldives"]),
    ("mw", &["Malawi"]),
    ("mx", &["Mexico"]),
    ("my", &["Malaysia"]),
    ("mz", &["Mozambique"]),
    ("na", &["Namibia"]),
    ("nc", &["New Caledonia"]),
    ("ne", &["Niger"]),
    ("nf", &["Norfolk Island"]),
    ("ng", &["Nigeria"]),
    ("ni", &["Nicaragua"]),
    (
        "nl",
        &["Netherlands", "Holland", "Kingdom of the Netherlands"],
    ),
    ("no", &["Norway"]),
    ("np", &["Nepal"]),
    ("nr", &["Nauru"]),
    ("nu", &["Niue"]),
    ("nz", &["New Zealand"]),
    ("om", &["Oman"]),
    ("pa", &["Panama"]),
    ("pe", &["Peru"]),
    ("pf", &["French Polynesia"]),
    ("pg", &["Papua New Guinea"]),
    ("ph", &["Philippines"]),
    ("pk", &["Pakistan"]),
    ("pl", &["Poland"]),
    ("pm", &["Saint Pierre and Miquelon"]),
    ("pn", &["Pitcairn", "Pitcairn Islands"]),
    ("pr", &["Puerto Rico"]),
    (
        "ps",
        &[
            "Palestine",
            "State of Palestine",
            "Palestine, State of",
            "Palestinian",
            "Palestinian Territories",
            "Palestinian Territory",
            "Occupied Palestinian Territory",
            "Palestinian Authority",
            "West Bank",
            "Gaza",
            "Gaza Strip",
            "North Gaza",
            "Northern Gaza",
        ],
    ),
    ("pt", &["Portugal"]),
    ("pw", &["Palau"]),
    ("py", &["Paraguay"]),
    ("qa", &["Qatar"]),
    ("re", &["Reunion", "Réunion"]),
    ("ro", &["Romania"]),
    ("rs", &["Serbia"]),
    ("ru", &["Russia", "Russian Federation"]),
    ("rw", &["Rwanda"]),
    ("sa", &["Saudi Arabia"]),
    ("sb", &["Solomon Islands"]),
    ("sc", &["Seychelles"]),
    ("sd", &["Sudan"]),
    ("se", &["Sweden"]),
    ("sg", &["Singapore"]),
    (
        "sh",
        &[
            "Saint Helena",
            "Saint Helena, Ascension and Tristan da Cunha",
        ],
    ),
    ("si", &["Slovenia"]),
    ("sj", &["Svalbard and Jan Mayen"]),
    ("sk", &["Slovakia", "Slovak Republic"]),
    ("sl", &["Sierra Leone"]),
    ("sm", &["San Marino"]),
    ("sn", &["Senegal"]),
    ("so", &["Somalia"]),
    ("sr", &["Suriname"]),
    ("ss", &["South Sudan"]),
    ("st", &["Sao Tome and Principe", "São Tomé and Príncipe"]),
    ("sv", &["El Salvador"]),
    ("sx", &["Sint Maarten", "Sint Maarten (Dutch part)"]),
    ("sy", &["Syria", "Syrian Arab Republic"]),
    ("sz", &["Eswatini", "Swaziland"]),
    ("tc", &["Turks and Caicos Islands"]),
    ("td", &["Chad"]),
    ("tf", &["French Southern Territories"]),
    ("tg", &["Togo"]),
    ("th", &["Thailand"]),
    ("tj", &["Tajikistan"]),
    ("tk", &["Tokelau"]),
    ("tl", &["Timor-Leste", "East Timor"]),
    ("tm", &["Turkmenistan"]),
    ("tn", &["Tunisia"]),
    ("to", &["Tonga"]),
    (
        "tr",
        &["Turkey", "Türkiye", "Turkiye", "Republic of Türkiye"],
    ),
    ("tt", &["Trinidad and Tobago"]),
    ("tv", &["Tuvalu"]),
    (
        "tw",
        &["Taiwan", "Taiwan, Province of China", "Republic of China"],
    ),
    (
        "tz",
        &[
            "Tanzania",
            "United Republic of Tanzania",
            "Tanzania, United Republic of",
        ],
    ),
    ("ua", &["Ukraine", "Crimea"]),
    ("ug", &["Uganda"]),
    ("um", &["United States Minor Outlying Islands"]),
    (
        "us",
        &[
            "United States",
            "United States of America",
            "USA",
            "U.S.",
            "U.S.A.",
        ],
    ),
    ("uy", &["Uruguay"]),
    ("uz", &["Uzbekistan"]),
    (
        "va",
        &[
            "Holy See",
            "Vatican",
            "Vatican City",
            "Holy See (Vatican City State)",
        ],
    ),
    (
        "vc",
        &[
            "Saint Vincent and the Grenadines",
            "St. Vincent and the Grenadines",
        ],
    ),
    (
        "ve",
        &[
            "Venezuela",
            "Venezuela (Bolivarian Republic of)",
            "Bolivarian Republic of Venezuela",
        ],
    ),
    (
        "vg",
        &["Virgin Islands, British", "British Virgin Islands", "BVI"],
    ),
    (
        "vi",
        &[
            "Virgin Islands, U.S.",
            "US Virgin Islands",
            "United States Virgin Islands",
        ],
    ),
    ("vn", &["Vietnam", "Viet Nam"]),
    ("vu", &["Vanuatu"]),
    ("wf", &["Wallis and Futuna"]),
    ("ws", &["Samoa"]),
    ("xk", &["Kosovo"]),
    ("ye", &["Yemen"]),
    ("yt", &["Mayotte"]),
    ("za", &["South Africa"]),
    ("zm", &["Zambia"]),
    ("zw", &["Zimbabwe"]),
];

/// Folds case, accents and punctuation so that spellings of one name compare equal.
fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let folded = match c {
            '.' => continue,
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => {
                'a'
            }
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            '&' => {
                out.push_str(" and ");
                continue;
            }
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        out.extend(folded.to_lowercase());
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    let mut words = words.as_slice();
    if words.first() == Some(&"region") && words.len() > 1 {
        words = &words[1..];
    }
    if words.first() == Some(&"the") && words.len() > 1 {
        words = &words[1..];
    }
    words.join(" ")
}

fn table() -> &'static HashMap<String, &'static str> {
    static TABLE: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for (code, names) in COUNTRIES {
            for name in names.iter() {
                map.insert(normalise(name), *code);
            }
        }
        map
    })
}

/// The ISO 3166-1 alpha-2 code (lower case) for a country name or code as a list writes it
/// ("Russia", "RUSSIAN FEDERATION", "RU", "Korea, North"), or `None` when unknown.
pub fn to_code(name: &str) -> Option<&'static str> {
    let key = normalise(name);
    if key.is_empty() {
        return None;
    }
    if let Some(code) = table().get(&key) {
        return Some(code);
    }
    if key.len() == 2 {
        return COUNTRIES
            .iter()
            .map(|(code, _)| *code)
            .find(|code| *code == key);
    }
    None
}

/// The short English name of a code (`"ru"` → `"Russia"`), or `None` for an unknown code.
pub fn name(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_lowercase();
    COUNTRIES
        .iter()
        .find(|(c, _)| *c == code)
        .and_then(|(_, names)| names.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_spellings_map_to_codes() {
        let cases = [
            ("Russia", "ru"),
            ("RUSSIAN FEDERATION", "ru"),
            ("Region: Russia", "ru"),
            ("Korea, North", "kp"),
            ("Democratic People's Republic of Korea", "kp"),
            ("Korea, South", "kr"),
            ("Iran", "ir"),
            ("Iran (Islamic Republic of)", "ir"),
            ("Burma", "mm"),
            ("Syria", "sy"),
            ("Syrian Arab Republic", "sy"),
            ("Turkey", "tr"),
            ("Türkiye", "tr"),
            ("UAE", "ae"),
            ("United Arab Emirates", "ae"),
            ("Hong Kong", "hk"),
            ("Congo, Democratic Republic of the", "cd"),
            ("Congo, Republic of the", "cg"),
            ("Palestinian", "ps"),
            ("West Bank", "ps"),
            ("Region: Gaza", "ps"),
            ("Region: Crimea", "ua"),
            ("Man, Isle of", "im"),
            ("Bahamas, The", "bs"),
            ("The Gambia", "gm"),
            ("Cote d Ivoire", "ci"),
            ("Côte d’Ivoire", "ci"),
            ("Virgin Islands, British", "vg"),
            ("North Macedonia, The Republic of", "mk"),
            ("Bosnia and Herzegovina", "ba"),
            ("Kosovo", "xk"),
            ("U.K.", "gb"),
            ("USA", "us"),
            ("ru", "ru"),
            ("CN", "cn"),
            (" china ", "cn"),
        ];
        for (name, code) in cases {
            assert_eq!(to_code(name), Some(code), "{name}");
        }
    }

    #[test]
    fn unknown_and_disputed_have_no_code() {
        for name in [
            "",
            "-0-",
            "undetermined",
            "Region: Jammu and Kashmir",
            "Atlantis",
            "zz",
            "Region: Kafia Kingi",
        ] {
            assert_eq!(to_code(name), None, "{name}");
        }
    }

    #[test]
    fn table_is_consistent() {
        let mut seen = std::collections::HashSet::new();
        for (code, names) in COUNTRIES {
            assert_eq!(code.len(), 2);
            assert!(seen.insert(*code), "duplicate code {code}");
            assert!(!names.is_empty());
            assert_eq!(to_code(code), Some(*code), "{code} as a code");
            for n in names.iter() {
                assert_eq!(to_code(n), Some(*code), "{n}");
            }
        }
        assert!(COUNTRIES.len() >= 250);
        assert_eq!(name("RU"), Some("Russia"));
    }
}
