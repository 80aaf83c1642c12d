## Mbrojtja e stafit që shikon materiale: ekspozimi, kufiri ditor, pushimet, mbështetja

duration-minutes = { $m } min
duration-hours = { $h } orë { $m } min

exposure-today-line = Ekspozimi yt ndaj materialeve sot: { $exposed } nga { $limit } ({ $openings } hapje)
exposure-next-break = pushim pas { $in }
exposure-limit-reached = kufiri i sotëm u arrit

error-exposure-limit = E ke arritur kufirin e sotëm për të parë materiale
exposure-limit-text = Sot ke parë materiale për { $exposed }, dhe kufiri ditor është { $limit }. Për të të mbrojtur, Zëri nuk të hap më materiale sot. Mund të hapësh sërish materiale pas { $wait }, nga mesnata (ora e Tiranës). Nga kjo përpjekje nuk u regjistrua asgjë.
error-break-due = Është koha për një pushim
break-due-text = Ke parë materiale për { $since } që nga pushimi i fundit. Largohu nga ekrani për të paktën dhjetë minuta: ec pak, pi ujë, bisedo me një koleg për diçka tjetër. Pastaj vazhdo.
break-due-api = Bëj pushimin, pastaj dërgoje kërkesën sërish me "confirm_break": true (regjistrohet si pushim).
break-confirm = E bëra pushimin: vazhdo
error-matched-hidden = Ky skedar përputhet me një listë të njohur materialesh abuzimi
matched-hidden-text = Vlera e tij hash është në një listë të njohur, ndaj ajo që tregon është tashmë e konfirmuar: zakonisht nuk ke nevojë ta shohësh. Nuk shfaqet nëse nuk e kërkon edhe një herë. Ende nuk u hap dhe nuk u regjistrua asgjë.
matched-hidden-api = Për ta hapur gjithsesi, dërgoje kërkesën sërish me "show_matched": true.
matched-show = Shfaqe gjithsesi
exposure-support-title = Mbështetje
exposure-support = Të parit e këtyre materialeve prek këdo që e bën, sado me përvojë të jetë. Merr kohë larg ekranit dhe bisedo me dikë: me mbikëqyrësin tënd, ose me këshillimin që organizata jote u ofron punonjësve. Nuk ke pse të presësh derisa të ndihesh keq.

wellbeing-title = Ekspozimi yt ndaj materialeve
wellbeing-today = Sot
wellbeing-limits-now = Kufiri ditor { $limit }, një pushim kërkohet pas çdo { $every } ekspozimi.
wellbeing-week-of = Java e { $date }
wellbeing-week-before = ← Java më parë
wellbeing-week-after = Java pas →
wellbeing-col-day = Dita
wellbeing-col-exposure = Ekspozimi
wellbeing-col-openings = Hapje
wellbeing-col-breaks = Pushime të bëra
wellbeing-col-limit = Kufiri u arrit
wellbeing-total = Java
wellbeing-days-reached = { $n } ditë në kufi
wellbeing-how-counted = Si numërohet ekspozimi: çdo hapje e një imazhi, videoje ose skedari numërohet nga çasti kur hapet deri te hapja jote e radhës ose derisa të largohesh nga faqja e saj ("Mbarova"), dhe jo më shumë se 10 minuta (30 për një video). Kur Zëri nuk mund ta dijë kur ndalove së pari, numëron të gjitha 10 (ose 30) minutat: më mirë më shumë se më pak. Një hapje numërohet në ditën kur fillon, sipas orës së Tiranës.
wellbeing-who-sees = Kush i sheh këta numra: ti, dhe administratori i platformës në një përmbledhje javore. Janë vetëm numra: kurrë një skedar, një rast ose çfarë tregon një skedar.
wellbeing-admin-title = Mbrojtja e stafit që shikon materiale
wellbeing-limits = Kufijtë
wellbeing-daily-limit = Kufiri ditor i ekspozimit, në minuta
wellbeing-daily-limit-hint = Nga 5 deri në 720. Analistët e IWF kanë pesë orë (300).
wellbeing-break-after = Kërko një pushim pas kaq ekspozimi, në minuta
wellbeing-break-after-hint = Nga 5 deri në 240. Zakonisht një orë (60).
wellbeing-save = Ruaji kufijtë
wellbeing-limits-saved = Kufijtë u ruajtën; ndryshimi është në regjistrin e auditimit.
wellbeing-summary-numbers-only = Vetëm numra, sipas punonjësit dhe ditës: kurrë një skedar, një rast ose çfarë tregon një skedar. Çdo lexim i kësaj përmbledhjeje është në regjistrin e auditimit.
wellbeing-summary-empty = Askush nuk hapi materiale këtë javë, dhe asnjë llogari nuk mund të hapë.
