## The child in control (follow-up page): consent, a copy, erasure, passphrase, receipt saved.

child-consent-title = Who may see your report
child-consent-hint = These are the organisations that have your report or asked for it. You decide who may see it. You can change your mind at any time, and it counts at once.
child-consent-now-given = You said yes: they may see your report.
child-consent-now-not = You have not said yes: they may not see your report.
child-consent-withdraw = Take back my yes for { $who }
child-consent-give = Say yes to { $who }
child-consent-legal-duty = The law says this organisation must be told ({ $duty }). So they keep access even if you say no. Your "no" is still written down and shown to them, and they may use only what the case needs.
child-consent-about = What happens when I say yes or take it back?
child-consent-about-text =
    Saying yes means the people there can read what you wrote, so they can help you or look into what happened.
    Taking back your yes means they can no longer open your report from now on. What they already did stays done.
    The counsellor who looks after your report can still help you.
    Every decision you make is shown in the list "Who opened your report".
child-consent-means-cpu = The Child Protection Unit (NJMF) of the municipality: a child protection worker can check that you are safe, make a plan with you and find help near you.
child-consent-means-service = A support service (for example a psychologist, a social worker, a lawyer or a doctor): they can talk with you and help you.
child-consent-means-police = The State Police: they can investigate the person who hurt you and try to stop them. They see what the case needs, not your messages.
child-consent-means-prosecution = The Prosecution Office: it decides whether the case goes to court. Your yes to the police also covers it.
child-consent-means-barnahus = Barnahus: a child-friendly house where the people helping you meet, so that you tell your story only once.
access-child-consent = You decided about sharing with { $recipient }: { $decision }.
history-child-consent = The child decided about sharing with { $recipient }: { $decision } (on the follow-up page).

child-copy-title = A copy for you
child-copy-hint = Download a text file with what you wrote, your messages and who opened your report. It is made now, only for you. Keep it somewhere safe: anyone who has the file can read it.
child-copy-download = Download a copy
child-copy-heading = Zëri: a copy of your report
child-copy-made = Made on { $date }. Staff are named only by their role and organisation.
child-copy-report = Your report
child-copy-sent = Sent on
child-copy-category = What it was about
child-copy-words = What you wrote
child-copy-platform = Where it happened
child-copy-link = Link
child-copy-erased = The details of this report were erased.
access-child-copy = You downloaded a copy of your report.
history-child-copy = The child downloaded a copy of their report.

child-back = Back to your report
child-passphrase-title = A passphrase, if you lose the receipt
child-passphrase-hint = Choose a sentence only you know and can remember. If you lose your receipt, you can open your report with it. Do not use your name, your school or anything others know about you.
child-passphrase-rule = At least { $words } words and { $chars } characters. Capital letters do not matter.
child-passphrase-label = Your passphrase
child-passphrase-set = You have a passphrase. You can change it here.
child-passphrase-choose = Save my passphrase
child-passphrase-change = Change my passphrase
child-passphrase-open-title = Lost your receipt? Open with your passphrase
child-passphrase-refused = We could not open a report with this passphrase. Check it and try again.
child-passphrase-use-receipt = Open with the receipt instead
error-child-passphrase-refused = We could not open a report with this passphrase. Check it and try again.
field-error-child-passphrase-rule = Use at least 4 words and 20 characters, for example a short sentence.
field-error-child-passphrase-taken = Please choose a different passphrase.
field-error-child-passphrase-wait = Too many tries. Wait a moment, then try again.
access-child-passphrase-set = You chose a passphrase.
history-child-passphrase-set = The child chose a passphrase as a second way in.

child-saved-title = Did you save your receipt?
child-saved-hint = To be sure, type the last 4 digits of your receipt. Or save it as a file.
child-saved-last4 = The last 4 digits
child-saved-check = Check
child-saved-file = Save it as a file
child-saved-optional = You do not have to do this, but without the receipt (or a passphrase) nobody can open your report again, not even us.
child-saved-ok = Well done: the digits match. Keep the receipt somewhere safe.
child-saved-wrong = These are not the last 4 digits of your receipt. Look at the receipt above and try again.
child-saved-file-text = Zëri: your receipt is { $receipt }. Open your report at Zëri, "Follow up". Keep this file where only you can find it.
access-child-receipt-saved = You confirmed that you saved your receipt.
history-child-receipt-saved = The child confirmed they saved the receipt.

child-reissue-title = Issue a new receipt
child-reissue-hint = Only after you have verified the caller by phone (for example: they know when they reported and what about). The old receipt stops working at once. The child sees in their history that a counsellor of your organisation issued it.
child-reissue-reason = How did you verify the caller?
child-reissue-reason-hint = At least 10 characters. Shown to the child in their history.
child-reissue-do = Issue a new receipt
child-reissue-done-title = The new receipt
child-reissue-read-out = Read it out to the caller, slowly, in groups of four. Ask them to write it down and read it back.
child-reissue-once = It is shown only now. Only a keyed fingerprint is stored; the old receipt no longer works.
child-reissue-back = Back to the case
error-child-receipt-collision = Please try again.
access-receipt-reissued = { $who } issued a new receipt for your report. The old one no longer works.
history-receipt-reissued = { $who } issued a new receipt; the old one no longer works.

child-erasure-title = Ask us to erase your report
child-erasure-means =
    You can ask us to erase your report: what you wrote, your messages and your files. Then nobody can read them any more, not even you.
    Sometimes the law says we must keep it for a while: when the police or a prosecutor are still investigating, when a court case is going on, or when the law obliges us to keep it to protect you or another child. Then we tell you why, here.
    The people who look after your report decide, and you see their answer on this page.
child-erasure-ask = Ask to erase my report
child-erasure-pending = You asked on { $date } to erase your report. The people who look after it will answer here.
child-erasure-accepted = Your request was accepted: your report was erased on { $date }.
child-erasure-refused = Your report is kept for now because { $reason }. You can ask again later.
child-erasure-reason-investigation = the police or a prosecutor are still investigating
child-erasure-reason-legal-duty = the law says we must keep it
child-erasure-reason-court = a court case is going on
child-erasure-reason-protection = we need it to keep you or another child safe
child-erasure-staff-title = The child asks for erasure
child-erasure-staff-asked = Asked on { $date }.
child-erasure-staff-hint =
    Accept unless a legal exception applies: an investigation or court case under way, a legal duty to keep the record, or the child's protection.
    Accepting erases the case at once (its key, its texts and its files); it cannot be undone.
child-erasure-staff-accept = Accept and erase now
child-erasure-staff-reason = Why it is kept
child-erasure-staff-words = Words for the child
child-erasure-staff-words-hint = Optional. Plain words; the child reads them on the follow-up page.
child-erasure-staff-refuse = Keep it and tell the child why
error-child-erasure-pending = You already asked; the answer will be on this page.
notify-child-erasure = A child asks for their report to be erased
error-child-erasure-none = There is no request for erasure waiting.
access-child-erasure-requested = You asked for your report to be erased.
history-child-erasure-requested = The child asked for the report to be erased.
access-erasure-accepted = { $who } accepted your request to erase your report.
history-erasure-accepted = { $who } accepted the child's request for erasure.
access-erasure-refused = { $who } answered your request for erasure: the report is kept for now.
history-erasure-refused = { $who } refused the child's request for erasure.

rating-title = How was your chat?
rating-lead = Two short questions. Your answers are anonymous: they are only counted, never kept with your chat or your report.
rating-invite = You can tell us in two clicks how your last chat went. It is anonymous.
rating-open = Answer two questions
rating-listened = Did you feel listened to?
rating-listened-yes = Yes
rating-listened-partly = Partly
rating-listened-no = No
rating-come-back = Would you come back to us?
rating-come-back-yes = Yes
rating-come-back-no = No
rating-anonymous = Only the organisation and the month are kept with the count.
rating-send = Send
rating-skip = Not now
rating-thanks = Thank you for telling us.
rating-both = Please answer both questions.
error-rating-used = This chat was rated already.
rating-stats-title = Satisfaction after chats
rating-stats-hint = From the two anonymous questions after a chat. Figures from fewer than { $min } ratings are not shown.
rating-stats-none = No ratings in this period.
rating-stats-org = Organisation
rating-stats-count = Ratings
rating-stats-listened = Felt listened to
rating-stats-come-back = Would come back
rating-stats-hidden = <5

# Who looks after the child's report (issue 19, point 3).
lead-title = Who looks after your report
lead-kind-helpline = The child helpline ALO 116 111: counsellors who listen to you and help you, for free.
lead-kind-hotline = ISIGURT.al, the national hotline for a safe internet: they work to get pictures and messages taken off the internet.
lead-kind-cpu = The Child Protection Unit of your municipality: a child protection worker who helps keep you safe.
lead-kind-barnahus = Barnahus: a child-friendly house where you tell what happened once, to one person, with support.
lead-kind-service = A service that supports children.
lead-kind-police = The police.
lead-kind-prosecution = The prosecution office.
lead-moved = Your report moved to { $org } on { $date }. Everything you wrote went with it, and your receipt still works.
