# Linja e ndihmës si ekip: regjistrimi i kontakteve (kategoritë e CHI), përgjigjet e
# gatshme, mbikëqyrja. Anglisht te ../en/supervision.ftl.
role-supervisor = Një mbikëqyrës
notify-closure = Një kërkesë për mbyllje ju është kthyer
sup-link = Mbikëqyrja
sup-contact-link = Regjistroni një kontakt

## Regjistrimi i kontaktit
sup-record-title = Regjistroni kontaktin
sup-record-intro = Regjistroni si përfundoi ky kontakt: numërohet në shifrat e linjës dhe në raportin vjetor për Child Helpline International. Asgjë që shkruani këtu nuk e identifikon fëmijën.
sup-record-save = Ruani regjistrimin
sup-recorded = Kontakti u regjistrua.
error-sup-already-recorded = Ky kontakt është regjistruar tashmë.
sup-disposition = Si përfundoi kontakti
sup-category = Për çfarë ishte
sup-category-hint = Kategoria e Child Helpline International; e sugjeruar nga raporti.
sup-gender = Gjinia e fëmijës
sup-gender-hint = Vetëm nëse e tha fëmija; mos e pyesni kurrë.
sup-phone-title = Regjistroni një kontakt telefonik
sup-phone-intro = Për një telefonatë për një rast, jepni id-në e rastit; për një telefonatë të heshtur, të mbyllur, shaka ose numër të gabuar, lëreni bosh.
sup-phone-case = Id e rastit (jo e detyrueshme)
sup-phone-case-hint = Nga adresa e faqes së rastit.
field-error-sup-category-not-allowed = Një kontakt që nuk ishte për asgjë nuk ka kategori.
field-error-sup-year-not-ended = Zgjidhni një vit që ka mbaruar.
sup-chi-export = Eksporti vjetor për Child Helpline International (CSV)

## Si përfundoi
chi-disposition-data = Dikush kërkoi ndihmë (kontakt me të dhëna)
chi-disposition-silent = I heshtur
chi-disposition-hang-up = E mbylli
chi-disposition-prank = Shaka
chi-disposition-abusive = Fyes
chi-disposition-thank-you = Vetëm për të falënderuar
chi-disposition-test = Provë
chi-disposition-wrong-number = Numër i gabuar
chi-channel-chat = Bisedë
chi-channel-phone = Telefon
chi-gender-girl = Vajzë
chi-gender-boy = Djalë
chi-gender-other = Tjetër
chi-gender-unknown = Nuk u tha

## Kategoritë kryesore të CHI
chi-abuse-violence = Abuzim dhe dhunë
chi-mental-health = Shëndet mendor
chi-family-relationships = Marrëdhëniet në familje
chi-peer-relationships = Marrëdhëniet me moshatarët
chi-sexuality = Seksualiteti dhe shëndeti seksual
chi-physical-health = Shëndet fizik
chi-school = Shkolla dhe arsimi
chi-legal-rights = Çështje ligjore dhe të drejtat e fëmijës
chi-basic-needs = Nevoja bazë
chi-discrimination = Diskriminim
chi-substance-use = Përdorimi i substancave
chi-commercial-exploitation = Shfrytëzim tregtar dhe trafikim
chi-other = Tjetër

## Nënkategoritë e CHI
chi-sub-sexual-abuse = Abuzim seksual
chi-sub-online-sexual-abuse = Abuzim seksual në internet (joshje)
chi-sub-online-sexual-exploitation = Shfrytëzim seksual në internet (foto, transmetim i drejtpërdrejtë)
chi-sub-sexual-extortion = Zhvatje seksuale
chi-sub-physical-violence = Dhunë fizike
chi-sub-emotional-violence = Dhunë emocionale
chi-sub-neglect = Neglizhim
chi-sub-bullying = Ngacmim (bullizëm)
chi-sub-cyberbullying = Ngacmim në internet
chi-sub-harmful-online-content = Përmbajtje e dëmshme e parë në internet
chi-sub-anxiety-depression = Ankth, trishtim, depresion
chi-sub-self-harm-suicide = Vetëdëmtim, mendime për vetëvrasje
chi-sub-parent-child = Prindërit dhe fëmijët
chi-sub-divorce = Ndarje, divorc
chi-sub-friends = Shokët dhe shoqet
chi-sub-romantic = Marrëdhëniet e dashurisë
chi-sub-sexual-identity = Orientimi seksual dhe identiteti gjinor
chi-sub-sexual-health = Shëndeti seksual, shtatzënia
chi-sub-illness = Sëmundje
chi-sub-school-problems = Probleme në shkollë
chi-sub-rights = Të drejta dhe pyetje ligjore
chi-sub-homelessness = Pa strehë
chi-sub-poverty = Varfëri
chi-sub-discriminated = Diskriminim
chi-sub-alcohol = Alkool
chi-sub-drugs = Droga
chi-sub-trafficking = Trafikim
chi-sub-child-labour = Puna e fëmijëve
chi-sub-commercial-sexual = Shfrytëzim seksual tregtar
chi-sub-other-reason = Diçka tjetër

## Përgjigjet e gatshme
sup-canned-title = Përgjigje të gatshme
sup-canned-intro = Tekste të shkurtra që këshilltarët mund t'i fusin në një përgjigje në bisedë. Mos shkruani kurrë asgjë për një fëmijë në to.
sup-canned-lang = Gjuha
sup-canned-name = Titulli
sup-canned-body = Teksti
sup-canned-add = Shtoni
sup-canned-delete = Fshini
sup-canned-insert = Përgjigje të gatshme
sup-canned-choose = Futeni në përgjigje

## Mbikëqyrësi
sup-queue-title = Mbikëqyrja: bisedat e drejtpërdrejta
sup-on-duty = Në shërbim
sup-nobody-on-duty = Askush nga organizata juaj nuk është në shërbim.
sup-since = që nga
sup-read-along = Lexoni bashkë
sup-read-along-hint = Po e lexoni këtë bisedë bashkë me këshilltarin: këshilltari e sheh këtë; fëmijës i thuhet se një mbikëqyrës mund ta lexojë. Shënimet tuaja i sheh vetëm këshilltari.
sup-reading-along = Mbikëqyrësi { $name } po e lexon bisedën.
sup-coach-title = Shënime nga mbikëqyrësi
sup-coach-note = Një shënim për këshilltarin (nuk i shfaqet kurrë fëmijës)
sup-coach-send = Dërgoni shënimin
error-sup-chat-ended = Kjo bisedë ka mbaruar.
sup-closures-title = Kërkesa për mbyllje
sup-closures-none = Asnjë kërkesë për mbyllje nuk pret.
sup-closure-rule-on = Në organizatën tuaj, mbyllja e një rasti kërkon miratimin e një mbikëqyrësi.
sup-closure-rule-off = Në organizatën tuaj, këshilltarët i mbyllin vetë rastet.
sup-closure-rule-start = Kërkoni miratim
sup-closure-rule-stop = Mos kërkoni më miratim
sup-closure-approve = Miratoni dhe mbyllni
sup-closure-return = Kthejeni
sup-closure-reason = Pse kthehet (për këshilltarin)
error-sup-closure-requested = Kërkesa juaj për ta mbyllur rastin pret miratimin e një mbikëqyrësi.

## Rishikimi i cilësisë
sup-reviews-title = Rishikimi i cilësisë
sup-reviews-intro = Kontaktet e zgjedhura për rishikim në javën që nga { $from } (një në dhjetë, të zgjedhura rastësisht).
sup-reviews-none = Asnjë kontakt nuk u zgjodh këtë javë.
sup-week-before = Java më parë
sup-week-after = Java më pas
sup-review = Rishikoni
sup-reviewed = I rishikuar
error-sup-already-reviewed = Ky kontakt është rishikuar tashmë.
sup-q1 = Fëmija u prit ngrohtësisht dhe pa gjykim.
sup-q2 = Këshilltari dëgjoi dhe kuptoi çfarë i duhej fëmijës.
sup-q3 = Siguria e fëmijës u kontrollua dhe u veprua.
sup-q4 = Informacioni dhe hapat e mëtejshëm ishin të sakta dhe të qarta.
sup-q5 = Kontakti u regjistrua dhe u ndoq si duhet.
sup-review-comment = Koment (ruhet i enkriptuar)
sup-review-save = Ruani rishikimin

## Shifrat
sup-figures-title = Shifrat e ekipit
sup-figures-span = { $days } ditët e fundit; ngarkesa dhe detyrat e vonuara siç janë tani.
sup-fig-overdue = Detyra të vonuara
sup-fig-chat-answer = Koha mesatare (mediana) deri te përgjigjja e parë në bisedë
sup-fig-case-answer = Koha mesatare (mediana) deri te përgjigjja e parë për një raport
sup-fig-closure = Koha mesatare (mediana) deri te mbyllja
sup-fig-satisfaction = U ndien të dëgjuar, muaji i fundit i plotë (%)
sup-fig-satisfaction-none = Më pak se pesë vlerësime
sup-fig-caseload = Raste të hapura që drejton secili këshilltar
sup-fig-dispositions = Kontaktet sipas mënyrës si përfunduan
sup-minutes = { $minutes } min

## Çfarë shohin fëmija dhe historiku
sup-child-read-along = Një mbikëqyrës i linjës së ndihmës mund ta lexojë bisedën për ta ndihmuar këshilltarin; ai e mban po aq private sa këshilltari.
history-contact-recorded = { $who } regjistroi kontaktin.
history-chat-supervised = { $who } e lexoi bisedën bashkë me këshilltarin.
history-chat-coached = { $who } i shkroi një shënim këshilltarit.
history-quality-review-opened = { $who } e hapi kontaktin për rishikim cilësie.
history-quality-reviewed = { $who } e rishikoi kontaktin.
history-closure-requested = { $who } kërkoi mbylljen e rastit.
history-closure-approved = { $who } miratoi mbylljen e rastit.
history-closure-returned = { $who } e ktheu kërkesën për mbyllje.
access-contact-recorded = { $who } e regjistroi kontaktin tuaj në shifrat e linjës (pa emra).
access-chat-supervised = { $who } e lexoi bisedën tuaj bashkë me këshilltarin.
access-chat-coached = { $who } i dha këshilla këshilltarit të bisedës suaj.
access-quality-review-opened = { $who } pa si ju ndihmuam, për të kontrolluar cilësinë.
access-quality-reviewed = { $who } kontrolloi sa mirë ju ndihmuam.
access-closure-requested = { $who } kërkoi mbylljen e rastit tuaj.
access-closure-approved = { $who } miratoi mbylljen e rastit tuaj.
access-closure-returned = { $who } kërkoi më shumë punë për rastin tuaj para se të mbyllet.

walk-sup-handed-from = dorëzuar drejtpërdrejt nga { $name }
walk-sup-routed-to = pret për { $name }
walk-sup-state-waiting = Në pritje
walk-sup-state-active = Po i përgjigjen
walk-sup-state-ended = Mbaroi
