//! Generated party data: company names per country, addresses (with mass-registration
//! addresses), directors, phone numbers and valid-looking Russian INNs. All invented.

use super::rng::Rng;

const SYL_RU: &[&str] = &[
    "ал",
    "вер",
    "тех",
    "ком",
    "строй",
    "им",
    "пекс",
    "лайн",
    "нова",
    "гран",
    "сиб",
    "урал",
    "вол",
    "гаи",
    "тек",
    "мет",
    "рус",
    "ин",
    "эко",
    "ста",
    "рем",
    "эл",
    "си",
    "про",
    "снаб",
    "мир",
    "ра",
    "дон",
    "кор",
    "вест",
];
const SYL_LAT: &[&str] = &[
    "xin", "da", "hua", "tong", "yuan", "feng", "long", "sheng", "tai", "kang", "jin", "rui", "bo",
    "hong", "an", "mei", "wei", "li", "chen", "guang",
];
const SYL_TR: &[&str] = &[
    "ak", "yil", "dız", "kar", "tek", "nur", "ser", "ay", "bar", "gen", "mer", "kan", "tas", "dem",
];
const FIRST_RU: &[&str] = &[
    "Алексей",
    "Дмитрий",
    "Сергей",
    "Андрей",
    "Игорь",
    "Олег",
    "Елена",
    "Ольга",
    "Наталья",
    "Татьяна",
    "Максим",
    "Юрий",
    "Ирина",
    "Павел",
];
const LAST_RU: &[&str] = &[
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Соколов",
    "Лебедев",
    "Козлов",
    "Новиков",
    "Морозов",
    "Петров",
    "Волков",
    "Соловьев",
    "Васильев",
    "Зайцев",
    "Павлов",
    "Семенов",
    "Голубев",
    "Виноградов",
];
const FIRST_CN: &[&str] = &[
    "Wei", "Fang", "Min", "Jing", "Lei", "Jun", "Yan", "Hui", "Qiang", "Li",
];
const LAST_CN: &[&str] = &[
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
];
const CITIES_RU: &[&str] = &[
    "г. Москва",
    "г. Санкт-Петербург",
    "г. Екатеринбург",
    "г. Новосибирск",
    "г. Казань",
    "г. Нижний Новгород",
    "г. Челябинск",
    "г. Самара",
    "г. Ижевск",
    "г. Тула",
];
const STREETS_RU: &[&str] = &[
    "ул. Ленина",
    "ул. Промышленная",
    "пр-т Мира",
    "ул. Садовая",
    "Варшавское ш.",
    "ул. Заводская",
    "ул. Новая",
    "Ленинградский пр-т",
    "ул. Советская",
];
const CITIES_CN: &[&str] = &[
    "Shenzhen",
    "Guangzhou",
    "Dongguan",
    "Shanghai",
    "Ningbo",
    "Xiamen",
    "Suzhou",
    "Beijing",
];
const STREETS_HK: &[&str] = &[
    "Bonham Strand",
    "Nathan Road",
    "Queen's Road Central",
    "Hennessy Road",
    "Des Voeux Road",
];

/// A company name in the style of its country.
pub fn company_name(rng: &mut Rng, country: &str) -> String {
    let word = |rng: &mut Rng, syl: &[&str], n: usize| -> String {
        let mut s = String::new();
        for _ in 0..n {
            let part: &&str = rng.pick(syl);
            s.push_str(part);
        }
        s
    };
    match country {
        "RU" => {
            let n = 2 + rng.below(2);
            let w = capitalise(&word(rng, SYL_RU, n));
            let form = *rng.pick(&["ООО", "ООО", "ООО", "АО", "ООО ТД"]);
            format!("{form} «{w}»")
        }
        "CN" => {
            let w = capitalise(&word(rng, SYL_LAT, 2));
            let city = rng.pick(CITIES_CN).to_uppercase();
            let kind = rng.pick(&[
                "ELECTRONICS",
                "TECHNOLOGY",
                "TRADING",
                "INDUSTRIAL",
                "IMPORT AND EXPORT",
                "MACHINERY",
            ]);
            format!("{city} {} {kind} CO., LTD", w.to_uppercase())
        }
        "HK" => {
            let w = capitalise(&word(rng, SYL_LAT, 2));
            let kind = rng.pick(&[
                "TRADING",
                "TECHNOLOGY",
                "ELECTRONICS",
                "INTERNATIONAL",
                "SUPPLY CHAIN",
            ]);
            format!("{} {kind} LIMITED", w.to_uppercase())
        }
        "TR" => {
            let w = capitalise(&word(rng, SYL_TR, 2));
            format!("{} DIS TICARET LTD STI", w.to_uppercase())
        }
        "AE" => {
            let w = capitalise(&word(rng, SYL_LAT, 2));
            format!("{} GENERAL TRADING FZE", w.to_uppercase())
        }
        "KZ" => format!("ТОО «{}»", capitalise(&word(rng, SYL_RU, 2))),
        "KG" => format!("ОсОО «{}»", capitalise(&word(rng, SYL_RU, 2))),
        "AM" | "UZ" => format!("{} LLC", capitalise(&word(rng, SYL_LAT, 2)).to_uppercase()),
        "DE" => format!("{} GmbH", capitalise(&word(rng, SYL_LAT, 2))),
        "US" => format!("{} Inc.", capitalise(&word(rng, SYL_LAT, 2))),
        "JP" => format!("{} Co., Ltd.", capitalise(&word(rng, SYL_LAT, 2))),
        _ => format!("{} LTD", capitalise(&word(rng, SYL_LAT, 2)).to_uppercase()),
    }
}

/// A defence-industry end user name (generated, not real).
pub fn defence_name(rng: &mut Rng) -> String {
    let w = capitalise(&format!("{}{}", rng.pick(SYL_RU), rng.pick(SYL_RU)));
    let kind = rng.pick(&[
        "АО «НПП «{}»",
        "АО «Завод «{}»",
        "АО «Концерн «{}»",
        "ПАО «НПО «{}»",
        "АО «ОКБ «{}»",
    ]);
    kind.replace("{}", &w) + "»"
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A street address in the style of its country.
pub fn address(rng: &mut Rng, country: &str) -> String {
    match country {
        "RU" => format!(
            "{}, {}, д. {}, офис {}",
            rng.pick(CITIES_RU),
            rng.pick(STREETS_RU),
            1 + rng.below(120),
            1 + rng.below(400)
        ),
        "CN" => format!(
            "Room {}{:02}, No. {} Industrial Road, {}",
            1 + rng.below(20),
            1 + rng.below(30),
            1 + rng.below(300),
            rng.pick(CITIES_CN)
        ),
        "HK" => format!(
            "Unit {}, {}/F, {} {}, Hong Kong",
            1 + rng.below(20),
            2 + rng.below(25),
            1 + rng.below(200),
            rng.pick(STREETS_HK)
        ),
        "AE" => format!(
            "Office {}, Jebel Ali Free Zone, Dubai",
            100 + rng.below(900)
        ),
        "TR" => format!(
            "{} Sok. No:{}, Istanbul",
            capitalise(rng.pick::<&str>(SYL_TR)),
            1 + rng.below(90)
        ),
        _ => format!("{} Main Street, {}", 1 + rng.below(500), country),
    }
}

/// A person's name in the style of the country.
pub fn person(rng: &mut Rng, country: &str) -> String {
    match country {
        "RU" | "KZ" | "KG" => format!("{} {}", rng.pick(LAST_RU), rng.pick(FIRST_RU)),
        _ => format!("{} {}", rng.pick(LAST_CN), rng.pick(FIRST_CN)),
    }
}

/// A phone number with the country's calling code.
pub fn phone(rng: &mut Rng, country: &str) -> String {
    let code = match country {
        "RU" | "KZ" => "+7",
        "CN" => "+86",
        "HK" => "+852",
        "TR" => "+90",
        "AE" => "+971",
        "KG" => "+996",
        "AM" => "+374",
        "UZ" => "+998",
        "DE" => "+49",
        "US" => "+1",
        "JP" => "+81",
        _ => "+44",
    };
    format!(
        "{code} {}{:07}",
        100 + rng.below(900),
        rng.below(10_000_000)
    )
}

/// A ten-digit legal-entity INN with a valid check digit.
pub fn inn(rng: &mut Rng) -> String {
    const W: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    let mut digits: Vec<u32> = vec![7, rng.below(10) as u32];
    for _ in 0..7 {
        digits.push(rng.below(10) as u32);
    }
    let check = digits.iter().zip(W).map(|(d, w)| d * w).sum::<u32>() % 11 % 10;
    digits.push(check);
    digits.iter().map(|d| char::from(b'0' + *d as u8)).collect()
}

/// Whether a ten-digit INN's check digit is valid.
pub fn inn_valid(inn: &str) -> bool {
    const W: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    let d: Vec<u32> = inn.chars().filter_map(|c| c.to_digit(10)).collect();
    d.len() == 10 && d[..9].iter().zip(W).map(|(a, w)| a * w).sum::<u32>() % 11 % 10 == d[9]
}

/// Reads defence-industry names from a real list: OFAC's legacy `sdn.csv` (entities under
/// program RUSSIA-EO14024 whose names read as defence plants or design bureaus) or a plain
/// text file with one name per line. Returns at most `max` names.
pub fn defence_names_from_list(path: &std::path::Path, max: usize) -> crate::Result<Vec<String>> {
    let text = std::fs::read(path).map_err(|e| crate::TradeError::io(path, e))?;
    let text = String::from_utf8_lossy(&text);
    let keywords = [
        "PLANT",
        "ZAVOD",
        "DESIGN BUREAU",
        "KONSTRUKTORSKOE",
        "NAUCHNO",
        "SCIENTIFIC",
        "KONTSERN",
        "CONCERN",
        "ELEKTRON",
        "PRIBOR",
        "OBORON",
        "RADIO",
        "MACHINE",
        "INSTRUMENT",
    ];
    let mut out = Vec::new();
    if path.extension().is_some_and(|e| e == "csv") {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for row in reader.records().flatten() {
            let (Some(name), Some(kind), Some(program)) = (row.get(1), row.get(2), row.get(3))
            else {
                continue;
            };
            if kind.trim() != "-0-" || !program.contains("RUSSIA-EO14024") {
                continue;
            }
            let upper = name.to_uppercase();
            if keywords.iter().any(|k| upper.contains(k)) {
                out.push(name.trim().to_string());
            }
            if out.len() >= max {
                break;
            }
        }
    } else {
        out.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .take(max)
                .map(String::from),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inns_have_valid_check_digits() {
        let mut rng = Rng::new(3, 0);
        for _ in 0..100 {
            let i = inn(&mut rng);
            assert_eq!(i.len(), 10);
            assert!(inn_valid(&i), "{i}");
        }
        assert!(!inn_valid("7701234560") || !inn_valid("7701234561"));
    }

    #[test]
    fn names_look_national() {
        let mut rng = Rng::new(3, 1);
        assert!(company_name(&mut rng, "RU").contains('«'));
        assert!(company_name(&mut rng, "HK").ends_with("LIMITED"));
        assert!(
            defence_name(&mut rng).starts_with("АО") || defence_name(&mut rng).starts_with("ПАО")
        );
        assert!(phone(&mut rng, "HK").starts_with("+852 "));
    }
}
