# Zëri — tekstet e ndërfaqes në shqip. Shqipja është gjuha e parë; anglishtja (../en/main.ftl)
# duhet të ketë çdo mesazh që është këtu (kontrollohet nga testet).
# Shkruaj për një fëmijë 13-vjeçar: fjali të shkurtra, "ti", me ngrohtësi, pa fajësuar kurrë.

## Struktura e faqes
switch-language = English
quick-exit = Largohu shpejt
staff-area = Për profesionistët
back-home = Kthehu në fillim
help-now-title = Merr ndihmë tani
help-alo = Linja Kombëtare e Këshillimit për Fëmijë. Falas, në çdo kohë, ditë e natë.
help-emergency = urgjenca, nëse je në rrezik tani.
help-police = Policia e Shtetit.
help-isigurt = Linja Kombëtare për Internet të Sigurt, për të raportuar përmbajtje të dëmshme në internet.
yes = Po
no = Jo

## Faqja kryesore
home-title = Të ndodhi diçka në internet? Ngrije zërin: mund të na e tregosh.
home-lead = Nëse dikush në internet të kërkoi foto intime, të kërcënon se do të shpërndajë fotot e tua, ose të bëri të ndihesh në rrezik, nuk je vetëm. Mund ta raportosh këtu, në mënyrë të sigurt, pa dhënë emrin tënd.
home-not-your-fault = Nuk është kurrë faji yt. Gabim ka bërë personi që e bëri këtë.
home-report = Raporto çfarë ndodhi
home-followup = Kam një dëftesë
home-how-title = Si funksionon
home-how =
    Na trego çfarë ndodhi. Nuk ke pse të japësh emrin tënd.
    Do të marrësh një dëftesë: një numër me 20 shifra. Shkruaje diku.
    Me dëftesën mund të kthehesh, të lexosh përgjigjen tonë dhe të na shkruash.
    Një këshilltar i linjës së ndihmës për fëmijë e lexon raportimin tënd dhe të ndihmon të vendosësh çfarë të bësh.
home-safe-title = Siguria jote
home-safe =
    Butoni i kuq lart të nxjerr menjëherë nga kjo faqe.
    Nuk të dërgojmë asgjë që nuk e ke kërkuar.
    Nuk ua japim kurrë emrin, adresën apo shkollën tënde mediave ose kujtdo tjetër që nuk ka nevojë për to.

## Emrat e fushave (përdoren në listat e gabimeve)
field-reporter = Kush raporton
field-category = Çfarë ndodhi
field-description = Çfarë ndodhi, me fjalët e tua
field-platform = Aplikacioni ose faqja e internetit
field-links = Lidhjet
field-when = Kur ndodhi
field-age_band = Mosha e fëmijës
field-location = Ku jeton fëmija
field-name = Emri
field-contact_method = Si mund të lidhemi me ty
field-phone = Numri i telefonit
field-email = Adresa e email-it
field-consent_cpo = Njësia për Mbrojtjen e Fëmijës
field-consent_police = Policia
field-receipt = Dëftesa
field-body = Mesazhi
field-stage = Faza
field-username = Emri i përdoruesit
field-password = Fjalëkalimi

## Gabimet në fusha
field-error-required = Të lutem, plotëso këtë fushë.
field-error-required-choice = Të lutem zgjidh një.
field-error-too-long = Kjo është shumë e gjatë: të shumtën { $limit } karaktere.
field-error-unknown-choice = Të lutem, zgjidh një nga mundësitë.
field-error-invalid-characters = Këtu ka shenja që nuk mund t'i pranojmë. Të lutem, shkruaje sërish.
field-error-too-many-links = Të lutem, shkruaj të shumtën { $limit } lidhje.
field-error-one-link-per-line = Të lutem, shkruaj një lidhje në çdo rresht, pa hapësira (secila të shumtën { $limit } karaktere).
field-error-link-required = Të lutem, ngjit adresën e internetit (lidhjen) ku e pe.
field-error-link-not-web-address = Kjo nuk është adresë interneti: { $options }. Kopjoje nga shiriti i adresës së shfletuesit, për shembull https://example.com/faqja
field-error-link-not-http = Mund të kontrollohen vetëm faqe interneti (adresa që nisin me http ose https): { $options }
field-error-link-too-long = Kjo adresë interneti është shumë e gjatë: të shumtën { $limit } karaktere ({ $options }).
field-error-invalid-hash = Një hash duhet të tregojë llojin e vet (sha256, md5 ose pdq) dhe të jetë heksadecimal me gjatësinë e atij lloji.
field-error-too-many-hashes = Të lutem, jep të shumtën { $limit } hash-e.
field-error-no-web-links = Asnjë nga lidhjet e raportimit nuk është adresë interneti që mund të kontrollohet.
field-error-unknown-place = Nuk e njohim këtë vend. Kontrollo si është shkruar, zgjidh nga lista ose lëre bosh.
field-error-ambiguous-place = Ka më shumë se një vend me këtë emër. Të lutem, zgjidh njërin: { $options }
field-error-required-for-contact = Të lutem, shkruaje këtu, ose zgjidh "Mos më kontaktoni".
field-error-invalid-phone = Ky nuk duket si numër telefoni. Shembull: 069 123 4567 ose +355 69 123 4567.
field-error-invalid-email = Kjo nuk duket si adresë email-i. Shembull: emri@example.com
field-error-yes-or-no = Të lutem, përgjigju me po ose jo.
field-error-unknown-field = Nuk e njohim këtë fushë.
field-error-must-be-text = Kjo duhet të jetë tekst.
field-error-must-be-boolean = Kjo duhet të jetë true ose false.
field-error-daily-limit-range = Shkruaj një numër të plotë minutash nga 5 deri në 720 (pesë orë janë 300).
field-error-break-after-range = Shkruaj një numër të plotë minutash nga 5 deri në 240 (një orë janë 60).
field-error-weeks-ago-range = Shkruaj një numër të plotë javësh nga 0 deri në 52.
field-error-must-be-list-of-text = Kjo duhet të jetë një listë tekstesh.
field-error-must-be-list-of-pairs = Kjo duhet të jetë një listë objektesh me fushat që përmend dokumentacioni.
field-error-stage-not-allowed = Raportimi nuk mund të kalojë në këtë fazë nga ajo ku është tani.

## Gabimet
error-validation = Disa përgjigje duhen ndryshuar. Ende nuk është ruajtur asgjë.
error-not-found = Nuk e gjetëm këtë faqe.
error-too-many-attempts = Shumë përpjekje. Të lutem, prit pak dhe provo sërish.
error-too-many-attempts-wait = Shumë përpjekje. Të lutem, provo sërish pas { $minutes } minutash. Nëse ke nevojë për ndihmë tani, telefono ALO 116 111.
error-internal = Diçka nuk shkoi mirë nga ana jonë. Nuk ndodhi për shkak të diçkaje që bëre ti. Të lutem, provo sërish pas pak.
error-too-large = Kjo është shumë e gjatë dhe nuk mund ta marrim. Të lutem, shkurtoje.
error-bad-form = Nuk arritëm ta lexojmë formularin. Të lutem, kthehu pas dhe provo sërish.
error-not-json = Dërgoje trupin e kërkesës si JSON (Content-Type: application/json).
error-invalid-json = Trupi i kërkesës nuk është JSON i vlefshëm.
error-empty-body = Trupi i kërkesës është bosh.
error-not-an-object = Trupi i kërkesës duhet të jetë një objekt JSON.
error-unauthorized = Të lutem, hyr më parë, ose seanca jote ka përfunduar.
error-receipt-refused = Nuk arritëm të hapim një raportim me këtë dëftesë. Kontrollo 20 shifrat dhe provo sërish.
error-forbidden = Roli yt nuk e lejon këtë.
error-stage-conflict = Dikush tjetër e ndryshoi këtë raportim pak më parë. Të lutem, ringarkoje.
error-login-elsewhere = Kjo hyrje nuk erdhi nga faqja jonë. Hapni faqen e hyrjes dhe hyni aty.
error-login-refused = Emri i përdoruesit ose fjalëkalimi nuk është i saktë.
staff-login-next = Vazhdo
staff-code-title = Kodi yt
staff-code-intro = Fjalëkalimi është i saktë. Tani shkruaj kodin me gjashtë shifra që tregon aplikacioni yt i vërtetimit për Zëri.
staff-code-restart = Fillo përsëri me një llogari tjetër
error-code-refused = Ky kod nuk është i saktë, ose është përdorur tashmë. Shkruaj kodin më të ri që tregon aplikacioni (ndryshon çdo 30 sekonda).
error-login-unconfirmed = Llogaria juaj pret që një koleg (ose një administrator i dytë) ta konfirmojë. Kërkojuni të hapin "Kolegët" në zonën e stafit.
setup-title = Konfiguroni llogarinë tuaj
setup-intro = Zgjidhni vetë fjalëkalimin tuaj. Askush tjetër nuk e sheh, as administratori. Pastaj konfiguroni faktorin e dytë në telefon.
setup-code = Kodi i konfigurimit
setup-code-hint = Pjesa e lidhjes suaj pas shenjës #. Plotësohet vetë kur hapni lidhjen.
setup-password = Fjalëkalimi i ri
setup-password-hint = Të paktën 12 shenja. Disa fjalë që i mbani mend janë më të mirat.
setup-repeat = I njëjti fjalëkalim përsëri
setup-save = Ruaj fjalëkalimin
setup-expired = Kjo lidhje konfigurimi nuk është e vlefshme: është përdorur tashmë, ose kanë kaluar më shumë se 72 orë. Kërkojini administratorit një të re.
password-title = Ndryshoni fjalëkalimin
password-current = Fjalëkalimi juaj i tanishëm
password-save = Ndrysho fjalëkalimin
password-changed = Fjalëkalimi u ndryshua. U nxorët nga të gjitha pajisjet; hyni përsëri me fjalëkalimin e ri.
password-short = Fjalëkalimi duhet të ketë të paktën 12 shenja.
password-mismatch = Dy fjalëkalimet nuk janë të njëjta.
password-wrong = Fjalëkalimi juaj i tanishëm nuk është i saktë.
colleagues-title = Kolegë të rinj për t'u konfirmuar
colleagues-link = Kolegët
password-link = Fjalëkalimi
colleagues-intro = Një llogari në organizatën tuaj mund të përdoret vetëm pasi dikush tjetër nga ai që e krijoi konfirmon se i përket një kolegu të vërtetë. Konfirmoni vetëm njerëz që i njihni.
colleagues-none = Askush nuk pret konfirmimin tuaj.
colleagues-confirm = Konfirmo këtë koleg
colleagues-confirmed = Llogaria u konfirmua: personi mund të hyjë tani.
colleagues-made-by = krijuar nga një administrator
notify-staff-pending = Një llogari e re në organizatën tuaj pret konfirmim
notify-staff-reset = Një llogari në organizatën tuaj u rivendos dhe duhet konfiguruar përsëri
admin-setup-once = Jepjani këtë lidhje konfigurimi vetëm personit, dhe vetëm një herë: ai zgjedh vetë fjalëkalimin dhe faktorin e dytë. Funksionon një herë, brenda 72 orëve.
admin-awaiting = pret konfirmim
admin-confirm = Konfirmo
admin-reset-done = Llogaria u rivendos: fjalëkalimi, faktori i dytë dhe çdo seancë u hoqën. Jepjani personit këtë lidhje të re konfigurimi.
error-csrf = Ky formular ka skaduar. Të lutem, ringarko faqen dhe provo sërish.

## Formulari i raportimit
report-title = Raporto çfarë ndodhi
report-lead = Na trego sa të duash, shumë ose pak. E lexojnë vetëm njerëz të trajnuar të linjës së ndihmës për fëmijë.
report-anonymous = Nuk ke pse të japësh emrin ose të dhënat e kontaktit. Pasi ta dërgosh, do të marrësh një dëftesë që të kthehesh te raportimi yt.
report-errors = Të lutem, kontrollo këto përgjigje:
reporter-self = Më ndodhi mua
reporter-on-behalf = Raportoj për një fëmijë (jam prind, mësues/e, shok/shoqe…)
reporter-professional = Raportoj si profesionist/e
category-grooming = Dikush që e njoha në internet më kërkon foto intime ose të takohemi
category-grooming-hint = Mund të përpiqet të të joshë: në fillim sillet mirë, të bën dhurata ose komplimente, e pastaj kërkon më shumë.
category-sexual-extortion = Dikush kërcënon se do të shpërndajë fotot e mia, nëse nuk paguaj ose nuk dërgoj më shumë
category-sexual-extortion-hint = Ky quhet shantazh seksual (sextortion). Mos paguaj dhe mos dërgo më shumë. Ruaji mesazhet: ato ndihmojnë për ta ndaluar.
category-images-shared = Fotot ose videot e mia private u shpërndanë pa pëlqimin tim
category-images-shared-hint = Edhe nëse i dërgove vetë, askush nuk ka të drejtë t'i shpërndajë pa pëlqimin tënd.
category-abuse-material-seen = Pashë foto ose video me abuzime seksuale të një fëmije
category-abuse-material-seen-hint = Mos i shpërndaj dhe mos i shkarko. Thjesht na trego ku i pe.
category-live-streaming = Një fëmijë u abuzua gjatë një transmetimi të drejtpërdrejtë
category-live-streaming-hint = Për shembull në një video-thirrje ose në një transmetim live.
category-unwanted-content = Më dërguan përmbajtje seksuale që nuk e doja
category-unwanted-content-hint = Foto, video ose mesazhe që nuk i kishe kërkuar.
category-harassment = Ngacmim seksual në internet
category-harassment-hint = Komente, kërcënime ose mesazhe seksuale që nuk pushojnë.
category-other = Diçka tjetër
category-other-hint = Na e trego me fjalët e tua më poshtë.
description-label = Përshkruaj çfarë ndodhi
description-hint = Me fjalët e tua. Mos dërgo foto këtu.
platform-hint = Për shembull Instagram, TikTok, Snapchat, WhatsApp, një lojë. Nuk është e detyrueshme.
links-hint = Adresat e profileve ose të postimeve, një në çdo rresht. Nuk është e detyrueshme.
when-ongoing = Po ndodh ende
when-today = Sot
when-this-week = Këtë javë
when-this-month = Këtë muaj
when-this-year = Këtë vit
when-longer-ago = Më shumë se një vit më parë
when-not-sure = Nuk e di me siguri
age-band-under-13 = Nën 13 vjeç
age-band-13-15 = 13 deri në 15 vjeç
age-band-16-17 = 16 ose 17 vjeç
age-band-adult-before-18 = Tani i kam mbushur 18 vjeç; ndodhi para se t'i mbushja 18
age-band-unknown = Nuk e di
location-label = Qyteti, fshati ose bashkia (nuk është e detyrueshme)
location-hint = Që Njësia për Mbrojtjen e Fëmijës pranë fëmijës të mund të ndihmojë. Fillo të shkruash, për shembull Korce.
geonames-credit = Emrat e vendeve: GeoNames (CC BY 4.0).
contact-hint = Nuk ke pse të na thuash kush je. Nëse do që të lidhemi me ty, na thuaj si.
contact-none = Mos më kontaktoni. Do të kthehem me dëftesën time.
contact-phone = Me telefon
contact-email = Me email
name-hint = Nuk është e detyrueshme. Mjafton edhe një nofkë.
consent-title = A mund ta çojmë raportimin tënd më tej?
consent-intro = Raportimin tënd e çojmë më tej vetëm nëse thua po këtu, ose më vonë te mesazhet. Mund të ndryshosh mendje.
consent-cpo-label = Po, te Njësia për Mbrojtjen e Fëmijës në bashki
consent-cpo-hint = Një punonjës për mbrojtjen e fëmijës nga NJMF pranë teje mund të të ndihmojë ty dhe familjen tënde, dhe të të lidhë me një psikolog, avokat ose mjek.
consent-police-label = Po, te policia
consent-police-hint = Policia mund të hetojë dhe të ndalojë personin që e bëri. Ligji mbron privatësinë dhe të drejtat e tua.
consent-danger-title = Kur duhet të veprojmë gjithsesi:
consent-danger = nëse një fëmijë është në rrezik tani, profesionistët duhet të veprojnë për ta mbrojtur, edhe pa një po. Nëse ndodh kjo, do të të tregojmë çfarë bëmë dhe pse.
report-before-send = Kur ta dërgosh, raportimin tënd e ruajmë të enkriptuar. Pastaj të tregojmë dëftesën tënde.
report-send = Dërgo raportimin tim
report-step-of = Hapi { $step } nga { $steps }
report-step-what = Çfarë ndodhi
report-step-words = Disa fjalë
report-step-age = Mosha dhe vendi
report-step-contact = Kontakti dhe pëlqimi
report-step-check = Kontrollo dhe dërgo
report-next = Vazhdo
report-back = Kthehu
report-send-now = Dërgoje tani
report-send-now-hint = Mund ta dërgosh tani. Hapat e tjerë (si të lidhemi me ty, kush mund ta shohë, skedarët) nuk janë të detyrueshëm.
report-change = Ndrysho
report-check-intro = Kjo është ajo që na tregove. Mund të ndryshosh çdo gjë para se ta dërgosh.
report-check-yes = Po
report-check-no = Jo
report-all-on-one-page = Të gjitha pyetjet në një faqe

## Dëftesa
receipt-title = Raportimi yt është i sigurt te ne
receipt-thanks = Faleminderit që na e tregove. Për këtë duhet guxim.
receipt-intro = Kjo është dëftesa jote. Shfaqet vetëm një herë:
receipt-shown-for = Për sigurinë tënde, kjo dëftesë shfaqet këtu për të shumtën { $minutes } minuta, pastaj kurrë më në këtë telefon. Shkruaje diku më parë.
receipt-done = E kam shkruar
received-title = Raportimi yt u mor
received-no-receipt = Raportimin tënd e kemi. Dëftesa e tij nuk shfaqet më në këtë pajisje, për sigurinë tënde. Nëse nuk e shkrove, mund të dërgosh një raportim të ri, ose telefono ALO 116 111 (falas, ditë e natë).
received-home = Kthehu në fillim
receipt-copy = Kopjo dëftesën
receipt-copied = U kopjua
receipt-copy-hint = Pastaj mbetet në kujtesën e telefonit: ngjite vetëm aty ku e lexon vetëm ti, ose shkruaje diku.
receipt-keep =
    Shkruaje diku ose ruaje në një vend ku e sheh vetëm ti.
    Me të mund të lexosh përgjigjen tonë dhe të na shkruash. Pa të nuk mund ta gjejmë raportimin tënd, sepse nuk e dimë kush je.
    Mos ia jep askujt: kushdo që e ka, mund të lexojë mesazhet.
receipt-followup = Ndiq raportimin tim

## Ndjekja e raportimit
followup-title = Ndiq raportimin tënd
followup-lead = Shkruaj dëftesën që more kur raportove.
followup-receipt-label = Dëftesa jote
followup-receipt-hint = 20 shifra. Hapësirat dhe vizat nuk kanë rëndësi.
followup-open = Hap raportimin tim
followup-lost = E humbe dëftesën? Mund të bësh një raportim të ri, ose të telefonosh ALO 116 111.
followup-status-title = Raportimi yt
followup-your-report = Dërguar më
followup-stage = Ku është tani:
followup-next = Çfarë ndodh më pas
followup-rights = Të drejtat e tua
followup-complaints = Nëse diçka nuk shkon mirë: ku të ankohesh
followup-messages = Mesazhet
followup-no-messages = Ende nuk ka mesazhe. Një këshilltar do të të shkruajë këtu.
message-from-you = Ti
message-from-team = Ekipi i Zërit
message-from-child = Fëmija
followup-write = Na shkruaj
followup-write-hint = Mund të përgjigjesh, të pyesësh diçka ose të shtosh informacion në raportimin tënd.
followup-send = Dërgo
followup-access = Kush e ka parë raportimin tënd
followup-access-hint = Sa herë që një profesionist hap ose ndryshon raportimin tënd, kjo shfaqet këtu. Tregojmë rolin e personit, kurrë emrin.
followup-leave = Mbyll raportimin tim në këtë pajisje
followup-idle = Për sigurinë tënde, kjo faqe mbyllet vetë pas { $minutes } minutash pa veprim; pastaj të duhet dëftesa për ta hapur përsëri. Butoni i kuq e mbyll menjëherë.

## Rreshtat e historikut të aksesit
access-you = Ti
access-created = { $who } dërgove raportimin.
access-opened = { $who } hapi raportimin tënd.
access-links-to-hotline = { $who } ia kaloi lidhjet e raportimit tënd linjës së sinjalizimit, që materiali të hiqet (pa emrin tënd).
access-assigned = { $who } mori përsipër raportimin tënd për të të ndihmuar.
access-replied = { $who } të shkroi një mesazh.
access-survivor-message = { $who } shkrove një mesazh.
access-stage = { $who } e kaloi raportimin tënd në fazën: { $stage }.

## Historiku i raportimit, siç e lexojnë profesionistët
history-reporter = Personi që raportoi
history-created = { $who } dërgoi raportimin.
history-opened = { $who } hapi raportimin.
history-links-to-hotline = { $who } i dërgoi lidhjet e raportimit në radhën e linjës së sinjalizimit.
history-assigned = { $who } e mori përsipër raportimin.
history-replied = { $who } u përgjigj.
history-survivor-message = { $who } shkroi një mesazh.
history-stage = { $who } e kaloi raportimin te: { $stage }.

## Rolet, siç i sheh fëmija
role-counsellor = Një këshilltar i linjës së ndihmës
role-admin = Një administrator

## Stafi
staff-login-title = Hyrja për profesionistët
staff-username = Emri i përdoruesit
staff-password = Fjalëkalimi
staff-login = Hyr
staff-logout = Dil
staff-queue-title = Raportimet
staff-admin-no-cases = Administratorët nuk lexojnë raportime. Llogaritë e stafit menaxhohen me "zeri user add".
staff-queue-empty = Nuk ka raportime të hapura.
staff-col-case = Rasti
staff-col-received = Marrë më
staff-col-category = Çfarë ndodhi
staff-col-age = Mosha
staff-col-municipality = Bashkia
staff-col-stage = Faza
staff-awaiting-reply = pret përgjigje
staff-place-hidden = është dhënë qyteti ose fshati (i fshehur)
staff-name-hidden = është dhënë emri (i fshehur)
staff-consent-cpo = Pëlqimi: Njësia për Mbrojtjen e Fëmijës
staff-consent-police = Pëlqimi: policia
staff-masked-note = Të dhënat që mund të identifikojnë fëmijën janë të fshehura. Nuk të duhen për t'iu përgjigjur fëmijës këtu.
staff-links-warning = Mos i hap këto lidhje në këtë pajisje, përveç kur këtë e parashikon procedura jote. Mos shkarko kurrë atë që shfaqin.
staff-reply = Përgjigju fëmijës
staff-reply-hint = Fjalë të thjeshta, pa fajësim, pa pyetje sugjestive. Fëmija e lexon këtë me dëftesën e vet.
staff-send-reply = Dërgo përgjigjen
staff-move-stage = Faza
staff-next-stage = Kalo raportimin në
staff-stage-hint = Fëmija e sheh fazën e re, bashkë me atë që ndodh më pas dhe të drejtat e veta.
staff-move = Kalo
staff-history = Historiku

## Ruajtja e të dhënave
error-case-erased = Të dhënat personale të këtij rasti u fshinë sipas rregullave të ruajtjes. Mbeten vetëm statistikat; asgjë tjetër nuk mund të lexohet ose të shtohet.
error-report-erased = Raportimi yt u mbyll dhe të dhënat e tij u fshinë, siç thonë rregullat tona, që askush të mos i lexojë më. Nëse ke nevojë për ndihmë tani, shkruaj një raportim të ri ose telefono ALO 116 111 (falas, në çdo kohë).
error-already-received = Ky raportim është marrë tashmë: nuk u dërgua asgjë e re.
followup-erased = Ky raportim u mbyll dhe të dhënat e mesazhet e tij u fshinë më { $date }, siç thonë rregullat tona. Askush nuk mund t'i lexojë më, as ne. Nëse ke nevojë për ndihmë tani, mund të shkruash një raportim të ri ose të telefonosh ALO 116 111 (falas, në çdo kohë).
access-case-erased = Të dhënat e raportimit tënd u fshinë, siç thonë rregullat për ruajtjen e të dhënave.
history-case-erased = Të dhënat personale të këtij rasti u fshinë (rregullat e ruajtjes).
access-tasks-read = { $who } lexoi detyrat për raportin tënd.
history-tasks-read = { $who } lexoi detyrat e rastit.
