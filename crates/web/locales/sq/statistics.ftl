# Statistikat për institucionet përgjegjëse dhe përmbledhja vjetore. Shqip.
# Mbaji çelësat njësoj me en/statistics.ftl (një test kontrollon që të dy skedarët kanë të njëjtët çelësa).

stats-title = Statistika
stats-lead = Shifra të anonimizuara për një periudhë. Çdo numër nga 1 deri në { $threshold } minus një shfaqet si "<{ $threshold }", dhe numra të tjerë fshihen ("–") kur prej tyre mund të nxirrej një numër i fshehur. Asnjë tabelë nuk emërton një fëmijë dhe tabelat nuk mund të kombinohen për ta identifikuar.
stats-period = Periudha
stats-period-hint = (muaj, tremujorë dhe vite të plotë që kanë mbaruar)
stats-period-months = Muaj
stats-period-quarters = Tremujorë
stats-period-years = Vite
stats-whole-period-note = Në një tremujor ose në një vit një shifër fshihet ("–") kudo ku e fsheh një nga muajt e tij, që asnjë numër i fshehur i një muaji të mos nxirret nga periudha më e gjatë.
stats-budget = Publikim me privatësi diferenciale për këtë periudhë: janë shpenzuar ε { $spent } nga { $total }, mbeten { $left }.
stats-public-link = Publikimi publik (JSON)
stats-threshold = Numri më i vogël që shfaqet
stats-show = Shfaq
stats-summary-link = Përmbledhja vjetore (një faqe, HTML ose PDF)
stats-csv = Shkarko si CSV
stats-json = JSON
stats-total = Gjithsej
stats-reports = Raportime
stats-municipality = Bashkia
stats-county = Qarku
stats-not-stated = Vendi nuk është dhënë

stats-table-month-category = Raportimet sipas muajit dhe llojit të dëmit
stats-table-county-age = Raportimet sipas qarkut dhe moshës
stats-table-municipality = Raportimet sipas bashkisë
stats-table-reporter-age = Raportimet sipas personit që raportoi dhe moshës
stats-table-timing = Koha nga raportimi deri te përgjigjja e parë dhe deri te mbështetja e parë
stats-table-referrals = Referimet sipas organizatës marrëse dhe gjendjes së tyre
stats-table-items-month-verdict = Lidhjet e raportuara sipas muajit dhe vlerësimit
stats-table-items-content-verdict = Lidhjet e vlerësuara sipas përmbajtjes dhe vlerësimit
stats-table-items-age-verdict = Materiali i paligjshëm sipas moshës së dukshme
stats-table-items-site-verdict = Lidhjet e vlerësuara sipas llojit të faqes
stats-table-items-other-harm = Lidhjet jo të paligjshme, sipas asaj që janë
stats-table-items-country-verdict = Lidhjet e raportuara sipas vendit ku strehohen
stats-table-items-removal = Materiali i paligjshëm sipas kohës nga raportimi i parë deri në heqje
stats-items = Lidhje
stats-items-not-assessed = Ende pa u vlerësuar
stats-items-not-checked = Ende pa u kontrolluar
stats-removal-within-3-days = Brenda 3 ditëve
stats-removal-within-7-days = Në 4 deri në 7 ditë
stats-removal-later = Më vonë
stats-removal-not-removed = Ende pa u hequr
stats-items-removed-share = Hequr brenda 3 ditëve: { $three }%; brenda 7 ditëve: { $seven }%.
stats-table-outcomes = Raportimet sipas rezultatit

stats-category-grooming = Joshje për qëllime seksuale (grooming)
stats-category-sexual-extortion = Shantazh seksual
stats-category-images-shared = Shpërndarje e imazheve private
stats-category-abuse-material-seen = Material i abuzimit seksual të fëmijëve i parë
stats-category-live-streaming = Abuzim i transmetuar drejtpërdrejt
stats-category-unwanted-content = Përmbajtje seksuale e padëshiruar
stats-category-harassment = Ngacmim seksual
stats-category-other = Tjetër

stats-age-under-13 = Nën 13 vjeç
stats-age-13-15 = 13–15 vjeç
stats-age-16-17 = 16–17 vjeç
stats-age-adult-before-18 = Person i rritur, për ngjarje në fëmijëri
stats-age-unknown = Nuk dihet

stats-reporter-self = Vetë fëmija ose personi i ri
stats-reporter-on-behalf = Dikush në emër të një fëmije
stats-reporter-professional = Një profesionist

stats-timing-first-answer = Përgjigjja e parë drejtuar fëmijës
stats-timing-first-support = Mbështetja e parë e marrë
stats-bucket-same-day = Në të njëjtën ditë
stats-bucket-1-3-days = 1–3 ditë
stats-bucket-4-7-days = 4–7 ditë
stats-bucket-8-30-days = 8–30 ditë
stats-bucket-over-30-days = Mbi 30 ditë
stats-bucket-not-yet = Ende jo

stats-org-police = Policia
stats-org-prosecution = Prokuroria
stats-org-cpu = Njësia për Mbrojtjen e Fëmijës
stats-org-service = Shërbim mbështetës
stats-org-barnahus = Barnahus

stats-services-title = Shërbimet dhe ku mungojnë
stats-services-hint = Shërbimet që takohen personalisht në regjistër, sipas bashkisë (informacion publik, numrat nuk fshihen).
stats-coverage-title = Bashkitë pa asnjë shërbim të këtij lloji që takohet personalisht brenda 30 km

stats-error-invalid-period = Jepni një muaj (2026-11), një tremujor (2026-Q4) ose një vit (2026).
stats-error-epsilon = Buxheti i privatësisë ε duhet të jetë nga 0,1 deri në 1.
stats-error-day-range = Statistikat publikohen vetëm për muaj, tremujorë dhe vite të plotë, kurrë për një varg ditësh: jepni period=2026-11, 2026-Q4 ose 2026.
stats-error-period-not-ended = Publikohen vetëm periudhat që kanë mbaruar. Zgjidhni një muaj, tremujor ose vit më të hershëm.
error-stats-day-range = Statistikat publikohen vetëm për muaj, tremujorë dhe vite të plotë, kurrë për një varg ditësh.
error-stats-invalid-period = Zgjidhni një muaj (2026-11), një tremujor (2026-Q4) ose një vit (2026).
error-stats-period-not-ended = Publikohen vetëm periudhat që kanë mbaruar. Zgjidhni një muaj, tremujor ose vit më të hershëm.
error-privacy-budget-spent = Ky publikim do të shpenzonte më shumë buxhet privatësie se sa ka mbetur për muajt e tij: janë shpenzuar ε { $spent } nga { $total }, mbeten { $left }. Kërkoni një ε më të vogël, ose përsëritni një kërkesë të mëparshme (i njëjti publikim nuk kushton asgjë).
stats-noise-note = Çdo numri i shtohet zhurmë e rastësishme (Laplace, buxheti i privatësisë ε = { $epsilon } për këtë tabelë), dhe më pas numrat e vegjël fshihen.
stats-public-method = Publikim me privatësi diferenciale: buxheti i privatësisë ε = { $epsilon } i shpenzuar për çdo muaj të periudhës, i ndarë në mënyrë të barabartë ndërmjet tabelave; e njëjta kërkesë merr gjithmonë të njëjtat shifra; çdo raportim numërohet një herë në secilën tabelë. Numrat përmbajnë zhurmë, janë të rrumbullakosur dhe kurrë nën 0; gjithashtu, numrat e vegjël fshihen.

stats-summary-title = Zëri: përmbledhje për { $period }
stats-summary-reports = Raportime të marra: { $count }
stats-summary-note = Të anonimizuara: numrat nën { $threshold } shfaqen si "<{ $threshold }", dhe numra të tjerë fshihen kur është e nevojshme, që asnjë fëmijë të mos mund të identifikohet.
stats-summary-pdf = Shkarko si PDF
