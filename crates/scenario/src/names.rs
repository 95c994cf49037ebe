//! Generated party data: company names per country, addresses (with mass-registration
//! addresses), directors, phone numbers and valid-looking Russian INNs. All invented.

use super::rng::Rng;
use std::sync::OnceLock;

/// A stock of words kept as one `|`-separated string (compact to read and edit), split once.
struct Pool {
    text: &'static str,
    words: OnceLock<Vec<&'static str>>,
}

impl Pool {
    const fn new(text: &'static str) -> Pool {
        Pool {
            text,
            words: OnceLock::new(),
        }
    }

    fn get(&self) -> &[&'static str] {
        self.words.get_or_init(|| {
            self.text
                .split('|')
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .collect()
        })
    }

    fn pick(&self, rng: &mut Rng) -> &'static str {
        let words = self.get();
        words[rng.below(words.len())]
    }

    /// A pick skewed towards the head of the list (the common words come first): the index
    /// is the smaller of two uniform draws with probability `skew`.
    fn pick_skewed(&self, rng: &mut Rng, skew: f64) -> &'static str {
        let words = self.get();
        let a = rng.below(words.len());
        let i = if rng.chance(skew) {
            a.min(rng.below(words.len()))
        } else {
            a
        };
        words[i]
    }
}

/// Syllables of invented Russian trade names.
static SYL_RU: Pool = Pool::new(
    "ал|вер|тех|ком|строй|им|пекс|лайн|нова|гран|сиб|урал|вол|гаи|тек|мет|рус|ин|эко|ста|рем|\
     эл|си|про|снаб|мир|ра|дон|кор|вест|бал|вита|гео|дель|зар|ива|кам|лан|мак|неф|опт|пол|рос|\
     сев|тран|фар|хим|цен|юг|яр|бор|вил|гор|дар|ель|жел|кон|лес|мар|нор|ол|пар|сан|тор|уни|фер|\
     хол|чер|шир|эн|юр|ав|бес|вин|гал|дин|зен|ир|кас|лид|мос|ник|орт|пет|рим|сол|тал|фа|тон|\
     вар|кит|ден|лот|ред|сар|тим|арт|бел|вик|гут|дек|зол|кар|лин|мон|нит|риф|сом|тур|фор|цвет",
);
/// Common single-word Russian trade names: real registries hold hundreds of each («Альфа»),
/// told apart by INN and address.
static COMMON_RU: Pool = Pool::new(
    "Альфа|Вектор|Гарант|Меридиан|Стандарт|Прогресс|Восток|Импульс|Феникс|Орион|Спектр|Атлант|\
     Титан|Сфера|Регион|Альянс|Капитал|Лидер|Партнер|Континент|Магистраль|Горизонт|Эталон|Ресурс|\
     Профиль|Форвард|Мега|Стимул|Полюс|Азимут|Квант|Олимп|Зенит|Аргон|Кристалл|Парус|Радуга|\
     Исток|Элемент|Перспектива|Развитие|Содружество|Монолит|Темп|Вертикаль|Омега|Сигма|Дельта|\
     Нептун|Гермес",
);
/// Descriptive stems glued in front of a Russian trade name (Техно-, Пром-, Снаб-, …).
static STEM_RU: Pool = Pool::new(
    "Техно|Пром|Снаб|Электро|Энерго|Спец|Строй|Авто|Агро|Торг|Радио|Микро|Инж|Нефте|Хим|Евро|\
     Интер|Транс|Опто|Приборо|Металло|Компо|Сервис|Гидро",
);
/// Descriptive endings of a Russian trade name (-трейд, -сервис, -комплект, -инвест, …).
static TAIL_RU: Pool = Pool::new(
    "трейд|сервис|комплект|инвест|групп|снаб|пром|техно|электро|лайн|систем|импорт|логистик|\
     центр|юг|север|торг|маш|прибор|компонент|дистрибуция|поставка|холдинг|плюс",
);
/// City and regional adjectives that open a Russian trade name.
static CITY_ADJ_RU: Pool = Pool::new(
    "Уральский|Сибирский|Невский|Волжский|Московский|Северный|Донской|Балтийский|Камский|\
     Тульский|Приволжский|Дальневосточный|Кубанский|Байкальский|Окский|Ижевский|Казанский|\
     Самарский|Пермский|Омский|Томский|Тверской|Южный|Западный|Центральный",
);
/// Latin syllables of invented Chinese-style trade names.
static SYL_LAT: Pool = Pool::new(
    "xin|da|hua|tong|yuan|feng|long|sheng|tai|kang|jin|rui|bo|hong|an|mei|wei|li|chen|guang|\
     hai|tian|ming|heng|xing|cheng|yi|jia|fu|de|hao|run|chuang|zhi|xiang|yu|sen|lian|qi|kai|\
     bao|shun|teng|yang|hui|neng|pu|quan|rong|tuo|wan|xun|ying|zhong|jun|ke|lan|mao|nuo|ou|\
     sai|shi|tuo|wo|xiao|yao|zhan|ding|gao|huan",
);
/// Latin words that open some Hong Kong and UAE trade names.
static WORD_LAT: Pool = Pool::new(
    "ASIA|GLOBAL|PACIFIC|GOLDEN|GREAT|UNITED|ORIENT|STAR|SUN|FORTUNE|ROYAL|SILK ROAD|EAST|BRIGHT|\
     PRIME|GULF|OCEAN|SKY|NOBLE|UNION|SMART|ZENITH|APEX|NOVA|DRAGON|PHOENIX|LOTUS|JADE|EVER|TRUST",
);
/// Turkish syllables of invented trade names.
static SYL_TR: Pool = Pool::new(
    "ak|yil|dız|kar|tek|nur|ser|ay|bar|gen|mer|kan|tas|dem|er|ok|öz|can|ol|tan|yıl|gül|kur|\
     sel|tür|bay|boz|çe|dağ|ege|fer|gök|han|il|kay|lale|mert|ön|par|sun|tay|uz|vur|yüz|zir",
);
/// Russian surnames (masculine forms), the common ones first.
static SURNAME_RU: Pool = Pool::new(
    "Иванов|Смирнов|Кузнецов|Попов|Васильев|Петров|Соколов|Михайлов|Новиков|Федоров|Морозов|\
     Волков|Алексеев|Лебедев|Семенов|Егоров|Павлов|Козлов|Степанов|Николаев|Орлов|Андреев|\
     Макаров|Никитин|Захаров|Зайцев|Соловьев|Борисов|Яковлев|Григорьев|Романов|Воробьев|\
     Сергеев|Кузьмин|Фролов|Александров|Дмитриев|Королев|Гусев|Киселев|Ильин|Максимов|Поляков|\
     Сорокин|Виноградов|Ковалев|Белов|Медведев|Антонов|Тарасов|Жуков|Баранов|Филиппов|Комаров|\
     Давыдов|Беляев|Герасимов|Богданов|Осипов|Сидоров|Матвеев|Титов|Марков|Миронов|Крылов|\
     Куликов|Карпов|Власов|Мельников|Денисов|Гаврилов|Тихонов|Казаков|Афанасьев|Данилов|\
     Савельев|Тимофеев|Фомин|Чернов|Абрамов|Мартынов|Ефимов|Федотов|Щербаков|Назаров|Калинин|\
     Исаев|Чернышев|Быков|Маслов|Родионов|Коновалов|Лазарев|Воронин|Климов|Филатов|Пономарев|\
     Голубев|Кудрявцев|Прохоров|Наумов|Потапов|Журавлев|Овчинников|Трофимов|Леонов|Соболев|\
     Ермаков|Колесников|Гончаров|Емельянов|Никифоров|Грачев|Котов|Гришин|Ефремов|Архипов|\
     Громов|Кириллов|Малышев|Панов|Моисеев|Румянцев|Акимов|Кондратьев|Бирюков|Горбунов|Анисимов|\
     Еремин|Тихомиров|Галкин|Лукьянов|Михеев|Скворцов|Юдин|Белоусов|Нестеров|Симонов|Прокофьев|\
     Харитонов|Князев|Цветков|Левин|Митрофанов|Воронов|Аксенов|Софронов|Мальцев|Логинов|\
     Горшков|Савин|Краснов|Майоров|Демидов|Елисеев|Рыбаков|Сафонов|Плотников|Демин|Хохлов|\
     Жданов|Носков|Беспалов|Субботин|Шилов|Устинов|Большаков|Савченко|Шевченко|Бондаренко|\
     Кравченко|Ткаченко|Коваленко|Литвиненко|Мартыненко|Руденко|Лысенко|Гуляев|Дорофеев|\
     Зуев|Калашников|Лапин|Панфилов|Рожков|Сазонов|Суханов|Третьяков|Уваров|Фадеев|Шарапов|\
     Широков|Шубин|Щукин|Яшин|Блинов|Веселов|Гордеев|Дьячков|Евдокимов|Жилин|Зимин|Игнатьев|\
     Кабанов|Лаптев|Мухин|Некрасов|Одинцов|Пестов|Рябов|Селезнев|Толстов|Ушаков|Хромов|Чистяков|\
     Шестаков|Юрьев|Якушев|Астахов|Булгаков|Вавилов|Глебов|Дроздов|Ершов|Зотов|Исаков|Карасев|\
     Ломакин|Мишин|Нефедов|Островский|Поздняков|Русаков|Стрельцов|Тютин|Ульянов|Фирсов|Хрусталев|\
     Черкасов|Шмелев|Щеглов|Арсеньев|Белкин|Вишняков|Горелов|Долгов|Ерофеев|Заботин|Ивашов|\
     Кольцов|Лужков|Маркин|Носов|Ожегов|Пирогов|Ремизов|Сычев|Токарев|Уткин|Фокин|Хлебников|\
     Чижов|Шаров|Юшков|Ярцев|Архаров|Бочаров|Ветров|Гладков|Дорохов|Жаров|Завьялов|Игнатов|\
     Кошелев|Лыков|Мясников|Никулин|Оленев|Пушков|Рогов|Самсонов|Теплов|Усов|Федосеев|Хабаров|\
     Чеботарев|Шатров|Щепкин|Ястребов|Садовский|Вишневский|Ковальский|Высоцкий|Покровский|\
     Успенский|Богословский|Преображенский|Рождественский|Яблонский|Бельский|Ольшанский",
);
/// Roots of rarer Russian surnames, composed with [`SURNAME_RU_END`] (Берез + ин → Березин).
static SURNAME_RU_ROOT: Pool = Pool::new(
    "Берез|Бел|Чер|Сух|Крас|Бор|Гор|Лес|Мороз|Снег|Камен|Звон|Глад|Дуб|Ряб|Сок|Пес|Шир|Тих|Кос|\
     Лип|Ольх|Туч|Вод|Медн|Серебр|Золот|Желез|Стрел|Коч|Корн|Полоз|Сол|Мак|Рож|Ков|Луг|Мох|Пол|\
     Руд|Свет|Сиз|Тал|Тер|Хмел|Чиж|Шум|Щег|Ясн|Бык|Волн|Грач|Дят|Ерш|Жар|Зар|Клен|Лаз|Мир|Нов|\
     Овс|Пан|Реп|Сав|Топ|Ух|Фил|Хар|Цыб|Чуд|Шал|Юр|Яр|Бах|Вер|Гуд|Дем|Ерм|Жел|Зуб|Кур|Лом|Мал|\
     Нест|Оч|Пух|Ром|Сыр|Тюр|Уш|Фом|Хох|Цар|Чек|Шиш|Щук|Аб|Бур|Гал",
);
/// Endings of composed Russian surnames (masculine).
static SURNAME_RU_END: Pool = Pool::new(
    "ов|ев|ин|ышев|енков|ский|анов|онов|ухин|ушкин|илов|ников|цов|ятин|унов|аков|иков|ихин",
);
/// Male first names with the patronymics they give: (name, patronymic -ich, patronymic -na).
static MALE_RU: Pool = Pool::new(
    "Александр:Александрович:Александровна|Сергей:Сергеевич:Сергеевна|Дмитрий:Дмитриевич:Дмитриевна|\
     Андрей:Андреевич:Андреевна|Алексей:Алексеевич:Алексеевна|Максим:Максимович:Максимовна|\
     Евгений:Евгеньевич:Евгеньевна|Владимир:Владимирович:Владимировна|Иван:Иванович:Ивановна|\
     Михаил:Михайлович:Михайловна|Николай:Николаевич:Николаевна|Игорь:Игоревич:Игоревна|\
     Юрий:Юрьевич:Юрьевна|Олег:Олегович:Олеговна|Павел:Павлович:Павловна|Виктор:Викторович:Викторовна|\
     Артем:Артемович:Артемовна|Роман:Романович:Романовна|Денис:Денисович:Денисовна|\
     Антон:Антонович:Антоновна|Анатолий:Анатольевич:Анатольевна|Вадим:Вадимович:Вадимовна|\
     Василий:Васильевич:Васильевна|Виталий:Витальевич:Витальевна|Валерий:Валерьевич:Валерьевна|\
     Геннадий:Геннадьевич:Геннадьевна|Григорий:Григорьевич:Григорьевна|Константин:Константинович:Константиновна|\
     Илья:Ильич:Ильинична|Кирилл:Кириллович:Кирилловна|Леонид:Леонидович:Леонидовна|\
     Петр:Петрович:Петровна|Станислав:Станиславович:Станиславовна|Вячеслав:Вячеславович:Вячеславовна|\
     Борис:Борисович:Борисовна|Георгий:Георгиевич:Георгиевна|Федор:Федорович:Федоровна|\
     Степан:Степанович:Степановна|Тимур:Тимурович:Тимуровна|Ярослав:Ярославович:Ярославовна|\
     Руслан:Русланович:Руслановна|Эдуард:Эдуардович:Эдуардовна|Аркадий:Аркадьевич:Аркадьевна|\
     Владислав:Владиславович:Владиславовна|Глеб:Глебович:Глебовна|Егор:Егорович:Егоровна|\
     Никита:Никитич:Никитична|Семен:Семенович:Семеновна|Тимофей:Тимофеевич:Тимофеевна|\
     Филипп:Филиппович:Филипповна|Лев:Львович:Львовна|\
     Марк:Маркович:Марковна|Матвей:Матвеевич:Матвеевна|Ростислав:Ростиславович:Ростиславовна",
);
/// Female first names.
static FEMALE_RU: Pool = Pool::new(
    "Елена|Ольга|Наталья|Татьяна|Ирина|Светлана|Анна|Мария|Екатерина|Юлия|Марина|Анастасия|\
     Галина|Людмила|Надежда|Оксана|Валентина|Евгения|Дарья|Алина|Виктория|Ксения|Полина|Вера|\
     Лариса|Любовь|Нина|Жанна|Инна|Кристина|Олеся|Софья|Алла|Маргарита|Тамара|Яна",
);
/// Chinese surnames (pinyin), the common ones first.
static SURNAME_CN: Pool = Pool::new(
    "Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou|Xu|Sun|Ma|Zhu|Hu|Guo|He|Gao|Lin|Luo|Zheng|\
     Liang|Xie|Song|Tang|Han|Feng|Deng|Cao|Peng|Zeng|Xiao|Tian|Dong|Pan|Yuan|Cai|Jiang|Yu|Du|Ye|\
     Cheng|Wei|Su|Lu|Ding|Ren|Shen|Yao|Jin|Fu|Zhong|Cui|Tan|Lu|Fan|Wan|Shi|Jia|Xia|Qin|Kong|\
     Bai|Qiu|Hou|Jiang|Shao|Mo|Meng|Long|Xiong|Wen|Lei|Qian|Yan|Dai|Hao|Kang|Mao|Qiao|Gu|Duan|\
     Hong|Lai|Wei|Ou|Tao|Fang|Zou|Xue|Yin|Gong|Ni|Chang|Niu|Geng",
);
/// Syllables of Chinese given names (pinyin).
static GIVEN_CN: Pool = Pool::new(
    "Wei|Fang|Min|Jing|Lei|Jun|Yan|Hui|Qiang|Li|Ming|Hua|Jian|Ping|Gang|Yong|Jie|Tao|Chao|Bin|\
     Hao|Yu|Xin|Lin|Hong|Mei|Xia|Juan|Ying|Feng|Bo|Ning|Kai|Peng|Rui|Tian|Zhi|Wen|Dong|Hai|Lan|\
     Yun|Qing|Shan|Guo|Cheng|Liang|Xiang|Zhen|Rong|Ting|Xue|Yi|Jia|Hong|Chun|Qiu|Song|Long|An|\
     De|Fu|Shu|Zhong|Kun|Xiu|Yue|Na|Lu|Jiao|Bao|Cai|Chen|Dan|Er|Fei|Gui|Han|Heng|Jin|Ju|Kang|\
     Le|Lian|Liu|Man|Miao|Nan|Pei|Qi|Quan|Ru|Sen|Sheng|Shun|Si|Tai|Tong|Wan|Wu|Xi|Xian|Xiao|\
     Xu|Yang|Yao|Ye|Yin|Yong|You|Yuan|Ze|Zhan|Zhao|Zhe|Zhu|Zi|Zong|Ao|Bi|Cong|Ding|Duo|Gen",
);
/// Turkish given names and surnames.
static GIVEN_TR: Pool = Pool::new(
    "Mehmet|Mustafa|Ahmet|Ali|Hüseyin|Hasan|İbrahim|Murat|Ömer|Yusuf|Emre|Burak|Serkan|Volkan|\
     Kemal|Osman|Fatih|Cem|Kaan|Can|Ayşe|Fatma|Emine|Zeynep|Elif|Meryem|Selin|Derya|Esra|Gül|\
     Tolga|Onur|Barış|Erkan|Sinan|Uğur|Levent|Halil|Recep|Orhan|Cengiz|Serdar|Tuncay|Gökhan|\
     Hakan|Berk|Deniz|Ebru|Aylin|Pınar",
);
static SURNAME_TR: Pool = Pool::new(
    "Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Yıldırım|Öztürk|Aydın|Özdemir|Arslan|Doğan|Kılıç|\
     Aslan|Çetin|Kara|Koç|Kurt|Özkan|Şimşek|Polat|Korkmaz|Özcan|Erdoğan|Kaplan|Tekin|Aktaş|\
     Güneş|Bulut|Keskin|Acar|Ünal|Aksoy|Tuncer|Uysal|Gür|Avcı|Eren|Sarı|Bozkurt|Yavuz|Turan",
);
/// Given names and family names of UAE traders' managers (Arab and South Asian).
static GIVEN_AE: Pool = Pool::new(
    "Mohammed|Ahmed|Ali|Omar|Khalid|Hassan|Yousef|Abdullah|Saeed|Rashid|Hamad|Faisal|Tariq|\
     Majid|Salem|Rahul|Amit|Suresh|Rajesh|Vikram|Sanjay|Anil|Imran|Farhan|Asif|Fatima|Aisha|\
     Mariam|Priya|Sara|Hamdan|Sultan|Obaid|Juma|Nasser|Waleed|Adel|Karim|Ibrahim|Mustafa|Zayed|\
     Saif|Ravi|Deepak|Manoj|Vijay|Arun|Kiran|Naveen|Pradeep|Sunil|Shahid|Bilal|Noor|Huda",
);
static SURNAME_AE: Pool = Pool::new(
    "Al Mansoori|Al Hashimi|Al Nuaimi|Al Shamsi|Al Mazrouei|Al Ketbi|Al Suwaidi|Al Falasi|\
     Al Marri|Al Zaabi|Al Qasimi|Al Rashidi|Haddad|Khoury|Nasser|Saleh|Hamdan|Sharma|Patel|\
     Gupta|Mehta|Nair|Menon|Iyer|Reddy|Khan|Siddiqui|Qureshi|Malik|Chaudhry|Kapoor|Varma|\
     Al Dhaheri|Al Muhairi|Al Ameri|Al Kaabi|Al Blooshi|Al Hammadi|Al Tayer|Al Ghurair|\
     Al Habtoor|Bin Sulayem|Darwish|Fakhro|Jaber|Kanoo|Mattar|Yousif|Agarwal|Bansal|Desai|\
     Joshi|Kulkarni|Pillai|Rao|Shetty|Sinha|Thakur|Verma|Ansari|Sheikh|Butt|Mirza|Hashmi",
);
/// Given names and family names for other countries' managers.
static GIVEN_WEST: Pool = Pool::new(
    "Thomas|Michael|Andreas|Stefan|Peter|Martin|Daniel|Markus|Christian|Jan|Marco|Luca|Paolo|\
     John|David|Robert|James|Mark|Anna|Julia|Maria|Sandra|Laura|Sofia|Emma|Hiroshi|Kenji|Takashi|\
     Min-jun|Ji-hoon|Arjun|Ravi|Nguyen|Somchai|Aziz|Rustam|Nurlan|Aram|Davit|Dragan|Jürgen|\
     Klaus|Frank|Tobias|Lukas|Matteo|Giorgio|Alessandro|William|Richard|Pekka|Mikko|Lars|Erik|\
     Yuki|Satoshi|Seo-yeon|Ji-woo|Vikram|Farrukh|Timur|Bakhtiyor|Armen|Gor|Nikola|Milan",
);
static SURNAME_WEST: Pool = Pool::new(
    "Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Hoffmann|Rossi|Russo|Ferrari|\
     Esposito|Bianchi|Smith|Johnson|Brown|Miller|Davis|Wilson|Jansen|de Vries|Virtanen|Korhonen|\
     Tanaka|Suzuki|Sato|Watanabe|Kim|Lee|Park|Choi|Singh|Kumar|Tran|Pham|Karimov|Tursunov|\
     Abdullaev|Nazarbekov|Petrosyan|Grigoryan|Jovanović|Petrović|Novak|Horvat|Larsen|Nielsen",
);
/// Syllables of composed surnames for other countries.
static SYL_WEST: Pool = Pool::new(
    "ber|man|hol|ster|lin|rod|vik|gar|mel|dor|ken|lar|wil|ric|ham|bran|cor|fal|gren|hart|kess|\
     lind|mor|nor|ros|sel|tor|wal|feld|stein|ford|ton|ley|bar|cam|del|fer|gal|lom|mar|nak|pet|\
     rad|sal|tam|var|zan|kor|bel|dan",
);
/// Russian cities, the largest first (picked with a skew).
static CITIES_RU: Pool = Pool::new(
    "г. Москва|г. Санкт-Петербург|г. Москва|г. Екатеринбург|г. Новосибирск|г. Казань|\
     г. Нижний Новгород|г. Челябинск|г. Самара|г. Москва|г. Ижевск|г. Тула|г. Омск|г. Ростов-на-Дону|\
     г. Уфа|г. Красноярск|г. Воронеж|г. Пермь|г. Волгоград|г. Краснодар|г. Саратов|г. Тюмень|\
     г. Тольятти|г. Барнаул|г. Ульяновск|г. Иркутск|г. Хабаровск|г. Ярославль|г. Владивосток|\
     г. Томск|г. Оренбург|г. Кемерово|г. Рязань|г. Набережные Челны|г. Пенза|г. Липецк|г. Киров|\
     г. Калуга|г. Брянск|г. Смоленск|г. Тверь|г. Владимир|г. Курск|г. Иваново|г. Белгород|\
     г. Зеленоград|г. Химки|г. Подольск|г. Королев|г. Мытищи|г. Балашиха|г. Люберцы",
);
/// Russian street names with their type.
static STREETS_RU: Pool = Pool::new(
    "ул. Ленина|ул. Промышленная|пр-т Мира|ул. Садовая|Варшавское ш.|ул. Заводская|ул. Новая|\
     Ленинградский пр-т|ул. Советская|ул. Гагарина|ул. Кирова|ул. Пушкина|ул. Московская|\
     ул. Октябрьская|ул. Победы|ул. Строителей|ул. Молодежная|ул. Лесная|ул. Школьная|\
     ул. Центральная|ул. Набережная|ул. Комсомольская|ул. Первомайская|ул. Маяковского|\
     ул. Чкалова|ул. Горького|ул. Карла Маркса|ул. Свердлова|ул. Луначарского|ул. Энгельса|\
     ул. Мичурина|ул. Фрунзе|ул. Дзержинского|ул. Куйбышева|ул. Калинина|ул. Суворова|\
     ул. Кутузова|ул. Льва Толстого|ул. Чехова|ул. Лермонтова|ул. Некрасова|ул. Вокзальная|\
     ул. Полевая|ул. Речная|ул. Солнечная|ул. Северная|ул. Южная|ул. Индустриальная|\
     ул. Энтузиастов|ул. Транспортная|ул. Складская|ул. Электрозаводская|ул. Авиамоторная|\
     ул. Космонавтов|пр-т Ленина|пр-т Победы|пр-т Космонавтов|Каширское ш.|Дмитровское ш.|\
     Шоссе Энтузиастов|Волгоградский пр-т|пр-т Вернадского|Кутузовский пр-т|Рязанский пр-т|\
     ул. Обручева|ул. Профсоюзная|ул. Большая Семеновская|пер. Складской|пер. Почтовый|\
     проезд Завода Серп и Молот|наб. Обводного канала|ул. Маршала Жукова|ул. 8 Марта|\
     ул. 1-я Заводская|ул. 2-я Промышленная|ул. Трудовая|ул. Механизаторов|ул. Автозаводская",
);
/// Chinese cities, the trading centres first.
static CITIES_CN: Pool = Pool::new(
    "Shenzhen|Guangzhou|Dongguan|Shanghai|Ningbo|Xiamen|Suzhou|Beijing|Shenzhen|Hangzhou|\
     Foshan|Zhongshan|Huizhou|Wuxi|Changzhou|Nanjing|Qingdao|Tianjin|Dalian|Chengdu|Chongqing|\
     Wuhan|Xi'an|Hefei|Fuzhou|Yiwu|Zhuhai|Jiangmen|Kunshan|Harbin|Urumqi|Shenyang",
);
/// Chinese road names.
static ROADS_CN: Pool = Pool::new(
    "Industrial Road|Keji Road|Huaqiang North Road|Shennan Avenue|Binhe Road|Xinsha Road|\
     Jianshe Road|Renmin Road|Zhongshan Road|Jiefang Road|Hongqi Road|Gongye Avenue|\
     Chuangye Road|Huanshi Road|Kaifa Avenue|Gaoxin South Road|Xueyuan Road|Changjiang Road|\
     Huanghe Road|Yingbin Avenue|Dongfeng Road|Xingfu Road|Heping Road|Wenhua Road|Tiyu Road|\
     Baoan Avenue|Longgang Avenue|Songbai Road|Meilong Road|Hengfeng Industrial Road|\
     Fuyong Avenue|Shajing Road|Xixiang Avenue|Jihua Road|Bantian Road|Guanlan Avenue|\
     Dalang Road|Tangxia Avenue|Changan Road|Huangjiang Avenue|Nanhai Avenue|Lianhua Road|\
     Shuguang Road|Jinqiao Road|Zhangjiang Road|Caohejing Road|Pudong Avenue|Xinhua Road",
);
/// Hong Kong streets with their districts.
static STREETS_HK: Pool = Pool::new(
    "Bonham Strand, Sheung Wan|Nathan Road, Tsim Sha Tsui|Nathan Road, Mong Kok|\
     Queen's Road Central, Central|Hennessy Road, Wan Chai|Des Voeux Road Central, Central|\
     Des Voeux Road West, Sheung Wan|Connaught Road Central, Central|Lockhart Road, Wan Chai|\
     Jaffe Road, Wan Chai|Gloucester Road, Wan Chai|King's Road, North Point|\
     Hoi Bun Road, Kwun Tong|How Ming Street, Kwun Tong|Hung To Road, Kwun Tong|\
     Wai Yip Street, Kwun Tong|Tai Yau Street, San Po Kong|Cheung Sha Wan Road, Cheung Sha Wan|\
     Castle Peak Road, Kwai Chung|Kwai Fung Crescent, Kwai Chung|Tai Lin Pai Road, Kwai Chung|\
     Sha Tsui Road, Tsuen Wan|Yeung Uk Road, Tsuen Wan|On Lok Mun Street, Fanling|\
     Canton Road, Tsim Sha Tsui|Austin Road, Jordan|Mody Road, Tsim Sha Tsui East|\
     Chatham Road South, Tsim Sha Tsui|Argyle Street, Mong Kok|Sai Yeung Choi Street, Mong Kok|\
     Wing Lok Street, Sheung Wan|Jervois Street, Sheung Wan|Wellington Street, Central|\
     Electric Road, Fortress Hill|Java Road, North Point|Shing Yip Street, Kwun Tong|\
     Lai Chi Kok Road, Sham Shui Po|Un Chau Street, Sham Shui Po|Kwai Cheong Road, Kwai Chung",
);
/// Turkish neighbourhoods (mahalle) and streets.
static MAHALLE_TR: Pool = Pool::new(
    "Cumhuriyet|Atatürk|Fatih|Yenimahalle|Merkez|Bahçelievler|Gülbahar|Esentepe|Mecidiyeköy|\
     Barbaros|Kozyatağı|İçerenköy|Yenidoğan|Kazım Karabekir|Mimar Sinan|Yavuz Selim|Gazi|\
     Hürriyet|İstiklal|Zafer|Sanayi|Organize Sanayi|İkitelli|Güneşli|Çobançeşme|Şirinevler",
);
static STREETS_TR: Pool = Pool::new(
    "Gül|Lale|Menekşe|Papatya|Çınar|Akasya|Meşe|Zambak|Karanfil|Nergis|Orkide|Sedir|Ihlamur|\
     Kavak|Söğüt|Çamlık|Deniz|Yıldız|Güneş|Bahar|Yeşil|Doğan|Kartal|Şahin|Atlas|Anadolu|Ege|\
     Marmara|Toros|Bozkurt",
);
/// Turkish districts with their city.
static DISTRICTS_TR: Pool = Pool::new(
    "Şişli/İstanbul|Beşiktaş/İstanbul|Kadıköy/İstanbul|Ataşehir/İstanbul|Bağcılar/İstanbul|\
     Esenyurt/İstanbul|Beylikdüzü/İstanbul|Ümraniye/İstanbul|Zeytinburnu/İstanbul|\
     Bakırköy/İstanbul|Başakşehir/İstanbul|Küçükçekmece/İstanbul|Pendik/İstanbul|Tuzla/İstanbul|\
     Fatih/İstanbul|Beyoğlu/İstanbul|Kağıthane/İstanbul|Sarıyer/İstanbul|Maltepe/İstanbul|\
     Avcılar/İstanbul|Çankaya/Ankara|Yenimahalle/Ankara|Konak/İzmir|Bornova/İzmir|\
     Nilüfer/Bursa|Osmangazi/Bursa|Mezitli/Mersin|Gebze/Kocaeli|Seyhan/Adana|Kepez/Antalya",
);
/// Street words for other countries' addresses.
static STREETS_WORLD: Pool = Pool::new(
    "Main|Station|Market|Harbour|Industrial|Park|Lake|River|Hill|Church|Mill|Bridge|King|Queen|\
     Garden|Commerce|Trade|Airport|Technology|Science|Victoria|Central|North|South|East|West|\
     Oak|Maple|Cedar|Pine|Elm|Union|Liberty|Independence|Republic|Friendship|Silk|Pearl|Lotus|Palm",
);

/// A Russian trade name (the part between the quotes): 2–4 syllables or a common word, with
/// optional descriptive stems (Техно-, -трейд), a second part (-сервис) or a city adjective.
fn trade_name_ru(rng: &mut Rng) -> String {
    let mut core = if rng.chance(0.07) {
        COMMON_RU.pick_skewed(rng, 0.5).to_string()
    } else {
        let n = match rng.below(20) {
            0..=4 => 2,
            5..=15 => 3,
            _ => 4,
        };
        let mut w = String::new();
        for _ in 0..n {
            w.push_str(SYL_RU.pick(rng));
        }
        capitalise(&w)
    };
    if rng.chance(0.2) {
        core = format!("{}{}", STEM_RU.pick(rng), core.to_lowercase());
    }
    match rng.below(10) {
        0..=1 => core = format!("{core}-{}", capitalise(TAIL_RU.pick(rng))),
        2 => core.push_str(TAIL_RU.pick(rng)),
        _ => {}
    }
    if rng.chance(0.06) {
        core = format!("{} {core}", CITY_ADJ_RU.pick(rng));
    }
    core
}

/// A Latin trade name of `2..=max` syllables, upper case.
fn trade_name_lat(rng: &mut Rng, syl: &Pool, max: usize) -> String {
    let n = if max > 2 && rng.chance(0.25) { 3 } else { 2 };
    let mut w = String::new();
    for _ in 0..n.min(max) {
        w.push_str(syl.pick(rng));
    }
    w.to_uppercase()
}

/// A company name in the style of its country.
pub fn company_name(rng: &mut Rng, country: &str) -> String {
    match country {
        "RU" => {
            let core = trade_name_ru(rng);
            let form = *rng.pick(&["ООО", "ООО", "ООО", "АО", "ООО ТД"]);
            format!("{form} «{core}»")
        }
        "CN" => {
            let w = trade_name_lat(rng, &SYL_LAT, 3);
            let city = CITIES_CN.pick(rng).to_uppercase();
            let kind = rng.pick(&[
                "ELECTRONICS",
                "TECHNOLOGY",
                "TRADING",
                "INDUSTRIAL",
                "IMPORT AND EXPORT",
                "MACHINERY",
                "ELECTRONIC TECHNOLOGY",
                "INTELLIGENT TECHNOLOGY",
                "SUPPLY CHAIN MANAGEMENT",
                "PRECISION MACHINERY",
                "AUTOMATION EQUIPMENT",
                "INTERNATIONAL TRADE",
                "NEW MATERIALS",
                "INSTRUMENT",
            ]);
            format!("{city} {w} {kind} CO., LTD")
        }
        "HK" => {
            let w = trade_name_lat(rng, &SYL_LAT, 3);
            let w = if rng.chance(0.3) {
                format!("{} {w}", WORD_LAT.pick(rng))
            } else {
                w
            };
            let kind = rng.pick(&[
                "TRADING",
                "TECHNOLOGY",
                "ELECTRONICS",
                "INTERNATIONAL",
                "SUPPLY CHAIN",
                "INDUSTRIAL",
                "COMPONENTS",
                "HOLDINGS",
                "ELECTRONIC TECHNOLOGY",
                "INTERNATIONAL TRADING",
                "SEMICONDUCTOR",
                "LOGISTICS",
            ]);
            let hk = if rng.chance(0.2) { " (HK)" } else { "" };
            format!("{w} {kind}{hk} LIMITED")
        }
        "TR" => {
            let w = trade_name_lat(rng, &SYL_TR, 3);
            let sector = rng.pick(&[
                "",
                "",
                "ELEKTRONIK ",
                "MAKINA ",
                "TEKNOLOJI ",
                "KIMYA ",
                "OTOMOTIV ",
                "ENERJI ",
                "LOJISTIK ",
                "ENDUSTRIYEL ",
            ]);
            format!("{w} {sector}DIS TICARET LTD STI")
        }
        "AE" => {
            let w = trade_name_lat(rng, &SYL_LAT, 3);
            let w = if rng.chance(0.4) {
                format!("{} {w}", WORD_LAT.pick(rng))
            } else {
                w
            };
            let kind = rng.pick(&[
                "GENERAL TRADING",
                "GENERAL TRADING",
                "ELECTRONICS TRADING",
                "INDUSTRIAL EQUIPMENT TRADING",
                "TECHNOLOGIES",
                "COMPUTER TRADING",
                "SPARE PARTS TRADING",
            ]);
            let form = rng.pick(&["FZE", "FZE", "FZCO", "L.L.C", "DMCC"]);
            format!("{w} {kind} {form}")
        }
        "KZ" => format!("ТОО «{}»", trade_name_ru(rng)),
        "KG" => format!("ОсОО «{}»", trade_name_ru(rng)),
        "AM" | "UZ" => format!("{} LLC", trade_name_lat(rng, &SYL_LAT, 3)),
        "DE" => format!(
            "{} GmbH",
            capitalise(&trade_name_lat(rng, &SYL_LAT, 3).to_lowercase())
        ),
        "US" => format!(
            "{} Inc.",
            capitalise(&trade_name_lat(rng, &SYL_LAT, 3).to_lowercase())
        ),
        "JP" => format!(
            "{} Co., Ltd.",
            capitalise(&trade_name_lat(rng, &SYL_LAT, 3).to_lowercase())
        ),
        _ => format!("{} LTD", trade_name_lat(rng, &SYL_LAT, 3)),
    }
}

/// A defence-industry end user name (generated, not real).
pub fn defence_name(rng: &mut Rng) -> String {
    let w = capitalise(&format!("{}{}", rng.pick(SYL_RU_V1), rng.pick(SYL_RU_V1)));
    let kind = rng.pick(&[
        "АО «НПП «{}»",
        "АО «Завод «{}»",
        "АО «Концерн «{}»",
        "ПАО «НПО «{}»",
        "АО «ОКБ «{}»",
    ]);
    kind.replace("{}", &w) + "»"
}

/// The first 30 syllables of [`SYL_RU`], which defence names draw from (kept so that a seed's
/// end users keep their names).
const SYL_RU_V1: &[&str] = &[
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

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A building number skewed towards small numbers (most streets are short).
fn building(rng: &mut Rng, max: usize) -> usize {
    1 + rng.below(max).min(rng.below(max))
}

/// A street address in the style of its country.
pub fn address(rng: &mut Rng, country: &str) -> String {
    match country {
        "RU" => {
            let city = CITIES_RU.pick_skewed(rng, 0.5);
            let street = STREETS_RU.pick(rng);
            let house = building(rng, 150);
            let block = match rng.below(10) {
                0 => format!(", корп. {}", 1 + rng.below(6)),
                1 => format!(", стр. {}", 1 + rng.below(12)),
                _ => String::new(),
            };
            let room = if rng.chance(0.7) {
                format!("офис {}", 1 + rng.below(500))
            } else {
                format!("пом. {}", 1 + rng.below(60))
            };
            format!("{city}, {street}, д. {house}{block}, {room}")
        }
        "CN" => format!(
            "Room {}{:02}, No. {} {}, {}",
            1 + rng.below(30),
            1 + rng.below(30),
            building(rng, 500),
            ROADS_CN.pick(rng),
            CITIES_CN.pick(rng)
        ),
        "HK" => format!(
            "Unit {}, {}/F, {} {}, Hong Kong",
            rng.pick(&["A", "B", "C", "D", "E", "F", "G", "H", "1", "2", "3", "5", "6", "8"]),
            2 + rng.below(38),
            building(rng, 300),
            STREETS_HK.pick(rng)
        ),
        "AE" => match rng.below(10) {
            0..=2 => format!(
                "Office {}, LOB {}, Jebel Ali Free Zone, Dubai",
                101 + rng.below(1800),
                1 + rng.below(21)
            ),
            3..=4 => format!(
                "Unit {}-{:02}, {} Tower, Cluster {}, Jumeirah Lakes Towers, DMCC, Dubai",
                1 + rng.below(45),
                1 + rng.below(40),
                rng.pick(&[
                    "Gold",
                    "Silver",
                    "Platinum",
                    "Jumeirah Bay",
                    "Mazaya",
                    "HDS",
                    "Fortune",
                    "Indigo",
                    "Saba",
                    "Lake Plaza",
                    "Armada",
                    "Reef",
                    "Swiss",
                    "Almas",
                ]),
                char::from(b'A' + rng.below(26) as u8)
            ),
            5 => format!(
                "Office {}, Building {}{}, Dubai Airport Free Zone, Dubai",
                101 + rng.below(700),
                rng.pick(&["5", "6", "7", "E", "W", "A", "B"]),
                rng.pick(&["A", "B", "C", "E", "W", ""])
            ),
            6 => format!(
                "Executive Desk Q1-{:02}-{:03}/{}, SAIF Zone, Sharjah",
                1 + rng.below(9),
                1 + rng.below(150),
                rng.pick(&["A", "B", "C", "D"])
            ),
            7 => format!(
                "Office {}, Block {}, Hamriyah Free Zone, Sharjah",
                1 + rng.below(400),
                rng.pick(&["A", "B", "C", "D", "E", "F"])
            ),
            8 => format!(
                "Office {}, {}, Dubai",
                101 + rng.below(1500),
                rng.pick(&[
                    "Al Maktoum Road, Deira",
                    "Al Rigga Road, Deira",
                    "Baniyas Road, Deira",
                    "Al Qusais Industrial Area 2",
                    "Business Bay",
                    "Dubai Silicon Oasis",
                    "Al Muteena Street, Deira",
                    "Sheikh Zayed Road",
                ])
            ),
            _ => format!(
                "Office {}, {}",
                1 + rng.below(900),
                rng.pick(&[
                    "Ajman Free Zone, Ajman",
                    "RAKEZ Business Zone, Ras Al Khaimah",
                    "Fujairah Free Zone, Fujairah",
                    "Umm Al Quwain Free Trade Zone, Umm Al Quwain",
                    "Sharjah Publishing City Free Zone, Sharjah",
                ])
            ),
        },
        "TR" => format!(
            "{} Mah. {} Sok. No:{} D:{}, {}",
            MAHALLE_TR.pick(rng),
            STREETS_TR.pick(rng),
            building(rng, 120),
            1 + rng.below(30),
            DISTRICTS_TR.pick_skewed(rng, 0.4)
        ),
        _ => {
            let suite = if rng.chance(0.4) {
                format!(", Unit {}", 1 + rng.below(60))
            } else {
                String::new()
            };
            format!(
                "{} {} {}{suite}, {}",
                building(rng, 999),
                STREETS_WORLD.pick(rng),
                rng.pick(&["Street", "Road", "Avenue", "Boulevard", "Lane"]),
                country
            )
        }
    }
}

/// A person's full name in the style of the country: Russian surname, given name and
/// patronymic (`Иванов Сергей Петрович`); Chinese surname and one- or two-syllable given name
/// (`Zhang Jianhua`); Turkish, Gulf and other given name and surname.
pub fn person(rng: &mut Rng, country: &str) -> String {
    match country {
        "RU" | "KZ" | "KG" | "BY" => {
            let composed;
            let surname = if rng.chance(0.5) {
                composed = format!("{}{}", SURNAME_RU_ROOT.pick(rng), SURNAME_RU_END.pick(rng));
                composed.as_str()
            } else {
                SURNAME_RU.pick_skewed(rng, 0.15)
            };
            let father = MALE_RU.pick(rng);
            let mut parts = father.split(':');
            let (_, ich, na) = (parts.next(), parts.next(), parts.next());
            if rng.chance(0.72) {
                let first = MALE_RU
                    .pick_skewed(rng, 0.5)
                    .split(':')
                    .next()
                    .unwrap_or("");
                format!("{surname} {first} {}", ich.unwrap_or(""))
            } else {
                let first = FEMALE_RU.pick_skewed(rng, 0.15);
                format!("{} {first} {}", feminine(surname), na.unwrap_or(""))
            }
        }
        "TR" => {
            let given = GIVEN_TR.pick(rng);
            if rng.chance(0.1) {
                format!("{given} {}", SURNAME_TR.pick(rng))
            } else {
                let root = capitalise(&format!("{}{}", SYL_TR.pick(rng), SYL_TR.pick(rng)));
                let end = rng.pick(&["oğlu", "er", "can", "soy", "türk", "han", "kan", "öz"]);
                format!("{given} {root}{end}")
            }
        }
        // Given name, father's given name, family name (Mohammed Saeed Al Mansoori; Rahul
        // Kumar Sharma).
        "AE" if rng.chance(0.75) => format!(
            "{} {} {}",
            GIVEN_AE.pick(rng),
            GIVEN_AE.pick(rng),
            SURNAME_AE.pick(rng)
        ),
        "AE" => person(rng, "RU"),
        "CN" | "HK" | "TW" | "SG" | "MY" => {
            let surname = SURNAME_CN.pick_skewed(rng, 0.3);
            let g1 = GIVEN_CN.pick(rng);
            if rng.chance(0.9) {
                format!("{surname} {g1}{}", GIVEN_CN.pick(rng).to_lowercase())
            } else {
                format!("{surname} {g1}")
            }
        }
        _ => {
            let given = GIVEN_WEST.pick(rng);
            if rng.chance(0.1) {
                format!("{given} {}", SURNAME_WEST.pick(rng))
            } else {
                let root = capitalise(&format!("{}{}", SYL_WEST.pick(rng), SYL_WEST.pick(rng)));
                let end = rng.pick(&[
                    "er", "mann", "son", "sen", "ini", "elli", "ez", "ström", "berg", "ov", "ić",
                    "escu", "ides", "ovic", "ar", "a", "o", "ek", "i", "uk",
                ]);
                format!("{given} {root}{end}")
            }
        }
    }
}

/// The feminine form of a Russian surname (Иванов → Иванова, Островский → Островская;
/// -енко stays).
fn feminine(surname: &str) -> String {
    if let Some(stem) = surname.strip_suffix("ий") {
        format!("{stem}ая")
    } else if surname.ends_with("ов") || surname.ends_with("ев") || surname.ends_with("ин") {
        format!("{surname}а")
    } else {
        surname.to_string()
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
    let text = std::fs::read(path).map_err(|e| crate::ScenarioError::io(path, e))?;
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
        for _ in 0..200 {
            let p = person(&mut rng, "RU");
            let parts: Vec<&str> = p.split(' ').collect();
            assert_eq!(parts.len(), 3, "{p}");
            assert!(
                ["вич", "вна", "ич", "ична"]
                    .iter()
                    .any(|e| parts[2].ends_with(e)),
                "{p}"
            );
        }
    }
}
