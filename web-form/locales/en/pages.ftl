# The words of the pages. Every language has the same keys (a test checks).

site-name = Worker complaints
skip-to-content = Skip to the content
nav-label = Site navigation
nav-home = Make a complaint
nav-track = Check progress
nav-privacy = How we protect your information
nav-signin = Volunteer sign-in
nav-signout = Sign out
signed-in-as = Signed in as { $name }

error-400-title = Something is wrong with the request
error-400-text = This request could not be understood. Go back to the start and try again.
error-403-title = This page has expired
error-403-text = For your safety this page has to be opened again. Go back to the start and try again.
error-404-title = Page not found
error-404-text = The address may be mistyped, or the page no longer exists.
error-405-title = This address cannot be opened that way
error-405-text = Go back to the start and try again.
error-413-title = Too much at once
error-413-text = What you sent is too large. Shorten the text, or send fewer files at a time.
error-415-title = This type of file is not accepted
error-415-text = Only JPEG, PNG or WebP pictures and PDF files can be uploaded.
error-429-title = Too many attempts
error-429-text = Wait a minute and try again.
error-500-title = Something went wrong on our side
error-500-text = It is not your fault. What you entered is not lost: go back and send it again in a little while.
error-503-title = The service is busy
error-503-text = Try again in a few minutes. What you entered will not be lost.

privacy-title = How we protect your information
privacy-lead = What we collect, why, who receives it, how long it is kept, and your rights (Personal Information Protection Law, article 17).
privacy-what-title = What we collect
privacy-what = What you write in the complaint; where you work (city or county); the name, mobile number, email and ID number you choose to give; the evidence files you upload. Hidden details in photos, such as where they were taken, are removed before they are stored. An anonymous complaint collects nothing about who you are.
privacy-why-title = Why
privacy-why = Only to handle your complaint: to send it to the offices that must deal with it, so that they can contact you and check the facts, and so that you can follow its progress.
privacy-who-title = Who receives it
privacy-who = Only the offices listed before you send it, such as the procuratorate's public-interest litigation department, the trade union, labour inspection, the women's federation or the disabled persons' federation. Their email notices never contain your name, phone number or what you wrote: staff must sign in to read them, and every look at who you are is recorded.
privacy-how-long-title = How long it is kept
privacy-how-long = The handling office keeps the complaint as its rules on case records require, and uses it for nothing but handling the complaint. The copy of your receipt kept to stop double submissions is deleted after 24 hours.
privacy-safety-title = How it is kept safe
privacy-safety = Only a keyed digest of your receipt code is stored: nobody, staff included, can read the code itself. The site loads no outside fonts, scripts or tracking code. If you ask for it by email, it is kept encrypted until the mail is sent and deleted once it has been. What you are typing, and a complaint waiting for the network, are kept in your phone's browser until the complaint is filed, then deleted: on someone else's phone, stay until it is filed.
privacy-rights-title = Your rights
privacy-right-know = To know how your information is used.
privacy-right-access = To see your complaint with its reference and receipt code.
privacy-right-correct = To have mistakes corrected: add a message under “Check progress”.
privacy-right-delete = To ask for the details of who you are to be deleted.
privacy-right-withdraw = To withdraw your consent: a complaint already sent is still handled by the offices as the law requires.
privacy-contact = To use these rights, leave a message for the handling office on the “Check progress” page.

signin-title = Volunteer sign-in
signin-lead = Sign in to make a complaint on a worker's behalf.
signin-email = Email
signin-password = Password
signin-submit = Sign in
signin-failed = The email or the password is wrong.
signin-locked = Too many attempts: try again in { $seconds } seconds.

track-title = Check the progress of a complaint
track-lead = Enter the reference and the receipt code you were given.
track-reference = Reference
track-reference-hint = For example 7KQ4-M2XH
track-code = Receipt code
track-code-hint = 16 digits; spaces are optional
track-submit = Check
track-not-found = The reference or the receipt code is wrong. Check them and try again.
track-rate-limited = Too many look-ups: try again in { $seconds } seconds.
track-message-sent = Your message was sent; the handling office is told.

tracked-title = Complaint
tracked-status = Status
tracked-category = Problem
tracked-region = Place of work
tracked-filed = Sent
tracked-history = History

recipients-title = Who will receive this complaint
recipient-copy = copy
recipients-empty = Once you choose the problem and the place of work, the offices that will receive it are listed here.

timeline-submitted = Sent
timeline-status_changed = Status changed
timeline-message = Your message
timeline-note = Note from the office
timeline-transferred = Passed to another office
timeline-attachment = Evidence you uploaded
timeline-other = Event

status-received = Received
status-accepted = Accepted
status-in_progress = In progress
status-resolved = Resolved
status-referred = Referred to another body
status-closed = Closed
status-rejected = Not accepted

message-title = Add information
message-label = What would you like to add?
message-hint = The handling office is told and reads what you write in the system.
message-submit = Send message

evidence-title = Upload evidence
evidence-label = Choose files
evidence-hint = Pay slips, chat screenshots, photos. At most 5 files a complaint, 10 MB each; JPEG, PNG or WebP pictures or PDF only. Location details are removed from photos.
evidence-submit = Upload
evidence-added = { $count } file(s) uploaded.

filed-title = Your complaint has been sent
form-already-filed = This form was already sent with different content. If you received a reference and receipt code then, add the changes as a message under “Check progress”. If not, check the form below and send it again: it will be filed as a new complaint.
filed-reference = Reference
filed-code = Receipt code (shown only this once)
filed-copy = Copy the receipt code
filed-copied = Copied
filed-keep = Take a screenshot now, or write the reference and the receipt code down. You need them to check progress and add evidence. A lost receipt code cannot be recovered.
filed-next-title = What happens next
filed-next = The receiving office should accept the complaint, or say why not, by { $date }.
filed-track-later = Check progress later

form-title = Make a labour-rights complaint
form-lead = For riders, couriers, drivers and other workers. It takes about 5 minutes. You can leave out anything marked optional.
form-safety = You can complain anonymously.
form-expired = For your safety, press send once more. Everything you entered is still here.
form-rate-limited = Too many attempts: press send again in { $seconds } seconds. Everything you entered is still here.
errors-title = There is a problem
form-submit = Send the complaint

behalf-title = Filing on behalf of a worker
behalf-lead = You file as the volunteer { $name }. How did the worker consent?
behalf-verbal = Spoken consent
behalf-written = Written consent
behalf-in_app = Consent given in the app

category-title = What is the problem?
region-title = Where do you work?
region-hint = Choose the province, then the city and the county.
region-province = Province
region-city = City
region-county = County or district (optional)
region-choose = Choose
region-next = Show the next level

details-title = What happened
description-label = Tell us what happened
description-hint = At least 10 characters. Say when, where, who, and how much is owed or what happened.
platform-label = Platform (optional)
platform-hint = For example Meituan, Ele.me, a courier company
employer-label = Station or company (optional)
employer-hint = For example the delivery station, agency or subcontractor
occurred-label = When did it start (optional)
occurred-hint = For example 2026-05-01
amount-label = Amount owed, in yuan (optional)
amount-hint = Numbers only, for example 3500 or 3500.50
affected-label = How many people are affected (optional)
affected-hint = Write 1 if it is only you
tags-title = Does any of this apply (optional)
tags-hint = The organisations concerned are told as well.
tag-women = Women workers' rights
tag-disability = Disability
tag-minor = A minor
tag-migrant = Migrant worker
tag-injury = Injury at work

contact-title = How to contact you
anonymous-label = Complain anonymously
anonymous-hint = Leave no name or phone number. The office cannot contact you, but you can still check progress with your receipt code.
name-label = Name
phone-label = Mobile number
phone-hint = 11-digit mainland mobile number
email-label = Email (optional)
email-hint = Give it to receive progress by email
id-label = ID number (optional)
id-hint = 18 characters. It helps the office confirm who you are sooner.
notify-label = Email me when the status changes

email-receipt-label = Email me the receipt code as well
email-receipt-hint = Only for a mailbox nobody else reads: anyone with the reference and the code can open this complaint.

consent-title = Agree and send
consent-processing = I agree to the use of the information I gave to handle this complaint.
consent-forwarding = I agree to this complaint being sent to the offices listed above.

js-offline-queued = There is no network now. Your complaint is saved on this phone and will be sent when the network is back: keep this page open.
js-sending = Sending…
js-retrying = The network is back: sending again…
js-draft-restored = What you had not finished last time has been restored.
js-server-busy = The service is busy. Your complaint is saved on this phone and will be sent again shortly.
