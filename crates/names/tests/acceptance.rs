//! Acceptance tests of name analysis: transliteration families with real names from the UN
//! consolidated list (original script next to the list's latin form), legal-form
//! equivalences and trade-record abbreviations.

use chokepoint_names::{
    analyze, expand_abbreviation, legal_form, legal_form_agreement, romanize_cyrillic, similarity,
    AnalyzedName, LegalClass, NameKind, System, TokenKind,
};

fn org(s: &str) -> AnalyzedName {
    analyze(s, NameKind::Organization)
}

fn person(s: &str) -> AnalyzedName {
    analyze(s, NameKind::Person)
}

/// Asserts that two names meet: they share a key (or a key is a variant of the other), or
/// their similarity reaches `min`.
fn assert_meet(a: &AnalyzedName, b: &AnalyzedName, min: f64) {
    let s = similarity(a, b);
    assert!(
        a.shares_key(b) || s >= min,
        "{:?} [{}] vs {:?} [{}]: similarity {s:.3} < {min}\n{:?}\n{:?}",
        a.original,
        a.key(),
        b.original,
        b.key(),
        a.variants,
        b.variants
    );
}

fn assert_same_key(a: &AnalyzedName, b: &AnalyzedName) {
    assert!(
        a.shares_key(b),
        "{:?} [{}] vs {:?} [{}]; variants {:?} / {:?}",
        a.original,
        a.key(),
        b.original,
        b.key(),
        a.variants,
        b.variants
    );
}

#[test]
fn cyrillic_systems_meet_on_one_key() {
    let groups: &[&[&str]] = &[
        &[
            "Щербаков",
            "Shcherbakov",
            "Scherbakov",
            "Ŝerbakov",
            "Shtcherbakov",
            "Shherbakov",
        ],
        &["Юрий", "Yuriy", "Iurii", "Yury", "Jurij", "Yuri"],
        &["Евгений", "Yevgeniy", "Evgenii", "Evgeny"],
        &["Хабаровск", "Khabarovsk", "Xabarovsk", "Habarovsk"],
        &["Дмитрий", "Dmitriy", "Dmitry", "Dmitrii"],
        &["Алексей", "Aleksey", "Alexey", "Aleksei"],
        &["Жуков", "Zhukov", "Zukov"],
        &["Цой", "Tsoy", "Tsoi", "Coj"],
    ];
    for g in groups {
        let first = person(g[0]);
        for w in *g {
            assert_same_key(&first, &person(w));
        }
    }
    // Every system's romanisation of a full name gives the same key as the Cyrillic.
    let n = "Щербаков Юрий Евгеньевич";
    let cyr = person(n);
    for sys in [System::Bgn, System::Gost779B, System::Iso9, System::Icao] {
        let lat = romanize_cyrillic(n, sys);
        let a = person(&lat);
        assert_same_key(&cyr, &a);
    }
}

#[test]
fn ukrainian_and_belarusian() {
    // Ukrainian national romanisation and the Russian-style spelling of the same name.
    let uk = person("Григорій Кличко");
    assert_same_key(&uk, &person("Hryhorii Klychko"));
    assert_same_key(&uk, &person("Grigoriy Klichko"));
    assert_same_key(&person("Юлія Тимошенко"), &person("Yuliia Tymoshenko"));
    assert_same_key(&person("Юлія Тимошенко"), &person("Yulia Timoshenko"));
    assert_same_key(&person("Євген Їжак"), &person("Yevhen Yizhak"));
    assert_same_key(&person("Ґалаґан"), &person("Galagan"));
    // Belarusian ў.
    assert_same_key(&person("Ўладзімір Макей"), &person("Uladzimir Makei"));
}

#[test]
fn un_list_cyrillic_names() {
    // NAME_ORIGINAL_SCRIPT and FIRST..FOURTH_NAME of UN consolidated list entries.
    let pairs = [
        ("Умаров Доку Хаматович", "DOKU KHAMATOVICH UMAROV"),
        (
            "Абдурахманов Магомед Магомедзакирович",
            "MAGHOMED MAGHOMEDZAKIROVICH ABDURAKHMANOV",
        ),
        (
            "Ислам Сеит-Умарович Атабиев",
            "ISLAM SEIT-UMAROVICH ATABIEV",
        ),
        ("Тархан Исмаилович Газиев", "TARKHAN ISMAILOVICH GAZIEV"),
        ("Заурбек Салимович Гучаев", "ZAURBEK SALIMOVICH GUCHAEV"),
        ("Аслан Авгазарович Бютукаев", "ASLAN AVGAZAROVICH BYUTUKAEV"),
        ("Айрат Насимович Вахитов", "AYRAT NASIMOVICH VAKHITOV"),
    ];
    for (cyr, lat) in pairs {
        assert_same_key(&person(cyr), &person(lat));
    }
    // Spelling choices of the list itself (ж as J, з as S): close, not equal.
    assert_meet(
        &person("Ахмед Ражапович Чатаев"),
        &person("AKHMED RAJAPOVICH CHATAEV"),
        0.9,
    );
    assert_meet(
        &person("Шамиль Магомедович Измайлов"),
        &person("SHAMIL MAGOMEDOVICH ISMAILOV"),
        0.9,
    );
}

#[test]
fn un_list_arabic_names() {
    // Names made of frequent name words share a key.
    let same_key = [
        ("طارق عزيز", "TARIQ AZIZ"),
        ("عبد الرحمن ياسين", "ABDUL RAHMAN YASIN"),
        ("عمر محمود عثمان", "OMAR MAHMOUD UTHMAN"),
        (
            "عبد الله احمد عبدالله الالفي",
            "ABDULLAH AHMED ABDULLAH EL ALFI",
        ),
    ];
    for (ara, lat) in same_key {
        assert_same_key(&person(ara), &person(lat));
    }
    // Others carry unvocalised words (التكريتي → tkryty): they meet by similarity.
    let close = [
        ("صدام حسين التكريتي", "SADDAM HUSSEIN AL-TIKRITI"),
        ("سالم أحمد سالم حمدان", "SALIM AHMAD SALIM HAMDAN"),
        ("محمد حمزة زبيدي", "MUHAMMAD HAMZA ZUBAIDI"),
        ("محمد يونس أحمد", "MUHAMMAD YUNIS AHMAD"),
        (
            "خالد عبد الرحمن حمد الفواز",
            "KHALID ABD AL-RAHMAN HAMD AL-FAWAZ",
        ),
        (
            "هاني عبد اللطيف طلفاح التكريتي",
            "HANI ABD-AL-LATIF TILFAH AL-TIKRITI",
        ),
        ("عزت ابراهيم الدوري", "IZZAT IBRAHIM AL-DURI"),
        (
            "إبراهيم أحمد عبد الستار محمد التكريتي",
            "IBRAHIM AHMAD ABD AL-SATTAR MUHAMMED AL-TIKRITI",
        ),
        ("أيمن محمد ربيع الظواهري", "AIMAN MUHAMMED RABI AL-ZAWAHIRI"),
        ("حمزة أسامة محمد بن لادن", "HAMZA USAMA MUHAMMAD BIN LADEN"),
        (
            "عبد القادر محمود محمد السيد",
            "ABD EL KADER MAHMOUD MOHAMED EL SAYED",
        ),
        ("مصطفى كمال مصطفى ابراهيم", "MOSTAFA KAMEL MOSTAFA IBRAHIM"),
    ];
    let mut failed = Vec::new();
    for (ara, lat) in close {
        let (a, b) = (person(ara), person(lat));
        let s = similarity(&a, &b);
        if s < 0.85 && !a.shares_key(&b) {
            failed.push(format!("{ara} [{}] / {lat} [{}]: {s:.3}", a.key(), b.key()));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
    // Latin variants of one name share a key.
    let m = person("Muhammad");
    for v in ["Mohammed", "Mohamed", "Mohammad", "MUHAMMED"] {
        assert_same_key(&m, &person(v));
    }
    assert_same_key(&person("Abd al-Rahman"), &person("Abdul Rahman"));
    assert_same_key(&person("Abd al-Rahman"), &person("Abdelrahman"));
    assert_same_key(&person("Abd al-Rahman"), &person("Abdurrahman"));
    assert_same_key(&person("Abdallah"), &person("Abd Allah"));
    assert_same_key(&person("Ibn Saud"), &person("Bin Saud"));
    assert_same_key(&person("Ahmed Alhassan"), &person("Ahmad al-Hasan"));
    assert_same_key(&person("Mohamed Elsayed"), &person("Muhammad El Sayed"));
}

#[test]
fn un_list_chinese_names() {
    assert_same_key(&person("金铁三"), &person("Jin Tiesan"));
    assert_same_key(
        &org("華信船務(香港)有限公司"),
        &org("HUAXIN SHIPPING HONGKONG LTD"),
    );
    assert_same_key(
        &org("沈忠國際海運有限公司"),
        &org("SHEN ZHONG INTERNATIONAL SHIPPING"),
    );
    assert_meet(
        &org("長安海連技術有限公司"),
        &org("CHANG AN SHIPPING & TECHNOLOGY"),
        0.6,
    );
    // A place with its administrative suffix is the place.
    assert_same_key(
        &org("深圳市华为技术有限公司"),
        &org("Shenzhen Huawei Technologies Co., Ltd."),
    );
    // Simplified and traditional characters read the same.
    assert_same_key(&org("华为技术有限公司"), &org("華為技術有限公司"));
    // Heteronyms give variants.
    assert!(!org("長安海連技術有限公司").variants.is_empty());
}

#[test]
fn legal_forms_are_typed_parts() {
    let ll = [
        "ООО \"Ромашка\"",
        "Romashka LLC",
        "ROMASHKA OOO",
        "Romashka Limited Liability Company",
        "Obshchestvo s ogranichennoy otvetstvennostyu Romashka",
        "Общество с ограниченной ответственностью «Ромашка»",
        "ТОО Ромашка",
        "Romashka Ltd.",
        "Romashka GmbH",
    ];
    let first = org(ll[0]);
    assert_eq!(first.key(), "romaska");
    for n in ll {
        let a = org(n);
        assert_eq!(a.key(), first.key(), "{n}");
        assert_eq!(a.legal_forms.len(), 1, "{n}: {:?}", a.legal_forms);
        assert_eq!(a.legal_forms[0].class, LegalClass::LimitedLiability, "{n}");
        assert_eq!(
            legal_form_agreement(&a.legal_forms, &first.legal_forms),
            Some(true)
        );
    }
    let hua = org("华为技术有限公司");
    let hw = org("Huawei Technologies Co., Ltd.");
    assert_eq!(hua.key(), hw.key());
    assert_eq!(hua.legal_forms[0].class, LegalClass::LimitedLiability);
    assert_eq!(
        legal_form_agreement(&hua.legal_forms, &hw.legal_forms),
        Some(true)
    );
    assert_eq!(hua.tokens[1].kind, TokenKind::Generic);

    let ao = org("АО Концерн Калашников");
    let jsc = org("Kalashnikov Concern JSC");
    assert_eq!(ao.legal_forms[0].class, LegalClass::JointStock);
    assert_eq!(
        legal_form_agreement(&ao.legal_forms, &jsc.legal_forms),
        Some(true)
    );
    // Концерн is `koncern`, Concern `concern`: close, not equal.
    assert_meet(&ao, &jsc, 0.95);
    let pao = org("ПАО «Сбербанк»");
    let pjsc = org("Sberbank PJSC");
    assert_eq!(pao.key(), pjsc.key());
    assert_eq!(pao.legal_forms[0].class, LegalClass::PublicJointStock);
    assert_eq!(
        legal_form_agreement(&pao.legal_forms, &pjsc.legal_forms),
        Some(true)
    );
    assert_eq!(
        legal_form_agreement(&pao.legal_forms, &first.legal_forms),
        Some(false)
    );
    assert_eq!(legal_form_agreement(&pao.legal_forms, &[]), None);

    for (text, class) in [
        ("ООО", LegalClass::LimitedLiability),
        ("Co., Ltd.", LegalClass::LimitedLiability),
        ("有限公司", LegalClass::LimitedLiability),
        ("股份有限公司", LegalClass::JointStock),
        ("S.A. de C.V.", LegalClass::JointStock),
        ("Sp. z o.o.", LegalClass::LimitedLiability),
        ("ЗАО", LegalClass::JointStock),
        ("CJSC", LegalClass::JointStock),
        ("OJSC", LegalClass::PublicJointStock),
        ("PLC", LegalClass::PublicJointStock),
        ("FZE", LegalClass::FreeZone),
        ("FZCO", LegalClass::FreeZone),
        ("FZ-LLC", LegalClass::FreeZone),
        ("DMCC", LegalClass::FreeZone),
        ("ФГУП", LegalClass::StateEnterprise),
        (
            "Federal State Unitary Enterprise",
            LegalClass::StateEnterprise,
        ),
        ("ИП", LegalClass::Partnership),
        ("Ltd. Şti.", LegalClass::LimitedLiability),
        ("A.Ş.", LegalClass::JointStock),
        ("LLP", LegalClass::Partnership),
        ("Inc.", LegalClass::JointStock),
        ("Corporation", LegalClass::JointStock),
        ("SARL", LegalClass::LimitedLiability),
        ("B.V.", LegalClass::LimitedLiability),
        ("AG", LegalClass::JointStock),
    ] {
        let f = legal_form(text).unwrap_or_else(|| panic!("{text} not a legal form"));
        assert_eq!(f.class, class, "{text}");
    }
    // Trade records cut names at a fixed width: a truncated final word still reads.
    let cut = org("TACTICAL MISSILES CORPORATION JOINT STOCK COMPAN");
    assert_eq!(
        cut.key(),
        org("Tactical Missiles Corporation Joint Stock Company").key()
    );
    assert_eq!(cut.legal_forms.len(), 2, "{:?}", cut.legal_forms);
    // Short forms are not legal forms inside a name.
    let a = org("Banco SA Holdings Sa");
    assert_eq!(a.legal_forms.len(), 1);
    assert!(a.key().contains("sa "), "{}", a.key());
    // Persons have no legal forms.
    assert!(person("Ao Li").legal_forms.is_empty());
}

#[test]
fn trade_abbreviations_expand() {
    assert_eq!(
        org("GUANGZHOU HAIGE COMM GRP").key(),
        org("Guangzhou Haige Communications Group").key()
    );
    let a = org("CNOOC ENERGY TECH & SRVCES LTD");
    let b = org("CNOOC Energy Technology & Services Limited");
    assert_eq!(a.key(), b.key());
    assert_eq!(a.legal_forms, b.legal_forms);
    assert_eq!(
        org("SHENZHEN XYZ ELEC IMP & EXP CO LTD").key(),
        org("Shenzhen XYZ Electronics Import and Export Co., Ltd.").key()
    );
    assert_eq!(
        org("ABC I/E CO").key(),
        org("ABC Import Export Company").key()
    );
    assert_eq!(
        org("ACME INT'L TRDG").key(),
        org("Acme International Trading").key()
    );
    assert_eq!(
        org("XYZ MFG INDS").key(),
        org("XYZ Manufacturing Industries").key()
    );
    // Chinese company words written in pinyin.
    assert!(org("Shenzhen Xinda Keji Youxian Gongsi").shares_key(&org("深圳市信达科技有限公司")));
    // Variant token lists keep the generic kinds.
    let v = org("华为技术有限公司").variant_tokens();
    assert!(
        v.iter()
            .all(|toks| toks.last().is_some_and(|t| t.kind == TokenKind::Generic)),
        "{v:?}"
    );
    // INST is ambiguous: institute is the key, instrument a variant.
    let inst = org("HUAYU PRECISION INST");
    assert!(
        inst.variants.iter().any(|v| v.contains("instrument")),
        "{:?}",
        inst.variants
    );
    assert!(org("Huayu Precision Instruments").shares_key(&inst));
    assert_eq!(expand_abbreviation("COMM"), Some("communication"));
    assert_eq!(expand_abbreviation("INT'L"), Some("international"));
    assert_eq!(expand_abbreviation("Srvces"), Some("service"));
    assert_eq!(expand_abbreviation("xyz"), None);
    // Generic words are tagged.
    assert!(org("Haige Group")
        .tokens
        .iter()
        .any(|t| t.kind == TokenKind::Generic));
    // Russian generic words meet their English equivalents, in any romanisation.
    assert!(org("Концерн Алмаз-Антей").shares_key(&org("Almaz-Antey Concern")));
    assert!(org("Группа ГАЗ").shares_key(&org("GAZ Group")));
    assert!(org("Korporaciya Rostekh").shares_key(&org("Rostekh Corporation")));
}

#[test]
fn tokens_kinds_and_stopwords() {
    let a = person("J. R. R. Tolkien");
    assert_eq!(a.tokens[0].kind, TokenKind::Initial);
    let b = org("Bank of the Republic 2000");
    assert_eq!(b.key(), "bank republic 2000");
    assert_eq!(b.tokens[2].kind, TokenKind::Number);
    // Person particles are kept.
    assert_eq!(person("Le Van Thanh").tokens.len(), 3);
    // Punctuation and diacritics.
    assert_eq!(person("O'Brien").key(), person("OBrien").key());
    assert_eq!(person("Müller").key(), person("Muller").key());
    assert_eq!(person("Şahin").key(), person("Sahin").key());
    assert_eq!(person("Jean-Luc").tokens.len(), 2);
    // Order is kept in tokens; similarity ignores it.
    let x = person("Ivanov Ivan");
    let y = person("Ivan Ivanov");
    assert_ne!(x.key(), y.key());
    assert!((similarity(&x, &y) - 1.0).abs() < 1e-9);
    // Explanations pair the tokens behind the score.
    let e = chokepoint_names::explain(
        &person("Vladimir Putin"),
        &person("Путин Владимир Владимирович"),
    );
    assert!(
        (e.score
            - similarity(
                &person("Vladimir Putin"),
                &person("Путин Владимир Владимирович")
            ))
        .abs()
            < 1e-12
    );
    assert_eq!(e.pairs.len(), 2);
    assert_eq!(e.right_only, vec!["vladimirovic".to_string()]);
    // Roman numerals are numbers.
    let ii = org("Bowne Global Solutions II");
    assert_eq!(ii.tokens.last().map(|t| t.kind), Some(TokenKind::Number));
    // `ben` is `bin` inside an Arabic name, a given name in front.
    assert!(person("Mohamed Ben Belgacem").shares_key(&person("Mohamed Bin Belgacem")));
    assert_eq!(person("Ben Netanyahu").tokens[0].text, "ben");
    // Empty and odd input does not panic.
    for s in ["", "   ", "---", "&", "'", "🙂", "\u{0301}"] {
        let _ = analyze(s, NameKind::Any);
    }
}

#[test]
fn every_cyrillic_system_meets_the_original() {
    // Names typical of Russian sanctions designations; every system's romanisation must give
    // the Cyrillic original's key (ISO 9, which drops the glide of я/ю/ё, through a variant).
    let names = [
        "Сергей Викторович Чемезов",
        "Алексей Борисович Миллер",
        "Игорь Иванович Сечин",
        "Михаил Маратович Фридман",
        "Олег Владимирович Дерипаска",
        "Аркадий Романович Ротенберг",
        "Геннадий Николаевич Тимченко",
        "Евгений Викторович Пригожин",
        "Дмитрий Анатольевич Медведев",
        "Сергей Кужугетович Шойгу",
        "Рамзан Ахматович Кадыров",
        "Акционерное общество Концерн ВКО Алмаз-Антей",
        "Ростех",
        "Уралвагонзавод",
        "Щёкино Хабаровский край",
        "Объединённая авиастроительная корпорация",
        "Цой Жанна Эдуардовна",
    ];
    let mut misses = Vec::new();
    for n in names {
        let cyr = analyze(n, NameKind::Any);
        for sys in [System::Bgn, System::Gost779B, System::Icao, System::Iso9] {
            let lat = analyze(&romanize_cyrillic(n, sys), NameKind::Any);
            let ok = cyr.shares_key(&lat);
            if !ok {
                misses.push(format!(
                    "{n} {sys:?}: {} vs {} ({:?})",
                    cyr.key(),
                    lat.key(),
                    lat.variants
                ));
            }
        }
    }
    assert!(misses.is_empty(), "{misses:#?}");
}
