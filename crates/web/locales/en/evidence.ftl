# Evidence, hash lists and take-down by hash. English.
# Keep every key in step with sq/evidence.ftl (a test checks both have the same keys).

## Attaching evidence (report form and follow-up)
field-evidence = Screenshots, photos or files (optional)
evidence-hint = If you have screenshots of messages, a chat export, or a photo that shows what happened, you can add them. You don't have to: we can start without them, and the professionals can also collect evidence.
evidence-label = Choose files
evidence-limits = Up to { $files } files, each up to { $megabytes } MB: photos, screenshots, videos, PDF, text or a zip of a chat export.
evidence-safe = Your files are stored locked (encrypted). Only the professionals working on your report can open them, each opening is written down, and you can see it when you follow your report.
evidence-takedown-link = Want a picture removed from the internet without sending it? Use take-down by hash.
evidence-choose-again = Please choose your files again: for your safety the browser forgets them when the form comes back.
followup-attach = Add screenshots or files
evidence-file-n = File { $n }:
evidence-too-many = You can send at most { $files } files at a time. Send the others in a message afterwards.
evidence-too-large = The files are too big: each can be at most { $megabytes } MB. Try a screenshot instead of a video, or send fewer files at once.
evidence-empty = One of the files is empty. Please choose it again.
evidence-kind = we can't take this kind of file. Send photos, screenshots, videos, PDF, text or a zip.
evidence-bomb = this file was refused because it would become far too big when opened (it may be made to harm computers). Nothing was stored. If it is real evidence, take a screenshot of it instead.
evidence-damaged = this file seems damaged and could not be read. Nothing was stored. Try taking a new screenshot.
evidence-busy = Many people are sending files right now. Nothing was stored; please try again in a minute.
evidence-slow = The file stopped arriving (the connection may be slow or broken). Nothing was stored; please try again, or send the report without the file and add it later with your receipt.
error-evidence-refused = The files were refused; nothing was stored.

## Evidence on the case page (staff)
evidence-title = Evidence
evidence-staff-hint = Files are never shown by default. Opening one needs a reason; it is recorded in the chain of custody and shown to the child.
evidence-none = No evidence files.
evidence-item = File { $n }
evidence-kind-image = image
evidence-kind-video = video
evidence-kind-document = PDF document
evidence-kind-text = text
evidence-kind-archive = archive (zip)
evidence-with-message = sent with a message
evidence-matches = Matches
evidence-match-list = known hash list “{ $list }”: { $label } ({ $source })
evidence-match-case = the same file was received in case
evidence-match-same-case = the same file was received earlier in this case
evidence-match-elsewhere = the same file was received in another case, held by { $org }: ask them
evidence-distance = distance { $d } of 256
evidence-received = Received
evidence-quality = (quality { $q })
evidence-custody = Chain of custody
custody-received = received and hashed
custody-viewed = opened
custody-exported = exported
custody-system = the system
custody-hash-changed = the file's SHA-256 differs from the one recorded at intake
evidence-reason = Why do you need to open this file?
evidence-reason-hint = At least 10 characters. The child sees that you opened it and why.
evidence-view = Show the image
evidence-download = Download the file
evidence-watch = Watch the video
evidence-back = Back to the case
evidence-viewed-logged = This opening is recorded in the chain of custody and shown to the child.
evidence-unblur = Show the image clearly (it is blurred and grey until you choose to see it)
evidence-unblur-video = Show the video clearly (it is blurred and grey, paused and muted until you choose to see and play it)
evidence-video-alt = Evidence video
evidence-done = Done: back to the case
evidence-file-name = Name of the file on the child's device
evidence-image-alt = Evidence image
access-evidence-received = Your file was received and locked away safely.
history-evidence-received = Evidence file received and hashed.
access-evidence-viewed = { $who } opened one of your files.
history-evidence-viewed = { $who } opened an evidence file.
access-evidence-exported = { $who } included your files in a case file for the authorities.
history-evidence-exported = { $who } exported an evidence file.
access-child-takedown = You sent the hashes of a picture or video to have it taken down.
history-child-takedown = The child sent hashes for take-down.

## Take-down by hash (the child's page)
takedown-title = Remove a picture or video without sending it
takedown-lead = If a private picture or video of you is online, or someone threatens to share it, you can ask for it to be removed. The picture stays on your phone: only its “fingerprint” is sent.
takedown-how-title = How it works
takedown-how =
    1. Choose the picture or video on your phone. It is not uploaded.
    2. Your phone calculates its fingerprints (hashes): long codes made from the picture. Nobody can turn a fingerprint back into the picture.
    3. You send only the fingerprints. The hotline shares them with platforms, which use them to find and remove copies and stop new uploads.
takedown-noscript = This page needs JavaScript to calculate the fingerprints on your phone. Without it nothing is sent. You can call ALO 116 111 instead.
takedown-pick = Choose the picture or video
takedown-pick-hint = It stays on your device.
takedown-working = Calculating on your phone…
takedown-result = These are the fingerprints of your file. Only these will be sent:
takedown-frames = Video frames
takedown-receipt = Your receipt code (optional)
takedown-receipt-hint = If you made a report, add its receipt so the request joins it and you can follow it.
takedown-send = Send the fingerprints
takedown-sent = Sent. Your reference:
takedown-next =
    A hotline analyst checks the request, then shares the fingerprints with the platforms where the picture could appear.
    Platforms compare them with what is uploaded, remove copies and block new ones. This can take a few days.
    If you added your receipt, the follow-up page shows how far it went, and you can withdraw it there at any time.
    If someone is threatening you, you are not to blame. Stop replying, don't pay, and talk to someone you trust or call ALO 116 111.
takedown-clear = Clear everything from this page
takedown-what-title = What happens to the fingerprints
takedown-what =
    The fingerprints are kept by the hotline and shared only with platforms for removing the picture.
    They do not contain your name, your phone number or the picture itself.
    You can send fingerprints without a receipt: then nobody can connect them to you.
takedown-error-not-image = This file is not a picture or video we can read. Try a photo (JPEG or PNG) or a screenshot of it.
takedown-error-too-large = This file is too big to process on this phone.
takedown-error-damaged = This file seems damaged. Try a screenshot of the picture instead.
takedown-error-unsupported = This kind of picture can't be read here. Try a screenshot of it.
takedown-error-network = The connection failed. Nothing was sent; try again when you have a signal.
takedown-error-server = Something went wrong on our side. Nothing was sent; please try again later.
takedown-field-invalid = This value is not valid.
takedown-case-title = Take-down requests linked to this report

## The hotline's review of take-down requests, and the export for platforms
takedowns-title = Take-down hashes
takedowns-hint = Hashes sent by children from the take-down page. Review each request before its hashes reach platforms: approve it (its SHA-256, MD5 and PDQ hashes are shared with the registered platforms at once), reject it with a reason, or ask the child for more through the report's messages. Every review is recorded and the child sees it.
takedowns-queue = Waiting for review ({ $count })
takedowns-queue-empty = No request is waiting for review.
takedowns-linked = Joined to a report: the child can be asked for more and follows it.
takedowns-anonymous = Sent without a receipt: nobody can be asked for more.
takedowns-quality = (quality { $quality })
takedowns-verdict = Your decision
verdict-approve = Approve and share with platforms
verdict-reject = Do not share
verdict-needs-more = Ask the child for more (write to them in the case's messages)
takedowns-reason = Reason
takedowns-reason-hint = Only when not sharing.
reject-reason-duplicate = Duplicate (these hashes are already shared)
reject-reason-low-quality = The PDQ hash is too weak to match safely
reject-reason-out-of-scope = Not for this route (checked against the report)
reject-reason-other = Other (explain to the child in a message)
takedowns-review = Record the decision
takedowns-field-verdict = Decision
takedowns-field-reason = Reason
takedowns-state = State
takedowns-state-unreviewed = Waiting for review
takedowns-state-approved = Approved, shared
takedowns-state-rejected = Not shared
takedowns-state-needs-more = More asked of the child
takedowns-state-withdrawn = Withdrawn (hashes forgotten, platforms told)
error-takedown-decided = This request was reviewed already, or withdrawn a moment ago. Reload the page.
error-takedown-withdrawn = This request was withdrawn: nothing of it is shared any more.
field-error-only-to-reject = Give a reason only when not sharing.
field-error-no-way-to-ask = This request came without a receipt: there is nobody to ask. Approve it or do not share it.
takedowns-export-title = CSV for platforms without the API
takedowns-new = { $count } approved, not yet exported. Only approved requests are exported; platforms with a token pull them from the API.
takedowns-all = Export all approved, not only those not yet exported
takedowns-export = Export CSV
takedowns-recent = Latest requests
takedowns-reference = Reference
takedowns-received = Received
takedowns-exported = Exported
history-takedowns-exported = { $who } exported take-down hashes.
access-takedown-reviewed = { $who } checked your take-down request: { $state ->
        [approved] its fingerprints are shared with platforms.
        [rejected] it cannot be shared.
       *[other] we need more from you.
    }
history-takedown-reviewed = { $who } reviewed a take-down request: { $state ->
        [approved] approved and shared.
        [rejected] not shared.
       *[other] more asked of the child.
    }
access-hash-reported = A platform reported that it { $outcome ->
        [removed] removed
       *[other] found
    } { $count } { $count ->
        [one] copy
       *[other] copies
    } of the picture in your take-down request.
history-hash-reported = A platform reported that it { $outcome ->
        [removed] removed
       *[other] found
    } { $count } { $count ->
        [one] copy
       *[other] copies
    } (take-down request).
access-child-takedown-withdrawn = You withdrew a take-down request: platforms are told to delete its fingerprints.
history-child-takedown-withdrawn = The child withdrew a take-down request; its hashes are forgotten and platforms are told to delete them.
access-hashes-withdrawn = The fingerprints of your take-down request were withdrawn from platforms when your report's details were erased.
history-hashes-withdrawn = The shared hashes of a take-down request were withdrawn because the case was erased.

## The child's take-down requests on the follow-up page
followup-takedowns-title = Your take-down requests
followup-takedowns-hint = Requests to remove a picture or video that you sent with this receipt. Only their fingerprints were sent, never the picture.
sharing-state-received = Received. A hotline analyst checks it before its fingerprints go to platforms.
sharing-state-needs-more = The hotline needs more from you before it can share it. Please read our message below and answer it.
sharing-state-not-shared = Checked: we cannot share it with platforms, because { $reason }. You can write to us below.
sharing-state-reviewed = Checked and approved. Platforms receive the fingerprints the next time they check, usually within a day.
sharing-state-shared = Checked and shared with { $count ->
        [one] one platform
       *[other] { $count } platforms
    }. They use the fingerprints to find and remove copies and to block new uploads.
sharing-state-withdrawn = You withdrew it. We no longer share it, and platforms are told to delete the fingerprints ({ $count } told so far).
sharing-reason-duplicate = the same fingerprints are already shared, so platforms already look for this picture
sharing-reason-low-quality = the fingerprint of this picture is too weak: it could match other pictures too
sharing-reason-out-of-scope = platforms do not remove this kind of picture through this route
sharing-reason-other = of something we explain to you in a message
sharing-removals = { $count ->
        [one] One removal reported
       *[other] { $count } removals reported
    } by platforms.
sharing-matches = { $count ->
        [one] One copy found
       *[other] { $count } copies found
    } by platforms.
sharing-withdraw = Withdraw this request…
sharing-withdraw-about = What withdrawing means
sharing-withdraw-title = Withdraw your take-down request?
sharing-withdraw-means =
    If you withdraw it, we stop sharing its fingerprints at once.
    Platforms that received them are told to delete them the next time they check. Copies they already removed stay removed.
    We forget the fingerprints. You can send a new request at any time.
sharing-withdraw-yes = Yes, withdraw it
sharing-withdraw-no = No, keep it
field-error-confirm-withdrawal = Confirm the withdrawal with true, after reading what it means.

## Platforms that pull shared hashes (administrators)
platforms-title = Platforms
platforms-hint = Platforms pull the reviewed, shared take-down hashes from the API (/api/v1/hashes, see docs/HASH-SHARING.md) with a token of their own, and report back matches and removals. The token is shown once; only a keyed digest of it is kept. Revoking it stops the platform at once.
platforms-name = Name
platforms-contact = Contact
platforms-contact-hint = Who to reach there about hash sharing. Kept sealed.
platforms-added = Registered
platforms-last-pull = Last pull
platforms-revoked = Revoked { $date }
platforms-revoke = Revoke the token
platforms-add = Register a platform
platforms-add-button = Register and make a token
platforms-created = { $name } is registered.
platforms-token-once = Its API token, shown only now. Give it to the platform over a safe channel:
platforms-field-name = Name
platforms-field-contact = Contact
field-error-must-be-integer = This must be a whole number.
field-error-invalid-time = Give a time as RFC 3339, for example 2026-01-15T10:00:00Z.
field-error-invalid-cursor = Give the next_cursor of your last pull: a whole number, 0 the first time.

## Hash lists (administrators)
hashlists-title = Hash lists
hashlists-hint = Lists of hashes of known material, from a hotline network or a platform. Every new evidence file is compared with them and with all earlier evidence; matches are flagged to the analyst.
hashlists-none = No lists imported yet.
hashlists-name = Name of the list
hashlists-entries = Entries
hashlists-imported = Imported
hashlists-import = Import a list
hashlists-file = CSV file
hashlists-format = A header with the columns pdq, md5, sha256, label, source (any order); at least one hash per row.
hashlists-import-button = Import
hashlists-refused = The list was not imported. Nothing was stored.
hashlist-error-header = Line { $line }: the header must name the columns pdq, md5, sha256, label or source, each once, with at least one hash column.
hashlist-error-csv = Line { $line }: not valid CSV (check quotes and the number of columns).
hashlist-error-no-hash = Line { $line }: no hash.
hashlist-error-pdq = Line { $line }: the PDQ hash must be 64 hexadecimal characters.
hashlist-error-md5 = Line { $line }: the MD5 must be 32 hexadecimal characters.
hashlist-error-sha256 = Line { $line }: the SHA-256 must be 64 hexadecimal characters.
hashlist-error-name = Give the list a name (at most 100 characters).
history-hash-list-imported = { $who } imported a hash list.
custody-inspected = checked by the system (decoded and matched, seen by no one)
access-evidence-inspected = Your file was checked by the system against lists of known images; no person looked at it.
history-evidence-inspected = Evidence file decoded and matched by the system.
evidence-inspection-pending = being checked: decoded and matched in a moment (reload the page)
evidence-inspection-undecodable = this image does not decode: no PDQ, so it is matched only by its exact digests
evidence-inspection-bomb = this image would take too much memory to decode (possibly made to crash decoders): it was never opened, so it is matched only by its exact digests
