### Survivor-facing texts for each stage of a report: the stage name,
### "What happens next" and "Your rights", plus complaints and urgent help.
### Facts and sources: shared/design/RIGHTS-AND-TERMS.md. Items marked (check)
### there are left out or phrased with care. Keep en and sq in step, and update
### rights-updated whenever a fact changes.
### Each line of a -rights value and of rights-complaints is shown as one list item.

help-now = If you are in danger now, call 112 (emergency) or 129 (police). To talk to someone now, call ALO 116 111 — free, 24 hours.

rights-updated = These texts were last checked in November 2026. Laws can change.

rights-complaints =
    The People's Advocate (Avokati i Popullit), children's rights section: if a public office, like the police, a school or the municipality, treated you unfairly. Any child can complain there directly (avokatipopullit.gov.al).
    The Commissioner for the Right to Information and Protection of Personal Data (IDP): if your personal data was misused or leaked (idp.al).
    The State Agency for the Rights and Protection of the Child (ASHDMF): about how child protection services helped you (femijet.gov.al).

## received

stage-received = Received
stage-received-next =
    Your report is stored safely. Nobody has read it yet.
    A helpline counsellor will read it soon.
    Keep your receipt somewhere safe: you need it to come back here.
    What happened is not your fault.
stage-received-rights =
    You have the right to be listened to and taken seriously.
    In every decision about you, what is best for you comes first.
    You have the right to be protected from abuse and harmful content online.
    Nobody may publish anything that could identify you: your name, address, school, parents or photos. Doing so is a crime. (Law 37/2017, art. 21 and 43)

## in-review

stage-in-review = Being reviewed
stage-in-review-next =
    A helpline counsellor is reading your report.
    Together with you, they will decide what help fits you best.
    They may write to you in the messages, so check back with your receipt.
    We ask you before we pass your report to anyone else, unless a child is in danger.
stage-in-review-rights =
    You have the right to say what you think and what you want. Your view counts.
    You can ask questions at any time. You do not have to answer every question.
    You can take a break and write back when you are ready.
    In every decision about you, what is best for you comes first. (Law 18/2017)

## waiting-for-you

stage-waiting-for-you = Waiting for you
stage-waiting-for-you-next =
    We sent you a question in the messages.
    Open the messages with your receipt and answer when you are ready.
    If you do not want to answer, or do not understand the question, just tell us.
    Your report stays safe while we wait.
stage-waiting-for-you-rights =
    You can take your time. There is no wrong answer.
    You do not have to answer questions you do not want to answer.
    You have the right to have things explained in a way you understand. Just ask.
    You can change your mind about the help you want.

## referred-for-support

stage-referred-for-support = Referred for support
stage-referred-for-support-next =
    Because you said yes, we passed your report on.
    It went to the Child Protection Unit (NJMF) in your municipality, or to a service that can help: a psychologist, social worker, lawyer or doctor.
    They will get in touch with you in the way you agreed with us.
    You can keep writing to us in the messages.
stage-referred-for-support-rights =
    At the NJMF, a child protection worker looks at what could put you at risk and helps keep you safe.
    There is a meeting about how to help you. You are invited to it, in a way that fits your age and understanding.
    Your view is heard, and a protection plan is made just for you.
    The worker stays by your side until you are no longer at risk.
    Nobody may publish anything that could identify you: your name, address, school, parents or photos. (Law 37/2017, art. 21 and 43)

## reported-to-police

stage-reported-to-police = Reported to police
stage-reported-to-police-next =
    Your report was passed to the State Police, because you said yes or because a child may be in danger.
    The police and a prosecutor will look into what happened.
    If they need to talk to you, they must first explain how it works, and you will not be alone.
    You can keep writing to us in the messages.
stage-reported-to-police-rights =
    You must be told how the case works and what help you can get. This includes a lawyer, and asking for compensation for the harm done to you.
    You are questioned as few times as possible, in a child-friendly room. In cases of sexual abuse or exploitation, it is video-recorded, so you do not have to tell it again in court.
    A support person from the NJMF stays with you, and a person you trust can be there too. You are kept away from the person accused, with no contact and no meeting face to face.
    You can ask to be questioned by a police officer or prosecutor of your own gender. You can refuse questions about your private life that have nothing to do with the case.
    Nobody may publish anything that could identify you: your name, address, school, parents or photos. (Law 37/2017, art. 21, 34–43; Criminal Procedure Code, art. 58)

## closed

stage-closed = Closed
stage-closed-next =
    The work on your report has ended.
    You can still write to us in the messages: a new message opens your report again.
    Keep your receipt in case you want to come back.
stage-closed-rights =
    You can come back and write to us at any time.
    Closing your report does not mean you did anything wrong.
    You still have the right to help and support, for example from ALO 116 111 or the Child Protection Unit (NJMF) in your municipality.
    Nobody may publish anything that could identify you: your name, address, school, parents or photos.
    If you feel you were treated unfairly, you can complain.
