//! The analyser marks given names of persons with their equivalence class (Russian, Ukrainian,
//! Belarusian and English forms of one name), and leaves surnames and companies alone.

use chokepoint_names::{analyze, AnalyzedName, NameKind, Strength};

/// The class of the given name in a person's name, if exactly one was found.
fn class(a: &AnalyzedName) -> Option<&'static str> {
    match a.given_names.as_slice() {
        [(_, g)] => Some(g.class),
        _ => None,
    }
}

#[test]
fn cyrillic_ukrainian_and_belarusian_forms_meet() {
    let groups: &[&[&str]] = &[
        &[
            "Aleksandr Ivanenko",
            "Alexander Ivanenko",
            "Oleksandr Ivanenko",
            "Aliaksandr Ivanenko",
            "Александр Иваненко",
            "Олександр Іваненко",
            "Аляксандр Іваненка",
        ],
        &[
            "Sergei Petrov",
            "Serhii Petrov",
            "Siarhei Petrou",
            "Сергій Петров",
            "Сяргей Пятроў",
        ],
        &[
            "Yuri Kovalchuk",
            "Iurii Kovalchuk",
            "Юрій Ковальчук",
            "Юрий Ковальчук",
        ],
        &[
            "Dmitry Shevchenko",
            "Dmytro Shevchenko",
            "Dzmitry Shauchenka",
            "Дмитро Шевченко",
        ],
        &[
            "Vladimir Lukin",
            "Volodymyr Lukin",
            "Uladzimir Lukin",
            "Уладзімір Лукін",
        ],
        &["Yelena Moroz", "Olena Moroz", "Олена Мороз", "Елена Мороз"],
        &[
            "Olga Bondar",
            "Olha Bondar",
            "Volha Bondar",
            "Вольга Бондар",
            "Ольга Бондарь",
        ],
        &[
            "Tatiana Koval",
            "Tetiana Koval",
            "Tatsiana Koval",
            "Тетяна Коваль",
            "Таццяна Коваль",
        ],
    ];
    for group in groups {
        let first = class(&analyze(group[0], NameKind::Person));
        assert!(first.is_some(), "{}", group[0]);
        for n in *group {
            let a = analyze(n, NameKind::Person);
            assert_eq!(class(&a), first, "{n}: {:?} {:?}", a.key(), a.given_names);
        }
    }
}

#[test]
fn the_given_name_is_marked_not_rewritten() {
    let a = analyze("Oleksandr Ivanenko", NameKind::Person);
    assert_eq!(a.key(), "oleksandr ivanenko");
    assert_eq!(a.given_names.len(), 1);
    let (pos, g) = a.given_names[0];
    assert_eq!(pos, 0);
    assert_eq!(g.class, "aleksandr");
    assert_eq!(g.strength, Strength::Spelling);
    // In list order (surname first) the given name is found too.
    let b = analyze("IVANENKO, Oleksandr Petrovych", NameKind::Person);
    assert_eq!(b.given_names.iter().map(|x| x.0).collect::<Vec<_>>(), [1]);
}

#[test]
fn translations_are_weaker() {
    let michael = analyze("Michael Ivanov", NameKind::Person);
    let mykhailo = analyze("Mykhailo Ivanov", NameKind::Person);
    let (Some((_, a)), Some((_, b))) = (michael.given_names.first(), mykhailo.given_names.first())
    else {
        panic!("given names not found");
    };
    assert_eq!(a.equivalence(*b), Some(Strength::Translation));
}

#[test]
fn surnames_are_untouched() {
    for n in [
        "Ivan Ivanov",
        "Ivanov Ivan",
        "Sergei Aleksandrov",
        "Pavlov Petr",
        "Иван Иванович Иванов",
    ] {
        let a = analyze(n, NameKind::Person);
        assert_eq!(a.given_names.len(), 1, "{n}: {:?}", a.given_names);
        let (pos, _) = a.given_names[0];
        assert!(
            !a.tokens[pos].text.ends_with("ov"),
            "{n}: surname marked: {:?}",
            a.given_names
        );
    }
    let a = analyze("Petrenko Ivanov", NameKind::Person);
    assert!(a.given_names.is_empty());
}

#[test]
fn companies_are_untouched() {
    for (n, kind) in [
        ("Pavlo", NameKind::Organization),
        ("Pavlo", NameKind::Any),
        ("Pavlo Trading LLC", NameKind::Any),
        ("ООО Александр", NameKind::Any),
        ("Viktor Shipping Company", NameKind::Any),
        ("Anna Maria LLC", NameKind::Organization),
    ] {
        let a = analyze(n, kind);
        assert!(a.given_names.is_empty(), "{n}: {:?}", a.given_names);
    }
    // An unknown kind with two plain words reads as a person.
    assert_eq!(
        class(&analyze("Pavlo Ivanenko", NameKind::Any)),
        Some("pavel")
    );
}

/// The patronymic class of a person's name, if exactly one was found.
fn patronymic(a: &AnalyzedName) -> Option<chokepoint_names::Patronymic> {
    match a.patronymics.as_slice() {
        [(_, p)] => Some(*p),
        _ => None,
    }
}

#[test]
fn patronymics_are_their_own_part_in_person_names() {
    let groups: &[&[&str]] = &[
        &[
            "Ivanov Sergei Aleksandrovich",
            "Serhii Oleksandrovych Ivanov",
            "Siarhei Aliaksandravich Ivanou",
            "Иванов Сергей Александрович",
            "Іванов Сергій Олександрович",
            "Сяргей Аляксандравіч Іваноў",
        ],
        &[
            "Petrova Anna Ivanovna",
            "Hanna Ivanivna Petrova",
            "Петрова Анна Ивановна",
            "Петрова Ганна Іванівна",
        ],
        &[
            "Pavel Sergeyevich Orlov",
            "Pavlo Serhiiovych Orlov",
            "Павло Сергійович Орлов",
        ],
    ];
    for group in groups {
        let first = patronymic(&analyze(group[0], NameKind::Person));
        assert!(first.is_some(), "{}", group[0]);
        for n in *group {
            let a = analyze(n, NameKind::Person);
            assert_eq!(patronymic(&a), first, "{n} with {}", group[0]);
            // The patronymic is never also read as a given name.
            for (i, _) in &a.patronymics {
                assert!(a.given_names.iter().all(|g| g.0 != *i), "{n}");
            }
        }
    }
    // Women's forms of the men's names are given names of their own.
    for (a, b) in [
        ("Oleksandra Ivanenko", "Aleksandra Ivanenko"),
        ("Aliaksandra Ivanenko", "Александра Иваненко"),
        ("Yevheniia Petrova", "Evgeniya Petrova"),
    ] {
        let (x, y) = (
            class(&analyze(a, NameKind::Person)),
            class(&analyze(b, NameKind::Person)),
        );
        assert!(x.is_some(), "{a}");
        assert_eq!(x, y, "{a} / {b}");
        assert_ne!(x, class(&analyze("Aleksandr Ivanenko", NameKind::Person)));
    }
    // Companies are left alone.
    let c = analyze("Petrovich Trading LLC", NameKind::Any);
    assert!(c.patronymics.is_empty());
    let c = analyze("Ivanovich", NameKind::Organization);
    assert!(c.patronymics.is_empty());
}
