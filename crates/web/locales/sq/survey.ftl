# Pyetësori për punonjësit e vijës së parë: faqet e administratorëve, formulari publik,
# rezultatet. Shqip. Mbaji çelësat njësoj me en/survey.ftl (një test e kontrollon).

## Administratorët dhe statisticienët
survey-admin-title = Pyetësorët
survey-admin-hint = Pyetësorë anonimë për punonjësit e vijës së parë: punonjës socialë, psikologë, punonjës për mbrojtjen e fëmijës, policë, mësues, punonjës të shëndetësisë. Rezultatet tregojnë përqindjet me numrin e atyre që u përgjigjën (n); numrat nën pragun nuk shfaqen.
survey-create-template = Pyetësor i ri sipas modelit për punonjësit e vijës së parë
survey-create-blank = Pyetësor i ri bosh
survey-template-hint = Modeli bën llojet e pyetjeve të pyetësorit të vijës së parë të Voices of Survivors: sektori, sa e njohin njerëzit shfrytëzimin seksual të fëmijëve në internet, pengesat për të treguar, shërbimet në dispozicion, dëmshpërblimi, trajnimi dhe sugjerimet. Mund të ndryshoni gjithçka para se ta hapni.
survey-none = Ende nuk ka pyetësorë.
survey-blank-title = Pyetësor i ri
survey-col-title = Pyetësori
survey-col-status = Gjendja
survey-col-responses = Përgjigje
survey-col-created = Krijuar më
survey-col-results = Rezultatet
survey-results = Rezultatet
survey-status-draft = draft (i papublikuar)
survey-status-open = i hapur (pranon përgjigje)
survey-status-closed = i mbyllur
survey-responses-count = { $count ->
    [one] 1 përgjigje
   *[other] { $count } përgjigje
}
survey-draft-hint = Ky është draft: askush nuk mund t'i përgjigjet ende. Kontrolloni pyetjet në të dyja gjuhët, pastaj hapeni për të marrë lidhjen.
survey-link-hint = Lidhja e pyetësorit (dërgojuani punonjësve të vijës së parë; kushdo që ka lidhjen mund të përgjigjet, pa llogari):
survey-frozen-hint = Pyetjet nuk mund të ndryshojnë më, që çdo përgjigje të ruajë kuptimin e saj. Mbylleni pyetësorin kur të keni mjaftueshëm përgjigje.
survey-open = Hape pyetësorin
survey-close = Mbylle pyetësorin
survey-reopen = Hape përsëri
survey-delete = Fshije draftin
survey-delete-confirm = Po, fshije këtë draft me pyetjet e tij
survey-preview = Parapamje
survey-back-to-survey = Kthehu te pyetësori
survey-cannot-open = Pyetësori nuk mund të hapet ende
survey-head-title = Titulli, hyrja dhe pragu
survey-threshold-hint = Numrat nën këtë vlerë nuk shfaqen kurrë. Të paktën 5; mund ta rrisni, jo ta ulni.
survey-save = Ruaj
survey-questions = Pyetjet
survey-no-questions = Ende nuk ka pyetje. Shtoni të parën më poshtë.
survey-question-n = Pyetja { $n }
survey-required = e detyrueshme
survey-optional = me zgjedhje
survey-exclusive = (përjashton të tjerat)
survey-move-up = Lart
survey-move-down = Poshtë
survey-remove = Hiqe
survey-edit-question = Ndrysho këtë pyetje
survey-add-question = Shto një pyetje
survey-options-hint = Një mundësi në çdo rresht, rreshtat shqip dhe anglisht në të njëjtën radhë. Shkalla e vlerësimit ka saktësisht 5 rreshta: emërtimet e pikëve 1 deri në 5. Teksti i lirë nuk ka mundësi.
survey-field-kind = Lloji i pyetjes
survey-field-prompt-sq = Pyetja (shqip)
survey-field-prompt-en = Pyetja (anglisht)
survey-field-hint-sq = Shpjegim (shqip, me zgjedhje)
survey-field-hint-en = Shpjegim (anglisht, me zgjedhje)
survey-field-options-sq = Mundësitë (shqip)
survey-field-options-en = Mundësitë (anglisht)
survey-field-required = Përgjigjja është e detyrueshme
survey-field-last-exclusive = Mundësia e fundit (p.sh. “Asnjë nga këto”) përjashton të tjerat (zgjedhje e shumëfishtë)
survey-field-title-sq = Titulli (shqip)
survey-field-title-en = Titulli (anglisht)
survey-field-intro-sq = Hyrja (shqip)
survey-field-intro-en = Hyrja (anglisht)
survey-field-threshold = Numri më i vogël që shfaqet
survey-field-questions = Pyetjet
survey-field-id = Identifikuesi i pyetjes
survey-kind-single = Një zgjedhje
survey-kind-multiple = Disa zgjedhje
survey-kind-rating = Vlerësim nga 1 deri në 5
survey-kind-text = Tekst i lirë

## Rezultatet
survey-results-hint = Përqindjet llogariten mbi ata që iu përgjigjën secilës pyetje (n). Numrat nën { $threshold } shfaqen si “<{ $threshold }”; kur duhet, fshihet edhe një numër tjetër (“–”), që numri i vogël të mos nxirret dot nga n dhe të tjerët.
survey-download-csv = Shkarko rezultatet (CSV)
survey-threshold-raise = Rriteni për të fshehur më shumë; nuk mund të jetë më i ulët se pragu i pyetësorit.
survey-apply = Shfaq
survey-too-few = Kësaj pyetjeje iu përgjigjën më pak se { $threshold } veta: nuk shfaqet asgjë.
survey-n = n = { $n } (ata që iu përgjigjën kësaj pyetjeje)
survey-col-option = Përgjigjja
survey-col-count = Numri
survey-col-share = Pjesa
survey-multiple-note = Mund të zgjidheshin disa përgjigje, prandaj përqindjet kalojnë 100%.
survey-mean = Mesatarja: { $mean } (n = { $n })
survey-suppressed-note = “<{ $threshold }”: më pak se { $threshold }. “–”: i fshehur, që një numër i vogël të mos nxirret dot.
survey-text-count = { $count ->
    [one] 1 përgjigje me shkrim.
   *[other] { $count } përgjigje me shkrim.
}
survey-text-admins-only = Përgjigjet me shkrim u shfaqen vetëm administratorëve dhe nuk shkarkohen kurrë.
survey-text-too-few = Përgjigjet me shkrim shfaqen kur janë të paktën { $threshold }.

## Formulari publik
survey-preview-note = Parapamje: kështu duket pyetësori. Nga këtu nuk dërgohet asgjë.
survey-answer-errors = Disa përgjigje duhen ndryshuar. Ende nuk është dërguar asgjë.
survey-anonymous = Përgjigjet tuaja janë anonime: nuk ruajmë emër, llogari, adresë IP apo cookies, dhe ruajmë vetëm ditën kur mbërritën, jo orën.
survey-send = Dërgo përgjigjet
survey-unknown-title = Pyetësori nuk u gjet
survey-unknown = Nuk e gjetëm këtë pyetësor. Kontrolloni që lidhja të jetë e plotë.
survey-closed-title = Ky pyetësor është mbyllur
survey-closed = Ky pyetësor nuk pranon më përgjigje. Faleminderit për interesin.
survey-thanks-title = Faleminderit
survey-thanks = Përgjigjet tuaja u morën. Asgjë nuk i lidh ato me ju. Mund ta mbyllni këtë faqe.

## Gabimet
error-survey-conflict = Dikush e ndryshoi këtë pyetësor pak më parë, ose i ndryshoi gjendja. Ju lutemi, ringarkoni faqen dhe provoni përsëri.
error-survey-not-draft = Ndryshohet vetëm drafti. Ky pyetësor është hapur, prandaj pyetjet mbeten siç janë.
field-error-one-answer = Ju lutemi, jepni vetëm një përgjigje.
field-error-exclusive-choice = “Asnjë nga këto” nuk mund të zgjidhet bashkë me përgjigje të tjera.
field-error-too-few-options = Jepni të paktën { $limit } mundësi.
field-error-too-many-options = Jepni të shumtën { $limit } mundësi.
field-error-rating-five = Shkalla e vlerësimit ka nevojë për saktësisht { $limit } emërtime, një në çdo rresht.
field-error-options-mismatch = Jepni në anglisht aq mundësi sa në shqip ({ $limit }), në të njëjtën radhë.
field-error-invalid-id = Identifikuesi mund të ketë vetëm shkronja të vogla, shifra dhe viza.
field-error-duplicate-id = Ky identifikues përdoret dy herë.
field-error-no-questions = Shtoni të paktën një pyetje.
field-error-too-many-questions = Një pyetësor mund të ketë të shumtën { $limit } pyetje.
field-error-invalid-threshold = Jepni një numër të plotë nga { $limit } deri në 100.
field-error-unexpected-options = Teksti i lirë nuk ka mundësi.
field-error-unexpected-exclusive = Vetëm një pyetje me disa zgjedhje mund të ketë një mundësi që përjashton të tjerat.
