# Puna me rastet mes institucioneve: faqet e stafit, historiku i aksesit për fëmijën, gabimet. Shqip.
# Mbaji çelësat njësoj me en/casework.ftl (një test kontrollon që të dy skedarët kanë të njëjtët çelësa).

## Rolet, siç i shohin fëmija dhe kolegët (kurrë emri i një personi)
role-hotline-analyst = Një analist i linjës për internet të sigurt
role-child-protection-officer = Një punonjës për mbrojtjen e fëmijës
role-service-provider = Një profesionist që ofron mbështetje
role-police-investigator = Një hetues policie
role-prosecutor = Një prokuror
role-barnahus-coordinator = Një koordinator në Barnahus
role-statistician = Një statisticien
profession-psychologist = Psikolog
profession-social-worker = Punonjës social
profession-lawyer = Avokat
profession-doctor = Mjek

## Organizatat
org-cpu = Njësia për Mbrojtjen e Fëmijës, { $municipality }
org-unknown = një organizatë
demo-marker = demonstrim
recipient-helpline = Linja e ndihmës për fëmijë
recipient-hotline = Linja për internet të sigurt
recipient-cpu = Njësia për Mbrojtjen e Fëmijës
recipient-service = Një shërbim mbështetës
recipient-police = Policia
recipient-prosecution = Prokuroria
recipient-barnahus = Barnahus

## Lidhjet me rastin
relation-assigned = Caktuar për ty
relation-team = Je në ekipin e rastit
relation-referred = Referuar te organizata jote
relation-referral-pending = Referimi pret përgjigjen tënde
relation-same-org = Mbahet nga organizata jote
relation-none = Asnjë lidhje

## Hyrja me faktor të dytë
staff-code = Kodi nga aplikacioni yt i autentifikimit
staff-code-hint = Gjashtë shifra. I nevojshëm për çdo rol që mund të shohë identitetin e një fëmije ose të eksportojë një rast.
enrol-title = Konfiguro faktorin tënd të dytë
enrol-why = Roli yt mund të shohë identitetin e fëmijëve ose të eksportojë raste, prandaj për të hyrë të duhet, përveç fjalëkalimit, edhe një kod nga një aplikacion në telefonin tënd. Këtë e bën vetëm një herë.
enrol-step-app = Hap një aplikacion autentifikimi në telefonin tënd (për shembull FreeOTP, Aegis ose Google Authenticator).
enrol-step-scan = Skano këtë kod me aplikacionin:
enrol-step-text = Ose shkruaj këtë çelës sekret në aplikacion:
enrol-step-code = Shkruaj kodin me gjashtë shifra që shfaq aplikacioni, për ta konfirmuar.
enrol-confirm = Konfirmo dhe hyr
enrol-wrong-code = Ky kod nuk është i saktë. Më poshtë shfaqet një çelës i ri sekret: skanoje sërish dhe përdor kodin e ri.
staff-statistician-no-cases = Roli yt sheh vetëm statistika të anonimizuara, kurrë një rast.

## Gabimet
error-second-factor-setup = Konfiguro më parë faktorin e dytë në ndërfaqen web (hyr te /sq/staff/login).
error-already-assigned = Dikush e ka marrë tashmë këtë rast.
error-already-member = Ky person është tashmë në ekip.
error-referral-open = Ka tashmë një referim të hapur te kjo organizatë.
error-referral-conflict = Dikush iu përgjigj këtij referimi pak më parë. Të lutem, ringarko faqen.
error-task-done = Kjo detyrë është kryer tashmë.
error-testimony-exists = Ky rast e ka tashmë dëshminë: fëmija e tregon historinë e vet vetëm një herë.
error-bad-upload = Nuk arritëm ta lexojmë skedarin e ngarkuar. Të lutem, provo sërish.
field-error-too-short = Kjo është shumë e shkurtër: shkruaj të paktën { $limit } karaktere.
field-error-invalid-date = Të lutem, shkruaje datën si YYYY-MM-DD.
field-error-unknown-staff = Nuk ka asnjë llogari aktive me këtë emër përdoruesi.
field-error-not-on-case = Ky person nuk mund ta shohë këtë rast. Më parë shtoje në ekip ose referoje rastin.
field-error-unknown-task = Ky rast nuk ka një detyrë të tillë.
field-error-consent-required = Nuk ka pëlqim të regjistruar për këtë organizatë. Regjistro më parë pëlqimin, ose, nëse zbatohet një detyrim ligjor, zgjidhe atë dhe jep arsyen.
field-error-export-consent-required = Nuk ka pëlqim të regjistruar për këtë organizatë, dhe rasti nuk i është dërguar asaj për shkak të një detyrimi ligjor. Regjistro më parë pëlqimin, ose dërgoja rastin për shkak të detyrimit ligjor, pastaj përgatit paketën.
field-error-duty-not-for-recipient = Një detyrim ligjor mund të justifikojë vetëm njoftimin e policisë, të prokurorisë ose të Njësisë për Mbrojtjen e Fëmijës.
field-error-unknown-referral = Nuk ka një referim të tillë te organizata jote.
field-error-not-allowed = Ky ndryshim nuk është i mundur nga gjendja ku ndodhet referimi tani.
field-error-invalid-username = Përdor nga 3 deri në 64 shkronja, shifra, pika, viza ose viza të poshtme.
field-error-username-taken = Ky emër përdoruesi është i zënë.
field-error-wrong-organisation = Ky rol ka nevojë për një organizatë të llojit të duhur (për shembull, një punonjës për mbrojtjen e fëmijës i përket një Njësie për Mbrojtjen e Fëmijës).
field-error-not-yourself = Nuk mund ta bësh këtë me llogarinë tënde.
field-error-not-yours-to-confirm = Këtë llogari mund ta konfirmojë vetëm dikush tjetër nga ai që e krijoi: një koleg i organizatës së saj ose një administrator tjetër.

## Emrat e fushave në listat e gabimeve
case-field-body = Teksti
case-field-stage = Faza
case-field-urgency = Urgjenca
case-field-category = Kategoria
case-field-reason = Arsyeja
case-field-links = Lidhjet
case-not-done = Kjo nuk u krye. Korrigjo atë që është shënuar më poshtë dhe dërgoje përsëri:
case-take = Merre këtë rast
case-take-hint = Rasti bëhet i yti: ti i përgjigjesh fëmijës dhe drejton punën.
case-next-step = Hapi tjetër:
case-on-this-page = Në këtë faqe
done-take = E more rastin: tani është i yti.
done-hotline-links = Lidhjet janë në radhën e linjës së sinjalizimit, pa identitetin e fëmijës.
hotline-links-button = Dërgoji këto lidhje në radhën e lidhjeve për t'u vlerësuar
done-messages = Mesazhi yt iu dërgua fëmijës.
done-stage = Faza u ndryshua.
done-triage = Vlerësimi u ruajt.
done-notes = Shënimi u shtua.
done-tasks = Detyra u shtua.
done-task-done = Detyra u shënua si e kryer.
done-consents = Vendimi për pëlqimin u regjistrua.
done-referrals = Referimi u dërgua.
done-referral-answer = Përgjigjja jote për referimin u regjistrua.
done-team = Kolegu u shtua në ekip.
done-meetings = Procesverbali i takimit u ruajt.
done-outcomes = Rezultati u regjistrua.
done-contacts = Telefonata u regjistrua.
done-sessions = Oraret e seancës iu ofruan fëmijës.
done-testimony = Dëshmia e regjistruar u ruajt.
case-field-handler = Kush e trajton
case-field-title = Detyra
case-field-owner = Kush e bën
case-field-due = Afati
case-field-task = Detyra
case-field-recipient = Marrësi
case-field-org = Organizata
case-field-giver = Dhënë nga
case-field-decision = Vendimi
case-field-explained = Çfarë u shpjegua
case-field-to = Referoje te
case-field-note = Shënimi
case-field-legal-duty = Detyrimi ligjor
case-field-referral = Referimi
case-field-status = Përgjigjja
case-field-username = Emri i përdoruesit
case-field-held-on = Data
case-field-attendees = Kush mori pjesë
case-field-decisions = Vendimet
case-field-actions = Kush bën çfarë dhe deri kur
case-field-file = Skedari
case-field-recorded-on = Regjistruar më
case-field-interviewer = Intervistuesi
case-field-notes = Shënimet
case-field-name = Emri
case-field-kind = Lloji
case-field-municipality = Bashkia
case-field-role = Roli
case-field-profession = Profesioni
case-field-change = Ndryshimi

## Faqja e rastit
case-holder = Mbahet nga
case-your-relation = Lidhja jote me rastin
case-closed-note = Ky rast është mbyllur. Një mesazh nga fëmija e rihap.
urgency-normal = Normale
urgency-high = E lartë
urgency-immediate-danger = Fëmijë në rrezik të menjëhershëm
escalation-title = Një fëmijë mund të jetë në rrezik të menjëhershëm.
escalation-body = Telefono tani policinë (129) ose urgjencën (112) nëse fëmija nuk mund të mbahet në siguri, njofto Njësinë për Mbrojtjen e Fëmijës në bashkinë e fëmijës dhe regjistro një referim për secilën: me pëlqimin e fëmijës, ose në bazë të detyrimit ligjor, duke dhënë arsyen. Fëmija do të shohë që rasti u dërgua më tej dhe pse.
escalation-task = Fëmijë në rrezik të menjëhershëm: njofto tani policinë dhe Njësinë për Mbrojtjen e Fëmijës, dhe regjistro referimet.
triage-title = Vlerësimi i urgjencës
triage-hint = Zgjidh "Fëmijë në rrezik të menjëhershëm" nëse fëmija mund të dëmtohet së shpejti: kjo nis hapat e përshkallëzimit dhe e vendos rastin të parin në çdo listë.
triage-save = Ruaj vlerësimin
reveal-title = Identiteti
reveal-reason = Pse të duhet të shohësh emrin dhe të dhënat e kontaktit të fëmijës?
reveal-reason-hint = Të paktën 10 karaktere. Ruhet në regjistrin e auditimit, dhe fëmija e sheh te faqja e ndjekjes që e pe dhe arsyen që shkrove.
reveal-button = Shfaq identitetin
reveal-logged = Shfaqet vetëm për këtë faqe. Ky shikim dhe arsyeja jote regjistrohen dhe i tregohen fëmijës.
reveal-not-allowed = Roli yt dhe lidhja jote me këtë rast nuk të lejojnë të shohësh identitetin e fëmijës.
identity-name = Emri
identity-contact = Kontakti
identity-place = Qyteti ose fshati
tasks-title = Detyrat
tasks-none = Ende nuk ka detyra.
tasks-due = afati
tasks-overdue = e vonuar
tasks-overdue-title = Detyra të vonuara
tasks-done = Shëno si të kryer
tasks-what = Çfarë duhet bërë
tasks-owner = Kush e bën
tasks-owner-hint = Një emër përdoruesi; bosh do të thotë ti. Personi duhet të mund ta shohë këtë rast.
tasks-add = Shto detyrë
notes-title = Shënimet e rastit
notes-add = Shto një shënim
notes-hint = Vetëm atë që i duhet punës. Shënimet janë të enkriptuara dhe i shohin të gjithë ata që lejohen ta lexojnë këtë rast.
notes-save = Ruaj shënimin
case-consent-title = Pëlqimi
consent-in-form = kërkuar në formularin e raportimit
consent-recipient = Me kë ndahet
consent-org = Cili shërbim
consent-org-hint = Vetëm për "Një shërbim mbështetës": pëlqimi jepet për një shërbim, jo për të gjitha.
consent-giver = Dhënë nga
consent-decision = Vendimi
consent-explained = Çfarë u shpjegua
consent-explained-hint = Me fjalët që përdore me fëmijën: çfarë do të ndahet, me kë dhe pse.
consent-save = Regjistro pëlqimin
consent-given = pëlqimi u dha
consent-refused = pëlqimi nuk u dha
consent-withdrawn = pëlqimi u tërhoq
giver-child = fëmija
giver-parent = një prind
giver-guardian = një kujdestar
referrals-title = Referimet
referral-sent = dërguar
referral-accepted = pranuar
referral-declined = refuzuar
referral-completed = përfunduar
referral-incoming = Referim për organizatën tënde
referral-from = Referuar nga { $org } më { $time }.
referral-answer = Përgjigjja
referral-answer-reason = Përgjigjja jote
referral-answer-reason-hint = E nevojshme kur e refuzon (të paktën 10 karaktere).
referral-handler = Kush e trajton (sipas dëshirës)
referral-handler-hint = Emri i përdoruesit i një kolegu në organizatën tuaj; bosh: ju. Vetëm ai që e trajton e hap rastin; kolegët tuaj shohin vetëm referimin.
referral-accept = Prano
referral-decline = Refuzo
referral-complete = Shëno si të përfunduar
refer-to = Referoje te
refer-suggested = Sugjerohet Njësia për Mbrojtjen e Fëmijës e bashkisë së fëmijës.
refer-note = Shënim për organizatën që e merr
refer-note-hint = Çfarë u duhet të dinë për të ndihmuar; asgjë më shumë.
refer-legal-duty = Baza
refer-legal-duty-hint = Pa pëlqim për këtë organizatë, vetëm një detyrim ligjor e lejon referimin, me një arsye që fëmija do ta shohë.
refer-with-consent = Me pëlqim
refer-reason = Arsyeja për të vepruar në bazë të një detyrimi ligjor
refer-send = Dërgo referimin
legal-duty-child-in-danger = Detyrim ligjor: një fëmijë është në rrezik të menjëhershëm
legal-duty-mandatory-report = Detyrim ligjor: një krim që ligji kërkon të raportohet
team-title = Ekipi i rastit (Barnahus)
team-hint = Profesionistët që bashkërendojnë punën rreth fëmijës, që fëmija ta tregojë historinë e vet vetëm një herë.
team-add = Shto një profesionist me emrin e përdoruesit
team-add-hint = Organizata e tij duhet të mbulohet nga pëlqimi i fëmijës (ose nga një detyrim ligjor).
team-add-button = Shto në ekip
meetings-title = Takimet e planifikimit
meetings-date = Data
meetings-attendees = Kush mori pjesë
meetings-decisions = Vendimet
meetings-actions = Kush bën çfarë dhe deri kur
meetings-actions-hint = Shtoje secilën edhe si detyrë, që të shfaqet në listën e detyrave të vonuara.
meetings-save = Regjistro takimin
testimony-title = Dëshmia
testimony-hint = Një dëshmi e vetme e regjistruar, e ndarë me ekipin në bazë të pëlqimit. Çdo shikim regjistrohet dhe i tregohet fëmijës.
testimony-recorded = Regjistruar më
testimony-open = Hap regjistrimin
testimony-logged = Hapja e tij regjistrohet dhe i tregohet fëmijës.
testimony-none = Ende nuk është regjistruar asnjë dëshmi.
testimony-file = Regjistrimi ose transkripti
testimony-date = Regjistruar më
testimony-interviewer = Intervistuesi
testimony-notes = Shënime
testimony-save = Ruaj dëshminë
export-title = Paketa e rastit për policinë ose prokurorinë
export-hint = Një skedar zip me rastin, regjistrin e pëlqimeve dhe të referimeve, dhe dëshminë. Çdo paketë mban një gjurmë të padukshme të marrësit dhe të kohës, që një kopje e rrjedhur të mund të gjurmohet.
export-recipient = Marrësi
export-reason = Pse po e përgatit këtë paketë?
export-reason-hint = Duhet kur paketa ka emrin, kontaktin ose vendin e fëmijës, ose skedarët e tij: të paktën 10 karaktere. Fëmija e sheh që e përgatite dhe arsyen që shkrove.
export-button = Përgatit paketën
export-footer =
    KONFIDENCIALE — rasti { $case }
    Përgatitur për: { $org }
    Përgatitur më: { $time }
    Eksporti: { $export }
export-readme =
    Kjo paketë është vetëm për hetimin dhe ndjekjen penale të këtij rasti. Mos ia jep kurrë atë, apo asgjë prej saj, mediave ose kujtdo që nuk i duhet për rastin. Emri, shkolla, adresa dhe familja e fëmijës nuk duhet të publikohen kurrë.
    Çdo paketë mban një gjurmë të marrësit dhe të kohës; një kopje e rrjedhur mund të gjurmohet deri te paketa nga doli.
    Skedarët: case.json (rasti, regjistri i pëlqimeve dhe i referimeve, regjistri i auditimit), testimony/ (dëshmia e regjistruar, me SHA-256 e saj në case.json).
history-reason = Arsyeja e dhënë
access-reason = Arsyeja e dhënë

## Administrimi
admin-title = Administrimi
admin-staff = Llogaritë e stafit
admin-role = Roli
admin-org = Organizata
admin-org-hint = E nevojshme për çdo rol që punon me raste.
admin-profession = Profesioni (profesionistët mbështetës)
admin-second-factor = Faktori i dytë
admin-disabled = e çaktivizuar
admin-disable = Çaktivizo
admin-enable = Aktivizo
admin-reset-second-factor = Rivendos faktorin e dytë
admin-add-staff = Shto një llogari
admin-create = Krijo llogarinë
admin-created = Llogaria { $username } u krijua.
admin-orgs = Organizatat
admin-kind = Lloji
admin-add-org = Shto një organizatë
admin-org-name = Emri
admin-add-org-button = Shto organizatën

## Historiku i aksesit për fëmijën: kush (roli dhe organizata) bëri çfarë
access-child-message = { $who } shkrove një mesazh.
access-triaged = { $who } shikoi sa urgjent është raportimi yt. Urgjenca: { $urgency }.
access-escalated = { $who } vuri re se mund të jesh në rrezik dhe nisi hapat për të të mbrojtur.
access-identity-revealed = { $who } pa emrin dhe të dhënat e tua të kontaktit.
access-note-added = { $who } shkroi një shënim për rastin tënd.
access-task-added = { $who } planifikoi një hap të radhës.
access-task-done = { $who } përfundoi një hap.
access-consent = U shënua vendimi yt për dërgimin e rastit tënd te { $recipient }: { $decision }.
access-referral-sent = { $who } e dërgoi rastin tënd te { $org }, me pëlqim.
access-referral-legal-duty = { $who } e dërgoi rastin tënd te { $org } pa pëlqimin tënd. { $duty }.
access-referral-accepted = { $who } e pranoi rastin tënd, për të të ndihmuar.
access-referral-declined = { $who } nuk mundi ta marrë rastin tënd; ekipi do të gjejë një rrugë tjetër.
access-referral-completed = { $who } e përfundoi punën e vet për rastin tënd.
access-referral-viewed = { $who } lexoi rastin tënd që iu dërgua.
access-team-added = { $who } shtoi në ekipin rreth teje: { $member }.
access-meeting = { $who } shënoi një takim të ekipit rreth teje.
access-testimony-added = { $who } ruajti intervistën tënde të regjistruar.
access-testimony-viewed = { $who } hapi intervistën tënde të regjistruar.
access-exported = { $who } përgatiti një skedar të rastit tënd për ta dërguar te { $org }.
access-leak-traced = Kontrolluam nga erdhi një kopje e një skedari për rastin tënd.

## Historiku, siç e lexojnë profesionistët
history-child-message = { $who } shkroi një mesazh.
history-triaged = { $who } caktoi urgjencën: { $urgency }.
history-escalated = { $who } nisi procedurën e përshkallëzimit.
history-identity-revealed = { $who } shfaqi identitetin.
history-note-added = { $who } shtoi një shënim.
history-task-added = { $who } shtoi një detyrë.
history-task-done = { $who } kreu një detyrë.
history-consent = Dërgimi te { $recipient }: { $decision } (regjistruar nga { $who }).
history-referral-sent = { $who } e referoi rastin te { $org }.
history-referral-legal-duty = { $who } e referoi rastin te { $org } në bazë të një detyrimi ligjor. { $duty }.
history-referral-accepted = { $who } e pranoi referimin.
history-referral-declined = { $who } e refuzoi referimin.
history-referral-completed = { $who } e përfundoi referimin.
history-referral-viewed = { $who } lexoi referimin.
history-team-added = { $who } shtoi në ekip: { $member }.
history-meeting = { $who } regjistroi një takim planifikimi.
history-testimony-added = { $who } shtoi dëshminë.
history-testimony-viewed = { $who } hapi dëshminë.
history-exported = { $who } eksportoi një paketë të rastit për ta dërguar te { $org }.
history-leak-traced = U gjurmua një kopje e rrjedhur e një eksporti të këtij rasti.

## Rezultatet
outcomes-title = Rezultatet
outcomes-none = Ende nuk është regjistruar asnjë rezultat.
outcomes-what = Çfarë ndodhi
outcomes-support-kind = Lloji i mbështetjes
outcomes-support-kind-hint = Vetëm për "mbështetje e marrë".
outcomes-on = Më
outcomes-save = Regjistro rezultatin
outcome-reported-to-police = U raportua në polici
outcome-investigation-opened = U hap hetimi
outcome-prosecuted = U ndoq penalisht
outcome-convicted = U dënua
outcome-compensation-applied = U kërkua dëmshpërblim
outcome-compensation-received = U mor dëmshpërblim
outcome-support-received = U mor mbështetje
outcome-closed = Rasti u mbyll
field-error-date-in-future = Kjo datë është në të ardhmen.
case-field-outcome = Rezultati
case-field-support-kind = Lloji i mbështetjes
case-field-on = Data
access-outcome = { $who } regjistroi një hap në rastin tënd: { $outcome }.
history-outcome = { $who } regjistroi një rezultat: { $outcome }.

## Raste që lidhen me njëri-tjetrin (lidhja dhe bashkimi)
link-title = Raste të lidhura
link-none = Asnjë rast nuk është lidhur me këtë.
link-hidden = { $count ->
    [one] Edhe një rast i lidhur që ju nuk mund ta hapni.
   *[other] Edhe { $count } raste të lidhura që ju nuk mund t'i hapni.
}
link-suggestions = Ndoshta i njëjti fëmijë
link-suggestions-hint = Këto raste kanë një skedar prove identik me një në këtë rast (i njëjti SHA-256). Shfaqen vetëm rastet që ju mund t'i lexoni.
link-suggestion-shared = { $count ->
    [one] një skedar identik
   *[other] { $count } skedarë identikë
}
link-add = Lidhi rastet
link-other = Rasti për t'u lidhur
link-other-hint = Identifikuesi i rastit, si në adresën e tij.
link-merge-title = Bashko një rast të lidhur me këtë
link-merge-hint = Rasti tjetër bëhet pjesë e këtij, përgjithmonë: raportimi, mesazhet, telefonatat dhe regjistri i aksesit të tij shfaqen këtu, kodi i tij hap këtë rast dhe ai nuk gjendet më më vete. Kjo nuk mund të zhbëhet.
link-merge-other = Rasti që do të bashkohet me këtë
link-merge-confirm = Shkruani referencën e rastit që do të bashkohet, për ta konfirmuar
link-merge-confirm-hint = Për shembull Z-2026-0001.
link-merge-do = Bashko përgjithmonë
link-merged-from = Bashkuar me këtë rast: { $case } ({ $time })
link-merged-call = Telefonatë
done-link = Rastet u lidhën.
done-link-merge = Rastet u bashkuan.
field-error-link-same = Një rast nuk mund të lidhet me veten.
field-error-link-merge-not-linked = Lidhini rastet më parë; bashkohen vetëm rastet e lidhura.
field-error-link-merge-confirm = Shkruani referencën e rastit që do të bashkohet saktësisht si shfaqet.
error-link-exists = Këto raste janë lidhur tashmë.
error-link-merged-already = Një nga këto raste është bashkuar tashmë.
access-link-added = { $who } lidhi raportimin tënd me një raportim tjetër për të njëjtën situatë.
history-link-added = { $who } lidhi këtë rast me një rast tjetër.
access-link-merged = { $who } bashkoi një raportim tjetër tëndin me këtë: gjithçka prej tij është këtu, dhe kodi i tij e hap edhe këtë faqe.
history-link-merged = { $who } bashkoi një rast tjetër me këtë.
access-link-merged-into = { $who } bashkoi këtë raportim me raportimin tënd tjetër: kodi i tij tani hap rastin e bashkuar.
history-link-merged-into = { $who } bashkoi këtë rast me një rast tjetër.

## Transferimi i drejtimit të rastit
transfer-title = Transferimi i drejtimit
transfer-hint = Një transferim ia kalon drejtimin e këtij rasti një organizate tjetër, e cila e pranon ose e refuzon. Nuk është referim: pasi pranohet, rasti është i tyre dhe organizata juaj nuk e sheh më.
transfer-line = { $from } i kërkoi { $to } të marrë drejtimin ({ $time })
transfer-reason = Arsyeja
transfer-reason-hint = Pse organizata tjetër duhet ta drejtojë rastin (e mbyllur me çelës; të paktën disa fjalë).
transfer-status-pending = Në pritje të përgjigjes.
transfer-status-accepted = U pranua: rasti tani drejtohet nga organizata marrëse.
transfer-status-rejected = U refuzua.
transfer-decision = Përgjigja juaj
transfer-accept = Pranoj: ne marrim drejtimin
transfer-reject = Refuzoj
transfer-answer-reason = Arsyeja e përgjigjes
transfer-answer-hint = E nevojshme kur refuzoni.
transfer-answer-do = Dërgo përgjigjen
transfer-to = Organizata që do të marrë drejtimin
transfer-do = Kërko transferimin
done-transfer = Transferimi u kërkua.
done-transfer-answer = Transferimit iu dha përgjigje.
error-transfer-pending = Një transferim i këtij rasti është tashmë në pritje të përgjigjes.
error-transfer-answered = Këtij transferimi i është dhënë tashmë përgjigje.
access-transfer-requested = { $who } i kërkoi { $org } të kujdeset për rastin tënd.
history-transfer-requested = { $who } i kërkoi { $org } të marrë drejtimin.
access-transfer-accepted = { $who } mori përsipër rastin tënd: tani kujdeset për të { $org }.
history-transfer-accepted = { $who } pranoi transferimin: tani rastin e drejton { $org }.
access-transfer-rejected = { $who } nuk mundi ta marrë përsipër rastin tënd; për të kujdeset i njëjti ekip.
history-transfer-rejected = { $who } refuzoi transferimin.

# Çfarë mbajnë ende rastet e bashkuara në këtë rast (çështja 19, pika 3).
merged-title = Nga rastet e bashkuara
merged-hint = Shënimet, detyrat, dëshmia dhe provat e rasteve të bashkuara në këtë rast. Ato mbeten të mbyllura me rastin e tyre; leximi ose hapja e tyre këtu regjistrohet në këtë rast, si për të vetat.
merged-from = Nga rasti { $case } (bashkuar më { $date })
merged-no-notes = Asnjë shënim.
merged-testimony-kept = Regjistrimi mbetet me rastin e bashkuar; këtu tregohen të dhënat e tij.
# Emri i fazës siç e lexon stafi, kur ai i fëmijës i flet fëmijës.
merged-stage-staff-waiting-for-you = Në pritje të përgjigjes së fëmijës
## Dëshmia në depon e skedarëve (ngarkim në rrjedhë)
error-testimony-blob-too-large = Regjistrimi është më i madh se 32 MiB, sa më shumë që mund të ruajmë për një dëshmi. Nuk u ruajt asgjë. Të lutem, ngjeshe ose ndaje transkriptin dhe provo sërish.
testimony-blob-limit = Një regjistrim ose transkript deri në 32 MiB.
