# Where reported material is hosted (the hotline's lookups) and the hosts and platforms table.

## Lookups
error-bad-url = The URL is not an address with a host name.
error-no-such-host = The host name does not resolve.
error-hosting-timeout = The host name did not resolve within { $seconds ->
    [one] 1 second
   *[other] { $seconds } seconds
}. Please try again in a moment.
error-hosting-timeout-page = The host name did not resolve in time. Please try again in a moment.
error-hosting-not-configured = No IP-to-country database is configured, so hosting cannot be located. An administrator sets one with zeri serve --ip-country-db.
field-error-bad-url = This is not an address with a host name. Example: https://example.com/page
field-error-no-such-host = This host name does not resolve: the name does not exist, or the DNS server did not answer.

## The hosts table: field errors
field-error-unknown-country = Please give the country as its two-letter ISO code, for example AL, DE or NL.
field-error-invalid-domain = This is not a domain name: { $options }. Write names such as example.com, one per line.
field-error-domain-not-url = Write the domain only, without https:// or a path: { $options }
field-error-address-not-domain = This is an address, not a domain: { $options }. Put addresses under IP ranges.
field-error-invalid-cidr = This is not an IP range: { $options }. Write ranges such as 192.0.2.0/24 or 2001:db8::/32, one per line.
field-error-cidr-host-bits = Did you mean { $options }? A range is written with its network address (the bits after the prefix length are zero).
field-error-range-too-wide = This range is too wide: { $options }. A range may be at most /{ $limit } wide.
field-error-covers-nothing = Give at least one domain or IP range this entry covers.
field-error-too-many-entries = At most { $limit } entries, please.
field-error-invalid-channel = Give an https:// address or an e-mail address.
field-error-channel-required = A trusted flagger needs the channel its reports go to: an https:// address or an e-mail address.
field-error-contact-required = Give an abuse contact e-mail, or a reporting channel.
field-error-name-taken = Another entry already has this name.
field-error-domain-taken = Another entry already covers this domain: { $options }.

## The hosts table: pages
hosts-title = Hosts and platforms
hosts-intro = The hosting providers and platforms the hotline sends notices to. A located address belongs to the entry whose domain covers its host name, or else to the entry whose IP ranges hold its addresses. Every change is recorded in the audit log.
hosts-none = No hosts or platforms yet.
hosts-add = Add a host or platform
hosts-save = Save
hosts-delete = Remove this entry
hosts-trusted-badge = trusted flagger
hosts-kind-hosting_provider = Hosting provider
hosts-kind-platform = Platform
hosts-field-name = Name
hosts-field-kind = Kind
hosts-field-country = Country
hosts-field-abuse-email = Abuse contact e-mail
hosts-field-domains = Domains
hosts-field-ranges = IP ranges (CIDR)
hosts-field-trusted-flagger = The hotline is a trusted flagger here
hosts-field-channel = Reporting channel
hosts-field-notes = Notes
hosts-country-hint = Two letters (ISO 3166-1), e.g. AL
hosts-domains-hint = One per line; each covers its subdomains (example.com covers cdn.example.com)
hosts-ranges-hint = One per line, e.g. 192.0.2.0/24 or 2001:db8::/32
hosts-channel-hint = Where trusted-flagger reports go: an https:// address or an e-mail address
