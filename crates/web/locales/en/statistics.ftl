# Statistics for duty-bearers and the annual summary. English.
# Keep every key in step with sq/statistics.ftl (a test checks both have the same keys).

stats-title = Statistics
stats-lead = Anonymised figures for a period. Every number from 1 to { $threshold } minus one is shown as “<{ $threshold }”, and other numbers are hidden (“–”) where they would let a hidden one be worked out. No table names a child or can be combined to do so.
stats-period = Period
stats-period-hint = (whole months, quarters and years that have ended)
stats-period-months = Months
stats-period-quarters = Quarters
stats-period-years = Years
stats-whole-period-note = In a quarter or a year a figure is hidden (“–”) wherever one of its months hides it, so that no month's hidden number can be worked out from the longer period.
stats-budget = Public release with differential privacy for this period: ε { $spent } of { $total } spent, { $left } left.
stats-public-link = Public release (JSON)
stats-threshold = Smallest number shown
stats-show = Show
stats-summary-link = Annual summary (one page, HTML or PDF)
stats-csv = Download CSV
stats-json = JSON
stats-total = Total
stats-reports = Reports
stats-municipality = Municipality
stats-county = County
stats-not-stated = Place not given

stats-table-month-category = Reports by month and kind of harm
stats-table-county-age = Reports by county and age
stats-table-municipality = Reports by municipality
stats-table-reporter-age = Reports by who reported and age
stats-table-timing = Time from the report to the first answer and to the first support
stats-table-referrals = Referrals by receiving organisation and where they stand
stats-table-outcomes = Reports by outcome
stats-table-items-month-verdict = Reported links by month and assessment
stats-table-items-content-verdict = Assessed links by content and assessment
stats-table-items-age-verdict = Illegal material by apparent age
stats-table-items-site-verdict = Assessed links by kind of site
stats-table-items-other-harm = Links that are not illegal, by what else they are
stats-table-items-country-verdict = Reported links by hosting country
stats-table-items-removal = Illegal material by time from the first report to its removal
stats-items = Links
stats-items-not-assessed = Not assessed yet
stats-items-not-checked = Not checked yet
stats-removal-within-3-days = Within 3 days
stats-removal-within-7-days = In 4 to 7 days
stats-removal-later = Later
stats-removal-not-removed = Not removed (yet)
stats-items-removed-share = Removed within 3 days: { $three }%; within 7 days: { $seven }%.

stats-category-grooming = Grooming
stats-category-sexual-extortion = Sexual extortion
stats-category-images-shared = Private images shared
stats-category-abuse-material-seen = Abuse material seen
stats-category-live-streaming = Live-streamed abuse
stats-category-unwanted-content = Unwanted sexual content
stats-category-harassment = Sexual harassment
stats-category-other = Other

stats-age-under-13 = Under 13
stats-age-13-15 = 13–15
stats-age-16-17 = 16–17
stats-age-adult-before-18 = Adult, about their childhood
stats-age-unknown = Not known

stats-reporter-self = The child or young person
stats-reporter-on-behalf = Someone for a child
stats-reporter-professional = A professional

stats-timing-first-answer = First answer to the child
stats-timing-first-support = First support received
stats-bucket-same-day = Same day
stats-bucket-1-3-days = 1–3 days
stats-bucket-4-7-days = 4–7 days
stats-bucket-8-30-days = 8–30 days
stats-bucket-over-30-days = Over 30 days
stats-bucket-not-yet = Not yet

stats-org-police = Police
stats-org-prosecution = Prosecution
stats-org-cpu = Child Protection Unit
stats-org-service = Support service
stats-org-barnahus = Barnahus

stats-services-title = Services and where they are missing
stats-services-hint = In-person services in the directory by municipality (public information, not suppressed).
stats-coverage-title = Municipalities with no in-person service of this kind within 30 km

stats-error-invalid-period = Give a month (2026-11), a quarter (2026-Q4) or a year (2026).
stats-error-epsilon = The privacy budget ε must be between 0.1 and 1.
stats-error-day-range = Statistics are published for whole months, quarters and years only, never for a range of days: give period=2026-11, 2026-Q4 or 2026.
stats-error-period-not-ended = Only periods that have ended are published. Choose an earlier month, quarter or year.
error-stats-day-range = Statistics are published for whole months, quarters and years only, never for a range of days.
error-stats-invalid-period = Choose a month (2026-11), a quarter (2026-Q4) or a year (2026).
error-stats-period-not-ended = Only periods that have ended are published. Choose an earlier month, quarter or year.
error-privacy-budget-spent = This release would spend more privacy budget than is left for its months: ε { $spent } of { $total } is spent, { $left } is left. Ask for a smaller ε, or repeat an earlier request (the same release costs nothing).
stats-noise-note = Each count has random noise added (Laplace, privacy budget ε = { $epsilon } for this table), then small numbers are suppressed.
stats-public-method = Public release with differential privacy: privacy budget ε = { $epsilon } spent on each month of the period, split evenly over the tables; the same request always gets the same figures; each report counts once in each table. Counts are noisy, rounded and never below 0; small numbers are suppressed as well.

stats-summary-title = Zëri: summary for { $period }
stats-summary-reports = Reports received: { $count }
stats-summary-note = Anonymised: numbers below { $threshold } are shown as “<{ $threshold }” and others hidden where needed so that no child can be identified.
stats-summary-pdf = Download as PDF
