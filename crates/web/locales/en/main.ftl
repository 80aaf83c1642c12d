# Zëri — English interface texts. Albanian (../sq/main.ftl) is the first language;
# every message here must exist there too (checked by tests).
# Write for a 13-year-old: short sentences, "you", warm, never blaming.

## Layout
switch-language = Shqip
quick-exit = Leave quickly
staff-area = For professionals
back-home = Back to the start
help-now-title = Get help now
help-alo = the child helpline. Free, any time, day or night.
help-emergency = emergency, if you are in danger now.
help-police = State Police.
help-isigurt = the national hotline for a safe internet, to report harmful content online.
yes = Yes
no = No

## Home
home-title = Something happened online? You can tell us.
home-lead = If someone online asked you for sexual pictures, threatens to share your pictures, or made you feel unsafe, you are not alone. You can report it here, safely, without giving your name.
home-not-your-fault = It is never your fault. The person who did it is the one who did wrong.
home-report = Report what happened
home-followup = I have a receipt
home-how-title = How it works
home-how =
    Tell us what happened. You do not have to give your name.
    You get a receipt: a number of 20 digits. Write it down.
    With your receipt you can come back, read our answer and write to us.
    A counsellor of the child helpline reads your report and helps you decide what to do.
home-safe-title = Your safety
home-safe =
    The red button at the top leaves this site at once.
    We do not send you anything you did not ask for.
    We never share your name, address or school with the media or anyone who does not need it.

## Field names (used in error lists)
field-reporter = Who is reporting
field-category = What happened
field-description = What happened, in your words
field-platform = App or website
field-links = Links
field-when = When it happened
field-age_band = Age of the child
field-location = Where the child lives
field-name = Name
field-contact_method = How we may contact you
field-phone = Phone number
field-email = E-mail address
field-consent_cpo = Child Protection Unit
field-consent_police = Police
field-receipt = Receipt
field-body = Message
field-stage = Stage
field-username = Username
field-password = Password

## Field errors
field-error-required = Please fill this in.
field-error-required-choice = Please choose one.
field-error-too-long = This is too long: at most { $limit } characters.
field-error-unknown-choice = Please choose one of the options.
field-error-invalid-characters = This contains characters we cannot accept. Please type it again.
field-error-too-many-links = Please give at most { $limit } links.
field-error-one-link-per-line = Please write one link per line, without spaces (at most { $limit } characters each).
field-error-link-required = Please paste the web address (link) where you saw it.
field-error-link-not-web-address = This is not a web address: { $options }. Copy it from the address bar of your browser, for example https://example.com/page
field-error-link-not-http = Only web pages (addresses starting with http or https) can be checked: { $options }
field-error-link-too-long = This web address is too long: at most { $limit } characters ({ $options }).
field-error-invalid-hash = A hash must name its kind (sha256, md5 or pdq) and be hexadecimal of that kind's length.
field-error-too-many-hashes = Please give at most { $limit } hashes.
field-error-no-web-links = None of the report's links is a web address that can be checked.
field-error-unknown-place = We do not know this place. Check the spelling, choose from the list, or leave it empty.
field-error-ambiguous-place = There is more than one place with this name. Please choose one: { $options }
field-error-required-for-contact = Please write it here, or choose "do not contact me".
field-error-invalid-phone = This does not look like a phone number. Example: 069 123 4567 or +355 69 123 4567.
field-error-invalid-email = This does not look like an e-mail address. Example: name@example.com
field-error-yes-or-no = Please answer yes or no.
field-error-unknown-field = We do not know this field.
field-error-must-be-text = This must be text.
field-error-must-be-boolean = This must be true or false.
field-error-daily-limit-range = Please give a whole number of minutes from 5 to 720 (five hours is 300).
field-error-break-after-range = Please give a whole number of minutes from 5 to 240 (an hour is 60).
field-error-weeks-ago-range = Please give a whole number of weeks from 0 to 52.
field-error-must-be-list-of-text = This must be a list of texts.
field-error-must-be-list-of-pairs = This must be a list of objects with the fields named in the documentation.
field-error-stage-not-allowed = The report cannot move to this stage from where it is now.

## Errors
error-validation = Some answers need a change. Nothing was saved yet.
error-not-found = We could not find this page.
error-too-many-attempts = Too many attempts. Please wait a little and try again.
error-too-many-attempts-wait = Too many attempts. Please try again in { $minutes } minutes. If you need help now, call ALO 116 111.
error-internal = Something went wrong on our side. Nothing you did caused it. Please try again in a moment.
error-too-large = This is too long for us to receive. Please make it shorter.
error-bad-form = We could not read the form. Please go back and try again.
error-not-json = Send the request body as JSON (Content-Type: application/json).
error-invalid-json = The request body is not valid JSON.
error-empty-body = The request body is empty.
error-not-an-object = The request body must be a JSON object.
error-unauthorized = Please sign in first, or your session has ended.
error-receipt-refused = We could not open a report with this receipt. Check the 20 digits and try again.
error-forbidden = Your role does not allow this.
error-stage-conflict = Someone else changed this report a moment ago. Please reload it.
error-login-elsewhere = This sign-in did not come from our own page. Open the sign-in page and sign in there.
error-login-refused = The username or password is not right.
staff-login-next = Next
staff-code-title = Your code
staff-code-intro = Your password is right. Now enter the six-digit code your authenticator app shows for Zëri.
staff-code-restart = Start again with another account
error-code-refused = This code is not right, or it was used already. Enter the newest code your app shows (it changes every 30 seconds).
error-login-unconfirmed = Your account is waiting for a colleague (or a second administrator) to confirm it. Ask them to open "Colleagues" in the staff area.
setup-title = Set up your account
setup-intro = Choose your own password. Nobody else sees it, not even the administrator. Then you set up the second factor on your phone.
setup-code = Set-up code
setup-code-hint = The part of your link after the # sign. It is filled in for you when you open the link.
setup-password = New password
setup-password-hint = At least 12 characters. A few words you can remember are best.
setup-repeat = The same password again
setup-save = Save my password
setup-expired = This set-up link is not valid: it was used already, or more than 72 hours have passed. Ask your administrator for a new one.
password-title = Change your password
password-current = Your current password
password-save = Change my password
password-changed = Your password is changed. You were signed out everywhere; sign in again with the new password.
password-short = The password needs at least 12 characters.
password-mismatch = The two passwords are not the same.
password-wrong = Your current password is not right.
colleagues-title = New colleagues to confirm
colleagues-link = Colleagues
password-link = Password
colleagues-intro = An account in your organisation is usable only once someone other than the person who made it confirms that it belongs to a real colleague. Confirm only people you know.
colleagues-none = Nobody waits for your confirmation.
colleagues-confirm = Confirm this colleague
colleagues-confirmed = The account is confirmed: the person can sign in now.
colleagues-made-by = made by an administrator
notify-staff-pending = A new account in your organisation waits for confirmation
notify-staff-reset = An account in your organisation was reset and must be set up again
admin-setup-once = Give this set-up link to the person only, and only once: they choose their own password and second factor. It works once, within 72 hours.
admin-awaiting = waits for confirmation
admin-confirm = Confirm
admin-reset-done = The account was reset: its password, second factor and every session are gone. Give the person this new set-up link.
error-csrf = This form has expired. Please reload the page and try again.

## Report form
report-title = Report what happened
report-lead = Tell us as much or as little as you want. Only trained people from the child helpline read it.
report-anonymous = You do not have to give your name or contact details. After you send it, you get a receipt to come back to it.
report-errors = Please check these answers:
reporter-self = It happened to me
reporter-on-behalf = I am reporting for a child (I am a parent, teacher, friend…)
reporter-professional = I am reporting as a professional
category-grooming = Someone I met online asks for sexual pictures or to meet
category-grooming-hint = They may be kind at first, give gifts or compliments, and then ask for more.
category-sexual-extortion = Someone threatens to share my pictures unless I pay or send more
category-sexual-extortion-hint = Do not pay and do not send more. Keep the messages: they help to stop them.
category-images-shared = My private pictures or videos were shared without my consent
category-images-shared-hint = Even if you sent them yourself, sharing them without your consent is wrong.
category-abuse-material-seen = I saw sexual pictures or videos of a child
category-abuse-material-seen-hint = Do not share or download them. Just tell us where you saw them.
category-live-streaming = A child was abused on a live stream
category-live-streaming-hint = For example on a video call or a live broadcast.
category-unwanted-content = I was sent sexual content I did not want
category-unwanted-content-hint = Pictures, videos or messages you did not ask for.
category-harassment = Online sexual harassment
category-harassment-hint = Sexual comments, threats or messages that keep coming.
category-other = Something else
category-other-hint = Tell us in your words below.
description-label = Describe what happened
description-hint = In your own words. Do not send pictures here.
platform-hint = For example Instagram, TikTok, Snapchat, WhatsApp, a game. Optional.
links-hint = Addresses of profiles or posts, one per line. Optional.
when-ongoing = It is still happening
when-today = Today
when-this-week = This week
when-this-month = This month
when-this-year = This year
when-longer-ago = More than a year ago
when-not-sure = I am not sure
age-band-under-13 = Under 13
age-band-13-15 = 13 to 15
age-band-16-17 = 16 or 17
age-band-adult-before-18 = I am an adult now; it happened before I was 18
age-band-unknown = I do not know
location-label = Town, village or municipality (optional)
location-hint = So that the Child Protection Unit near the child can help. Start typing, for example Korce.
geonames-credit = Place names: GeoNames (CC BY 4.0).
contact-hint = You can stay anonymous. If you want us to contact you, tell us how.
contact-none = Do not contact me. I will come back with my receipt.
contact-phone = By phone
contact-email = By e-mail
name-hint = Optional. A nickname is fine.
consent-title = May we pass your report on?
consent-intro = We only pass your report on if you say yes here, or later in the messages. You can change your mind.
consent-cpo-label = Yes, to the Child Protection Unit of the municipality
consent-cpo-hint = A child protection worker (NJMF) near you can help you and your family, and connect you with a psychologist, a lawyer or a doctor.
consent-police-label = Yes, to the police
consent-police-hint = The police can investigate and stop the person who did it. The law protects your privacy and your rights.
consent-danger-title = When we must act anyway:
consent-danger = if a child is in danger now, professionals must act to protect them, even without a yes. If that happens, we will tell you what we did and why.
report-before-send = When you send it, we store your report encrypted. Then we show you your receipt.
report-send = Send my report
report-step-of = Step { $step } of { $steps }
report-step-what = What happened
report-step-words = A few words
report-step-age = Age and place
report-step-contact = Contact and consent
report-step-check = Check and send
report-next = Next
report-back = Back
report-send-now = Send now
report-send-now-hint = You can send it now. The next steps (how we may contact you, who may see it, files) are optional.
report-change = Change
report-check-intro = This is what you told us. You can change anything before you send it.
report-check-yes = Yes
report-check-no = No
report-all-on-one-page = All questions on one page

## Receipt
receipt-title = Your report is safe with us
receipt-thanks = Thank you for telling us. That took courage.
receipt-intro = This is your receipt. It is shown only once:
receipt-shown-for = For your safety, this receipt is shown here for { $minutes } minutes at most, then never again on this phone. Write it down first.
receipt-done = I have written it down
received-title = Your report was received
received-no-receipt = We have your report. Its receipt is no longer shown on this device, for your safety. If you did not write it down, you can send a new report, or call ALO 116 111 (free, day and night).
received-home = Back to the start
receipt-copy = Copy the receipt
receipt-copied = Copied
receipt-copy-hint = It then stays in this phone's clipboard: paste it only where you alone can read it, or write it down instead.
receipt-keep =
    Write it down or keep it somewhere only you can see it.
    With it you can read our answer and write to us. Without it we cannot find your report, because we do not know who you are.
    Do not share it: anyone who has it can read the messages.
receipt-followup = Follow my report

## Follow-up
followup-title = Follow your report
followup-lead = Type the receipt you got when you reported.
followup-receipt-label = Your receipt
followup-receipt-hint = 20 digits. Spaces and dashes do not matter.
followup-open = Open my report
followup-lost = Lost your receipt? You can make a new report, or call ALO 116 111.
followup-status-title = Your report
followup-your-report = Sent on
followup-stage = Where it is now:
followup-next = What happens next
followup-rights = Your rights
followup-complaints = If something goes wrong: where to complain
followup-messages = Messages
followup-no-messages = No messages yet. A counsellor will write to you here.
message-from-you = You
message-from-team = Zëri team
message-from-child = Child
followup-write = Write to us
followup-write-hint = You can answer, ask something, or add information to your report.
followup-send = Send
followup-access = Who looked at your report
followup-access-hint = Every time a professional opens or changes your report, it is shown here. We show their role, never their name.
followup-leave = Close my report on this device
followup-idle = For your safety, this page closes by itself after { $minutes } minutes without activity; you then need your receipt to open it again. The red button closes it at once.

## Access log lines
access-you = You
access-created = { $who } sent the report.
access-opened = { $who } opened your report.
access-links-to-hotline = { $who } passed the links of your report to the hotline, to have the material removed (without your name).
access-assigned = { $who } took your report to help you.
access-replied = { $who } wrote you a message.
access-survivor-message = { $who } wrote a message.
access-stage = { $who } moved your report to: { $stage }.

## Report history, as staff read it
history-reporter = The reporter
history-created = { $who } sent the report.
history-opened = { $who } opened the report.
history-links-to-hotline = { $who } sent the report's links to the hotline's queue.
history-assigned = { $who } took the report.
history-replied = { $who } replied.
history-survivor-message = { $who } wrote a message.
history-stage = { $who } moved the report to: { $stage }.

## Roles, as the child sees them
role-counsellor = A helpline counsellor
role-admin = An administrator

## Staff
staff-login-title = Sign in for professionals
staff-username = Username
staff-password = Password
staff-login = Sign in
staff-logout = Sign out
staff-queue-title = Reports
staff-admin-no-cases = Administrators do not read reports. Manage staff accounts with "zeri user add".
staff-queue-empty = No open reports.
staff-col-case = Case
staff-col-received = Received
staff-col-category = What happened
staff-col-age = Age
staff-col-municipality = Municipality
staff-col-stage = Stage
staff-awaiting-reply = waiting for reply
staff-place-hidden = town or village given (hidden)
staff-name-hidden = name given (hidden)
staff-consent-cpo = Consent: Child Protection Unit
staff-consent-police = Consent: police
staff-masked-note = Identifying details are hidden. You do not need them to answer the child here.
staff-links-warning = Do not open these links on this device unless your procedure says so. Never download what they show.
staff-reply = Reply to the child
staff-reply-hint = Plain words, no blame, no leading questions. The child reads this with their receipt.
staff-send-reply = Send reply
staff-move-stage = Stage
staff-next-stage = Move the report to
staff-stage-hint = The child sees the new stage with what happens next and their rights.
staff-move = Move
staff-history = History

## Retention
error-case-erased = The personal data of this case was erased under the retention rules. Its statistics remain; nothing else can be read or added.
error-report-erased = Your report was closed and its details were deleted, as our rules say, so no one can read them any more. If you need help now, write a new report or call ALO 116 111 (free, any time).
error-already-received = This report was already received: nothing new was sent.
followup-erased = This report was closed, and its details and messages were deleted on { $date }, as our rules say. No one can read them any more, not even us. If you need help now, you can write a new report or call ALO 116 111 (free, any time).
access-case-erased = The details of your report were deleted, as the rules on keeping data say.
history-case-erased = The personal data of this case was erased (retention rules).
access-tasks-read = { $who } read the tasks on your report.
history-tasks-read = { $who } read the tasks of the case.
