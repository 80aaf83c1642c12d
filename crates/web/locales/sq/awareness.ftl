# Zëri — tekstet ndërgjegjësuese në shqip: faqet "Mëso dhe merr ndihmë" për të rinjtë,
# faqet për prindërit dhe mësuesit, fletëpalosja A5 që shpërndahet në shkolla, dhe
# udhëzuesit e shkurtër për profesionistët në zonën e stafit. Shqipja është gjuha e parë;
# anglishtja (../en/awareness.ftl) ka saktësisht të njëjtët çelësa.
# Faktet dhe termat vendorë ndjekin shared/design/RIGHTS-AND-TERMS.md, sipas gjendjes më 2026-11-28.
# Pikat e shënuara (check) atje janë lënë jashtë ose janë shkruar me kujdes; përditësoji
# këto tekste sa herë ndryshon një fakt atje.
# Para nisjes, të dy skedarët duhet t'i rishikojë një folës amtar nga ALO 116 111.
# Brenda një teksti, paragrafët ndahen me një rresht bosh dhe çdo rresht që fillon me
# "- " është një pikë liste. Për të rinjtë përdoret "ti"; për prindërit dhe mësuesit "ju";
# udhëzuesit për stafin përdorin "ti", si pjesa tjetër e zonës së stafit.

## Faqja hyrëse: Mëso dhe merr ndihmë

aw-index-title = Mëso dhe merr ndihmë
aw-index-intro = Këtu mund të lexosh si mund të duket abuzimi seksual në internet, çfarë të bësh nëse të ndodh dhe ku të gjesh ndihmë. Lexo me ritmin tënd. Butoni i kuq lart të nxjerr menjëherë nga kjo faqe.

aw-risks-teaser = Si mund të duket abuzimi seksual në internet dhe cilat shenja të vësh re.
aw-what-to-do-teaser = Nëse po të ndodh ty: çfarë të bësh së pari, hap pas hapi.
aw-after-report-teaser = Çfarë ndodh pasi raporton dhe cilat janë të drejtat e tua.
aw-get-help-teaser = Kush mund të të ndihmojë, pranë teje ose me telefon dhe online.
aw-parents-teaser = Për prindërit dhe kujdestarët: si ta ndihmoni fëmijën pa e fajësuar.
aw-teachers-teaser = Për mësuesit dhe stafin e shkollës: shenjat, çfarë të thoni, kujt t'i drejtoheni.

## Shfaqen në çdo faqe

aw-never-your-fault = Nuk është kurrë faji yt: përgjegjës është gjithmonë personi që të bën presion, të kërcënon ose të abuzon.

aw-help-now-title = Merr ndihmë tani
aw-help-now-body =
    Telefono ALO 116 111 për të folur me dikë. Është falas, 24 orë në ditë. Mund t'u shkruash edhe në chat, te alo116.al.

    Mund të raportosh edhe këtu, pa dhënë emrin tënd.

    Nëse je në rrezik tani, telefono 112 (urgjenca) ose 129 (policia).

## Rreziqet

aw-risks-title = Si mund të duket abuzimi seksual në internet
aw-risks-intro = Abuzimi seksual në internet mund t'i ndodhë kujtdo, në çdo aplikacion ose lojë. Kur e di si duket, e dallon më herët dhe kërkon ndihmë më shpejt.

aw-risks-s1-title = Dikush të fiton besimin për të marrë diçka seksuale
aw-risks-s1-body =
    Disa njerëz shtiren si shokë, si i dashur ose e dashur, ose si dikush i moshës sate. Sillen shumë mirë, të bëjnë komplimente ose dhurata, si kredite për lojëra apo para, dhe të thonë se të kuptojnë më mirë se kushdo. Kjo quhet joshje (grooming).

    Pak nga pak, të kërkojnë sekrete, foto private ose të takoheni. Mund të të kërkojnë të kaloni në një aplikacion tjetër, ose ta mbash gjithçka të fshehtë.

    Një i rritur që ia bën këtë një të riu ose një të reje po bën diçka shumë të rëndë. Nuk është faji yt që i besove.

aw-risks-s2-title = Kërcënime për të shpërndarë fotot e tua (shantazh seksual)
aw-risks-s2-body =
    Dikush ka një foto ose video private ku je ti, ose thotë se e ka. Të kërcënon se do t'ua dërgojë familjes, shokëve ose shkollës sate, nëse nuk paguan, nuk dërgon foto të tjera ose nuk bën atë që të thotë. Kjo quhet shantazh seksual (sextortion).

    Përpiqen të të trembin dhe të të nxitojnë, që të mendosh se je vetëm. Nuk je vetëm. Kjo u ndodh shumë të rinjve dhe ka ndihmë.

    Nëse paguan ose dërgon më shumë, zakonisht kërcënimet nuk ndalen. Lexo faqen "Nëse të ndodh: çfarë të bësh".

aw-risks-s3-title = Foto private të shpërndara pa lejen tënde
aw-risks-s3-body =
    Dikush shpërndan, poston ose u tregon të tjerëve fotot ose videot e tua private pa pëlqimin tënd. Edhe nëse dikur ia dërgove vetë një personi, askush nuk ka të drejtë t'i çojë më tej.

    Ndonjëherë fotot janë të rreme ose të përpunuara, për shembull me aplikacione të inteligjencës artificiale që e tregojnë dikë lakuriq. Edhe kjo është abuzim.

    Gabimin e bën personi që i shpërndan, jo ti.

aw-risks-s4-title = Abuzim në transmetim live ose në video-thirrje
aw-risks-s4-body =
    Dikush të kërkon ose të shtyn të bësh gjëra seksuale para kamerës, në një video-thirrje ose në një transmetim live. Mund të të ofrojë dhurata, pikë ose para, ose të thotë se është thjesht lojë apo sfidë.

    Mund ta regjistrojë fshehurazi. Nëse kjo të ka ndodhur ty ose dikujt që njeh, mund ta raportosh, edhe nëse ka ndodhur shumë kohë më parë.

aw-risks-s5-title = Mesazhe ose foto seksuale që nuk i doje
aw-risks-s5-body =
    Dikush të dërgon foto, video, shaka ose komente seksuale që nuk i ke kërkuar, ose vazhdon të të shkruajë edhe pasi i the jo.

    Nuk ke pse të përgjigjesh. Mund ta ruash, ta bllokosh dhe ta raportosh. Nuk është "thjesht shaka" nëse të bën të ndihesh keq.

aw-risks-s6-title = Shenjat për t'u vënë re
aw-risks-s6-body =
    Ndalu dhe mendohu, nëse dikush në internet:
    - të kërkon t'i mbash bisedat të fshehta
    - të kërkon foto, qoftë edhe "vetëm një" ose "në fillim vetëm fytyrën"
    - të kërkon të kaloni në një aplikacion tjetër ose në një bisedë private
    - të dërgon dhurata, para ose kredite për lojëra, dhe pastaj do diçka në këmbim
    - të pyet nëse je vetëm, ose ku janë prindërit e tu
    - të bën të ndihesh në faj, me frikë ose me ngut
    - të kërcënon, ose të thotë se askush nuk do të të besojë

    Nëse diçka nuk të duket në rregull, besoji asaj ndjesie. Mund të ndalosh së përgjigjuri dhe të flasësh me dikë në çdo kohë.

## Çfarë të bësh

aw-what-to-do-title = Nëse të ndodh: çfarë të bësh
aw-what-to-do-intro = Nëse dikush po të bën presion ose po të kërcënon në internet, këta hapa mund të të ndihmojnë. Bëji një nga një. Nuk ke pse ta përballosh vetëm.

aw-what-to-do-s1-title = Mos paguaj, mos dërgo më
aw-what-to-do-s1-body =
    Mos iu përgjigj më. Mos paguaj dhe mos dërgo foto të tjera, edhe nëse të kërcënon. Kur paguan ose dërgon më shumë, zakonisht të kërkon edhe më tepër.

    Mund të kesh frikë ose të ndiesh turp. Është normale. Nuk është kurrë faji yt: gabim ka bërë personi që të kërcënon.

aw-what-to-do-s2-title = Mos fshi asgjë: ruaj çfarë ndodhi
aw-what-to-do-s2-body =
    Para se të bllokosh ose të fshish diçka, ruaj provat. Ato ndihmojnë për ta ndaluar personin dhe për të hequr fotot.
    - bëj pamje ekrani (screenshot) të profilit dhe të emrit të përdoruesit
    - bëj pamje ekrani të mesazheve, që të duken edhe datat
    - kopjo lidhjet (linket) e profilit dhe të postimeve
    - shkruaj në cilin aplikacion ose lojë ndodhi, dhe kur

    Nuk ke nevojë t'i ruash vetë fotot private. Mos ia dërgo askujt: as neve, as shokëve, as për të kërkuar ndihmë. Ruaji pamjet e ekranit në një vend ku i sheh vetëm ti.

aw-what-to-do-s3-title = Blloko dhe raporto në aplikacion
aw-what-to-do-s3-body =
    Kur t'i kesh ruajtur të gjitha, blloko personin. Pastaj raporto profilin e tij në aplikacion ose në lojë: shumica kanë një buton "Raporto" (Report).

    Nëse nuk di si bëhet, ose ke frikë, na shkruaj ose telefono ALO 116 111. Do të të ndihmojmë.

aw-what-to-do-s4-title = Tregoji dikujt që i beson
aw-what-to-do-s4-body =
    Tregoji një personi që i beson: një prindi, një të afërmi, një mësuesi, psikologut të shkollës ose prindit të një shoku a shoqeje. Nuk ke pse t'i thuash të gjitha menjëherë.

    Nëse personi i parë që e di nuk të ndihmon, tregoji dikujt tjetër. Të kërkosh ndihmë është normale dhe do guxim.

aw-what-to-do-s5-title = Raportoje
aw-what-to-do-s5-body =
    Mund të raportosh këtu, pa dhënë emrin tënd. Do të marrësh një dëftesë, që të kthehesh, të lexosh përgjigjen tonë dhe të na shkruash.

    Mund edhe:
    - të telefonosh ALO 116 111, falas, 24 orë në ditë, ose t'u shkruash në chat te alo116.al
    - të raportosh te ISIGURT.al, Linja Kombëtare për Internet të Sigurt
    - të telefonosh policinë në 129, ose 112 nëse je në rrezik tani

aw-what-to-do-s6-title = Fotot mund të hiqen
aw-what-to-do-s6-body =
    Shpesh, fotot dhe videot mund të hiqen nga aplikacionet dhe faqet e internetit.

    Vetë fotoja jote nuk ka pse të dërgohet askund. Prej saj mund të krijohet një lloj gjurme dixhitale: një kod i shkurtër, jo fotoja. Platformat mund ta përdorin këtë kod për të gjetur kopjet dhe për t'i hequr. Na thuaj në raportim, ose te mesazhet, që e dëshiron këtë.

## Pasi raporton

aw-after-report-title = Pasi raporton
aw-after-report-intro = Këtu shpjegojmë çfarë ndodh pasi dërgon raportimin dhe cilat janë të drejtat e tua. Mund të bësh pyetje ose të marrësh një pushim në çdo hap.

aw-after-report-s1-title = Dikush e lexon raportimin tënd
aw-after-report-s1-body =
    Një këshilltar i trajnuar i linjës së ndihmës për fëmijë e lexon raportimin tënd. Nuk të gjykon.

    Të përgjigjet te faqja e ndjekjes së raportimit. E hap me dëftesën tënde: kodin me 20 shifra që more kur raportove.

aw-after-report-s2-title = Ti vendos çfarë u tregohet të tjerëve
aw-after-report-s2-body =
    Raportimin tënd e çojmë më tej vetëm nëse thua po. Mund t'i thuash po Njësisë për Mbrojtjen e Fëmijës (NJMF) në bashkinë tënde, policisë, të dyjave, ose askujt. Mund të ndryshosh mendje më vonë te mesazhet.

    Në NJMF, një punonjës për mbrojtjen e fëmijës mund të të ndihmojë ty dhe familjen tënde, dhe të të lidhë me një psikolog, avokat ose mjek.

    Ka vetëm një përjashtim: nëse një fëmijë është në rrezik tani, profesionistët duhet të veprojnë për ta mbrojtur, edhe pa lejen tënde. Nëse ndodh kjo, do të të tregojmë çfarë bëmë dhe pse.

aw-after-report-s3-title = E sheh vetë çfarë po ndodh
aw-after-report-s3-body =
    Te faqja e ndjekjes së raportimit sheh:
    - në cilën fazë është raportimi yt, çfarë ndodh më pas dhe të drejtat e tua në atë fazë
    - mesazhet e këshilltarit, të cilave mund t'u përgjigjesh
    - kush e ka hapur raportimin tënd: tregojmë rolin, si "një këshilltar i linjës së ndihmës", kurrë emrin

aw-after-report-s4-title = Të drejtat e tua
aw-after-report-s4-body =
    Ke të drejtë:
    - të dëgjohesh dhe që fjala jote të merret seriozisht; në çdo vendim për ty, e mira jote vjen e para
    - që gjërat të të shpjegohen me fjalë që i kupton, dhe të bësh pyetje
    - për privatësi: askush nuk lejohet të publikojë emrin, adresën, shkollën, prindërit apo fotot e tua, dhe kush e bën këtë kryen krim
    - ta marrësh kohën që të duhet: nuk ke pse t'u përgjigjesh të gjitha pyetjeve te mesazhet
    - të ankohesh, nëse të trajtojnë padrejtësisht

aw-after-report-s5-title = Nëse përfshihet policia
aw-after-report-s5-body =
    Nëse raportimi yt shkon në polici, ligji të mbron edhe më shumë:
    - duhet të të shpjegojnë si zhvillohet çështja dhe çfarë ndihme mund të marrësh, përfshirë një avokat
    - një person mbështetës nga NJMF qëndron me ty, dhe mund të jetë aty edhe një person që i beson
    - të pyesin sa më pak herë që të jetë e mundur, në një dhomë miqësore për fëmijët
    - në rastet e abuzimit ose shfrytëzimit seksual, biseda regjistrohet me video, që të mos kesh nevojë ta tregosh sërish në gjykatë
    - të mbajnë larg personit të akuzuar: pa asnjë kontakt dhe pa u përballur me të
    - mund të kërkosh që të të pyesë një punonjës policie ose prokuror i së njëjtës gjini me ty

    (Ligji nr. 37/2017, nenet 34–43; Kodi i Procedurës Penale, neni 58)

aw-after-report-s6-title = Nëse diçka nuk shkon mirë
aw-after-report-s6-body =
    Nëse një institucion publik, si policia, shkolla ose bashkia, të trajton padrejtësisht, mund të ankohesh te Avokati i Popullit. Çdo fëmijë mund të ankohet atje drejtpërdrejt.

    Nëse të shqetëson diçka për raportimin tënd, na shkruaj te mesazhet ose telefono ALO 116 111.

## Merr ndihmë

aw-get-help-title = Ku të gjesh ndihmë
aw-get-help-intro = Nuk ke pse ta përballosh vetëm. Shumë nga këto shërbime janë falas, dhe disa mund të të ndihmojnë me telefon ose online, kudo që jeton.

aw-get-help-s1-title = ALO 116 111 – Linja Kombëtare e Këshillimit për Fëmijë
aw-get-help-s1-body =
    Telefono 116 111: është falas dhe e hapur 24 orë në ditë. Mund të shkruash edhe në chat, te alo116.al ose në aplikacionin ALO116111. Këshilltarët të dëgjojnë, nuk të gjykojnë dhe të ndihmojnë të vendosësh çfarë të bësh.

    Nëse ka humbur një fëmijë, numri është 116 000.

aw-get-help-s2-title = ISIGURT.al – Linja Kombëtare për Internet të Sigurt
aw-get-help-s2-body =
    Te isigurt.al ose në aplikacionin e saj mund të raportosh foto abuzimi, kërcënime dhe gjëra të tjera të dëmshme që gjen në internet. Është falas.

aw-get-help-s3-title = Njësia për Mbrojtjen e Fëmijës në bashkinë tënde
aw-get-help-s3-body =
    Çdo bashki ka një Njësi për Mbrojtjen e Fëmijës (NJMF). Punonjësit për mbrojtjen e fëmijës (PMF) janë punonjës socialë të trajnuar. Ata shohin çfarë të rrezikon, bëjnë një plan mbrojtjeje për ty duke dëgjuar mendimin tënd, dhe të qëndrojnë pranë derisa të mos jesh më në rrezik.

    Mund t'u drejtohesh vetë, nëpërmjet bashkisë, ose mund t'ua çojmë ne raportimin tënd, nëse thua po.

aw-get-help-s4-title = Psikolog, punonjës social, avokat
aw-get-help-s4-body =
    Të flasësh me një psikolog nuk do të thotë që je "i çmendur" apo "e çmendur". Do të thotë që po kujdesesh për veten, ashtu si shkon te mjeku kur je lënduar. Këtë e bëjnë shumë të rinj.

    Barnahus Shqipëri, në Tiranë, ndihmon fëmijët dhe adoleshentët pas dhunës seksuale, me ndihmë psikologjike dhe ligjore falas. NJMF, ALO 116 111 ose policia mund të të drejtojnë atje.

    Qendra për të Drejtat e Fëmijëve Shqipëri (CRCA/ECPAT Shqipëri) jep ndihmë ligjore falas për fëmijët.

    Nëse jeton larg, pyet për ndihmë me telefon ose online: me ALO 116 111 mund të flasësh kudo që të jesh.

aw-get-help-s5-title = Nëse je në rrezik tani
aw-get-help-s5-body =
    Telefono 112 (urgjenca) ose 129 (policia). Telefono edhe nëse nuk e di me siguri.

    Krimet në internet mund t'i denoncosh edhe te Policia e Shtetit, në faqen e saj "Denonco Krimin Kompjuterik".

aw-get-help-s6-title = Gjej një shërbim pranë teje
aw-get-help-s6-body =
    Lista e shërbimeve në këtë faqe i rendit shërbimet sipas vendit dhe llojit. Mund të zgjedhësh ato që janë falas, ose që ndihmojnë me telefon ose online. Aty është edhe Njësia për Mbrojtjen e Fëmijës e çdo bashkie.

## Për prindërit dhe kujdestarët

aw-parents-title = Për prindërit dhe kujdestarët
aw-parents-intro = Kur merrni vesh se fëmija juaj po abuzohet në internet, është tronditëse. Reagimi juaj i parë ka shumë rëndësi: qetësia dhe besimi juaj e ndihmojnë fëmijën më shumë se çdo gjë.

aw-parents-s1-title = Ruani qetësinë dhe besojini fëmijës
aw-parents-s1-body =
    Merrni frymë thellë para se të flisni. Fëmija mund të ketë frikë se do të zemëroheni ose do të zhgënjeheni. Thuajini:
    - "Të besoj."
    - "Nuk është faji yt."
    - "Faleminderit që ma tregove. Do ta zgjidhim bashkë."

    Përgjegjës është personi që i bëri presion ose e kërcënoi fëmijën, jo fëmija. Edhe nëse ka dërguar vetë një foto, fëmija është mashtruar ose është vënë nën presion.

aw-parents-s2-title = Çfarë të mos bëni
aw-parents-s2-body =
    - mos bërtisni, mos e fajësoni dhe mos e pyesni "pse e bëre?"
    - mos ia merrni telefonin ose internetin si ndëshkim: fëmija mund të mos ju tregojë më asgjë
    - mos e kontaktoni personin, mos i paguani dhe mos e kërcënoni
    - mos i fshini mesazhet ose llogarinë
    - mos i dërgoni, mos i përcillni dhe mos ia tregoni fotot askujt, as për të provuar çfarë ndodhi

aw-parents-s3-title = Ruani provat
aw-parents-s3-body =
    Bashkë me fëmijën, bëni pamje ekrani (screenshot) të profilit, të emrit të përdoruesit dhe të mesazheve, me datat, dhe kopjoni lidhjet. Shënoni aplikacionin ose lojën. Mos i ruani dhe mos i kopjoni vetë fotot seksuale.

    Pastaj bllokojeni personin dhe raportojeni profilin në aplikacion.

aw-parents-s4-title = Raportoni dhe kërkoni ndihmë
aw-parents-s4-body =
    - raportoni këtu në emër të fëmijës, ose ndihmojeni fëmijën të raportojë; nuk keni pse të jepni emrin
    - ALO 116 111 (falas, 24 orë në ditë) dhe ISIGURT.al
    - Njësia për Mbrojtjen e Fëmijës (NJMF) në bashkinë tuaj mund të mbështesë fëmijën dhe familjen
    - policia në 129, ose 112 nëse fëmija është në rrezik tani

    Pyeteni fëmijën çfarë dëshiron dhe përfshijeni në vendime. Shpjegojini çfarë do të ndodhë, me fjalë që i kupton.

aw-parents-s5-title = Kujdesuni edhe për veten
aw-parents-s5-body =
    Mund të ndiheni të zemëruar, në faj ose të frikësuar. Është normale. Flisni me dikë që i besoni, ose kërkojini NJMF-së t'ju lidhë me një psikolog. Kur merrni mbështetje për veten, e mbështetni më mirë fëmijën.

    Ruajeni privatësinë: mos postoni për këtë dhe mos u tregoni prindërve të tjerë. Emri, shkolla dhe fotot e fëmijës nuk duhet të dalin kurrë në media apo në rrjetet sociale.

    Vazhdoni të flisni me fëmijën edhe në javët që vijnë, dhe pyeteni si ndihet.

## Për mësuesit dhe stafin e shkollës

aw-teachers-title = Për mësuesit dhe stafin e shkollës
aw-teachers-intro = Një nxënës mund të zgjedhë pikërisht ju për t'jua treguar. Nuk keni nevojë të jeni ekspert: dëgjoni, besojini dhe njoftoni njerëzit e duhur.

aw-teachers-s1-title = Shenjat për t'u vënë re
aw-teachers-s1-body =
    Asnjë shenjë më vete nuk e provon abuzimin, por vini re kur një nxënës:
    - befas mbyllet në vetvete, bëhet i shqetësuar ose nervoz, ose nuk vjen më në shkollë
    - duket sikur ka frikë nga telefoni, ose e kontrollon pa pushim
    - ka dhurata, para ose kredite të reja për lojëra që nuk i shpjegon dot
    - flet për një "shok" më të madh në moshë që e ka njohur në internet
    - bëhet objekt thashethemesh ose fotosh që qarkullojnë në klasë
    - flet për të lënduar veten

    Nëse një nxënës flet për të lënduar veten, mos e lini vetëm dhe kërkoni ndihmë menjëherë. Nëse është në rrezik të menjëhershëm, telefononi 112.

aw-teachers-s2-title = Kur një nxënës jua tregon
aw-teachers-s2-body =
    - gjeni një vend të qetë dhe jepini kohë
    - dëgjoni dhe lëreni të flasë me fjalët e veta
    - ruani qetësinë dhe thuajini: "Të besoj. Nuk është faji yt. Bëre mirë që ma tregove."
    - mos e pyesni "pse e dërgove?" dhe mos bëni pyetje sugjestive si "a ishte filani?"
    - mos premtoni se do ta mbani sekret; shpjegojini kujt duhet t'ia tregoni dhe pse
    - mos kërkoni t'i shihni fotot, dhe mos bëni e mos përcillni kopje
    - shkruani çfarë tha nxënësi, me fjalët e veta, me datën dhe orën
    - tregojini çfarë do të ndodhë më pas

aw-teachers-s3-title = Ruani konfidencialitetin
aw-teachers-s3-body =
    Ndajeni atë që dini vetëm me njerëzit që kanë nevojë ta dinë për ta mbrojtur nxënësin: drejtuesit e shkollës, sipas procedurës suaj, dhe shërbimet më poshtë.
    - mos i tregoni kurrë klasës, nxënësve të tjerë apo prindërve të tjerë
    - mos e diskutoni kurrë në grupe bisedash (chat)
    - mos i jepni kurrë medias emrin, shkollën ose fotot e nxënësit: publikimi i çdo gjëje që mund të identifikojë një fëmijë viktimë është krim

    Nëse në shkollë qarkullojnë foto, mos i mblidhni në telefonin tuaj. Tregoni ku janë dhe lërini në duart e policisë ose të ISIGURT.al.

aw-teachers-s4-title = Kujt t'i drejtoheni
aw-teachers-s4-body =
    - psikologut ose shërbimit psiko-social të shkollës, nëse shkolla juaj e ka
    - Njësisë për Mbrojtjen e Fëmijës (NJMF) në bashki: një punonjës për mbrojtjen e fëmijës vlerëson rrezikun dhe planifikon ndihmën bashkë me fëmijën dhe familjen
    - policisë në 129, ose 112 nëse fëmija është në rrezik tani
    - ALO 116 111 ose ISIGURT.al, për të raportuar

    Tregojini nxënësit para se ta referoni dhe përfshijeni në vendime sa më shumë që të jetë e mundur. Ndiqni procedurën e shkollës suaj për raportimin e dhunës ndaj fëmijëve.

aw-teachers-s5-title = Parandalimi në klasë
aw-teachers-s5-body =
    - flisni rregullisht për sigurinë në internet dhe për marrëdhëniet e shëndetshme, jo vetëm pasi ka ndodhur diçka
    - thoni qartë: nëse dikush të bën presion ose të kërcënon në internet, nuk është kurrë faji yt, dhe të rriturit do të të ndihmojnë, jo do të të ndëshkojnë
    - shmangni historitë që trembin dhe mesazhet fajësuese, si "kush dërgon foto, e ka vetë fajin"
    - u tregoni nxënësve për ALO 116 111, ISIGURT.al dhe këtë faqe, dhe vendoseni fletëpalosjen aty ku e shohin të gjithë
    - pyesni NJMF-në, ISIGURT.al ose CRCA/ECPAT Shqipëri nëse mund të mbajnë një takim ndërgjegjësimi në shkollën tuaj

## Fletëpalosja (A5 e shtypur, shpërndahet në shkolla)

leaflet-title = Të ndodhi diçka në internet? Nuk je vetëm.
leaflet-tagline = Ngrije zërin. Të dëgjojmë pa të gjykuar.
leaflet-point1 = Nuk është kurrë faji yt. Përgjegjës është personi që të bën presion ose të kërcënon.
leaflet-point2 = Nëse dikush kërcënon se do të shpërndajë fotot e tua: mos paguaj, mos dërgo më.
leaflet-point3 = Mos fshi asgjë: ruaj pamje ekrani të profilit dhe të mesazheve.
leaflet-point4 = Tregoji dikujt që i beson. Të kërkosh ndihmë është normale dhe do guxim.
leaflet-point5 = Fotot shpesh mund të hiqen. Ndihma është falas.
leaflet-helpline = ALO 116 111: telefono falas, 24 orë në ditë, ose shkruaj në chat te alo116.al.
leaflet-scan = Skano kodin për të raportuar ose për të mësuar më shumë.
leaflet-local-unit = Në bashkinë tënde: { $unit }
leaflet-footer = Mund të raportosh pa dhënë emrin. Raportimin tënd nuk e çojmë më tej pa lejen tënde, përveç kur një fëmijë është në rrezik.

## Udhëzues për profesionistët (zona e stafit)

guide-disclosure-title = Si të flasësh me një fëmijë që tregon për abuzim
guide-disclosure-body =
    Të tregosh është e vështirë. Shpesh fëmija tregon fillimisht vetëm një pjesë, për të parë si reagon. Reagimi yt vendos nëse do të vazhdojë të flasë.
    - dëgjo me qetësi; lëre fëmijën të flasë me fjalët dhe me ritmin e vet
    - besoje dhe thuaji: "Faleminderit që ma tregove. Nuk është faji yt."
    - bëj vetëm pyetje të hapura ("A mund të më tregosh më shumë?"); asnjë pyetje sugjestive, kurrë "pse e bëre…"
    - mos pyet për hollësi që nuk të duhen dhe mos kërko të shohësh fotot
    - mos premto fshehtësi që nuk mund ta mbash; thuaji kujt do t'ia tregosh dhe pse
    - shpjegoji hapat e ardhshëm me fjalë që i kupton, dhe pyete çfarë dëshiron dhe nga çfarë ka frikë
    - shkruaj fjalët e fëmijës ashtu siç i tha, me datë dhe orë, të ndara nga mendimi yt
    - mos e bëj fëmijën ta tregojë historinë disa herë, te kolegë të ndryshëm
    - mos u përball me personin e dyshuar dhe mos heto vetë
    - sigurohu që fëmija është i sigurt tani; nëse jo, telefono 112

guide-confidentiality-title = Konfidencialiteti në praktikë
guide-confidentiality-body =
    Publikimi i çdo gjëje që mund të identifikojë një fëmijë viktimë ose dëshmitar është vepër penale (Ligji nr. 37/2017, nenet 21 dhe 43).
    - mos nxirr kurrë jashtë rastit emrin, shkollën, adresën, emrat e prindërve ose fotot e fëmijës
    - kurrë me median, në rrjetet sociale ose në grupe bisedash
    - me kolegët vetëm kur puna e tyre për rastin e kërkon, dhe vetëm aq sa u duhet
    - fol për rastin në mjedis privat, jo në korridore, në zyra të përbashkëta ose në telefon para të tjerëve
    - mos i kopjo të dhënat e rastit në pajisje personale ose në email privat
    - zbuloje identitetin e fëmijës në Zëri vetëm kur e kërkon detyra jote, dhe shkruaj arsyen
    - çdo zbulim regjistrohet dhe fëmija e sheh në faqen e ndjekjes: shkruaje arsyen në mënyrë që ta kuptojë edhe fëmija
    - nëse rrjedhin të dhëna, njofto menjëherë përgjegjësin tënd; fëmija mund të ankohet te Komisioneri për të Drejtën e Informimit dhe Mbrojtjen e të Dhënave Personale (IDP)

guide-evidence-title = Si të ruash provat online
guide-evidence-body =
    Provat online zhduken shpejt: llogaritë fshihen dhe mesazhet skadojnë. Ruaj çfarë mundesh, pa i prekur vetë materialet e abuzimit.
    - shëno platformën, adresat e plota (URL) dhe emrat e përdoruesve, si dhe ID-në e profilit ose të përdoruesit nëse duket
    - bëj pamje ekrani të profileve dhe të bisedave, me datën dhe orën të dukshme
    - shkruaj kur, si dhe nga kush u mblodh secila provë
    - mos përcill, mos shkarko, mos kopjo dhe mos printo kurrë materiale të abuzimeve seksuale të fëmijëve, as për dosjen
    - mos i kërko fëmijës të të dërgojë fotot
    - mos e kontakto të dyshuarin dhe mos hyr në llogaritë e fëmijës
    - dorëzoje materialin te policia ose te ISIGURT.al nëpërmjet kanalit që cakton procedura jote, kurrë me email të zakonshëm ose aplikacione bisedash
    - ruaj zinxhirin e ruajtjes së provave: regjistro çdo dorëzim (kush, kur, çfarë) dhe mos i ndrysho origjinalet

guide-referral-title = Referimi i një fëmije, me pëlqim
guide-referral-body =
    Referimi funksionon më mirë kur fëmija e kupton dhe bie dakord.
    - shpjegoji fëmijës, me fjalë që i kupton, kush do të marrë çfarë, dhe pse
    - pyet për mendimin e fëmijës dhe merre seriozisht, sipas moshës dhe pjekurisë së tij
    - shëno kush dha pëlqimin (fëmija, prindi ose kujdestari ligjor), kur, dhe çfarë iu shpjegua
    - nëse pyetja e prindit mund ta vërë fëmijën në rrezik, fol me NJMF-në para se të kontaktosh familjen
    - referoje te Njësia për Mbrojtjen e Fëmijës (NJMF) e bashkisë së fëmijës: ajo vlerëson rrezikun dhe koordinon shërbimet e tjera
    - për dhunë seksuale, NJMF, policia, prokurori ose ALO 116 111 mund ta referojnë rastin te Barnahus Shqipëri (ndihmë psikologjike dhe ligjore falas)
    - dërgo vetëm atë që i duhet shërbimit që e merr
    - ndiqe rastin: sigurohu që referimi mbërriti dhe që dikush u lidh me fëmijën, dhe tregoji fëmijës
    - fëmija mund ta tërheqë pëlqimin: shënoje dhe njofto ata që e morën referimin

guide-legal-duty-title = Kur ligji të detyron të veprosh pa pëlqim
guide-legal-duty-body =
    Zakonisht asgjë nuk çohet më tej pa pëlqim. Në disa raste duhet të veprosh edhe pa të.
    - një fëmijë është në rrezik të menjëhershëm: telefono 112 ose 129 dhe vepro për ta mbrojtur
    - dyshon për dhunë ose për një vepër tjetër ndaj një fëmije që profesionistët duhet ta raportojnë: profesionistët që punojnë me fëmijë kanë detyrimin të raportojnë dhunën ndaj fëmijës (Ligji nr. 18/2017), dhe procedura e organizatës tënde thotë kujt dhe si
    - ndaj vetëm atë që kërkon situata
    - tregoji fëmijës çfarë do të bësh, pse, dhe çfarë ndodh më pas: para se të veprosh, nëse kjo është e sigurt, përndryshe sa më shpejt
    - dëgjo shqetësimet e fëmijës dhe përfshije në hapat e ardhshëm
    - shkruaj arsyen ligjore në Zëri: ajo regjistrohet dhe i shfaqet fëmijës
    - nëse ke dyshime, pyet përgjegjësin ose këshilltarin ligjor, por mos prit kur një fëmijë është në rrezik

guide-export-title = Para se të eksportosh paketën e rastit
guide-export-body =
    Eksporti i nxjerr të dhënat e rastit jashtë platformës Zëri. Kontrolloje këtë para çdo eksporti:
    - ka pëlqim për përfshirjen e policisë, ose një detyrim ligjor, dhe ai është i regjistruar
    - marrësi është një hetues policie ose prokuror i caktuar me emër, që punon për këtë rast
    - përfshi vetëm atë që i duhet rastit; lëre jashtë atë që nuk ka lidhje
    - çdo eksport mban një shenjë unike (gjurmë) të lidhur me marrësin, ndaj një kopje që rrjedh mund të gjurmohet
    - mos e dërgo kurrë me email të paenkriptuar ose me aplikacione bisedash; dorëzoje siç thotë procedura
    - mos ia jep kurrë medias, ose kujtdo jashtë rastit
    - regjistro dorëzimin në zinxhirin e ruajtjes së provave
    - tregoji fëmijës, me fjalë që i kupton, çfarë u dërgua dhe kujt

guide-wellbeing-title = Kujdesi për veten kur sheh materiale abuzimi
guide-wellbeing-body =
    Të parit e abuzimit seksual të fëmijëve prek këdo që e bën, sado me përvojë të jetë. Linjat si IWF i mbrojnë analistët e tyre me kufij, pushime dhe këshillim; Zëri bën të njëjtën gjë për këdo që hap prova.
    - hape një skedar vetëm kur i duhet rastit: vlerat hash, përputhjet dhe fjalët e fëmijës shpesh mjaftojnë
    - imazhet janë të turbullta dhe gri derisa të zgjedhësh t'i shohësh, videot të ndalura dhe pa zë; shiko vetëm sa të duhet
    - një skedar që përputhet me një listë të njohur nuk shfaqet nëse nuk e kërkon sërish: vlera e tij hash e konfirmon tashmë se çfarë është
    - bëj pushimin që kërkon Zëri pas çdo ore ekspozimi: largohu nga ekrani, lëviz, pi ujë, bisedo për diçka tjetër
    - kufiri ditor (pesë orë, nëse administratori nuk ka vendosur tjetër) është për të të mbrojtur: kur arrihet, ndalo për sot dhe ia kalo një kolegu punën urgjente
    - numrat e tu i sheh te "Ekspozimi yt ndaj materialeve"; administratori sheh vetëm numra, kurrë çfarë hape
    - bisedo me mbikëqyrësin ose me këshillimin që ofron organizata jote, rregullisht dhe jo vetëm kur ndihesh keq; imazhet që rikthehen, gjumi i keq, nervozizmi ose mpirja janë reagime të zakonshme dhe mund të ndihmohen
    - mos i merr kurrë materialet në shtëpi, mos i printo dhe mos ia trego askujt që nuk ka nevojë t'i shohë

## Pjesë të faqes (jo nga tekstet më lart)
learn-stages-title = Hapat e raportimit tënd
learn-stages-intro = Në faqen e ndjekjes, me kodin tënd, sheh gjithmonë në cilin hap është raportimi, çfarë ndodh më pas dhe të drejtat e tua në atë hap.
learn-next = Më tej:
learn-link = Mëso dhe gjej ndihmë
guides-title = Udhëzues për profesionistët
guides-link = Udhëzuesit
leaflet-download = Shkarko si PDF (A5)
leaflet-print-hint = Ose printoje këtë faqe: del në një fletë A5. Për versionin e një bashkie, shto ?municipality=Kukës në adresë.
