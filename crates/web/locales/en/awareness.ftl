# Zëri — awareness texts in English: the "Learn and get help" pages for young people,
# the pages for parents and teachers, the printed A5 leaflet, and the short guides for
# professionals in the staff area. Albanian (../sq/awareness.ftl) is the first language;
# both files have exactly the same keys.
# Facts and local terms follow shared/design/RIGHTS-AND-TERMS.md as of 2026-11-28.
# Points marked (check) there are left out or worded with care; update these texts
# whenever a fact there changes.
# Before launch, a native speaker from ALO 116 111 should review both files.
# In a body, paragraphs are separated by a blank line, and each line starting with
# "- " is one list item.

## Landing page: Learn and get help

aw-index-title = Learn and get help
aw-index-intro = Here you can read what online sexual abuse can look like, what to do if it happens, and where to find help. Read at your own pace. The red button at the top leaves this site at once.

aw-risks-teaser = What online sexual abuse can look like, and signs to notice.
aw-what-to-do-teaser = If it is happening to you: what to do first, step by step.
aw-after-report-teaser = What happens after you report, and what your rights are.
aw-get-help-teaser = Who can help you, near you or by phone and online.
aw-parents-teaser = For parents and carers: how to help your child without blame.
aw-teachers-teaser = For teachers and school staff: signs, what to say, who to call.

## Shown on every page

aw-never-your-fault = It is never your fault: the person who pressures, threatens or abuses you is always the one responsible.

aw-help-now-title = Get help now
aw-help-now-body =
    Call ALO 116 111 to talk to someone. It is free, 24 hours a day. You can also chat with them on alo116.al.

    You can report here too, without giving your name.

    If you are in danger now, call 112 (emergency) or 129 (police).

## Risks

aw-risks-title = What online sexual abuse can look like
aw-risks-intro = Online sexual abuse can happen to anyone, on any app or game. When you know what it looks like, you can spot it early and get help sooner.

aw-risks-s1-title = Someone wins your trust to get something sexual
aw-risks-s1-body =
    Some people pretend to be a friend, a boyfriend or girlfriend, or someone your age. They are very kind, give you compliments or gifts, like game credits or money, and say they understand you better than anyone. This is called grooming.

    Little by little, they ask for secrets, for private pictures, or to meet. They may ask you to move to another app, or to keep everything secret.

    An adult who does this to a young person is doing something seriously wrong. It is not your fault that you trusted them.

aw-risks-s2-title = Threats to share your pictures (sexual extortion)
aw-risks-s2-body =
    Someone has a private picture or video of you, or says they have one. They threaten to send it to your family, your friends or your school unless you pay, send more pictures or do what they say. This is called sexual extortion, or sextortion.

    They try to scare you and rush you, so that you feel alone. You are not alone. This happens to many young people, and there is help.

    Paying or sending more usually does not make the threats stop. Read the page "If it happens: what to do".

aw-risks-s3-title = Private pictures shared without your yes
aw-risks-s3-body =
    Someone shares, posts or shows your private pictures or videos without your consent. Even if you once sent them to one person yourself, nobody has the right to pass them on.

    Sometimes pictures are fake or edited, for example with AI apps that make someone look naked. That is abuse too.

    The wrong is done by the person who shares them, not by you.

aw-risks-s4-title = Abuse on a live stream or video call
aw-risks-s4-body =
    Someone asks or pushes you to do sexual things on camera, in a video call or a live stream. They may offer gifts, points or money, or say it is just a game or a dare.

    They may record it secretly. If this happened to you or to someone you know, you can report it, even if it was a long time ago.

aw-risks-s5-title = Sexual messages or pictures you did not want
aw-risks-s5-body =
    Someone sends you sexual pictures, videos, jokes or comments you did not ask for, or keeps writing to you after you said no.

    You do not have to answer. You can save it, block them and report it. It is not "just a joke" if it makes you feel bad.

aw-risks-s6-title = Signs to notice
aw-risks-s6-body =
    Stop and think if someone online:
    - asks you to keep your chats secret
    - asks for pictures, even "just one" or "just your face first"
    - asks you to move to another app or a private chat
    - sends gifts, money or game credits, and then wants something back
    - asks if you are alone, or where your parents are
    - makes you feel guilty, scared or rushed
    - threatens you, or says that nobody will believe you

    If something feels wrong, trust that feeling. You can stop answering and talk to someone at any time.

## What to do

aw-what-to-do-title = If it happens: what to do
aw-what-to-do-intro = If someone is pressuring or threatening you online, these steps can help. Take them one at a time. You do not have to do this alone.

aw-what-to-do-s1-title = Do not pay, do not send more
aw-what-to-do-s1-body =
    Stop answering them. Do not pay and do not send more pictures, even if they threaten you. Paying or sending more usually makes them ask for even more.

    You may feel scared or ashamed. That is normal. It is never your fault: the person who threatens you is the one who did wrong.

aw-what-to-do-s2-title = Do not delete: save what happened
aw-what-to-do-s2-body =
    Before you block or delete anything, save proof. It helps to stop the person and to get pictures removed.
    - take screenshots of their profile and username
    - take screenshots of the messages, with the dates showing
    - copy the links to their profile and to any posts
    - write down the app or game, and when it happened

    You do not need to keep the private pictures themselves. Never send them to anyone: not to us, not to friends, not even to ask for help. Keep your screenshots somewhere only you can see them.

aw-what-to-do-s3-title = Block and report on the app
aw-what-to-do-s3-body =
    When you have saved everything, block the person. Then report their profile on the app or game: most have a "Report" button.

    If you do not know how, or you feel afraid, write to us or call ALO 116 111. We will help you.

aw-what-to-do-s4-title = Tell someone you trust
aw-what-to-do-s4-body =
    Tell a person you trust: a parent, a relative, a teacher, the school psychologist, or a friend's parent. You do not have to tell everything at once.

    If the first person you tell does not help, tell someone else. Asking for help is normal, and it is brave.

aw-what-to-do-s5-title = Report it
aw-what-to-do-s5-body =
    You can report here, without giving your name. You get a receipt, so you can come back, read our answer and write to us.

    You can also:
    - call ALO 116 111, free, 24 hours a day, or chat with them on alo116.al
    - report to ISIGURT.al, the national hotline for a safe internet
    - call the police on 129, or 112 if you are in danger now

aw-what-to-do-s6-title = Pictures can be taken down
aw-what-to-do-s6-body =
    Pictures and videos can often be removed from apps and websites.

    Your picture itself does not have to be sent anywhere. A kind of digital fingerprint can be made from it: a short code, not the picture. Platforms can use this code to find copies and take them down. Tell us in your report, or in the messages, that you want this.

## After you report

aw-after-report-title = After you report
aw-after-report-intro = Here is what happens after you send a report, and what your rights are. You can ask questions or take a break at any step.

aw-after-report-s1-title = Someone reads your report
aw-after-report-s1-body =
    A trained counsellor of the child helpline reads your report. They do not judge you.

    They answer you on the follow-up page. You open it with your receipt: the 20-digit code you got when you reported.

aw-after-report-s2-title = You decide what is shared
aw-after-report-s2-body =
    We pass your report on only if you say yes. You can say yes to the Child Protection Unit (NJMF) of your municipality, to the police, to both, or to nobody. You can change your mind later in the messages.

    At the NJMF, a child protection worker can help you and your family, and connect you with a psychologist, a lawyer or a doctor.

    There is one exception: if a child is in danger now, professionals must act to protect them, even without your yes. If that happens, we tell you what we did and why.

aw-after-report-s3-title = You can see what is happening
aw-after-report-s3-body =
    On the follow-up page you can see:
    - the stage your report is at, what happens next, and your rights at that stage
    - messages from the counsellor, and you can write back
    - who opened your report: we show their role, like "a helpline counsellor", never their name

aw-after-report-s4-title = Your rights
aw-after-report-s4-body =
    You have the right:
    - to be listened to and taken seriously; in every decision about you, what is best for you comes first
    - to have things explained in words you understand, and to ask questions
    - to privacy: nobody may publish your name, address, school, parents or photos, and doing so is a crime
    - to take your time: you do not have to answer every question in the messages
    - to complain if you are treated unfairly

aw-after-report-s5-title = If the police are involved
aw-after-report-s5-body =
    If your report goes to the police, the law protects you even more:
    - they must explain how the case works and what help you can get, including a lawyer
    - a support person from the NJMF stays with you, and a person you trust can be there too
    - you are questioned as few times as possible, in a child-friendly room
    - in cases of sexual abuse or exploitation, the talk is video-recorded, so that you do not have to tell it again in court
    - you are kept away from the accused person: no contact and no meeting face to face
    - you can ask to be questioned by a police officer or prosecutor of your own gender

    (Law 37/2017, art. 34–43; Criminal Procedure Code, art. 58)

aw-after-report-s6-title = If something goes wrong
aw-after-report-s6-body =
    If a public office, like the police, a school or the municipality, treats you unfairly, you can complain to the People's Advocate (Avokati i Popullit). Any child can complain there directly.

    If something about your report worries you, write to us in the messages or call ALO 116 111.

## Get help

aw-get-help-title = Where to get help
aw-get-help-intro = You do not have to deal with this alone. Many of these services are free, and some can help you by phone or online, wherever you live.

aw-get-help-s1-title = ALO 116 111, the National Child Helpline
aw-get-help-s1-body =
    Call 116 111: it is free and open 24 hours a day. You can also chat on alo116.al or in the ALO116111 app. The counsellors listen to you, do not judge you, and help you decide what to do.

    If a child is missing, the number is 116 000.

aw-get-help-s2-title = ISIGURT.al, the national hotline for a safe internet
aw-get-help-s2-body =
    On isigurt.al or in its app you can report abuse pictures, threats and other harmful things you find online. It is free.

aw-get-help-s3-title = The Child Protection Unit in your municipality
aw-get-help-s3-body =
    Every municipality has a Child Protection Unit (NJMF). Its child protection workers (PMF) are trained social workers. They look at what puts you at risk, make a protection plan for you while listening to what you think, and stay by your side until you are no longer at risk.

    You can contact them yourself, through your municipality, or we can pass your report to them if you say yes.

aw-get-help-s4-title = A psychologist, a social worker, a lawyer
aw-get-help-s4-body =
    Talking to a psychologist does not mean you are "crazy". It means you are taking care of yourself, like seeing a doctor when you are hurt. Many young people do it.

    Barnahus Albania, in Tirana, helps children and teenagers after sexual violence, with free psychological and legal help. The NJMF, ALO 116 111 or the police can refer you there.

    The Children's Rights Centre Albania (CRCA/ECPAT Albania) gives free legal help to children.

    If you live far away, ask about help by phone or online: you can talk to ALO 116 111 wherever you are.

aw-get-help-s5-title = If you are in danger now
aw-get-help-s5-body =
    Call 112 (emergency) or 129 (police). Call even if you are not sure.

    You can also report crimes on the internet to the State Police on their page "Denonco Krimin Kompjuterik".

aw-get-help-s6-title = Find a service near you
aw-get-help-s6-body =
    The directory on this site lists services by place and by type. You can choose services that are free, or that help by phone or online. The Child Protection Unit of every municipality is there too.

## For parents and carers

aw-parents-title = For parents and carers
aw-parents-intro = Finding out that your child is being abused online is a shock. How you react first matters a lot: your calm and your trust help your child more than anything.

aw-parents-s1-title = Stay calm and believe your child
aw-parents-s1-body =
    Take a breath before you speak. Your child may be afraid that you will be angry or disappointed. Tell them:
    - "I believe you."
    - "It is not your fault."
    - "Thank you for telling me. We will deal with this together."

    The person who pressured or threatened your child is responsible, not your child. Even if your child sent a picture, they were tricked or pressured.

aw-parents-s2-title = What not to do
aw-parents-s2-body =
    - do not shout, blame, or ask "why did you do that?"
    - do not take away the phone or the internet as a punishment: your child may stop telling you things
    - do not contact the person, do not pay them, and do not threaten them
    - do not delete the messages or the account
    - do not send, forward or show the pictures to anyone, not even to prove what happened

aw-parents-s3-title = Save the evidence
aw-parents-s3-body =
    Together with your child, take screenshots of the profile, the username and the messages, with the dates, and copy the links. Write down the app or game. Do not save or copy the sexual pictures themselves.

    Then block the person and report the profile on the app.

aw-parents-s4-title = Report and get help
aw-parents-s4-body =
    - report here on your child's behalf, or help your child to report; you do not have to give your name
    - ALO 116 111 (free, 24 hours a day) and ISIGURT.al
    - the Child Protection Unit (NJMF) of your municipality can support your child and your family
    - the police on 129, or 112 if your child is in danger now

    Ask your child what they want, and involve them in decisions. Explain what will happen in words they understand.

aw-parents-s5-title = Look after yourself too
aw-parents-s5-body =
    You may feel angry, guilty or afraid. That is normal. Talk to someone you trust, or ask the NJMF to connect you with a psychologist. Getting support for yourself helps you support your child.

    Keep it private: do not post about it and do not tell other parents. Your child's name, school and photos must never reach the media or social networks.

    Keep talking with your child in the weeks that follow, and ask how they are feeling.

## For teachers and school staff

aw-teachers-title = For teachers and school staff
aw-teachers-intro = A pupil may choose you to tell. You do not need to be an expert: listen, believe, and pass it on to the right people.

aw-teachers-s1-title = Signs to notice
aw-teachers-s1-body =
    No single sign proves abuse, but notice when a pupil:
    - suddenly withdraws, becomes anxious or angry, or stops coming to school
    - seems afraid of their phone, or checks it all the time
    - has new gifts, money or game credits they cannot explain
    - talks about an older "friend" they met online
    - is the subject of rumours or of pictures passed around in class
    - talks about hurting themselves

    If a pupil talks about hurting themselves, do not leave them alone and get help at once. If they are in immediate danger, call 112.

aw-teachers-s2-title = When a pupil tells you
aw-teachers-s2-body =
    - find a quiet place and give them time
    - listen, and let them use their own words
    - stay calm and say: "I believe you. It is not your fault. You did the right thing telling me."
    - do not ask "why did you send it?", and no leading questions like "was it him?"
    - do not promise to keep it secret; explain who you need to tell and why
    - do not ask to see the pictures, and do not make or forward copies
    - write down what the pupil said, in their words, with the date and time
    - tell them what happens next

aw-teachers-s3-title = Keep it confidential
aw-teachers-s3-body =
    Share what you know only with the people who need it to protect the pupil: the school leadership, as your school's procedure says, and the services below.
    - never tell the class, other pupils or other parents
    - never discuss it in chat groups
    - never give the pupil's name, school or photos to the media: publishing anything that could identify a child victim is a crime

    If pictures are going round the school, do not collect them on your phone. Say where they are, and leave them to the police or ISIGURT.al.

aw-teachers-s4-title = Who to turn to
aw-teachers-s4-body =
    - the school psychologist or psycho-social service, if your school has one
    - the Child Protection Unit (NJMF) of the municipality: a child protection worker assesses the risk and plans help with the child and the family
    - the police on 129, or 112 if the child is in danger now
    - ALO 116 111 or ISIGURT.al, to report

    Tell the pupil before you refer them, and involve them in decisions as far as you can. Follow your school's procedure for reporting violence against a child.

aw-teachers-s5-title = Prevention in class
aw-teachers-s5-body =
    - talk about online safety and healthy relationships regularly, not only after something has happened
    - say it clearly: if someone pressures or threatens you online, it is never your fault, and adults will help you, not punish you
    - avoid scare stories and blaming messages like "whoever sends pictures has only themselves to blame"
    - tell pupils about ALO 116 111, ISIGURT.al and this site, and put the leaflet up where everyone can see it
    - ask the NJMF, ISIGURT.al or CRCA/ECPAT Albania whether they can hold an awareness session at your school

## Leaflet (printed A5, handed out at schools)

leaflet-title = Something happened online? You are not alone.
leaflet-tagline = Raise your voice. We listen without judging.
leaflet-point1 = It is never your fault. The person who pressures or threatens you is responsible.
leaflet-point2 = If someone threatens to share your pictures: do not pay, do not send more.
leaflet-point3 = Do not delete: save screenshots of the profile and the messages.
leaflet-point4 = Tell someone you trust. Asking for help is normal, and brave.
leaflet-point5 = Pictures can often be taken down. Help is free.
leaflet-helpline = ALO 116 111: call free, 24 hours a day, or chat on alo116.al.
leaflet-scan = Scan the code to report, or to learn more.
leaflet-local-unit = In your municipality: { $unit }
leaflet-footer = You can report without giving your name. We do not pass your report on without your yes, unless a child is in danger.

## Guides for professionals (staff area)

guide-disclosure-title = Talking with a child who discloses abuse
guide-disclosure-body =
    Telling is hard. A child often tells a small part first, to see how you react. Your reaction decides whether they keep talking.
    - listen calmly; let the child use their own words and go at their own pace
    - believe them, and say so: "Thank you for telling me. It is not your fault."
    - ask open questions only ("Can you tell me more?"); no leading questions, never "why did you…"
    - do not ask for details you do not need, and do not ask to see images
    - do not promise secrecy you cannot keep; say who you will tell and why
    - explain the next steps in words they understand, and ask what they want and what they fear
    - record the child's words as they said them, with date and time, apart from your own opinion
    - do not make the child repeat the story to several colleagues
    - do not confront the suspect and do not investigate yourself
    - check that the child is safe now; if not, call 112

guide-confidentiality-title = Confidentiality in practice
guide-confidentiality-body =
    Publishing anything that could identify a child victim or witness is a criminal offence (Law 37/2017, art. 21 and 43).
    - never share the child's name, school, address, parents' names or images outside the case
    - never with the media, on social networks or in chat groups
    - colleagues only on a need-to-know basis, and only what they need
    - talk about the case in private, not in corridors, shared offices or on the phone in front of others
    - do not copy case data to personal devices or private e-mail
    - reveal the child's identity in Zëri only when your task needs it, and state the reason
    - every reveal is logged and the child sees it on their follow-up page: write the reason so that the child could understand it
    - if data leaks, tell your supervisor at once; the child can complain to the Commissioner for the Right to Information and Protection of Personal Data (IDP)

guide-evidence-title = Preserving online evidence
guide-evidence-body =
    Online evidence disappears fast: accounts are deleted and messages expire. Preserve what you can, without handling abuse material yourself.
    - note the platform, the full URLs and the usernames, and the profile or user ID if shown
    - take screenshots of profiles and conversations with the date and time visible
    - write down when, how and by whom each item was collected
    - never forward, download, copy or print sexual images of a child, not even for the file
    - do not ask the child to send you the images
    - do not contact the suspect and do not log in to the child's accounts
    - hand the material to the police or to ISIGURT.al through the channel your procedure sets, never by ordinary e-mail or chat apps
    - keep the chain of custody: record every hand-over (who, when, what) and keep the originals unchanged

guide-referral-title = Referring a child, with consent
guide-referral-body =
    A referral works best when the child understands it and agrees.
    - explain to the child, in words they understand, who will receive what, and why
    - ask for the child's view and take it seriously, according to their age and understanding
    - record who gave consent (the child, a parent or the legal guardian), when, and what was explained
    - if asking a parent could put the child at risk, talk to the NJMF before you contact the family
    - refer to the Child Protection Unit (NJMF) of the child's municipality: it assesses the risk and coordinates the other services
    - for sexual violence, the NJMF, the police, the prosecutor or ALO 116 111 can refer the case to Barnahus Albania (free psychological and legal help)
    - send only what the receiving service needs
    - follow up: check that the referral arrived and that someone contacted the child, and tell the child
    - the child can withdraw consent: record it and inform those who received the referral

guide-legal-duty-title = When the law requires you to act without consent
guide-legal-duty-body =
    Usually nothing is passed on without consent. In a few situations you must act even without it.
    - a child is in immediate danger: call 112 or 129, and act to protect them
    - you suspect violence or another offence against a child that professionals must report: professionals who work with children have a duty to report violence against a child (Law 18/2017), and your organisation's procedure says to whom and how
    - share only what the situation requires
    - tell the child what you will do, why, and what happens next: before you act if that is safe, otherwise as soon as possible
    - listen to the child's worries and involve them in the next steps
    - record the legal reason in Zëri: it is logged and shown to the child
    - if you have doubts, ask your supervisor or legal adviser, but do not wait when a child is in danger

guide-export-title = Before you export a case package
guide-export-body =
    An export takes case data outside Zëri. Check this before every export:
    - there is consent to involve the police, or a legal duty, and it is recorded
    - the recipient is a named police investigator or prosecutor working on this case
    - include only what the case needs; leave out what is not relevant
    - each export carries a fingerprint tied to its recipient, so a leaked copy can be traced back
    - never send it by unencrypted e-mail or chat apps; hand it over as your procedure says
    - never give it to the media, or to anyone outside the case
    - record the hand-over in the chain of custody
    - tell the child, in words they understand, what was passed on and to whom

guide-wellbeing-title = Looking after yourself when you see abuse material
guide-wellbeing-body =
    Seeing sexual abuse of children affects everyone who does it, however experienced. Hotlines such as the IWF protect their analysts with limits, breaks and counselling; Zëri does the same for everyone who opens evidence.
    - open a file only when the case needs it: its hashes, its matches and the child's words often say enough
    - images are blurred and grey until you choose to see them, videos paused and muted; look only as long as you must
    - a file that matches a known list is not shown unless you ask again: its hash already confirms what it is
    - take the break Zëri asks for after each hour of exposure: step away from the screen, move, drink some water, talk about something else
    - the daily limit (five hours unless your administrator set another) is there to protect you: when it is reached, stop for the day and hand urgent work to a colleague
    - see your own numbers on "Your exposure to material"; your administrator sees only numbers, never what you opened
    - talk with your supervisor or the counselling your organisation offers, regularly and not only when it feels bad; intrusive images, poor sleep, irritability or numbness are common reactions and can be helped
    - never take material home, print it or show it to anyone who does not need to see it

## Page furniture (not from the texts above)
learn-stages-title = The stages of your report
learn-stages-intro = On the follow-up page, with your receipt, you always see which stage your report is at, what happens next and your rights at that stage.
learn-next = Next:
learn-link = Learn and get help
guides-title = Guides for professionals
guides-link = Guides
leaflet-download = Download as PDF (A5)
leaflet-print-hint = Or print this page: it fits one A5 sheet. For a municipality's version, add ?municipality=Kukës to the address.
