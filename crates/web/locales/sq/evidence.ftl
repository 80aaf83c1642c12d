# Provat, listat e vlerave hash dhe heqja e fotove me anë të vlerave hash. Shqip.
# Mbaji çelësat njësoj me en/evidence.ftl (një test kontrollon që të dy skedarët kanë të njëjtët çelësa).

## Bashkëngjitja e provave (formulari i raportimit dhe ndjekja)
field-evidence = Pamje ekrani, foto ose skedarë (nuk është e detyrueshme)
evidence-hint = Nëse ke pamje ekrani të mesazheve, një bisedë të eksportuar nga aplikacioni ose një foto që tregon çfarë ndodhi, mund t'i shtosh. Nuk ke pse: mund të fillojmë edhe pa to, dhe edhe profesionistët mund t'i mbledhin provat.
evidence-label = Zgjidh skedarët
evidence-limits = Deri në { $files } skedarë, secili deri në { $megabytes } MB: foto, pamje ekrani, video, PDF, tekst ose një zip me një bisedë të eksportuar.
evidence-safe = Skedarët e tu ruhen të kyçur (të enkriptuar). Mund t'i hapin vetëm profesionistët që punojnë me raportimin tënd, çdo hapje shënohet dhe ti mund ta shohësh kur ndjek raportimin tënd.
evidence-takedown-link = Do që një foto të hiqet nga interneti pa e dërguar? Përdor heqjen me gjurmë dixhitale.
evidence-choose-again = Të lutem, zgjidhi sërish skedarët: për sigurinë tënde, shfletuesi i harron kur formulari shfaqet përsëri.
followup-attach = Shto pamje ekrani ose skedarë
evidence-file-n = Skedari { $n }:
evidence-too-many = Mund të dërgosh të shumtën { $files } skedarë njëherësh. Të tjerët dërgoji më pas në një mesazh.
evidence-too-large = Skedarët janë shumë të mëdhenj: secili mund të jetë të shumtën { $megabytes } MB. Provo një pamje ekrani në vend të një videoje, ose dërgo më pak skedarë njëherësh.
evidence-empty = Një nga skedarët është bosh. Të lutem, zgjidhe sërish.
evidence-kind = këtë lloj skedari nuk mund ta pranojmë. Dërgo foto, pamje ekrani, video, PDF, tekst ose një zip.
evidence-bomb = ky skedar u refuzua, sepse do të bëhej tepër i madh kur të hapej (mund të jetë bërë për të dëmtuar kompjuterët). Nuk u ruajt asgjë. Nëse është provë e vërtetë, bëj një pamje ekrani të tij.
evidence-damaged = ky skedar duket i dëmtuar dhe nuk mund të lexohej. Nuk u ruajt asgjë. Provo të bësh një pamje ekrani të re.
evidence-busy = Shumë njerëz po dërgojnë skedarë tani. Nuk u ruajt asgjë; të lutem, provo sërish pas një minute.
evidence-slow = Skedari nuk po vinte më (lidhja mund të jetë e ngadaltë ose e ndërprerë). Nuk u ruajt asgjë; të lutem, provo sërish, ose dërgoje raportin pa skedarin dhe shtoje më vonë me dëftesën.
error-evidence-refused = Skedarët u refuzuan; nuk u ruajt asgjë.

## Provat në faqen e rastit (stafi)
evidence-title = Provat
evidence-staff-hint = Skedarët nuk shfaqen kurrë automatikisht. Për të hapur një skedar duhet një arsye; ajo regjistrohet në zinxhirin e ruajtjes së provave dhe i tregohet fëmijës.
evidence-none = Nuk ka skedarë me prova.
evidence-item = Skedari { $n }
evidence-kind-image = imazh
evidence-kind-video = video
evidence-kind-document = dokument PDF
evidence-kind-text = tekst
evidence-kind-archive = arkiv (zip)
evidence-with-message = dërguar me një mesazh
evidence-matches = Përputhjet
evidence-match-list = lista e njohur e vlerave hash "{ $list }": { $label } ({ $source })
evidence-match-case = i njëjti skedar është marrë edhe në rastin
evidence-match-same-case = i njëjti skedar është marrë më herët në këtë rast
evidence-match-elsewhere = i njëjti skedar është marrë edhe në një rast tjetër, që e mban { $org }: pyesni ata
evidence-distance = distanca { $d } nga 256
evidence-received = Marrë më
evidence-quality = (cilësia { $q })
evidence-custody = Zinxhiri i ruajtjes së provave
custody-received = u mor dhe iu llogarit vlera hash
custody-viewed = u hap
custody-exported = u eksportua
custody-system = sistemi
custody-hash-changed = SHA-256 e skedarit ndryshon nga ajo e regjistruar në pranim
evidence-reason = Pse të duhet ta hapësh këtë skedar?
evidence-reason-hint = Të paktën 10 karaktere. Fëmija e sheh që e hape dhe pse.
evidence-view = Shfaq imazhin
evidence-download = Shkarko skedarin
evidence-watch = Shiko videon
evidence-back = Kthehu te rasti
evidence-viewed-logged = Kjo hapje regjistrohet në zinxhirin e ruajtjes së provave dhe i tregohet fëmijës.
evidence-unblur = Shfaqe imazhin qartë (është i turbullt dhe gri derisa të zgjedhësh ta shohësh)
evidence-unblur-video = Shfaqe videon qartë (është e turbullt dhe gri, e ndalur dhe pa zë derisa të zgjedhësh ta shohësh dhe ta luash)
evidence-video-alt = Video prove
evidence-done = Mbarova: kthehu te rasti
evidence-file-name = Emri i skedarit në pajisjen e fëmijës
evidence-image-alt = Imazh prove
access-evidence-received = Skedari yt u mor dhe u ruajt i kyçur, në siguri.
history-evidence-received = U mor një skedar prove dhe iu llogarit vlera hash.
access-evidence-viewed = { $who } hapi një nga skedarët e tu.
history-evidence-viewed = { $who } hapi një skedar prove.
access-evidence-exported = { $who } i përfshiu skedarët e tu në një dosje të rastit për autoritetet.
history-evidence-exported = { $who } eksportoi një skedar prove.
access-child-takedown = Dërgove gjurmët dixhitale të një fotoje ose videoje, që të hiqet.
history-child-takedown = Fëmija dërgoi vlera hash për heqje.

## Heqja me gjurmë dixhitale (faqja e fëmijës)
takedown-title = Hiq një foto ose video pa e dërguar
takedown-lead = Nëse në internet ka një foto ose video private me ty, ose dikush kërcënon se do ta shpërndajë, mund të kërkosh që të hiqet. Fotoja mbetet në telefonin tënd: dërgohet vetëm "gjurma dixhitale" e saj.
takedown-how-title = Si funksionon
takedown-how =
    1. Zgjidh foton ose videon në telefonin tënd. Ajo nuk ngarkohet.
    2. Telefoni yt llogarit gjurmët e saj dixhitale (hash): kode të gjata që krijohen nga fotoja. Nga një gjurmë dixhitale askush nuk mund ta rikrijojë foton.
    3. Dërgon vetëm gjurmët dixhitale. Linja për internet të sigurt ua jep ato platformave, të cilat i përdorin për të gjetur e hequr kopjet dhe për të ndaluar ngarkimet e reja.
takedown-noscript = Kjo faqe ka nevojë për JavaScript që të llogarisë gjurmët dixhitale në telefonin tënd. Pa të nuk dërgohet asgjë. Në vend të kësaj, mund të telefonosh ALO 116 111.
takedown-pick = Zgjidh foton ose videon
takedown-pick-hint = Ajo mbetet në pajisjen tënde.
takedown-working = Po llogaritet në telefonin tënd…
takedown-result = Këto janë gjurmët dixhitale të skedarit tënd. Do të dërgohen vetëm këto:
takedown-frames = Kuadrot e videos
takedown-receipt = Dëftesa jote (nuk është e detyrueshme)
takedown-receipt-hint = Nëse ke bërë një raportim, shto dëftesën e tij, që kërkesa të bashkohet me të dhe ta ndjekësh.
takedown-send = Dërgo gjurmët dixhitale
takedown-sent = U dërgua. Referenca jote:
takedown-next =
    Një analist i linjës për internet të sigurt e kontrollon kërkesën, pastaj ua jep gjurmët dixhitale platformave ku mund të shfaqet fotoja.
    Platformat i krahasojnë me atë që ngarkohet, heqin kopjet dhe bllokojnë të rejat. Kjo mund të zgjasë disa ditë.
    Nëse shtove dëftesën, faqja e ndjekjes tregon deri ku ka arritur, dhe aty mund ta tërheqësh kur të duash.
    Nëse dikush të kërcënon, nuk është faji yt. Mos iu përgjigj më, mos paguaj dhe fol me dikë të cilit i beson, ose telefono ALO 116 111.
takedown-clear = Fshi gjithçka nga kjo faqe
takedown-what-title = Çfarë ndodh me gjurmët dixhitale
takedown-what =
    Gjurmët dixhitale i ruan linja për internet të sigurt dhe i ndan vetëm me platformat, për ta hequr foton.
    Ato nuk përmbajnë emrin tënd, numrin tënd të telefonit apo vetë foton.
    Mund t'i dërgosh gjurmët dixhitale edhe pa dëftesë: atëherë askush nuk mund t'i lidhë me ty.
takedown-error-not-image = Ky skedar nuk është një foto ose video që mund ta lexojmë. Provo një foto (JPEG ose PNG) ose një pamje ekrani të saj.
takedown-error-too-large = Ky skedar është shumë i madh për t'u përpunuar në këtë telefon.
takedown-error-damaged = Ky skedar duket i dëmtuar. Provo më mirë një pamje ekrani të fotos.
takedown-error-unsupported = Ky lloj fotoje nuk mund të lexohet këtu. Provo një pamje ekrani të saj.
takedown-error-network = Lidhja dështoi. Nuk u dërgua asgjë; provo sërish kur të kesh sinjal.
takedown-error-server = Diçka nuk shkoi mirë nga ana jonë. Nuk u dërgua asgjë; të lutem, provo sërish më vonë.
takedown-field-invalid = Kjo vlerë nuk është e vlefshme.
takedown-case-title = Kërkesat për heqje të lidhura me këtë raportim

## Shqyrtimi i kërkesave për heqje nga linja për internet të sigurt, dhe eksporti për platformat
takedowns-title = Vlerat hash për heqje
takedowns-hint = Vlera hash të dërguara nga fëmijët përmes faqes së heqjes. Shqyrtoje çdo kërkesë para se vlerat e saj të arrijnë te platformat: miratoje (vlerat SHA-256, MD5 dhe PDQ u ndahen menjëherë platformave të regjistruara), refuzoje me një arsye, ose kërkoji fëmijës më shumë përmes mesazheve të raportimit. Çdo shqyrtim regjistrohet dhe fëmija e sheh.
takedowns-queue = Në pritje të shqyrtimit ({ $count })
takedowns-queue-empty = Asnjë kërkesë nuk pret shqyrtim.
takedowns-linked = E lidhur me një raportim: fëmijës mund t'i kërkohet më shumë dhe ai e ndjek.
takedowns-anonymous = E dërguar pa dëftesë: askujt nuk mund t'i kërkohet më shumë.
takedowns-quality = (cilësia { $quality })
takedowns-verdict = Vendimi yt
verdict-approve = Mirato dhe ndaje me platformat
verdict-reject = Mos e ndaj
verdict-needs-more = Kërkoji fëmijës më shumë (shkruaji në mesazhet e rastit)
takedowns-reason = Arsyeja
takedowns-reason-hint = Vetëm kur nuk ndahet.
reject-reason-duplicate = E përsëritur (këto vlera hash janë ndarë tashmë)
reject-reason-low-quality = Vlera PDQ është shumë e dobët për një përputhje të sigurt
reject-reason-out-of-scope = Nuk është për këtë rrugë (kontrolluar me raportimin)
reject-reason-other = Tjetër (shpjegoja fëmijës në një mesazh)
takedowns-review = Regjistro vendimin
takedowns-field-verdict = Vendimi
takedowns-field-reason = Arsyeja
takedowns-state = Gjendja
takedowns-state-unreviewed = Në pritje të shqyrtimit
takedowns-state-approved = Miratuar, ndarë
takedowns-state-rejected = Nuk u nda
takedowns-state-needs-more = I është kërkuar më shumë fëmijës
takedowns-state-withdrawn = E tërhequr (vlerat hash u harruan, platformat u njoftuan)
error-takedown-decided = Kjo kërkesë është shqyrtuar tashmë, ose u tërhoq pak më parë. Ringarko faqen.
error-takedown-withdrawn = Kjo kërkesë u tërhoq: asgjë prej saj nuk ndahet më.
field-error-only-to-reject = Jep një arsye vetëm kur nuk ndahet.
field-error-no-way-to-ask = Kjo kërkesë erdhi pa dëftesë: nuk ka kujt t'i kërkohet. Miratoje ose mos e ndaj.
takedowns-export-title = CSV për platformat pa API
takedowns-new = { $count } të miratuara, ende pa u eksportuar. Eksportohen vetëm kërkesat e miratuara; platformat me token i marrin nga API.
takedowns-all = Eksporto të gjitha të miratuarat, jo vetëm ato që nuk janë eksportuar ende
takedowns-export = Eksporto CSV
takedowns-recent = Kërkesat e fundit
takedowns-reference = Referenca
takedowns-received = Marrë më
takedowns-exported = Eksportuar më
history-takedowns-exported = { $who } eksportoi vlerat hash për heqje.
access-takedown-reviewed = { $who } kontrolloi kërkesën tënde për heqje: { $state ->
        [approved] gjurmët e saj dixhitale u ndanë me platformat.
        [rejected] nuk mund të ndahet.
       *[other] kemi nevojë për më shumë nga ti.
    }
history-takedown-reviewed = { $who } shqyrtoi një kërkesë për heqje: { $state ->
        [approved] u miratua dhe u nda.
        [rejected] nuk u nda.
       *[other] iu kërkua më shumë fëmijës.
    }
access-hash-reported = Një platformë njoftoi se { $outcome ->
        [removed] hoqi
       *[other] gjeti
    } { $count } { $count ->
        [one] kopje
       *[other] kopje
    } të fotos në kërkesën tënde për heqje.
history-hash-reported = Një platformë njoftoi se { $outcome ->
        [removed] hoqi
       *[other] gjeti
    } { $count } { $count ->
        [one] kopje
       *[other] kopje
    } (kërkesë për heqje).
access-child-takedown-withdrawn = E tërhoqe një kërkesë për heqje: platformave u kërkohet të fshijnë gjurmët e saj dixhitale.
history-child-takedown-withdrawn = Fëmija tërhoqi një kërkesë për heqje; vlerat e saj hash u harruan dhe platformave u kërkohet t'i fshijnë.
access-hashes-withdrawn = Gjurmët dixhitale të kërkesës tënde për heqje u tërhoqën nga platformat kur u fshinë të dhënat e raportimit tënd.
history-hashes-withdrawn = Vlerat hash të ndara të një kërkese për heqje u tërhoqën, sepse rasti u fshi.

## Kërkesat e fëmijës për heqje në faqen e ndjekjes
followup-takedowns-title = Kërkesat e tua për heqje
followup-takedowns-hint = Kërkesa për të hequr një foto ose video që i dërgove me këtë dëftesë. U dërguan vetëm gjurmët e tyre dixhitale, kurrë fotoja.
sharing-state-received = U mor. Një analist i linjës për internet të sigurt e kontrollon para se gjurmët dixhitale të shkojnë te platformat.
sharing-state-needs-more = Linja për internet të sigurt ka nevojë për më shumë nga ti para se ta ndajë. Të lutem, lexo mesazhin tonë më poshtë dhe përgjigju.
sharing-state-not-shared = U kontrollua: nuk mund ta ndajmë me platformat, sepse { $reason }. Mund të na shkruash më poshtë.
sharing-state-reviewed = U kontrollua dhe u miratua. Platformat i marrin gjurmët dixhitale herën tjetër që kontrollojnë, zakonisht brenda një dite.
sharing-state-shared = U kontrollua dhe u nda me { $count ->
        [one] një platformë
       *[other] { $count } platforma
    }. Ato i përdorin gjurmët dixhitale për të gjetur e hequr kopjet dhe për të bllokuar ngarkimet e reja.
sharing-state-withdrawn = E tërhoqe. Nuk e ndajmë më, dhe platformave u kërkohet të fshijnë gjurmët dixhitale ({ $count } të njoftuara deri tani).
sharing-reason-duplicate = të njëjtat gjurmë dixhitale janë ndarë tashmë, prandaj platformat e kërkojnë tashmë këtë foto
sharing-reason-low-quality = gjurma dixhitale e kësaj fotoje është shumë e dobët: mund të përputhej edhe me foto të tjera
sharing-reason-out-of-scope = platformat nuk e heqin këtë lloj fotoje përmes kësaj rruge
sharing-reason-other = të diçkaje që ta shpjegojmë në një mesazh
sharing-removals = { $count ->
        [one] Një heqje e njoftuar
       *[other] { $count } heqje të njoftuara
    } nga platformat.
sharing-matches = { $count ->
        [one] Një kopje e gjetur
       *[other] { $count } kopje të gjetura
    } nga platformat.
sharing-withdraw = Tërhiqe këtë kërkesë…
sharing-withdraw-about = Çfarë do të thotë tërheqja
sharing-withdraw-title = Ta tërheqësh kërkesën për heqje?
sharing-withdraw-means =
    Nëse e tërheq, ne ndalojmë menjëherë ndarjen e gjurmëve të saj dixhitale.
    Platformave që i kanë marrë u kërkohet t'i fshijnë herën tjetër që kontrollojnë. Kopjet që ato kanë hequr tashmë mbeten të hequra.
    Ne i harrojmë gjurmët dixhitale. Mund të dërgosh një kërkesë të re kur të duash.
sharing-withdraw-yes = Po, tërhiqe
sharing-withdraw-no = Jo, mbaje
field-error-confirm-withdrawal = Konfirmoje tërheqjen me true, pasi të kesh lexuar çfarë do të thotë.

## Platformat që marrin vlerat hash të ndara (administratorët)
platforms-title = Platformat
platforms-hint = Platformat marrin vlerat hash të shqyrtuara dhe të ndara nga API (/api/v1/hashes, shih docs/HASH-SHARING.md) me një token të tyrin, dhe njoftojnë përputhjet dhe heqjet. Tokeni tregohet një herë; ruhet vetëm një përmbledhje e tij me çelës. Revokimi e ndalon platformën menjëherë.
platforms-name = Emri
platforms-contact = Kontakti
platforms-contact-hint = Kë të kontaktojmë atje për ndarjen e vlerave hash. Ruhet i mbyllur.
platforms-added = Regjistruar më
platforms-last-pull = Marrja e fundit
platforms-revoked = Revokuar më { $date }
platforms-revoke = Revoko tokenin
platforms-add = Regjistro një platformë
platforms-add-button = Regjistro dhe krijo një token
platforms-created = { $name } u regjistrua.
platforms-token-once = Tokeni i saj i API, i treguar vetëm tani. Jepja platformës përmes një kanali të sigurt:
platforms-field-name = Emri
platforms-field-contact = Kontakti
field-error-must-be-integer = Kjo duhet të jetë një numër i plotë.
field-error-invalid-time = Jep një kohë sipas RFC 3339, për shembull 2026-01-15T10:00:00Z.
field-error-invalid-cursor = Jep next_cursor të marrjes sate të fundit: një numër i plotë, 0 herën e parë.

## Listat e vlerave hash (administratorët)
hashlists-title = Listat e vlerave hash
hashlists-hint = Lista me vlera hash të materialeve të njohura, nga një rrjet linjash për internet të sigurt ose nga një platformë. Çdo skedar i ri prove krahasohet me to dhe me të gjitha provat e mëparshme; përputhjet i sinjalizohen analistit.
hashlists-none = Ende nuk është importuar asnjë listë.
hashlists-name = Emri i listës
hashlists-entries = Elementet
hashlists-imported = Importuar më
hashlists-import = Importo një listë
hashlists-file = Skedari CSV
hashlists-format = Një rresht titujsh me kolonat pdq, md5, sha256, label, source (në çfarëdo radhe); të paktën një vlerë hash në çdo rresht.
hashlists-import-button = Importo
hashlists-refused = Lista nuk u importua. Nuk u ruajt asgjë.
hashlist-error-header = Rreshti { $line }: rreshti i titujve duhet të emërtojë kolonat pdq, md5, sha256, label ose source, secilën vetëm një herë, me të paktën një kolonë hash.
hashlist-error-csv = Rreshti { $line }: nuk është CSV i vlefshëm (kontrollo thonjëzat dhe numrin e kolonave).
hashlist-error-no-hash = Rreshti { $line }: nuk ka vlerë hash.
hashlist-error-pdq = Rreshti { $line }: vlera hash PDQ duhet të ketë 64 karaktere heksadecimale.
hashlist-error-md5 = Rreshti { $line }: MD5 duhet të ketë 32 karaktere heksadecimale.
hashlist-error-sha256 = Rreshti { $line }: SHA-256 duhet të ketë 64 karaktere heksadecimale.
hashlist-error-name = Jepi listës një emër (të shumtën 100 karaktere).
history-hash-list-imported = { $who } importoi një listë me vlera hash.
custody-inspected = u kontrollua nga sistemi (u dekodua dhe u krahasua, pa e parë askush)
access-evidence-inspected = Skedari juaj u kontrollua nga sistemi kundrejt listave të imazheve të njohura; asnjë njeri nuk e pa.
history-evidence-inspected = Skedari i provës u dekodua dhe u krahasua nga sistemi.
evidence-inspection-pending = po kontrollohet: dekodohet dhe krahasohet pas pak (ringarkoni faqen)
evidence-inspection-undecodable = ky imazh nuk dekodohet: nuk ka PDQ, ndaj krahasohet vetëm me vlerat e sakta hash
evidence-inspection-bomb = ky imazh do të kërkonte shumë memorie për t'u dekoduar (ndoshta i bërë për të rrëzuar dekoduesit): nuk u hap kurrë, ndaj krahasohet vetëm me vlerat e sakta hash
