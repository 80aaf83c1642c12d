# Case work across agencies: staff pages, the child's access log, errors. English.
# Keep every key in step with sq/casework.ftl (a test checks both have the same keys).

## Roles, as the child and colleagues see them (never a person's name)
role-hotline-analyst = A hotline analyst
role-child-protection-officer = A Child Protection Officer
role-service-provider = A support professional
role-police-investigator = A police investigator
role-prosecutor = A prosecutor
role-barnahus-coordinator = A Barnahus coordinator
role-statistician = A statistician
profession-psychologist = Psychologist
profession-social-worker = Social worker
profession-lawyer = Lawyer
profession-doctor = Doctor

## Organisations
org-cpu = Child Protection Unit, { $municipality }
org-unknown = an organisation
demo-marker = demonstration
recipient-helpline = Child helpline
recipient-hotline = Online hotline
recipient-cpu = Child Protection Unit
recipient-service = A support service
recipient-police = Police
recipient-prosecution = Prosecution
recipient-barnahus = Barnahus

## Relations
relation-assigned = Assigned to you
relation-team = You are on the case team
relation-referred = Referred to your organisation
relation-referral-pending = Referral waiting for your answer
relation-same-org = Held by your organisation
relation-none = No relation

## Sign-in with a second factor
staff-code = Code from your authenticator app
staff-code-hint = Six digits. Needed for every role that can see a child's identity or export a case.
enrol-title = Set up your second factor
enrol-why = Your role can see children's identities or export cases, so signing in needs a code from an app on your phone as well as your password. You do this once.
enrol-step-app = Open an authenticator app on your phone (for example FreeOTP, Aegis or Google Authenticator).
enrol-step-scan = Scan this code with the app:
enrol-step-text = Or type this secret into the app:
enrol-step-code = Write the six-digit code the app shows, to confirm.
enrol-confirm = Confirm and sign in
enrol-wrong-code = That code is not right. A new secret is shown below: scan it again and use the new code.
staff-statistician-no-cases = Your role sees anonymised statistics only, never a case.

## Errors
error-second-factor-setup = Set up your second factor in the web interface first (sign in at /en/staff/login).
error-already-assigned = Someone has taken this case already.
error-already-member = This person is on the team already.
error-referral-open = There is already an open referral to this organisation.
error-referral-conflict = Someone answered this referral a moment ago. Please reload the page.
error-task-done = This task is done already.
error-testimony-exists = This case has its testimony already: the child tells their story once.
error-bad-upload = We could not read the upload. Please try again.
field-error-too-short = This is too short: write at least { $limit } characters.
field-error-invalid-date = Please give a date as YYYY-MM-DD.
field-error-unknown-staff = There is no active account with this username.
field-error-not-on-case = This person cannot see this case; add them to the team or refer the case first.
field-error-unknown-task = There is no such task on this case.
field-error-consent-required = There is no consent on record for this organisation. Record the consent first, or, if a legal duty applies, choose it and give the reason.
field-error-export-consent-required = There is no consent on record for this organisation, and the case was not referred to it under a legal duty. Record the consent first, or refer the case to it under a legal duty, then prepare the package.
field-error-duty-not-for-recipient = A legal duty can only justify telling police, the prosecution or the Child Protection Unit.
field-error-unknown-referral = There is no such referral to your organisation.
field-error-not-allowed = This change is not possible from where the referral is now.
field-error-invalid-username = Use 3 to 64 letters, digits, dots, hyphens or underscores.
field-error-username-taken = This username is taken.
field-error-wrong-organisation = This role needs an organisation of the right kind (for example a Child Protection Officer belongs to a Child Protection Unit).
field-error-not-yourself = You cannot do this to your own account.
field-error-not-yours-to-confirm = Only someone other than the person who made this account may confirm it: a colleague of its organisation or another administrator.

## Field names in error summaries
case-field-body = Text
case-field-stage = Stage
case-field-urgency = Urgency
case-field-category = Category
case-field-reason = Reason
case-field-links = Links
case-not-done = This was not done. Correct what is marked below and send it again:
case-take = Take this case
case-take-hint = It becomes yours: you answer the child and lead the work.
case-next-step = Next step:
case-on-this-page = On this page
done-take = You took the case: it is yours now.
done-hotline-links = The links are in the hotline's queue, without the child's identity.
hotline-links-button = Send these links to the queue of links to assess
done-messages = Your message was sent to the child.
done-stage = The stage was changed.
done-triage = The triage was saved.
done-notes = The note was added.
done-tasks = The task was added.
done-task-done = The task is marked done.
done-consents = The consent decision was recorded.
done-referrals = The referral was sent.
done-referral-answer = Your answer to the referral was recorded.
done-team = The colleague was added to the team.
done-meetings = The meeting record was saved.
done-outcomes = The outcome was recorded.
done-contacts = The call was logged.
done-sessions = The session times were offered to the child.
done-testimony = The recorded testimony was stored.
case-field-handler = Who handles it
case-field-title = Task
case-field-owner = Who does it
case-field-due = Due date
case-field-task = Task
case-field-recipient = Recipient
case-field-org = Organisation
case-field-giver = Given by
case-field-decision = Decision
case-field-explained = What was explained
case-field-to = Refer to
case-field-note = Note
case-field-legal-duty = Legal duty
case-field-referral = Referral
case-field-status = Answer
case-field-username = Username
case-field-held-on = Date
case-field-attendees = Who attended
case-field-decisions = Decisions
case-field-actions = Who does what by when
case-field-file = File
case-field-recorded-on = Recorded on
case-field-interviewer = Interviewer
case-field-notes = Notes
case-field-name = Name
case-field-kind = Kind
case-field-municipality = Municipality
case-field-role = Role
case-field-profession = Profession
case-field-change = Change

## The case page
case-holder = Held by
case-your-relation = Your relation to the case
case-closed-note = This case is closed. A message from the child reopens it.
urgency-normal = Normal
urgency-high = High
urgency-immediate-danger = Child in immediate danger
escalation-title = A child may be in immediate danger.
escalation-body = Call the police (129) or emergency services (112) now if the child cannot be kept safe, tell the Child Protection Unit of the child's municipality, and record a referral to each: with the child's consent, or under the legal duty, giving the reason. The child will see that the case was passed on and why.
escalation-task = Child in immediate danger: alert police and the Child Protection Unit now, and record the referrals.
triage-title = Triage
triage-hint = Choose "child in immediate danger" if the child may be harmed soon: it starts the escalation steps and puts the case first in every list.
triage-save = Save triage
reveal-title = Identity
reveal-reason = Why do you need to see the child's name and contact details?
reveal-reason-hint = At least 10 characters. It is kept in the audit log, and the child sees on their follow-up page that you looked and the reason you gave.
reveal-button = Show identity
reveal-logged = Shown for this page only. This viewing and your reason are logged and shown to the child.
reveal-not-allowed = Your role and relation to this case do not allow seeing the child's identity.
identity-name = Name
identity-contact = Contact
identity-place = Town or village
tasks-title = Tasks
tasks-none = No tasks yet.
tasks-due = due
tasks-overdue = overdue
tasks-overdue-title = Overdue tasks
tasks-done = Mark done
tasks-what = What needs doing
tasks-owner = Who does it
tasks-owner-hint = A username; empty means you. They must be able to see this case.
tasks-add = Add task
notes-title = Case notes
notes-add = Add a note
notes-hint = Only what the work needs. Notes are encrypted and seen by everyone allowed to read this case.
notes-save = Save note
case-consent-title = Consent
consent-in-form = asked in the report form
consent-recipient = Sharing with
consent-org = Which service
consent-org-hint = Only for "a support service": consent is given to one service, not to all.
consent-giver = Given by
consent-decision = Decision
consent-explained = What was explained
consent-explained-hint = In the words you used with the child: what will be shared, with whom and why.
consent-save = Record consent
consent-given = given
consent-refused = refused
consent-withdrawn = withdrawn
giver-child = the child
giver-parent = a parent
giver-guardian = a guardian
referrals-title = Referrals
referral-sent = sent
referral-accepted = accepted
referral-declined = declined
referral-completed = completed
referral-incoming = Referral for your organisation
referral-from = Referred by { $org } on { $time }.
referral-answer = Answer
referral-answer-reason = Your answer
referral-answer-reason-hint = Needed when you decline (at least 10 characters).
referral-handler = Who handles it (optional)
referral-handler-hint = The username of a colleague in your organisation; empty: you. Only the one who handles it opens the case; your colleagues see the referral only.
referral-accept = Accept
referral-decline = Decline
referral-complete = Mark completed
refer-to = Refer to
refer-suggested = The Child Protection Unit of the child's municipality is suggested.
refer-note = Note to the receiving organisation
refer-note-hint = What they need to know to help; no more.
refer-legal-duty = Grounds
refer-legal-duty-hint = Without consent for this organisation, only a legal duty allows a referral, with a reason the child will see.
refer-with-consent = With consent
refer-reason = Reason for acting under a legal duty
refer-send = Send referral
legal-duty-child-in-danger = Legal duty: a child is in immediate danger
legal-duty-mandatory-report = Legal duty: an offence that must be reported
team-title = Case team (Barnahus)
team-hint = The professionals who coordinate around the child, so the child tells their story once.
team-add = Add a professional by username
team-add-hint = Their organisation must be covered by the child's consent (or a legal duty).
team-add-button = Add to team
meetings-title = Planning meetings
meetings-date = Date
meetings-attendees = Who attended
meetings-decisions = Decisions
meetings-actions = Who does what by when
meetings-actions-hint = Add each as a task too, so it shows in the overdue list.
meetings-save = Record meeting
testimony-title = Testimony
testimony-hint = One recorded testimony, shared with the team under consent. Every viewing is logged and shown to the child.
testimony-recorded = Recorded on
testimony-open = Open the recording
testimony-logged = Opening it is logged and shown to the child.
testimony-none = No testimony recorded yet.
testimony-file = Recording or transcript
testimony-date = Recorded on
testimony-interviewer = Interviewer
testimony-notes = Notes
testimony-save = Save testimony
export-title = Case package for police or prosecution
export-hint = A zip of the case, the consent and referral record and the testimony. Each package carries an invisible fingerprint of its recipient and time, so a leaked copy can be traced.
export-recipient = Recipient
export-reason = Why are you preparing this package?
export-reason-hint = Needed when the package holds the child's name, contact or place, or their files: at least 10 characters. The child sees that you prepared it and the reason you gave.
export-button = Prepare package
export-footer =
    CONFIDENTIAL — case { $case }
    Prepared for: { $org }
    Prepared on: { $time }
    Export: { $export }
export-readme =
    This package is for the investigation and prosecution of this case only. Never pass it, or anything from it, to the media or to anyone the case does not need. The child's name, school, address and family must never be published.
    Every package is fingerprinted to its recipient and time; a leaked copy can be traced back to it.
    Files: case.json (the case, its consent and referral record, the audit trail), testimony/ (the recorded testimony, with its SHA-256 in case.json).
history-reason = Reason given
access-reason = Reason given

## Admin
admin-title = Administration
admin-staff = Staff accounts
admin-role = Role
admin-org = Organisation
admin-org-hint = Needed for every role that works on cases.
admin-profession = Profession (support professionals)
admin-second-factor = Second factor
admin-disabled = disabled
admin-disable = Disable
admin-enable = Enable
admin-reset-second-factor = Reset second factor
admin-add-staff = Add an account
admin-create = Create account
admin-created = Account { $username } created.
admin-orgs = Organisations
admin-kind = Kind
admin-add-org = Add an organisation
admin-org-name = Name
admin-add-org-button = Add organisation

## The child's access log: who (role and organisation) did what
access-child-message = { $who } wrote a message.
access-triaged = { $who } looked at how urgent your report is: { $urgency }.
access-escalated = { $who } noted that you may be in danger, and started the steps to keep you safe.
access-identity-revealed = { $who } looked at your name and contact details.
access-note-added = { $who } wrote a note about your case.
access-task-added = { $who } planned a next step.
access-task-done = { $who } completed a step.
access-consent = Your decision about sharing with { $recipient } was recorded: { $decision }.
access-referral-sent = { $who } passed your case to { $org }, with consent.
access-referral-legal-duty = { $who } passed your case to { $org } without your consent. { $duty }.
access-referral-accepted = { $who } accepted your case, to help you.
access-referral-declined = { $who } could not take your case; the team will find another way.
access-referral-completed = { $who } finished their work on your case.
access-referral-viewed = { $who } read the referral of your case.
access-team-added = { $who } added { $member } to the team around you.
access-meeting = { $who } recorded a meeting of the team around you.
access-testimony-added = { $who } saved your recorded interview.
access-testimony-viewed = { $who } opened your recorded interview.
access-exported = { $who } prepared a file of your case for { $org }.
access-leak-traced = We checked where a copy of a file about your case came from.

## The history as staff read it
history-child-message = { $who } wrote a message.
history-triaged = { $who } set the urgency: { $urgency }.
history-escalated = { $who } started the escalation path.
history-identity-revealed = { $who } revealed the identity.
history-note-added = { $who } added a note.
history-task-added = { $who } added a task.
history-task-done = { $who } completed a task.
history-consent = Consent for { $recipient }: { $decision } (recorded by { $who }).
history-referral-sent = { $who } referred the case to { $org }.
history-referral-legal-duty = { $who } referred the case to { $org } under a legal duty. { $duty }.
history-referral-accepted = { $who } accepted the referral.
history-referral-declined = { $who } declined the referral.
history-referral-completed = { $who } completed the referral.
history-referral-viewed = { $who } read the referral.
history-team-added = { $who } added { $member } to the team.
history-meeting = { $who } recorded a planning meeting.
history-testimony-added = { $who } added the testimony.
history-testimony-viewed = { $who } opened the testimony.
history-exported = { $who } exported a case package for { $org }.
history-leak-traced = A leaked copy of an export of this case was traced.

## Outcomes
outcomes-title = Outcomes
outcomes-none = No outcome recorded yet.
outcomes-what = What happened
outcomes-support-kind = Kind of support
outcomes-support-kind-hint = Only for "support received".
outcomes-on = On
outcomes-save = Record outcome
outcome-reported-to-police = Reported to the police
outcome-investigation-opened = Investigation opened
outcome-prosecuted = Prosecuted
outcome-convicted = Convicted
outcome-compensation-applied = Compensation applied for
outcome-compensation-received = Compensation received
outcome-support-received = Support received
outcome-closed = Case closed
field-error-date-in-future = This date is in the future.
case-field-outcome = Outcome
case-field-support-kind = Kind of support
case-field-on = Date
access-outcome = { $who } recorded a step in your case: { $outcome }.
history-outcome = { $who } recorded an outcome: { $outcome }.

## Cases that belong together (linking and merging)
link-title = Linked cases
link-none = No case is linked to this one.
link-hidden = { $count ->
    [one] One more linked case that you cannot open.
   *[other] { $count } more linked cases that you cannot open.
}
link-suggestions = Possibly the same child
link-suggestions-hint = These cases have an evidence file identical to one in this case (same SHA-256). Only cases you may read are shown.
link-suggestion-shared = { $count ->
    [one] one identical file
   *[other] { $count } identical files
}
link-add = Link the cases
link-other = Case to link
link-other-hint = The case's id, as in its address.
link-merge-title = Merge a linked case into this one
link-merge-hint = The other case becomes part of this one, for good: its report, messages, calls and access log are shown here, its receipt opens this case, and it is no longer found on its own. This cannot be undone.
link-merge-other = Case to merge into this one
link-merge-confirm = Type the reference of the case to merge, to confirm
link-merge-confirm-hint = For example Z-2026-0001.
link-merge-do = Merge for good
link-merged-from = Merged into this case: { $case } ({ $time })
link-merged-call = Phone call
done-link = The cases are linked.
done-link-merge = The cases are merged.
field-error-link-same = A case cannot be linked with itself.
field-error-link-merge-not-linked = Link the cases first; only linked cases are merged.
field-error-link-merge-confirm = Type the reference of the case to merge exactly as shown.
error-link-exists = These cases are already linked.
error-link-merged-already = One of these cases has already been merged.
access-link-added = { $who } linked your report with another report about the same situation.
history-link-added = { $who } linked this case with another case.
access-link-merged = { $who } joined another report of yours to this one: everything from it is here, and its receipt opens this page too.
history-link-merged = { $who } merged another case into this one.
access-link-merged-into = { $who } joined this report to your other report: its receipt now opens the joined case.
history-link-merged-into = { $who } merged this case into another case.

## Transfer of the lead
transfer-title = Transfer of the lead
transfer-hint = A transfer hands the lead on this case to another organisation, which accepts or rejects it. It is not a referral: once accepted, the case is theirs and your organisation no longer sees it.
transfer-line = { $from } asked { $to } to take the lead ({ $time })
transfer-reason = Reason
transfer-reason-hint = Why the other organisation should lead the case (sealed; at least a few words).
transfer-status-pending = Waiting for an answer.
transfer-status-accepted = Accepted: the case is now led by the receiving organisation.
transfer-status-rejected = Rejected.
transfer-decision = Your answer
transfer-accept = Accept: we take the lead
transfer-reject = Reject
transfer-answer-reason = Reason of the answer
transfer-answer-hint = Needed when you reject.
transfer-answer-do = Send the answer
transfer-to = Organisation to take the lead
transfer-do = Ask for the transfer
done-transfer = The transfer was asked for.
done-transfer-answer = The transfer was answered.
error-transfer-pending = A transfer of this case is already waiting for an answer.
error-transfer-answered = This transfer was already answered.
access-transfer-requested = { $who } asked { $org } to look after your case.
history-transfer-requested = { $who } asked { $org } to take the lead.
access-transfer-accepted = { $who } took over your case: { $org } now looks after it.
history-transfer-accepted = { $who } accepted the transfer: { $org } now leads the case.
access-transfer-rejected = { $who } could not take over your case; the same team still looks after it.
history-transfer-rejected = { $who } rejected the transfer.

# What the cases merged into this one still hold (issue 19, point 3).
merged-title = From merged cases
merged-hint = The notes, tasks, testimony and evidence of the cases merged into this one. They stay sealed with their own case; reading or opening them here is recorded on this case, like its own.
merged-from = From case { $case } (merged on { $date })
merged-no-notes = No notes.
merged-testimony-kept = The recording stays with the merged case; its record is shown here.
# A stage's name as staff read it, where the child's speaks to the child.
merged-stage-staff-waiting-for-you = Waiting for the child
## The testimony in the blob store (streamed uploads)
error-testimony-blob-too-large = The recording is larger than 32 MiB, the most we can keep for one testimony. Nothing was stored. Please compress it or split the transcript, and try again.
testimony-blob-limit = A recording or transcript of up to 32 MiB.
