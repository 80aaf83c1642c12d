## Protecting the staff who look at material: exposure, the daily limit, breaks, support

duration-minutes = { $m } min
duration-hours = { $h } h { $m } min

exposure-today-line = Your exposure to material today: { $exposed } of { $limit } ({ $openings } openings)
exposure-next-break = a break in { $in }
exposure-limit-reached = today's limit is reached

error-exposure-limit = You have reached today's limit for looking at material
exposure-limit-text = You have looked at material for { $exposed } today, and the daily limit is { $limit }. To protect you, Zëri opens no more material for you today. You can open material again in { $wait }, from midnight (Tirana time). Nothing of this attempt was recorded.
error-break-due = Time for a break
break-due-text = You have looked at material for { $since } since your last break. Step away from the screen for at least ten minutes: walk, drink some water, talk with a colleague about something else. Then continue.
break-due-api = Take the break, then send the request again with "confirm_break": true (it is recorded as a break).
break-confirm = I have taken a break: continue
error-matched-hidden = This file matches a known list of abuse material
matched-hidden-text = Its hash is on a known hash list, so what it shows is already confirmed: you usually do not need to see it. It is not shown unless you ask once more. Nothing was opened or recorded yet.
matched-hidden-api = To open it anyway, send the request again with "show_matched": true.
matched-show = Show it anyway
exposure-support-title = Support
exposure-support = Looking at this material affects everyone who does it, however experienced. Take time away from the screen and talk with someone: your supervisor, or the counselling your organisation offers its staff. You do not have to wait until it feels bad.

wellbeing-title = Your exposure to material
wellbeing-today = Today
wellbeing-limits-now = Daily limit { $limit }, a break asked for after every { $every } of exposure.
wellbeing-week-of = Week of { $date }
wellbeing-week-before = ← The week before
wellbeing-week-after = The week after →
wellbeing-col-day = Day
wellbeing-col-exposure = Exposure
wellbeing-col-openings = Openings
wellbeing-col-breaks = Breaks taken
wellbeing-col-limit = Limit reached
wellbeing-total = Week
wellbeing-days-reached = { $n } days at the limit
wellbeing-how-counted = How exposure is counted: each opening of an image, a video or a file counts from when it is opened until your next opening or until you leave its page ("Done"), and at most 10 minutes (30 for a video). When Zëri cannot know when you stopped looking, it counts the whole 10 (or 30) minutes: it counts more rather than less. An opening counts on the day it starts, in Tirana time.
wellbeing-who-sees = Who sees these numbers: you, and the platform's administrator in a weekly summary. They are numbers only: never a file, a case or what a file shows.
wellbeing-admin-title = Protecting staff who look at material
wellbeing-limits = Limits
wellbeing-daily-limit = Daily limit of exposure, in minutes
wellbeing-daily-limit-hint = From 5 to 720. The IWF's analysts have five hours (300).
wellbeing-break-after = Ask for a break after this much exposure, in minutes
wellbeing-break-after-hint = From 5 to 240. Usually an hour (60).
wellbeing-save = Save the limits
wellbeing-limits-saved = The limits were saved; the change is in the audit log.
wellbeing-summary-numbers-only = Numbers only, by staff member and day: never a file, a case or what a file shows. Each reading of this summary is in the audit log.
wellbeing-summary-empty = No one opened material this week, and no account can.
