# The frontline-worker survey: administrators' pages, the public form, the results. English.
# Keep every key in step with sq/survey.ftl (a test checks both have the same keys).

## Administrators and statisticians
survey-admin-title = Surveys
survey-admin-hint = Anonymous surveys of frontline workers: social workers, psychologists, child protection workers, police, teachers, health workers. Results show percentages with the number who answered (n); numbers below the threshold are hidden.
survey-create-template = New survey from the frontline-worker template
survey-create-blank = New empty survey
survey-template-hint = The template asks the kinds of questions of the Voices of Survivors frontline survey: sector, how aware people are of online child sexual exploitation, barriers to disclosure, services available, compensation, training and suggestions. You can change everything before opening it.
survey-none = No surveys yet.
survey-blank-title = New survey
survey-col-title = Survey
survey-col-status = Status
survey-col-responses = Responses
survey-col-created = Created
survey-col-results = Results
survey-results = Results
survey-status-draft = draft (not published)
survey-status-open = open (taking answers)
survey-status-closed = closed
survey-responses-count = { $count ->
    [one] 1 response
   *[other] { $count } responses
}
survey-draft-hint = This is a draft: nobody can answer it yet. Check the questions in both languages, then open it to get its link.
survey-link-hint = The survey's link (send it to frontline workers; anyone with the link can answer, without an account):
survey-frozen-hint = The questions cannot change any more, so every answer keeps its meaning. Close the survey when you have enough answers.
survey-open = Open the survey
survey-close = Close the survey
survey-reopen = Open it again
survey-delete = Delete the draft
survey-delete-confirm = Yes, delete this draft and its questions
survey-preview = Preview
survey-back-to-survey = Back to the survey
survey-cannot-open = The survey cannot be opened yet
survey-head-title = Title, introduction and threshold
survey-threshold-hint = Counts below this number are never shown. At least 5; you can raise it, never lower it.
survey-save = Save
survey-questions = Questions
survey-no-questions = No questions yet. Add the first one below.
survey-question-n = Question { $n }
survey-required = required
survey-optional = optional
survey-exclusive = (excludes the others)
survey-move-up = Move up
survey-move-down = Move down
survey-remove = Remove
survey-edit-question = Change this question
survey-add-question = Add a question
survey-options-hint = One option per line, the Albanian and English lines in the same order. A rating scale has exactly 5 lines: the labels of 1 to 5. Free text has no options.
survey-field-kind = Kind of question
survey-field-prompt-sq = Question (Albanian)
survey-field-prompt-en = Question (English)
survey-field-hint-sq = Help text (Albanian, optional)
survey-field-hint-en = Help text (English, optional)
survey-field-options-sq = Options (Albanian)
survey-field-options-en = Options (English)
survey-field-required = An answer is required
survey-field-last-exclusive = The last option (for example “None of these”) excludes the others (multiple choice)
survey-field-title-sq = Title (Albanian)
survey-field-title-en = Title (English)
survey-field-intro-sq = Introduction (Albanian)
survey-field-intro-en = Introduction (English)
survey-field-threshold = Smallest number shown
survey-field-questions = Questions
survey-field-id = Question id
survey-kind-single = One choice
survey-kind-multiple = Several choices
survey-kind-rating = Rating from 1 to 5
survey-kind-text = Free text

## Results
survey-results-hint = Percentages are of the people who answered each question (n). Numbers below { $threshold } are shown as “<{ $threshold }”; where needed another number is hidden too (“–”) so that a small one cannot be worked out from n and the others.
survey-download-csv = Download the results (CSV)
survey-threshold-raise = Raise it to hide more; it cannot go below the survey's own.
survey-apply = Show
survey-too-few = Fewer than { $threshold } people answered this question: nothing is shown.
survey-n = n = { $n } (people who answered this question)
survey-col-option = Answer
survey-col-count = Number
survey-col-share = Share
survey-multiple-note = Several answers could be chosen, so the shares add up to more than 100%.
survey-mean = Average: { $mean } (n = { $n })
survey-suppressed-note = “<{ $threshold }”: fewer than { $threshold }. “–”: hidden so that a small number cannot be worked out.
survey-text-count = { $count ->
    [one] 1 written answer.
   *[other] { $count } written answers.
}
survey-text-admins-only = Written answers are shown only to administrators, and never downloaded.
survey-text-too-few = Written answers are shown when there are at least { $threshold }.

## The public form
survey-preview-note = Preview: this is how the survey looks. Nothing is sent from here.
survey-answer-errors = Some answers need a change. Nothing was sent yet.
survey-anonymous = Your answers are anonymous: we keep no name, account, IP address or cookie, and only the day they arrived, not the time.
survey-send = Send my answers
survey-unknown-title = Survey not found
survey-unknown = We could not find this survey. Check that the link is complete.
survey-closed-title = This survey is closed
survey-closed = This survey no longer takes answers. Thank you for your interest.
survey-thanks-title = Thank you
survey-thanks = Your answers were received. Nothing links them to you. You can close this page.

## Errors
error-survey-conflict = Someone changed this survey a moment ago, or its status changed. Please reload the page and try again.
error-survey-not-draft = Only a draft can be changed. This survey has been opened, so its questions stay as they are.
field-error-one-answer = Please give only one answer.
field-error-exclusive-choice = “None of these” cannot be chosen together with other answers.
field-error-too-few-options = Give at least { $limit } options.
field-error-too-many-options = Give at most { $limit } options.
field-error-rating-five = A rating scale needs exactly { $limit } labels, one per line.
field-error-options-mismatch = Give the same number of options in English as in Albanian ({ $limit }), in the same order.
field-error-invalid-id = This id may only have small letters, digits and hyphens.
field-error-duplicate-id = This id is used twice.
field-error-no-questions = Add at least one question.
field-error-too-many-questions = A survey can have at most { $limit } questions.
field-error-invalid-threshold = Give a whole number from { $limit } to 100.
field-error-unexpected-options = Free text has no options.
field-error-unexpected-exclusive = Only a multiple-choice question can have an option that excludes the others.
