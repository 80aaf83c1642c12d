# Ku mbahet materiali i raportuar (kërkimet e linjës së raportimit) dhe tabela e mbajtësve dhe platformave.

## Kërkimet
error-bad-url = Adresa (URL) nuk ka emër serveri.
error-no-such-host = Emri i serverit nuk gjendet në DNS.
error-hosting-timeout = Emri i serverit nuk u gjet brenda { $seconds ->
    [one] 1 sekonde
   *[other] { $seconds } sekondave
}. Ju lutemi provoni përsëri pas pak.
error-hosting-timeout-page = Emri i serverit nuk u gjet në kohë. Ju lutemi provoni përsëri pas pak.
error-hosting-not-configured = Nuk është vendosur asnjë bazë të dhënash IP–shtet, ndaj nuk mund të gjendet ku mbahet materiali. Administratori e vendos me zeri serve --ip-country-db.
field-error-bad-url = Kjo nuk është një adresë me emër serveri. Shembull: https://example.com/faqe
field-error-no-such-host = Ky emër serveri nuk gjendet në DNS: emri nuk ekziston, ose serveri DNS nuk u përgjigj.

## Tabela e mbajtësve: gabimet e fushave
field-error-unknown-country = Ju lutemi shkruani shtetin me kodin ISO me dy shkronja, për shembull AL, DE ose NL.
field-error-invalid-domain = Ky nuk është emër domeni: { $options }. Shkruani emra si example.com, një për rresht.
field-error-domain-not-url = Shkruani vetëm domenin, pa https:// dhe pa shteg: { $options }
field-error-address-not-domain = Kjo është adresë, jo domen: { $options }. Adresat vendosini te vargjet IP.
field-error-invalid-cidr = Ky nuk është varg IP: { $options }. Shkruani vargje si 192.0.2.0/24 ose 2001:db8::/32, një për rresht.
field-error-cidr-host-bits = Mos keni parasysh { $options }? Vargu shkruhet me adresën e rrjetit (bitet pas gjatësisë së prefiksit janë zero).
field-error-range-too-wide = Ky varg është shumë i gjerë: { $options }. Një varg mund të jetë më së shumti /{ $limit }.
field-error-covers-nothing = Jepni të paktën një domen ose varg IP që mbulon ky regjistrim.
field-error-too-many-entries = Ju lutemi, më së shumti { $limit } regjistrime.
field-error-invalid-channel = Jepni një adresë https:// ose një adresë e-maili.
field-error-channel-required = Për një sinjalizues të besuar duhet kanali ku shkojnë raportet: një adresë https:// ose një adresë e-maili.
field-error-contact-required = Jepni një e-mail kontakti për abuzimet, ose një kanal raportimi.
field-error-name-taken = Një regjistrim tjetër e ka tashmë këtë emër.
field-error-domain-taken = Një regjistrim tjetër e mbulon tashmë këtë domen: { $options }.

## Tabela e mbajtësve: faqet
hosts-title = Mbajtësit dhe platformat
hosts-intro = Ofruesit e hostimit dhe platformat të cilave linja e raportimit u dërgon njoftime. Një adresë e gjetur i përket regjistrimit, domeni i të cilit mbulon emrin e serverit, ose përndryshe regjistrimit, vargjet IP të të cilit përmbajnë adresat e saj. Çdo ndryshim shënohet në regjistrin e auditimit.
hosts-none = Ende nuk ka mbajtës ose platforma.
hosts-add = Shto një mbajtës ose platformë
hosts-save = Ruaj
hosts-delete = Hiq këtë regjistrim
hosts-trusted-badge = sinjalizues i besuar
hosts-kind-hosting_provider = Ofrues hostimi
hosts-kind-platform = Platformë
hosts-field-name = Emri
hosts-field-kind = Lloji
hosts-field-country = Shteti
hosts-field-abuse-email = E-maili i kontaktit për abuzimet
hosts-field-domains = Domenet
hosts-field-ranges = Vargjet IP (CIDR)
hosts-field-trusted-flagger = Linja e raportimit është sinjalizues i besuar këtu
hosts-field-channel = Kanali i raportimit
hosts-field-notes = Shënime
hosts-country-hint = Dy shkronja (ISO 3166-1), p.sh. AL
hosts-domains-hint = Një për rresht; secili mbulon nëndomenet e tij (example.com mbulon cdn.example.com)
hosts-ranges-hint = Një për rresht, p.sh. 192.0.2.0/24 ose 2001:db8::/32
hosts-channel-hint = Ku shkojnë raportet si sinjalizues i besuar: një adresë https:// ose një adresë e-maili
