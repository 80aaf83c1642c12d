### Tekstet për fëmijën në çdo fazë të raportimit: emri i fazës,
### "Çfarë ndodh më pas" dhe "Të drejtat e tua", si dhe ankesat dhe ndihma urgjente.
### Faktet dhe burimet: shared/design/RIGHTS-AND-TERMS.md. Pikat e shënuara (check)
### atje janë lënë jashtë ose janë shkruar me kujdes. Mbaji sq dhe en njësoj, dhe
### përditëso rights-updated sa herë ndryshon një fakt.
### Çdo rresht i një vlere -rights dhe i rights-complaints shfaqet si një pikë e listës.

help-now = Nëse je në rrezik tani, telefono 112 (urgjenca) ose 129 (policia). Për të folur me dikë tani, telefono ALO 116 111 — falas, 24 orë në ditë.

rights-updated = Këto tekste u kontrolluan për herë të fundit në nëntor 2026. Ligjet mund të ndryshojnë.

rights-complaints =
    Avokati i Popullit, seksioni për të drejtat e fëmijëve: nëse një institucion publik, si policia, shkolla ose bashkia, të ka trajtuar padrejtësisht. Çdo fëmijë mund të ankohet atje drejtpërdrejt (avokatipopullit.gov.al).
    Komisioneri për të Drejtën e Informimit dhe Mbrojtjen e të Dhënave Personale (IDP): nëse të dhënat e tua personale janë keqpërdorur ose kanë rrjedhur (idp.al).
    Agjencia Shtetërore për të Drejtat dhe Mbrojtjen e Fëmijës (ASHDMF): për mënyrën si të kanë ndihmuar shërbimet për mbrojtjen e fëmijëve (femijet.gov.al).

## received

stage-received = Raportimi u mor
stage-received-next =
    Raportimi yt u ruajt në mënyrë të sigurt. Askush nuk e ka lexuar ende.
    Një këshilltar i linjës së ndihmës do ta lexojë së shpejti.
    Ruaje dëftesën në një vend të sigurt: të duhet për t'u kthyer këtu.
    Ajo që ndodhi nuk është faji yt.
stage-received-rights =
    Ke të drejtë të dëgjohesh dhe që fjala jote të merret seriozisht.
    Në çdo vendim për ty, e mira jote vjen e para.
    Ke të drejtë të mbrohesh nga abuzimi dhe nga përmbajtjet e dëmshme në internet.
    Askush nuk lejohet të publikojë asgjë që mund të zbulojë kush je: emrin, adresën, shkollën, prindërit apo fotot e tua. Kush e bën këtë, kryen krim. (Ligji nr. 37/2017, nenet 21 dhe 43)

## in-review

stage-in-review = Në shqyrtim
stage-in-review-next =
    Një këshilltar i linjës së ndihmës po e lexon raportimin tënd.
    Së bashku me ty, do të vendosë cila ndihmë të përshtatet më mirë.
    Mund të të shkruajë te mesazhet, ndaj kthehu herë pas here me dëftesën tënde.
    Para se ta çojmë raportimin te dikush tjetër, të kërkojmë lejen, përveç kur një fëmijë është në rrezik.
stage-in-review-rights =
    Ke të drejtë të thuash çfarë mendon dhe çfarë dëshiron. Mendimi yt ka rëndësi.
    Mund të bësh pyetje kur të duash. Nuk ke pse t'u përgjigjesh të gjitha pyetjeve.
    Mund të bësh një pushim dhe të na shkruash kur të jesh gati.
    Në çdo vendim për ty, e mira jote vjen e para. (Ligji nr. 18/2017)

## waiting-for-you

stage-waiting-for-you = Presim përgjigjen tënde
stage-waiting-for-you-next =
    Të kemi dërguar një pyetje te mesazhet.
    Hap mesazhet me dëftesën tënde dhe përgjigju kur të jesh gati.
    Nëse nuk dëshiron të përgjigjesh, ose nuk e kupton pyetjen, thjesht na e thuaj.
    Ndërsa presim, raportimi yt mbetet i ruajtur në mënyrë të sigurt.
stage-waiting-for-you-rights =
    Mund ta marrësh kohën që të duhet. Nuk ka përgjigje të gabuar.
    Nuk ke pse t'u përgjigjesh pyetjeve që nuk dëshiron.
    Ke të drejtë që gjërat të të shpjegohen në një mënyrë që i kupton. Mjafton të na pyesësh.
    Mund të ndryshosh mendje për ndihmën që dëshiron.

## referred-for-support

stage-referred-for-support = Dërguar për mbështetje
stage-referred-for-support-next =
    Meqë the po, e dërguam raportimin tënd më tej.
    U dërgua te Njësia për Mbrojtjen e Fëmijës (NJMF) në bashkinë tënde, ose te një shërbim mbështetës: psikolog, punonjës social, avokat ose mjek.
    Ata do të lidhen me ty në mënyrën për të cilën ke rënë dakord me ne.
    Mund të vazhdosh të na shkruash te mesazhet.
stage-referred-for-support-rights =
    Në NJMF, një punonjës për mbrojtjen e fëmijës shikon çfarë mund të të rrezikojë dhe të ndihmon të jesh në siguri.
    Mbahet një takim për mënyrën si do të ndihmohesh. Ti ftohesh në të, në një mënyrë që i përshtatet moshës dhe kuptimit tënd.
    Mendimi yt dëgjohet dhe bëhet një plan mbrojtjeje vetëm për ty.
    Punonjësi qëndron pranë teje derisa të mos jesh më në rrezik.
    Askush nuk lejohet të publikojë asgjë që mund të zbulojë kush je: emrin, adresën, shkollën, prindërit apo fotot e tua. (Ligji nr. 37/2017, nenet 21 dhe 43)

## reported-to-police

stage-reported-to-police = Raportuar në polici
stage-reported-to-police-next =
    Raportimi yt iu dërgua Policisë së Shtetit, sepse ti the po ose sepse një fëmijë mund të jetë në rrezik.
    Policia dhe prokurori do të hetojnë se çfarë ndodhi.
    Nëse duan të flasin me ty, duhet të të shpjegojnë më parë si zhvillohet gjithçka, dhe nuk do të jesh vetëm.
    Mund të vazhdosh të na shkruash te mesazhet.
stage-reported-to-police-rights =
    Duhet të të tregojnë si zhvillohet çështja dhe çfarë ndihme mund të marrësh. Kjo përfshin një avokat dhe të drejtën të kërkosh dëmshpërblim për dëmin që të është bërë.
    Të pyesin sa më pak herë që të jetë e mundur, në një dhomë miqësore për fëmijët. Në rastet e abuzimit ose shfrytëzimit seksual, biseda regjistrohet me video, që të mos kesh nevojë ta tregosh sërish në gjykatë.
    Një person mbështetës nga NJMF qëndron me ty dhe mund të jetë aty edhe një person që i beson. Të mbajnë larg personit të akuzuar: pa asnjë kontakt dhe pa u përballur me të.
    Mund të kërkosh që të të pyesë një punonjës policie ose prokuror i së njëjtës gjini me ty. Mund të refuzosh pyetjet për jetën tënde private që nuk kanë lidhje me çështjen.
    Askush nuk lejohet të publikojë asgjë që mund të zbulojë kush je: emrin, adresën, shkollën, prindërit apo fotot e tua. (Ligji nr. 37/2017, nenet 21, 34–43; Kodi i Procedurës Penale, neni 58)

## closed

stage-closed = Mbyllur
stage-closed-next =
    Puna për raportimin tënd përfundoi.
    Mund të na shkruash ende te mesazhet: një mesazh i ri e hap sërish raportimin.
    Ruaje dëftesën, në rast se dëshiron të kthehesh.
stage-closed-rights =
    Mund të kthehesh dhe të na shkruash në çdo kohë.
    Mbyllja e raportimit nuk do të thotë që ke bërë diçka gabim.
    Ke ende të drejtë për ndihmë dhe mbështetje, për shembull nga ALO 116 111 ose nga Njësia për Mbrojtjen e Fëmijës (NJMF) në bashkinë tënde.
    Askush nuk lejohet të publikojë asgjë që mund të zbulojë kush je: emrin, adresën, shkollën, prindërit apo fotot e tua.
    Nëse mendon se nuk u trajtove drejt, mund të ankohesh.
