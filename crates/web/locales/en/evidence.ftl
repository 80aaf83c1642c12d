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
    The hotline checks the fingerprints and sends them to the platforms where the picture could appear.
    Platforms compare them with what is uploaded, remove copies and block new ones. This can take a few days.
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

## The hotline's export for platforms
takedowns-title = Take-down hashes
takedowns-hint = Hashes sent by children from the take-down page. Export them as CSV for platforms (PDQ, MD5, SHA-256, the seven other orientations and video frames). Each export is recorded.
takedowns-new = { $count } not yet exported.
takedowns-all = Export all, not only those not yet exported
takedowns-export = Export CSV
takedowns-recent = Latest requests
takedowns-reference = Reference
takedowns-received = Received
takedowns-exported = Exported
history-takedowns-exported = { $who } exported take-down hashes.

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
