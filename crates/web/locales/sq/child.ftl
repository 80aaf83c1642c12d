## Fëmija vendos vetë (faqja e ndjekjes): pëlqimi, një kopje, fshirja, fjalëkalimi, ruajtja e kodit.

child-consent-title = Kush mund ta shohë raportimin tënd
child-consent-hint = Këto janë organizatat që e kanë raportimin tënd ose që e kanë kërkuar. Ti vendos kush mund ta shohë. Mund të ndryshosh mendje kurdo dhe kjo vlen menjëherë.
child-consent-now-given = Ti ke thënë po: ata mund ta shohin raportimin tënd.
child-consent-now-not = Ti nuk ke thënë po: ata nuk mund ta shohin raportimin tënd.
child-consent-withdraw = Tërhiq pëlqimin tim për { $who }
child-consent-give = Jep pëlqimin për { $who }
child-consent-legal-duty = Ligji thotë se kjo organizatë duhet të njoftohet ({ $duty }). Prandaj ata e ruajnë aksesin edhe nëse ti thua jo. "Jo"-ja jote shënohet dhe u tregohet atyre, dhe ata mund të përdorin vetëm atë që i duhet rastit.
child-consent-about = Çfarë ndodh kur them po ose e tërheq?
child-consent-about-text =
    Të thuash po do të thotë që njerëzit atje mund të lexojnë çfarë ke shkruar, që të të ndihmojnë ose të shohin çfarë ka ndodhur.
    Të tërheqësh pëlqimin do të thotë që nga tani ata nuk mund ta hapin më raportimin tënd. Ajo që kanë bërë tashmë mbetet e bërë.
    Këshilltari që kujdeset për raportimin tënd mund të të ndihmojë gjithsesi.
    Çdo vendim yti shfaqet te lista "Kush e hapi raportimin tënd".
child-consent-means-cpu = Njësia për Mbrojtjen e Fëmijës (NJMF) e bashkisë: një punonjës për mbrojtjen e fëmijës (PMF) mund të shohë nëse je i sigurt, të bëjë një plan me ty dhe të gjejë ndihmë pranë teje.
child-consent-means-service = Një shërbim ndihme (për shembull psikolog, punonjës social, avokat ose mjek): mund të flasin me ty dhe të të ndihmojnë.
child-consent-means-police = Policia e Shtetit: mund të hetojë personin që të lëndoi dhe të përpiqet ta ndalojë. Sheh atë që i duhet rastit, jo mesazhet e tua.
child-consent-means-prosecution = Prokuroria: vendos nëse rasti shkon në gjykatë. Pëlqimi yt për policinë vlen edhe për të.
child-consent-means-barnahus = Barnahus: një shtëpi miqësore për fëmijët, ku takohen njerëzit që të ndihmojnë, që ti ta tregosh historinë tënde vetëm një herë.
access-child-consent = Ti vendose për dërgimin e rastit tënd te { $recipient }: { $decision }.
history-child-consent = Fëmija vendosi për dërgimin te { $recipient }: { $decision } (në faqen e ndjekjes).

child-copy-title = Një kopje për ty
child-copy-hint = Shkarko një skedar teksti me atë që shkrove, mesazhet e tua dhe kush e hapi raportimin tënd. Bëhet tani, vetëm për ty. Ruaje në një vend të sigurt: kushdo që e ka skedarin mund ta lexojë.
child-copy-download = Shkarko një kopje
child-copy-heading = Zëri: një kopje e raportimit tënd
child-copy-made = Bërë më { $date }. Punonjësit përmenden vetëm me rolin dhe organizatën e tyre.
child-copy-report = Raportimi yt
child-copy-sent = Dërguar më
child-copy-category = Për çfarë ishte
child-copy-words = Çfarë shkrove
child-copy-platform = Ku ndodhi
child-copy-link = Lidhja
child-copy-erased = Të dhënat e këtij raportimi janë fshirë.
access-child-copy = Ti shkarkove një kopje të raportimit tënd.
history-child-copy = Fëmija shkarkoi një kopje të raportimit të vet.

child-back = Kthehu te raportimi yt
child-passphrase-title = Një fjalëkalim, nëse e humb kodin
child-passphrase-hint = Zgjidh një fjali që e di vetëm ti dhe që e mban mend. Nëse e humb kodin, mund ta hapësh raportimin me të. Mos përdor emrin tënd, shkollën ose diçka që të tjerët e dinë për ty.
child-passphrase-rule = Të paktën { $words } fjalë dhe { $chars } shkronja. Shkronjat e mëdha nuk kanë rëndësi.
child-passphrase-label = Fjalëkalimi yt
child-passphrase-set = Ti ke një fjalëkalim. Mund ta ndryshosh këtu.
child-passphrase-choose = Ruaj fjalëkalimin tim
child-passphrase-change = Ndrysho fjalëkalimin tim
child-passphrase-open-title = E humbe kodin? Hape me fjalëkalimin tënd
child-passphrase-refused = Nuk mundëm të hapim një raportim me këtë fjalëkalim. Kontrolloje dhe provo përsëri.
child-passphrase-use-receipt = Hape me kodin
error-child-passphrase-refused = Nuk mundëm të hapim një raportim me këtë fjalëkalim. Kontrolloje dhe provo përsëri.
field-error-child-passphrase-rule = Përdor të paktën 4 fjalë dhe 20 shkronja, për shembull një fjali të shkurtër.
field-error-child-passphrase-taken = Të lutem zgjidh një fjalëkalim tjetër.
field-error-child-passphrase-wait = Shumë përpjekje. Prit pak, pastaj provo përsëri.
access-child-passphrase-set = Ti zgjodhe një fjalëkalim.
history-child-passphrase-set = Fëmija zgjodhi një fjalëkalim si rrugë të dytë hyrjeje.

child-saved-title = A e ruajte kodin tënd?
child-saved-hint = Për të qenë i sigurt, shkruaj 4 shifrat e fundit të kodit. Ose ruaje si skedar.
child-saved-last4 = 4 shifrat e fundit
child-saved-check = Kontrollo
child-saved-file = Ruaje si skedar
child-saved-optional = Nuk është e detyrueshme, por pa kodin (ose një fjalëkalim) askush nuk mund ta hapë më raportimin tënd, as ne.
child-saved-ok = Të lumtë: shifrat përputhen. Ruaje kodin në një vend të sigurt.
child-saved-wrong = Këto nuk janë 4 shifrat e fundit të kodit tënd. Shiko kodin më lart dhe provo përsëri.
child-saved-file-text = Zëri: kodi yt është { $receipt }. Hape raportimin te Zëri, "Ndiq raportimin". Ruaje këtë skedar ku mund ta gjesh vetëm ti.
access-child-receipt-saved = Ti konfirmove që e ruajte kodin.
history-child-receipt-saved = Fëmija konfirmoi që e ruajti kodin.

child-reissue-title = Jep një kod të ri
child-reissue-hint = Vetëm pasi ta keni verifikuar telefonuesin (për shembull: di kur raportoi dhe për çfarë). Kodi i vjetër nuk punon më menjëherë. Fëmija sheh në historikun e vet që një këshilltar i organizatës suaj e dha.
child-reissue-reason = Si e verifikuat telefonuesin?
child-reissue-reason-hint = Të paktën 10 shkronja. I tregohet fëmijës në historikun e vet.
child-reissue-do = Jep një kod të ri
child-reissue-done-title = Kodi i ri
child-reissue-read-out = Lexojani telefonuesit ngadalë, në grupe me katër. Kërkojini ta shkruajë dhe t'jua lexojë përsëri.
child-reissue-once = Shfaqet vetëm tani. Ruhet vetëm një gjurmë me çelës; kodi i vjetër nuk punon më.
child-reissue-back = Kthehu te rasti
error-child-receipt-collision = Të lutem provo përsëri.
access-receipt-reissued = { $who } dha një kod të ri për raportimin tënd. Kodi i vjetër nuk punon më.
history-receipt-reissued = { $who } dha një kod të ri; i vjetri nuk punon më.

child-erasure-title = Na kërko të fshijmë raportimin tënd
child-erasure-means =
    Mund të na kërkosh të fshijmë raportimin tënd: atë që shkrove, mesazhet dhe skedarët e tu. Pastaj askush nuk mund t'i lexojë më, as ti.
    Ndonjëherë ligji thotë se duhet ta ruajmë për një kohë: kur policia ose prokurori janë ende duke hetuar, kur ka një çështje në gjykatë, ose kur ligji na detyron ta ruajmë për të mbrojtur ty ose një fëmijë tjetër. Atëherë të tregojmë pse, këtu.
    Njerëzit që kujdesen për raportimin tënd vendosin, dhe ti sheh përgjigjen e tyre në këtë faqe.
child-erasure-ask = Kërko të fshihet raportimi im
child-erasure-pending = Më { $date } kërkove të fshihet raportimi yt. Njerëzit që kujdesen për të do të përgjigjen këtu.
child-erasure-accepted = Kërkesa jote u pranua: raportimi yt u fshi më { $date }.
child-erasure-refused = Raportimi yt ruhet për tani sepse { $reason }. Mund ta kërkosh përsëri më vonë.
child-erasure-reason-investigation = policia ose prokurori janë ende duke hetuar
child-erasure-reason-legal-duty = ligji thotë se duhet ta ruajmë
child-erasure-reason-court = ka një çështje në gjykatë
child-erasure-reason-protection = na duhet për të mbajtur të sigurt ty ose një fëmijë tjetër
child-erasure-staff-title = Fëmija kërkon fshirjen
child-erasure-staff-asked = Kërkuar më { $date }.
child-erasure-staff-hint =
    Pranojeni, përveç kur vlen një përjashtim ligjor: një hetim ose gjykim në vazhdim, një detyrim ligjor për ta ruajtur, ose mbrojtja e fëmijës.
    Pranimi e fshin rastin menjëherë (çelësin, tekstet dhe skedarët); nuk mund të kthehet.
child-erasure-staff-accept = Prano dhe fshije tani
child-erasure-staff-reason = Pse ruhet
child-erasure-staff-words = Fjalë për fëmijën
child-erasure-staff-words-hint = Opsionale. Fjalë të thjeshta; fëmija i lexon në faqen e ndjekjes.
child-erasure-staff-refuse = Ruaje dhe tregoji fëmijës pse
error-child-erasure-pending = E ke kërkuar tashmë; përgjigjja do të jetë në këtë faqe.
notify-child-erasure = Një fëmijë kërkon që raportimi i vet të fshihet
error-child-erasure-none = Nuk ka asnjë kërkesë për fshirje në pritje.
access-child-erasure-requested = Ti kërkove që raportimi yt të fshihet.
history-child-erasure-requested = Fëmija kërkoi që raportimi të fshihet.
access-erasure-accepted = { $who } e pranoi kërkesën tënde për të fshirë raportimin.
history-erasure-accepted = { $who } e pranoi kërkesën e fëmijës për fshirje.
access-erasure-refused = { $who } iu përgjigj kërkesës tënde për fshirje: raportimi ruhet për tani.
history-erasure-refused = { $who } e refuzoi kërkesën e fëmijës për fshirje.

rating-title = Si ishte chat-i yt?
rating-lead = Dy pyetje të shkurtra. Përgjigjet e tua janë anonime: vetëm numërohen, nuk ruhen kurrë bashkë me chat-in ose raportimin tënd.
rating-invite = Mund të na thuash me dy klikime si shkoi chat-i yt i fundit. Është anonim.
rating-open = Përgjigju dy pyetjeve
rating-listened = A u ndjeve i dëgjuar?
rating-listened-yes = Po
rating-listened-partly = Pjesërisht
rating-listened-no = Jo
rating-come-back = A do të ktheheshe përsëri te ne?
rating-come-back-yes = Po
rating-come-back-no = Jo
rating-anonymous = Me numërimin ruhen vetëm organizata dhe muaji.
rating-send = Dërgo
rating-skip = Jo tani
rating-thanks = Faleminderit që na e the.
rating-both = Të lutem përgjigju të dyja pyetjeve.
error-rating-used = Ky chat është vlerësuar tashmë.
rating-stats-title = Kënaqësia pas chat-eve
rating-stats-hint = Nga dy pyetjet anonime pas një chat-i. Shifrat nga më pak se { $min } vlerësime nuk shfaqen.
rating-stats-none = Asnjë vlerësim në këtë periudhë.
rating-stats-org = Organizata
rating-stats-count = Vlerësime
rating-stats-listened = U ndjenë të dëgjuar
rating-stats-come-back = Do të ktheheshin
rating-stats-hidden = <5

# Kush kujdeset për raportimin e fëmijës (çështja 19, pika 3).
lead-title = Kush kujdeset për raportimin tënd
lead-kind-helpline = Linja e këshillimit për fëmijë ALO 116 111: këshilltarë që të dëgjojnë dhe të ndihmojnë, falas.
lead-kind-hotline = ISIGURT.al, Linja Kombëtare për Internet të Sigurt: punojnë që fotot dhe mesazhet të hiqen nga interneti.
lead-kind-cpu = Njësia për Mbrojtjen e Fëmijës në bashkinë tënde: një punonjës për mbrojtjen e fëmijës që të ndihmon të jesh i sigurt.
lead-kind-barnahus = Barnahus: një shtëpi miqësore për fëmijët, ku tregon çfarë ndodhi një herë, te një person, me mbështetje.
lead-kind-service = Një shërbim që mbështet fëmijët.
lead-kind-police = Policia.
lead-kind-prosecution = Prokuroria.
lead-moved = Raportimi yt kaloi te { $org } më { $date }. Gjithçka që shkrove shkoi bashkë me të dhe dëftesa jote vazhdon të funksionojë.
