# The helpline as a team: contact records (CHI categories), canned responses, supervision.
# Albanian in ../sq/supervision.ftl.
role-supervisor = A supervisor
notify-closure = A close request was returned to you
sup-link = Supervision
sup-contact-link = Record a contact

## Recording a contact
sup-record-title = Record the contact
sup-record-intro = Record how this contact ended: it is counted in the helpline's figures and in the yearly report to Child Helpline International. Nothing you write here identifies the child.
sup-record-save = Save the record
sup-recorded = The contact is recorded.
error-sup-already-recorded = This contact is already recorded.
sup-disposition = How the contact ended
sup-category = What it was about
sup-category-hint = The category of Child Helpline International; suggested from the report.
sup-gender = The child's gender
sup-gender-hint = Only if the child said so; never ask.
sup-phone-title = Record a phone contact
sup-phone-intro = For a call about a case, give the case's id; for a silent call, a hang-up, a prank or a wrong number, leave it empty.
sup-phone-case = Case id (optional)
sup-phone-case-hint = From the case page's address.
field-error-sup-category-not-allowed = A contact that was not about anything has no category.
field-error-sup-year-not-ended = Choose a year that has ended.
sup-chi-export = The yearly export for Child Helpline International (CSV)

## Dispositions
chi-disposition-data = Someone asked for help (data contact)
chi-disposition-silent = Silent
chi-disposition-hang-up = Hung up
chi-disposition-prank = Prank
chi-disposition-abusive = Abusive
chi-disposition-thank-you = Only to say thank you
chi-disposition-test = Test
chi-disposition-wrong-number = Wrong number
chi-channel-chat = Chat
chi-channel-phone = Phone
chi-gender-girl = Girl
chi-gender-boy = Boy
chi-gender-other = Other
chi-gender-unknown = Not said

## CHI main categories
chi-abuse-violence = Abuse and violence
chi-mental-health = Mental health
chi-family-relationships = Family relationships
chi-peer-relationships = Peer relationships
chi-sexuality = Sexuality and sexual health
chi-physical-health = Physical health
chi-school = School and education
chi-legal-rights = Legal matters and children's rights
chi-basic-needs = Basic needs
chi-discrimination = Discrimination
chi-substance-use = Substance use
chi-commercial-exploitation = Commercial exploitation and trafficking
chi-other = Other

## CHI sub-categories
chi-sub-sexual-abuse = Sexual abuse
chi-sub-online-sexual-abuse = Online sexual abuse (grooming)
chi-sub-online-sexual-exploitation = Online sexual exploitation (images, live streaming)
chi-sub-sexual-extortion = Sexual extortion
chi-sub-physical-violence = Physical violence
chi-sub-emotional-violence = Emotional violence
chi-sub-neglect = Neglect
chi-sub-bullying = Bullying
chi-sub-cyberbullying = Cyberbullying and online harassment
chi-sub-harmful-online-content = Harmful content seen online
chi-sub-anxiety-depression = Anxiety, sadness, depression
chi-sub-self-harm-suicide = Self-harm, thoughts of suicide
chi-sub-parent-child = Parents and children
chi-sub-divorce = Separation, divorce
chi-sub-friends = Friends
chi-sub-romantic = Relationships
chi-sub-sexual-identity = Sexual orientation and gender identity
chi-sub-sexual-health = Sexual health, pregnancy
chi-sub-illness = Illness
chi-sub-school-problems = Problems at school
chi-sub-rights = Rights and legal questions
chi-sub-homelessness = Homelessness
chi-sub-poverty = Poverty
chi-sub-discriminated = Discrimination
chi-sub-alcohol = Alcohol
chi-sub-drugs = Drugs
chi-sub-trafficking = Trafficking
chi-sub-child-labour = Child labour
chi-sub-commercial-sexual = Commercial sexual exploitation
chi-sub-other-reason = Something else

## Canned responses
sup-canned-title = Canned responses
sup-canned-intro = Short texts counsellors can insert in a chat reply. Never put anything about a child in them.
sup-canned-lang = Language
sup-canned-name = Title
sup-canned-body = Text
sup-canned-add = Add
sup-canned-delete = Delete
sup-canned-insert = Canned responses
sup-canned-choose = Insert in the reply

## The supervisor
sup-queue-title = Supervision: live chats
sup-on-duty = On duty
sup-nobody-on-duty = Nobody of your organisation is on duty.
sup-since = since
sup-read-along = Read along
sup-read-along-hint = You read this chat along: the counsellor sees that you do; the child is told a supervisor may read along. Only the counsellor sees your notes.
sup-reading-along = Supervisor { $name } is reading along.
sup-coach-title = Notes from your supervisor
sup-coach-note = A note to the counsellor (never shown to the child)
sup-coach-send = Send the note
error-sup-chat-ended = This chat has ended.
sup-closures-title = Close requests
sup-closures-none = No close request is waiting.
sup-closure-rule-on = In your organisation, closing a case needs a supervisor's approval.
sup-closure-rule-off = In your organisation, counsellors close cases themselves.
sup-closure-rule-start = Require approval
sup-closure-rule-stop = Stop requiring approval
sup-closure-approve = Approve and close
sup-closure-return = Return
sup-closure-reason = Why it goes back (for the counsellor)
error-sup-closure-requested = Your request to close the case waits for a supervisor's approval.

## Quality review
sup-reviews-title = Quality review
sup-reviews-intro = The contacts drawn for review in the week from { $from } (one in ten, drawn by chance).
sup-reviews-none = No contact was drawn this week.
sup-week-before = The week before
sup-week-after = The week after
sup-review = Review
sup-reviewed = Reviewed
error-sup-already-reviewed = This contact is already reviewed.
sup-q1 = The child was welcomed warmly and without judgement.
sup-q2 = The counsellor listened and understood what the child needed.
sup-q3 = The child's safety was checked and acted on.
sup-q4 = The information and next steps were right and clear.
sup-q5 = The contact was recorded and followed up correctly.
sup-review-comment = Comment (kept encrypted)
sup-review-save = Save the review

## Figures
sup-figures-title = Team figures
sup-figures-span = The last { $days } days; caseload and overdue tasks as of now.
sup-fig-overdue = Overdue tasks
sup-fig-chat-answer = Median time to the first answer in a chat
sup-fig-case-answer = Median time to the first answer to a report
sup-fig-closure = Median time to closure
sup-fig-satisfaction = Felt listened to, last full month (%)
sup-fig-satisfaction-none = Fewer than five ratings
sup-fig-caseload = Open cases led, by counsellor
sup-fig-dispositions = Contacts by how they ended
sup-minutes = { $minutes } min

## What the child and the history show
sup-child-read-along = A supervisor of the helpline may read the chat along to help the counsellor; they keep it as private as the counsellor does.
history-contact-recorded = { $who } recorded the contact.
history-chat-supervised = { $who } read the chat along.
history-chat-coached = { $who } wrote a note to the counsellor.
history-quality-review-opened = { $who } opened the contact for a quality review.
history-quality-reviewed = { $who } reviewed the contact.
history-closure-requested = { $who } asked to close the case.
history-closure-approved = { $who } approved closing the case.
history-closure-returned = { $who } returned the close request.
access-contact-recorded = { $who } recorded your contact in the helpline's figures (no names).
access-chat-supervised = { $who } read your chat along.
access-chat-coached = { $who } gave advice to the counsellor of your chat.
access-quality-review-opened = { $who } looked at how we helped you, to check its quality.
access-quality-reviewed = { $who } checked how well we helped you.
access-closure-requested = { $who } asked to close your case.
access-closure-approved = { $who } approved closing your case.
access-closure-returned = { $who } asked for more work on your case before it closes.

walk-sup-handed-from = handed over warm by { $name }
walk-sup-routed-to = waiting for { $name }
walk-sup-state-waiting = Waiting
walk-sup-state-active = Being answered
walk-sup-state-ended = Ended
